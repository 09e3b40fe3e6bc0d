#include "claims_service/extraction/sentence_segmenter.h"

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "common/utf8.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/claims_service/extraction/article_texts.h"

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

// Split computes ICU's boundaries itself (SentenceBreakRules); it must split
// exactly as ICU does over the whole text (SplitWholeText), and its raw
// boundaries must be ICU's. Random paragraphs built from what sentence rules
// react to: terminators in runs, abbreviations ICU and we suppress (with
// ICU's quirks: "E." is listed but only matched with "E.G." and "E.g."),
// closing quotes and brackets, spaces of several kinds, digits, line and
// paragraph separators, non-ASCII terminators and letters, and invalid
// UTF-8; pieces are sometimes glued without a space ("XMr."). One paragraph
// in four also has characters ICU treats as transparent (Format, Extend),
// which Split leaves to ICU.
std::string RandomParagraph(std::mt19937& random) {
  static const std::vector<std::string> kPieces = {
      "the",
      "rose",
      "said",
      "a",
      "of",
      "market",
      "Shares",
      "The",
      "It",
      "But",
      "DeepMind",
      "NASA",
      "iPhone",
      "x",
      "I",
      "Mr.",
      "Mrs.",
      "Dr.",
      "U.S.",
      "U.K.",
      "Ph.D.",
      "e.g.",
      "i.e.",
      "Inc.",
      "Corp.",
      "Jan.",
      "No.",
      "a.m.",
      "p.m.",
      "etc.",
      "vs.",
      "St.",
      "J.",
      "R.",
      "5",
      "5.3",
      "2,000",
      "2024",
      "$6",
      "70%",
      ".",
      ".",
      ".",
      "!",
      "?",
      "...",
      "?!",
      ".\"",
      ".'",
      ".)",
      "\"",
      "'",
      "(",
      ")",
      "[",
      "]",
      ",",
      ";",
      ":",
      "-",
      "\u2014",
      "\u201C",
      "\u201D",
      "\u2018",
      "\u2019",
      "\u00AB",
      "\u00BB",
      "\u2026",
      "\u3002",
      "\uFF01",
      "\u203C",
      "\u6E2F\u53E3",
      "Caf\u00E9",
      "\u00E9t\u00E9",
      "\u0928\u092E",
      "\u0964",
      "\u00A0",
      "\u2009",
      "\n",
      "\r\n",
      "\u2029",
      "\u0085",
      "\t",
      "\xFF",
      "\xE2\x80",
      "\xC3",
      "\U0001F600",
      "A.",
      "b.",
      "www.example.com",
      "E.",
      "E.G.",
      "E.g.",
      "Lt.",
      "Lt.Cdr.",
      "Cdr.",
      "Hon.",
      "Hon.B.A.",
      "S.p.A.",
      "M.I.T.",
      "U.S.A.",
      "U.S.C.",
      "MR.",
      "Mr",
      "Est.",
      "exec.",
      "pp.",
      "D.C.",
      "DC.",
      "A.M.",
      "Ph",
      "D.",
      "S.",
      "I.",
      "Q.",
      "x.",
      "Prof",
      "Approx.",
      "\u2024",
      "\uFE52",
      "\uFF0E",
      "\u061F",
      "\u05C3",
  };
  // Characters ICU treats as transparent.
  static const std::vector<std::string> kTransparent = {"\u00AD", "e\u0301", "\u200D", "\u2060"};
  std::uniform_int_distribution<int> length(1, 60);
  std::uniform_int_distribution<std::size_t> piece(0, kPieces.size() - 1);
  std::uniform_int_distribution<std::size_t> transparent(0, kTransparent.size() - 1);
  std::uniform_int_distribution<int> gap(0, 9);
  const bool with_transparent = random() % 4 == 0;
  std::string text;
  const int n = length(random);
  for (int i = 0; i < n; ++i) {
    text += with_transparent && random() % 8 == 0 ? kTransparent[transparent(random)]
                                                  : kPieces[piece(random)];
    const int g = gap(random);
    if (g < 6) text += ' ';
    if (g == 6) text += "  ";
  }
  return text;
}

