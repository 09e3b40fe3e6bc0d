#include "claims_service/extraction/paragraph_analysis.h"

#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "claims_service/extraction/date_recognizer.h"
#include "claims_service/extraction/entity_table.h"
#include "claims_service/extraction/sentence_segmenter.h"
#include "gtest/gtest.h"
#include "tests/claims_service/extraction/article_texts.h"

namespace claimtrace::claims {
namespace {

// ParagraphAnalysis::SentenceHasDateAnchor lets the claim extractor skip the
// DateRecognizer on sentences it would find nothing in. It must never skip
// one the recogniser's own scan (DateRecognizer::HasAnchor over the whole
// sentence) has an anchor in, and a skipped sentence must hold no date.
class SentenceDateAnchorTest : public ::testing::Test {
 protected:
  ArticleAnalysis Analyze(const std::string& paragraph) {
    paragraph_ = paragraph;
    return AnalyzeArticle({{0, paragraph_}}, *table_, **segmenter_);
  }

  // Whether the one sentence of `paragraph` has a date anchor.
  bool OneSentenceHasAnchor(const std::string& paragraph) {
    const ArticleAnalysis analysis = Analyze(paragraph);
    EXPECT_EQ(analysis.paragraphs.size(), 1u);
    if (analysis.paragraphs.empty()) return false;
    const ParagraphAnalysis& p = analysis.paragraphs[0];
    EXPECT_EQ(p.sentences.size(), 1u) << paragraph;
    return !p.sentences.empty() && p.SentenceHasDateAnchor(0);
  }

  // Every sentence of `paragraph`: an anchor the recogniser finds is found,
  // and a sentence without one yields no date span or date.
  void ExpectNoAnchorMissed(std::string_view paragraph) {
    const ArticleAnalysis analysis = Analyze(std::string(paragraph));
    const absl::Time reference = absl::FromUnixSeconds(1735689600);  // 2025-01-01
    for (const ParagraphAnalysis& p : analysis.paragraphs) {
      for (std::size_t s = 0; s < p.sentences.size(); ++s) {
        const std::string_view text =
            p.text.substr(p.sentences[s].start, p.sentences[s].end - p.sentences[s].start);
        const bool has_anchor = p.SentenceHasDateAnchor(s);
        ASSERT_TRUE(has_anchor || !DateRecognizer::HasAnchor(text, 0, text.size()))
            << "missed an anchor in: " << text;
        if (!has_anchor) {
          ASSERT_TRUE(dates_.FindSpans(text).empty()) << text;
          ASSERT_TRUE(dates_.Find(text, reference).empty()) << text;
        }
        ++sentences_;
        skipped_ += has_anchor ? 0 : 1;
      }
    }
  }

