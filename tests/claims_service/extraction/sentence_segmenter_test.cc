#include "claims_service/extraction/sentence_segmenter.h"

#include <string>
#include <string_view>
#include <vector>

#include "common/utf8.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace claimtrace::claims {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> Sentences(std::string_view text) {
  auto segmenter = SentenceSegmenter::Create();
  EXPECT_TRUE(segmenter.ok()) << segmenter.status();
  std::vector<std::string> out;
  for (const SentenceSpan& span : (*segmenter)->Split(text)) {
    out.emplace_back(text.substr(span.start, span.end - span.start));
  }
  return out;
}

TEST(SentenceSegmenterTest, SplitsPlainSentencesAndTrimsWhiteSpace) {
  EXPECT_THAT(Sentences("  The port reopened on Monday.  Ships queued for days.\n"),
              ElementsAre("The port reopened on Monday.", "Ships queued for days."));
}

TEST(SentenceSegmenterTest, OneSentenceParagraphsAndSplitsAgreeOnMultiByteText) {
  // No terminator before the end: one sentence, closing quote included.
  EXPECT_THAT(Sentences(" \u201CWe paid \u20AC12\u00A0million \u2014 in cash,\u201D she "
                        "said.\u201D  "),
              ElementsAre("\u201CWe paid \u20AC12\u00A0million \u2014 in cash,\u201D she "
                          "said.\u201D"));
  // The same text twice is split, with byte offsets past multi-byte
  // characters and CJK text.
  EXPECT_THAT(Sentences("Caf\u00E9 sales rose \u2014 fast. \u6E2F\u53E3 fees fell!  Why?"),
              ElementsAre("Caf\u00E9 sales rose \u2014 fast.", "\u6E2F\u53E3 fees fell!", "Why?"));
}

TEST(SentenceSegmenterTest, DoesNotSplitAfterTitlesAndCompanySuffixes) {
  EXPECT_THAT(Sentences("Dr. Amara Osei joined Kestrel Inc. in Jan. 2021 as chief economist. "
                        "Mr. Osei declined to comment."),
              ElementsAre("Dr. Amara Osei joined Kestrel Inc. in Jan. 2021 as chief economist.",
                          "Mr. Osei declined to comment."));
}

TEST(SentenceSegmenterTest, KeepsUsBeforeANameButSplitsBeforeANewSentence) {
  EXPECT_THAT(Sentences("The U.S. Commerce Department widened the rules. Exports fell in the "
                        "U.S. The decline was steep."),
              ElementsAre("The U.S. Commerce Department widened the rules.",
                          "Exports fell in the U.S.", "The decline was steep."));
}

TEST(SentenceSegmenterTest, KeepsInitialsWithTheSurname) {
  EXPECT_THAT(
      Sentences("The report was written by J. R. Whitcombe of the institute. It ran long."),
      ElementsAre("The report was written by J. R. Whitcombe of the institute.", "It ran long."));
}

TEST(SentenceSegmenterTest, ReturnsByteOffsetsAcrossMultiByteCharacters) {
  // Curly quotes (3 bytes), an em dash (3 bytes) and CJK (3 bytes each).
  const std::string text =
      "“Prices rose — sharply,” said Wei (魏). 东京 traders were calm. Shares ended flat.";
  auto segmenter = SentenceSegmenter::Create();
  ASSERT_TRUE(segmenter.ok());
  const std::vector<SentenceSpan> spans = (*segmenter)->Split(text);
  ASSERT_EQ(spans.size(), 3u);
  for (const SentenceSpan& span : spans) {
    EXPECT_TRUE(common::IsUtf8Boundary(text, span.start));
    EXPECT_TRUE(common::IsUtf8Boundary(text, span.end));
    EXPECT_LT(span.start, span.end);
  }
  EXPECT_EQ(text.substr(spans[0].start, spans[0].end - spans[0].start),
            "“Prices rose — sharply,” said Wei (魏).");
  EXPECT_EQ(text.substr(spans[1].start, spans[1].end - spans[1].start), "东京 traders were calm.");
  EXPECT_EQ(spans[2].end, text.size());
}

TEST(SentenceSegmenterTest, DoesNotEndAQuotationBeforeItsAttribution) {
  EXPECT_THAT(Sentences("“We will appeal.” said the mayor. The court declined."),
              ElementsAre("“We will appeal.” said the mayor.", "The court declined."));
}

TEST(SentenceSegmenterTest, EmptyAndBlankTextHaveNoSentences) {
  EXPECT_TRUE(Sentences("").empty());
  EXPECT_TRUE(Sentences("   \n ").empty());
}

}  // namespace
}  // namespace claimtrace::claims
