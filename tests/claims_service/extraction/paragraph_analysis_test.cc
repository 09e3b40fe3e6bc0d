#include "claims_service/extraction/paragraph_analysis.h"

#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/time/time.h"
#include "claims_service/extraction/date_recognizer.h"
#include "claims_service/extraction/entity_table.h"
#include "claims_service/extraction/sentence_segmenter.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/claims_service/extraction/article_texts.h"

namespace claimtrace::claims {
namespace {

// ParagraphAnalysis::SentenceDateAnchors gives the DateRecognizer a
// sentence's date anchors from the words the analysis classified once. They
// must be exactly the anchors the recogniser's own scan finds
// (DateRecognizer::AppendAnchors over the whole sentence), and a sentence
// without one must hold no date.
class SentenceDateAnchorTest : public ::testing::Test {
 protected:
  ArticleAnalysis Analyze(const std::string& paragraph) {
    paragraph_ = paragraph;
    return AnalyzeArticle({{0, paragraph_}}, *table_, **segmenter_);
  }

  // The date anchors of the one sentence of `paragraph`, as text.
  std::vector<std::string> OneSentenceAnchors(const std::string& paragraph) {
    const ArticleAnalysis analysis = Analyze(paragraph);
    EXPECT_EQ(analysis.paragraphs.size(), 1u);
    if (analysis.paragraphs.empty()) return {};
    const ParagraphAnalysis& p = analysis.paragraphs[0];
    EXPECT_EQ(p.sentences.size(), 1u) << paragraph;
    if (p.sentences.empty()) return {};
    std::vector<std::size_t> anchors;
    p.SentenceDateAnchors(0, &anchors);
    std::vector<std::string> words;
    const std::string_view text = p.text.substr(p.sentences[0].start);
    for (std::size_t at : anchors) {
      std::size_t end = at;
      while (end < text.size() && absl::ascii_isalnum(static_cast<unsigned char>(text[end]))) ++end;
      words.emplace_back(text.substr(at, end - at));
    }
    return words;
  }

  // Every sentence of `paragraph`: its anchors are the recogniser's own, and
  // a sentence without any yields no date span or date.
  void ExpectRecognisersAnchors(std::string_view paragraph) {
    const ArticleAnalysis analysis = Analyze(std::string(paragraph));
    const absl::Time reference = absl::FromUnixSeconds(1735689600);  // 2025-01-01
    std::vector<std::size_t> anchors;
    std::vector<std::size_t> scanned;
    std::vector<DateMatch> dates;
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    for (const ParagraphAnalysis& p : analysis.paragraphs) {
      for (std::size_t s = 0; s < p.sentences.size(); ++s) {
        const std::string_view text =
            p.text.substr(p.sentences[s].start, p.sentences[s].end - p.sentences[s].start);
        p.SentenceDateAnchors(s, &anchors);
        scanned.clear();
        DateRecognizer::AppendAnchors(text, 0, text.size(), &scanned);
        ASSERT_EQ(anchors, scanned) << "in: " << text;
        // Given them, FindWithSpans finds what the recogniser's scanning
        // entry points find.
        dates.clear();
        spans.clear();
        dates_.FindWithSpans(text, reference, anchors, &dates, &spans);
        ASSERT_EQ(spans, dates_.FindSpans(text)) << text;
        const std::vector<DateMatch> found = dates_.Find(text, reference);
        ASSERT_EQ(dates.size(), found.size()) << text;
        for (std::size_t d = 0; d < dates.size(); ++d) {
          ASSERT_EQ(dates[d].start, found[d].start) << text;
          ASSERT_EQ(dates[d].end, found[d].end) << text;
          ASSERT_EQ(dates[d].date.year, found[d].date.year) << text;
          ASSERT_EQ(dates[d].date.month, found[d].date.month) << text;
          ASSERT_EQ(dates[d].date.day, found[d].date.day) << text;
          ASSERT_EQ(dates[d].date.precision, found[d].date.precision) << text;
          ASSERT_EQ(dates[d].relative, found[d].relative) << text;
        }
        dates_found_ += static_cast<int>(dates.size());
        ++sentences_;
        skipped_ += anchors.empty() ? 1 : 0;
      }
    }
  }