  std::unique_ptr<EntityTable> table_ = EntityTable::Default();
  absl::StatusOr<std::unique_ptr<SentenceSegmenter>> segmenter_ = SentenceSegmenter::Create();
  DateRecognizer dates_;
  std::string paragraph_;
  int sentences_ = 0;
  int skipped_ = 0;
};

TEST_F(SentenceDateAnchorTest, DecidesPlainWordsByTheirClasses) {
  EXPECT_TRUE(OneSentenceHasAnchor("Sales rose in March."));
  EXPECT_TRUE(OneSentenceHasAnchor("The results came out yesterday."));
  EXPECT_TRUE(OneSentenceHasAnchor("Two weeks ago the board met."));
  EXPECT_TRUE(OneSentenceHasAnchor("LAST orders were taken."));
  // Names anchor only capitalised: "may" the verb does not.
  EXPECT_FALSE(OneSentenceHasAnchor("The plant may close."));
  EXPECT_TRUE(OneSentenceHasAnchor("The plant closed in May."));
  EXPECT_FALSE(OneSentenceHasAnchor("The company sold its chips to banks."));
}

TEST_F(SentenceDateAnchorTest, ScansNumbersAndWordsWithOtherCharacters) {
  EXPECT_TRUE(OneSentenceHasAnchor("Revenue doubled in 2024."));
  EXPECT_TRUE(OneSentenceHasAnchor("It opened on 2024-05-01."));
  EXPECT_FALSE(OneSentenceHasAnchor("It sold 1,500 units."));   // no four-digit run
  EXPECT_FALSE(OneSentenceHasAnchor("It sold 15000 units."));   // five digits
  EXPECT_TRUE(OneSentenceHasAnchor("Work starts mid-March."));  // a hyphenated word
  EXPECT_TRUE(OneSentenceHasAnchor("Monday\xE2\x80\x99s vote was close."));
  EXPECT_TRUE(OneSentenceHasAnchor("Monday's vote was close."));
  EXPECT_TRUE(OneSentenceHasAnchor("Prices fell \xE2\x80\x94March was worse."));
  EXPECT_FALSE(OneSentenceHasAnchor("The U.S. firm's caf\xC3\xA9 reopened."));
}

// Random paragraphs from what the two scans react to: anchor words in every
// case, near misses ("Marc", "lasts"), numbers of three to five digits,
// hyphens, both apostrophes and possessives, dotted initialisms, non-ASCII
// letters, dashes and spaces, glued to their neighbours one time in four.
std::string RandomParagraph(std::mt19937& random) {
  static const std::vector<std::string> kPieces = {"March",
                                                   "march",
                                                   "MARCH",
                                                   "Mar.",
                                                   "Marc",
                                                   "May",
                                                   "may",
                                                   "Monday",
                                                   "monday",
                                                   "yesterday",
                                                   "Today",
                                                   "last",
                                                   "lasts",
                                                   "ago",
                                                   "this",
                                                   "next",
                                                   "2024",
                                                   "20245",
                                                   "199",
                                                   "1,500",
                                                   "2020-21",
                                                   "Q3",
                                                   "FY2024",
                                                   "mid-",
                                                   "-",
                                                   "'s",
                                                   "\xE2\x80\x99s",
                                                   "'",
                                                   "U.S.",
                                                   "e.g.",
                                                   "J.",
                                                   "caf\xC3\xA9",
                                                   "\xC3\xA9",
                                                   "\xE2\x80\x94",
                                                   "\xC2\xA0",
                                                   "\xC2\xAA",
                                                   ".",
                                                   ",",
                                                   "\"",
                                                   "(",
                                                   ")",
                                                   "the",
                                                   "said",
                                                   "rose",
                                                   "in",
                                                   "on",
                                                   "of",
                                                   "Sept",
                                                   "Sunday",
                                                   "Later",
                                                   "https://example.com/2024/05",
                                                   "3rd",
                                                   "\xE2\x80\x9C",
                                                   "\xE2\x80\x9D",
                                                   "!",
                                                   "?",
                                                   "\n"};
  std::uniform_int_distribution<std::size_t> piece(0, kPieces.size() - 1);
  std::uniform_int_distribution<int> length(1, 30);
  std::uniform_int_distribution<int> glue(0, 3);
  std::string text;
  const int pieces = length(random);
  for (int i = 0; i < pieces; ++i) {
    if (!text.empty() && glue(random) != 0) text += ' ';
    text += kPieces[piece(random)];
  }
  return text;
}

TEST_F(SentenceDateAnchorTest, MissesNoAnchorOnRandomParagraphs) {
  std::mt19937 random(20261204);
  for (int i = 0; i < 20000; ++i) {
    ExpectNoAnchorMissed(RandomParagraph(random));
    if (HasFatalFailure()) return;  // one counterexample is enough
  }
  // Both outcomes are exercised.
  EXPECT_GT(skipped_, sentences_ / 20);
  EXPECT_LT(skipped_, sentences_);
}

TEST_F(SentenceDateAnchorTest, MissesNoAnchorOnArticles) {
  for (const std::string& text : ArticleTexts()) {
    for (std::string_view paragraph : BlankLineParagraphs(text)) {
      ExpectNoAnchorMissed(paragraph);
      if (HasFatalFailure()) return;
    }
  }
  EXPECT_GT(sentences_, 200);
  EXPECT_GT(skipped_, 0);
}

}  // namespace
}  // namespace claimtrace::claims
