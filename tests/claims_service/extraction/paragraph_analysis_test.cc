#include "claims_service/extraction/paragraph_analysis.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/ascii.h"
#include "absl/time/time.h"
#include "claims_service/extraction/date_recognizer.h"
#include "claims_service/extraction/entity_table.h"
#include "claims_service/extraction/number_parser.h"
#include "claims_service/extraction/quantity_recognizer.h"
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

// `check` on 20,000 paragraphs `make` draws with `seed`, then on every
// paragraph of the committed and seed articles; each stops at the first
// fatal failure (one counterexample is enough).
template <typename Check>
void ForRandomParagraphs(std::uint32_t seed, std::string (*make)(std::mt19937&), Check check) {
  std::mt19937 random(seed);
  for (int i = 0; i < 20000 && !::testing::Test::HasFatalFailure(); ++i) check(make(random));
}
template <typename Check>
void ForArticleParagraphs(Check check) {
  for (const std::string& text : ArticleTexts()) {
    for (std::string_view paragraph : BlankLineParagraphs(text)) {
      if (::testing::Test::HasFatalFailure()) return;
      check(paragraph);
    }
  }
}

// One to 30 of `pieces`, glued to their neighbours one time in four.
std::string RandomText(std::mt19937& random, const std::vector<std::string>& pieces) {
  std::uniform_int_distribution<std::size_t> piece(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(1, 30);
  std::uniform_int_distribution<int> glue(0, 3);
  std::string text;
  const int count = length(random);
  for (int i = 0; i < count; ++i) {
    if (!text.empty() && glue(random) != 0) text += ' ';
    text += pieces[piece(random)];
  }
  return text;
}

// What both random paragraph makers add to their own words: hyphens, both
// apostrophes and possessives, dotted initialisms, non-ASCII letters, dashes
// and spaces, a letter the tokenizer takes for punctuation ("ª"), quotes,
// sentence ends, truncated UTF-8, common words.
std::vector<std::string> WithTextPieces(std::vector<std::string> pieces) {
  for (const char* piece : {"-",
                            "'s",
                            "\xE2\x80\x99s",
                            "'",
                            "U.S.",
                            "e.g.",
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
                            "\xE2\x80\x9C",
                            "\xE2\x80\x9D",
                            "!",
                            "?",
                            "\n",
                            "\xE2\x80",
                            "\xC2",
                            "the",
                            "said",
                            "rose",
                            "of",
                            "Later"}) {
    pieces.emplace_back(piece);
  }
  return pieces;
}

// Random paragraphs from what the two scans react to: anchor words in every
// case, near misses ("Marc", "lasts"), numbers of three to five digits,
// hyphens, both apostrophes and possessives, dotted initialisms, non-ASCII
// letters, dashes and spaces, letters the tokenizer takes for punctuation
// ("µ", "º"), truncated UTF-8.
std::string RandomParagraph(std::mt19937& random) {
  static const std::vector<std::string> kPieces = WithTextPieces(
      {"March", "march",    "MARCH",   "Mar.",      "Marc",   "May",
       "may",   "Monday",   "monday",  "yesterday", "Today",  "last",
       "lasts", "ago",      "this",    "next",      "2024",   "20245",
       "199",   "1,500",    "2020-21", "Q3",        "FY2024", "mid-",
       "J.",    "in",       "on",      "Sept",      "Sunday", "https://example.com/2024/05",
       "3rd",   "\xC2\xB5", "\xC2\xBA"});
  return RandomText(random, kPieces);
}

TEST_F(SentenceDateAnchorTest, FindsTheRecognisersAnchorsOnRandomParagraphs) {
  ForRandomParagraphs(20261204, RandomParagraph,
                      [this](std::string_view paragraph) { ExpectRecognisersAnchors(paragraph); });
  // Both outcomes are exercised, and dates are found.
  EXPECT_GT(skipped_, sentences_ / 20);
  EXPECT_LT(skipped_, sentences_);
  EXPECT_GT(dates_found_, 1000);
}

TEST_F(SentenceDateAnchorTest, FindsTheRecognisersAnchorsOnArticles) {
  ForArticleParagraphs([this](std::string_view paragraph) { ExpectRecognisersAnchors(paragraph); });
  EXPECT_GT(sentences_, 200);
  EXPECT_GT(skipped_, 0);
  EXPECT_GT(dates_found_, 50);
}

// ParagraphAnalysis::SentenceMayHoldNumber lets the extractor skip the
// number scanner on a sentence: where it says no, FindNumbers must find
// nothing.
// A paragraph analysed alone, for the tests of the analysis' per-sentence
// answers.
class OneParagraphTest : public ::testing::Test {
 protected:
  // The analysis of `paragraph`, expected to be one paragraph of one
  // sentence; nullptr (with a failure) when it is not.
  const ParagraphAnalysis* OneSentence(const std::string& paragraph) {
    paragraph_ = paragraph;
    analysis_ = AnalyzeArticle({{0, paragraph_}}, *table_, **segmenter_);
    EXPECT_EQ(analysis_.paragraphs.size(), 1u);
    if (analysis_.paragraphs.empty()) return nullptr;
    EXPECT_EQ(analysis_.paragraphs[0].sentences.size(), 1u) << paragraph;
    if (analysis_.paragraphs[0].sentences.empty()) return nullptr;
    return &analysis_.paragraphs[0];
  }

  std::unique_ptr<EntityTable> table_ = EntityTable::Default();
  absl::StatusOr<std::unique_ptr<SentenceSegmenter>> segmenter_ = SentenceSegmenter::Create();
  std::string paragraph_;
  ArticleAnalysis analysis_;
  int sentences_ = 0;
  int skipped_ = 0;
};

class SentenceMayHoldNumberTest : public OneParagraphTest {
 protected:
  // Whether the one sentence of `paragraph` may hold a number.
  bool MayHoldNumber(const std::string& paragraph) {
    const ParagraphAnalysis* p = OneSentence(paragraph);
    return p == nullptr || p->SentenceMayHoldNumber(0, quantities_.numeral_words());
  }

  void ExpectNoNumberWhereItSaysNone(std::string_view paragraph) {
    paragraph_ = std::string(paragraph);
    const ArticleAnalysis analysis = AnalyzeArticle({{0, paragraph_}}, *table_, **segmenter_);
    for (const ParagraphAnalysis& p : analysis.paragraphs) {
      for (std::size_t s = 0; s < p.sentences.size(); ++s) {
        const std::string_view text =
            p.text.substr(p.sentences[s].start, p.sentences[s].end - p.sentences[s].start);
        const std::vector<NumberMatch> numbers = FindNumbers(text, grammar_);
        ++sentences_;
        numbers_ += static_cast<int>(numbers.size());
        if (p.SentenceMayHoldNumber(s, quantities_.numeral_words())) continue;
        ++skipped_;
        ASSERT_TRUE(numbers.empty())
            << "skipped, but FindNumbers finds " << numbers.size() << " in: " << text;
      }
    }
  }

  QuantityRecognizer quantities_{nullptr};
  const NumberGrammar& grammar_ = UnitLexicon::Default()->number_grammar();
  int numbers_ = 0;
};

TEST(NumeralWordsTest, HoldsTheSpelledOutStartsAndTheGrammarsScaleWordsButNotArticles) {
  const std::vector<std::string> words = NumeralWords(UnitLexicon::Default()->number_grammar());
  for (const char* w : {"one", "nineteen", "ninety", "hundred", "dozen", "third", "thirds",
                        "halves", "half", "twice", "thrice", "tenfold", "thousandfold", "thousand",
                        "million", "bn", "lakh", "crore"}) {
    EXPECT_THAT(words, ::testing::Contains(w));
  }
  EXPECT_THAT(words, ::testing::Not(::testing::Contains("a")));
  EXPECT_THAT(words, ::testing::Not(::testing::Contains("an")));
  EXPECT_TRUE(std::is_sorted(words.begin(), words.end()));
  EXPECT_EQ(std::adjacent_find(words.begin(), words.end()), words.end());
}

TEST_F(SentenceMayHoldNumberTest, SaysNoOnlyWithoutDigitsAndNumeralWords) {
  EXPECT_FALSE(MayHoldNumber("The company said it would sell a stake to the state."));
  EXPECT_FALSE(MayHoldNumber("Analysts' notes on the U.S. caf\xC3\xA9 chain stayed cautious."));
  EXPECT_TRUE(MayHoldNumber("It sold 5 units."));
  EXPECT_TRUE(MayHoldNumber("Revenue rose to a million."));
  EXPECT_TRUE(MayHoldNumber("Profit rose twenty-five percent."));
  EXPECT_TRUE(MayHoldNumber("Sales rose tenfold."));
  EXPECT_TRUE(MayHoldNumber("It is ONE of the largest."));
  EXPECT_TRUE(MayHoldNumber("One\xE2\x80\x99s view was shared."));
  EXPECT_TRUE(MayHoldNumber("It cost two lakh rupees."));
  // A truncated UTF-8 sequence's punctuation token took the digit.
  EXPECT_TRUE(
      MayHoldNumber("It rose \xE2\x80"
                    "5 points."));
}

// Random paragraphs from what the number scanner reacts to: numerals in
// every case, near misses ("stone", "fold"), articles before them or not,
// scale words of the grammar and of the lexicon ("lakh"), digits, suffixes,
// hyphens, possessives, URLs, hashtags, non-ASCII letters and CJK, letters
// the tokenizer takes for punctuation, truncated UTF-8.
std::string RandomNumberParagraph(std::mt19937& random) {
  static const std::vector<std::string> kPieces = WithTextPieces({"one",
                                                                  "One",
                                                                  "ONE",
                                                                  "stone",
                                                                  "a",
                                                                  "an",
                                                                  "A",
                                                                  "dozen",
                                                                  "third",
                                                                  "thirds",
                                                                  "quarter",
                                                                  "half",
                                                                  "halves",
                                                                  "twice",
                                                                  "tenfold",
                                                                  "fold",
                                                                  "twenty",
                                                                  "five",
                                                                  "hundred",
                                                                  "and",
                                                                  "million",
                                                                  "lakh",
                                                                  "crore",
                                                                  "bn",
                                                                  "mn",
                                                                  "m",
                                                                  "k",
                                                                  "3",
                                                                  "1,500",
                                                                  "2.5",
                                                                  "x",
                                                                  "times",
                                                                  "%",
                                                                  "$",
                                                                  "\xE4\xB8\xAD",
                                                                  "party",
                                                                  "https://example.com/one",
                                                                  "#one",
                                                                  "@two",
                                                                  "R1",
                                                                  "GPT-4o",
                                                                  "no"});
  return RandomText(random, kPieces);
}

TEST_F(SentenceMayHoldNumberTest, FindNumbersFindsNothingWhereItSaysNoOnRandomParagraphs) {
  ForRandomParagraphs(20261206, RandomNumberParagraph, [this](std::string_view paragraph) {
    ExpectNoNumberWhereItSaysNone(paragraph);
  });
  EXPECT_GT(skipped_, sentences_ / 20);
  EXPECT_LT(skipped_, sentences_);
  EXPECT_GT(numbers_, 5000);
}

TEST_F(SentenceMayHoldNumberTest, FindNumbersFindsNothingWhereItSaysNoOnArticles) {
  ForArticleParagraphs(
      [this](std::string_view paragraph) { ExpectNoNumberWhereItSaysNone(paragraph); });
  EXPECT_GT(sentences_, 200);
  EXPECT_GT(skipped_, sentences_ / 10);
  EXPECT_GT(numbers_, 100);
}

// ParagraphAnalysis::SentenceMayHoldFutureCue lets the DateRecognizer skip
// its tense check's scan of a sentence: where it says no, the dates found
// must be those found without the hint.
class SentenceMayHoldFutureCueTest : public OneParagraphTest {
 protected:
  // Whether the one sentence of `paragraph` may hold a future cue.
  bool MayHoldCue(const std::string& paragraph) {
    const ParagraphAnalysis* p = OneSentence(paragraph);
    return p == nullptr || p->SentenceMayHoldFutureCue(0);
  }

  // Dates (with their spans) of `text` found with `hint` as FindWithSpans'
  // may_hold_future_cue, as "start-end:y-m-d/precision/relative" lines.
  std::string Dates(std::string_view text, const std::vector<std::size_t>& anchors,
                    absl::FunctionRef<bool()> hint) {
    std::vector<DateMatch> dates;
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    dates_.FindWithSpans(text, reference_, anchors, hint, &dates, &spans);
    std::string out;
    for (const DateMatch& d : dates) {
      out += std::to_string(d.start) + "-" + std::to_string(d.end) + ":" +
             std::to_string(d.date.year) + "-" + std::to_string(d.date.month) + "-" +
             std::to_string(d.date.day) + "/" + std::to_string(static_cast<int>(d.date.precision)) +
             "/" + (d.relative ? "r" : "a") + "\n";
    }
    for (const auto& [a, b] : spans) out += std::to_string(a) + "-" + std::to_string(b) + " ";
    return out;
  }

  void ExpectSameDatesWhereItSaysNone(std::string_view paragraph) {
    paragraph_ = std::string(paragraph);
    const ArticleAnalysis analysis = AnalyzeArticle({{0, paragraph_}}, *table_, **segmenter_);
    std::vector<std::size_t> anchors;
    for (const ParagraphAnalysis& p : analysis.paragraphs) {
      for (std::size_t s = 0; s < p.sentences.size(); ++s) {
        const std::string_view text =
            p.text.substr(p.sentences[s].start, p.sentences[s].end - p.sentences[s].start);
        p.SentenceMayHoldFutureCue(s);  // asked alone, without the recogniser
        p.SentenceDateAnchors(s, &anchors);
        if (anchors.empty()) continue;
        ++sentences_;
        const std::string unhinted = Dates(text, anchors, [] { return true; });
        // A hint of "no cue" always changes the tense somewhere: the test
        // can tell a wrong answer.
        if (Dates(text, anchors, [] { return false; }) != unhinted) ++tense_depends_;
        if (p.SentenceMayHoldFutureCue(s)) continue;
        ++skipped_;
        ASSERT_EQ(Dates(text, anchors, [&p, s] { return p.SentenceMayHoldFutureCue(s); }), unhinted)
            << "said no cue, but the tense changed in: " << text;
      }
    }
  }

  DateRecognizer dates_;
  const absl::Time reference_ = absl::FromUnixSeconds(1735689600);  // 2025-01-01
  int tense_depends_ = 0;
};

TEST_F(SentenceMayHoldFutureCueTest, SaysNoOnlyWithoutCueWords) {
  EXPECT_FALSE(MayHoldCue("The plant opened on March 3 after a willing buyer paid $5 million."));
  EXPECT_FALSE(MayHoldCue("Analysts' notes on the U.S. caf\xC3\xA9 chain stayed cautious."));
  EXPECT_TRUE(MayHoldCue("The plant will open on March 3."));
  EXPECT_TRUE(MayHoldCue("The plant WILL open on March 3."));
  EXPECT_TRUE(MayHoldCue("We'll open on March 3."));
  EXPECT_TRUE(MayHoldCue("We\xE2\x80\x99ll open on March 3."));
  EXPECT_TRUE(MayHoldCue("It plans to open on Monday."));
  EXPECT_TRUE(MayHoldCue("The report is due in May."));
  EXPECT_TRUE(MayHoldCue("A long-expected plant opens in May."));
  // A truncated UTF-8 sequence's punctuation token took the first letter.
  EXPECT_TRUE(
      MayHoldCue("It \xE2\x80"
                 "shall open in May."));
}

// Random paragraphs from what the tense check reacts to: cue words in every
// case, split by apostrophes and hyphens, near misses ("willing", "sets"),
// the words after a cue ("to", "is"), and dates whose tense they decide
// (weekdays, months, month-days without a year).
std::string RandomCueParagraph(std::mt19937& random) {
  static const std::vector<std::string> kPieces = WithTextPieces({"will",      "Will",
                                                                  "WILL",      "willing",
                                                                  "we'll",     "we\xE2\x80\x99ll",
                                                                  "ll",        "shall",
                                                                  "would",     "scheduled",
                                                                  "upcoming",  "expected",
                                                                  "expects",   "long-expected",
                                                                  "deadline",  "plans",
                                                                  "plan",      "set",
                                                                  "sets",      "is",
                                                                  "are",       "to",
                                                                  "due",       "hopes",
                                                                  "aims",      "intends",
                                                                  "going",     "Monday",
                                                                  "Friday",    "March",
                                                                  "March 3",   "in May",
                                                                  "on June 9", "next",
                                                                  "last",      "2025",
                                                                  "\xC2\xB5"});
  return RandomText(random, kPieces);
}

TEST_F(SentenceMayHoldFutureCueTest, DatesAreUnchangedWhereItSaysNoOnRandomParagraphs) {
  ForRandomParagraphs(20261207, RandomCueParagraph, [this](std::string_view paragraph) {
    ExpectSameDatesWhereItSaysNone(paragraph);
  });
  EXPECT_GT(skipped_, sentences_ / 20);
  EXPECT_LT(skipped_, sentences_);
  EXPECT_GT(tense_depends_, 1000);
}

TEST_F(SentenceMayHoldFutureCueTest, DatesAreUnchangedWhereItSaysNoOnArticles) {
  ForArticleParagraphs(
      [this](std::string_view paragraph) { ExpectSameDatesWhereItSaysNone(paragraph); });
  EXPECT_GT(sentences_, 100);
  EXPECT_GT(skipped_, sentences_ / 10);
}

}  // namespace
}  // namespace claimtrace::claims