  std::unique_ptr<EntityTable> table_ = EntityTable::Default();
  absl::StatusOr<std::unique_ptr<SentenceSegmenter>> segmenter_ = SentenceSegmenter::Create();
  DateRecognizer dates_;
  std::string paragraph_;
  int sentences_ = 0;
  int skipped_ = 0;
  int dates_found_ = 0;
};

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST_F(SentenceDateAnchorTest, DecidesPlainWordsByTheirClasses) {
  EXPECT_THAT(OneSentenceAnchors("Sales rose in March."), ElementsAre("March"));
  EXPECT_THAT(OneSentenceAnchors("The results came out yesterday."), ElementsAre("yesterday"));
  EXPECT_THAT(OneSentenceAnchors("Two weeks ago the board met."), ElementsAre("ago"));
  EXPECT_THAT(OneSentenceAnchors("LAST orders were taken."), ElementsAre("LAST"));
  // Names anchor only capitalised: "may" the verb does not.
  EXPECT_THAT(OneSentenceAnchors("The plant may close."), IsEmpty());
  EXPECT_THAT(OneSentenceAnchors("The plant closed in May, not in June."),
              ElementsAre("May", "June"));
  EXPECT_THAT(OneSentenceAnchors("The company sold its chips to banks."), IsEmpty());
}

TEST_F(SentenceDateAnchorTest, ScansNumbersAndWordsWithOtherCharacters) {
  EXPECT_THAT(OneSentenceAnchors("Revenue doubled in 2024."), ElementsAre("2024"));
  EXPECT_THAT(OneSentenceAnchors("It opened on 2024-05-01."), ElementsAre("2024"));
  EXPECT_THAT(OneSentenceAnchors("It sold 1,500 units."), IsEmpty());  // no four-digit run
  EXPECT_THAT(OneSentenceAnchors("It sold 15000 units."), IsEmpty());  // five digits
  EXPECT_THAT(OneSentenceAnchors("Work starts mid-March."), ElementsAre("March"));
  EXPECT_THAT(OneSentenceAnchors("Monday\xE2\x80\x99s vote was close."), ElementsAre("Monday"));
  EXPECT_THAT(OneSentenceAnchors("Monday's vote was close."), ElementsAre("Monday"));
  EXPECT_THAT(OneSentenceAnchors("Prices fell \xE2\x80\x94March was worse."), ElementsAre("March"));
  EXPECT_THAT(OneSentenceAnchors("The U.S. firm's caf\xC3\xA9 reopened."), IsEmpty());
}

TEST_F(SentenceDateAnchorTest, ScansTheSentenceWhereARunCrossesTheTokens) {
  // "ª" is punctuation to the tokenizer and a letter to the recogniser,
  // whose run "Marchª2024" (or "Xª2024") is no anchor; after a space, or
  // first, "ª" is stepped over and "March" or "2024" is one.
  EXPECT_THAT(OneSentenceAnchors("Sales rose Marchª2024 again."), IsEmpty());
  EXPECT_THAT(OneSentenceAnchors("Sales rose Xª2024 again."), IsEmpty());
  EXPECT_THAT(OneSentenceAnchors("Sales rose ª2024 again."), ElementsAre("2024"));
  EXPECT_THAT(OneSentenceAnchors("Sales rose ª March again."), ElementsAre("March"));
  // Invalid UTF-8: a truncated sequence takes the "M" into a punctuation
  // token, and the recogniser's run is "March", an anchor.
  EXPECT_THAT(OneSentenceAnchors("Sales rose \xE2\x80March again."), ElementsAre("March"));
  EXPECT_THAT(OneSentenceAnchors("Sales rose \xE2\x80X2024 again."), IsEmpty());
  EXPECT_THAT(OneSentenceAnchors("Sales rose \xE2\x80"
                                 "1999 again."),
              ElementsAre("1999"));
}

TEST_F(SentenceDateAnchorTest, ReadsAWordCutByASentenceBoundary) {
  // "5.In" is one token across the boundary after "5." (UAX #29 breaks
  // after a number's full stop before a capital).
  const ArticleAnalysis analysis = Analyze("It cost 5.In March it fell.");
  ASSERT_EQ(analysis.paragraphs.size(), 1u);
  const ParagraphAnalysis& p = analysis.paragraphs[0];
  ASSERT_EQ(p.sentences.size(), 2u);
  std::vector<std::size_t> anchors;
  p.SentenceDateAnchors(1, &anchors);
  const std::string_view second =
      p.text.substr(p.sentences[1].start, p.sentences[1].end - p.sentences[1].start);
  ASSERT_EQ(anchors.size(), 1u);
  EXPECT_EQ(second.substr(anchors[0], 5), "March");
}

// Random paragraphs from what the two scans react to: anchor words in every
// case, near misses ("Marc", "lasts"), numbers of three to five digits,
// hyphens, both apostrophes and possessives, dotted initialisms, non-ASCII
// letters, dashes and spaces, letters the tokenizer takes for punctuation
// ("µ", "º"), truncated UTF-8, glued to their neighbours one time in four.
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
                                                   "\n",
                                                   "\xC2\xB5",
                                                   "\xC2\xBA",
                                                   "\xE2\x80",
                                                   "\xC2"};
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

TEST_F(SentenceDateAnchorTest, FindsTheRecognisersAnchorsOnRandomParagraphs) {
  std::mt19937 random(20261204);
  for (int i = 0; i < 20000; ++i) {
    ExpectRecognisersAnchors(RandomParagraph(random));
    if (HasFatalFailure()) return;  // one counterexample is enough
  }
  // Both outcomes are exercised, and dates are found.
  EXPECT_GT(skipped_, sentences_ / 20);
  EXPECT_LT(skipped_, sentences_);
  EXPECT_GT(dates_found_, 1000);
}

TEST_F(SentenceDateAnchorTest, FindsTheRecognisersAnchorsOnArticles) {
  for (const std::string& text : ArticleTexts()) {
    for (std::string_view paragraph : BlankLineParagraphs(text)) {
      ExpectRecognisersAnchors(paragraph);
      if (HasFatalFailure()) return;
    }
  }
  EXPECT_GT(sentences_, 200);
  EXPECT_GT(skipped_, 0);
  EXPECT_GT(dates_found_, 50);
}

}  // namespace
}  // namespace claimtrace::claims