void ExpectSplitsAsWholeText(const SentenceSegmenter& segmenter, const SentenceBreakRules& rules,
                             std::string_view text) {
  std::vector<std::size_t> boundaries;
  if (rules.Boundaries(text, &boundaries)) {
    ASSERT_EQ(boundaries, segmenter.IcuBoundaries(text)) << "text: " << text;
  }
  const std::vector<SentenceSpan> split = segmenter.Split(text);
  const std::vector<SentenceSpan> whole = segmenter.SplitWholeText(text);
  ASSERT_EQ(split.size(), whole.size()) << "text: " << text;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    EXPECT_EQ(split[i].start, whole[i].start) << "sentence " << i << " of: " << text;
    EXPECT_EQ(split[i].end, whole[i].end) << "sentence " << i << " of: " << text;
  }
}

TEST(SentenceBreakRulesTest, FindsIcusBoundariesAndAbbreviationQuirks) {
  auto segmenter = SentenceSegmenter::Create();
  ASSERT_TRUE(segmenter.ok());
  auto rules = SentenceBreakRules::ForEnglish();
  ASSERT_TRUE(rules.ok()) << rules.status();
  for (const std::string_view text :
       {"It rose. The market fell.", "Mr. Brown left. Then he came back.",
        "He met E. Smith. She met E.G. Jones.", "A Ph.D. Student left.", "It was 3.5 percent.",
        "The U.S. Commerce Department said so.", "\"Stop.\" 'Then go.'", "Why? Because!",
        "Line one\nLine two\r\nLine three", "etc. and so on", "Mr.  Brown (two spaces).",
        "It\xE2\x80\xA6 ended. Next\xE3\x80\x82\xE6\xB8\xAF"}) {
    std::vector<std::size_t> boundaries;
    ASSERT_TRUE(rules->Boundaries(text, &boundaries)) << text;
    EXPECT_EQ(boundaries, (*segmenter)->IcuBoundaries(text)) << "text: " << text;
  }
  std::vector<std::size_t> boundaries;
  EXPECT_FALSE(rules->Boundaries("Soft\u00ADhyphen. Next.", &boundaries));
  EXPECT_TRUE(boundaries.empty());
}

TEST(SentenceSegmenterTest, SplitMatchesIcuOverTheWholeTextOnRandomParagraphs) {
  auto segmenter = SentenceSegmenter::Create();
  ASSERT_TRUE(segmenter.ok());
  auto rules = SentenceBreakRules::ForEnglish();
  ASSERT_TRUE(rules.ok()) << rules.status();
  std::mt19937 random(20261203);
  for (int i = 0; i < 20000; ++i) {
    ExpectSplitsAsWholeText(**segmenter, *rules, RandomParagraph(random));
    if (HasFatalFailure() || HasFailure()) return;  // one counterexample is enough
  }
}

TEST(SentenceSegmenterTest, SplitMatchesIcuOverTheWholeTextOnArticles) {
  auto segmenter = SentenceSegmenter::Create();
  ASSERT_TRUE(segmenter.ok());
  auto rules = SentenceBreakRules::ForEnglish();
  ASSERT_TRUE(rules.ok()) << rules.status();
  int paragraphs = 0;
  for (const std::string& text : ArticleTexts()) {
    // Whole files (line breaks and all) and each blank-line paragraph.
    ExpectSplitsAsWholeText(**segmenter, *rules, text);
    for (std::string_view paragraph : BlankLineParagraphs(text)) {
      ExpectSplitsAsWholeText(**segmenter, *rules, paragraph);
      ++paragraphs;
    }
  }
  EXPECT_GT(paragraphs, 50);
}

}  // namespace
}  // namespace claimtrace::claims
