#include "claims_service/extraction/quantity_recognizer.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "claims_service/extraction/date_recognizer.h"
#include "claims_service/extraction/number_parser.h"
#include "common/utf8.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace claimtrace::claims {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::string SpanText(std::string_view text, std::size_t start, std::size_t end) {
  return std::string(text.substr(start, end - start));
}

const char* BoundName(Bound b) {
  switch (b) {
    case Bound::kExact:
      return "exact";
    case Bound::kApproximate:
      return "approximate";
    case Bound::kAtLeast:
      return "at_least";
    case Bound::kMoreThan:
      return "more_than";
    case Bound::kAtMost:
      return "at_most";
    case Bound::kLessThan:
      return "less_than";
    case Bound::kRange:
      return "range";
  }
  return "?";
}

class QuantityRecognizerTest : public ::testing::Test {
 protected:
  std::vector<QuantityMatch> Find(std::string_view text) const { return recognizer_.Find(text); }
  std::vector<std::string> Spans(std::string_view text) const {
    std::vector<std::string> out;
    for (const QuantityMatch& m : Find(text)) out.push_back(SpanText(text, m.start, m.end));
    return out;
  }
  QuantityRecognizer recognizer_{UnitLexicon::Default()};
};

// One expected amount: the sentence must yield exactly one match with this
// span text and normalised quantity.
struct AmountCase {
  std::string sentence;
  std::string span;
  double value;
  std::string unit;
  Bound bound = Bound::kExact;
  double upper = NAN;     // NAN: same as value
  std::string noun = "";  // counted noun phrase, for bare counts
};

void ExpectSingleAmount(const QuantityRecognizer& recognizer, const AmountCase& c) {
  SCOPED_TRACE("sentence: \"" + c.sentence + "\"");
  const auto matches = recognizer.Find(c.sentence);
  ASSERT_EQ(matches.size(), 1u);
  const QuantityMatch& m = matches[0];
  EXPECT_EQ(SpanText(c.sentence, m.start, m.end), c.span);
  const double tolerance = 1e-9 * (1 + std::fabs(c.value));
  EXPECT_NEAR(m.quantity.value, c.value, tolerance);
  const double upper = std::isnan(c.upper) ? c.value : c.upper;
  EXPECT_NEAR(m.quantity.upper_value, upper, 1e-9 * (1 + std::fabs(upper)));
  EXPECT_EQ(m.quantity.unit, c.unit);
  EXPECT_STREQ(BoundName(m.quantity.bound), BoundName(c.bound));
  EXPECT_EQ(SpanText(c.sentence, m.noun_start, m.noun_end), c.noun);
}

TEST_F(QuantityRecognizerTest, NormalisesMoneyToIsoCodesAndWholeUnits) {
  const std::vector<AmountCase> cases = {
      {"The studio spent $294,000 on props.", "$294,000", 294000, "USD"},
      {"The deal was worth $1.5bn last quarter.", "$1.5bn", 1.5e9, "USD"},
      {"A refit cost US$2 billion.", "US$2 billion", 2e9, "USD"},
      {"Investors put in USD 40 million.", "USD 40 million", 40e6, "USD"},
      {"Fines reached \u20AC3.2m this spring.", "\u20AC3.2m", 3.2e6, "EUR"},
      {"The club paid \u00A35 million for the striker.", "\u00A35 million", 5e6, "GBP"},
      {"Beijing set aside \u00A52 trillion for rail.", "\u00A52 trillion", 2e12, "CNY"},
      {"The city raised 10 billion yuan in bonds.", "10 billion yuan", 10e9, "CNY"},
      {"Output was valued at RMB 8 billion.", "RMB 8 billion", 8e9, "CNY"},
      {"The fund holds 300 billion yen in bonds.", "300 billion yen", 300e9, "JPY"},
      {"Tickets cost 40 euros each.", "40 euros", 40, "EUR"},
      {"He owed 6 million dollars in back taxes.", "6 million dollars", 6e6, "USD"},
      {"Stamps now cost 75 cents.", "75 cents", 0.75, "USD"},
      {"The grant was 12,500 Swiss francs.", "12,500 Swiss francs", 12500, "CHF"},
      {"Rents average 900 \u20AC a month.", "900 \u20AC", 900, "EUR"},
      {"It paid 2 million US dollars upfront.", "2 million US dollars", 2e6, "USD"},
      {"The port cost A$4.5bn to expand.", "A$4.5bn", 4.5e9, "AUD"},
      {"Sales hit $3bn.", "$3bn", 3e9, "USD"},
      {"Budget: $5B for roads.", "$5B", 5e9, "USD"},
  };
  for (const AmountCase& c : cases) ExpectSingleAmount(recognizer_, c);
}

TEST_F(QuantityRecognizerTest, RecognisesPercentagesInAllSpellings) {
  const std::vector<AmountCase> cases = {
      {"Turnout rose to 36% on Sunday.", "36%", 36, "percent"},
      {"Prices climbed 17 percent.", "17 percent", 17, "percent"},
      {"Prices climbed 17 per cent.", "17 per cent", 17, "percent"},
      {"Yields slipped 0.25 percentage points.", "0.25 percentage points", 0.25,
       "percentage-points"},
      {"The bank cut rates by 50 basis points.", "50 basis points", 50, "basis-points"},
      {"Only 4.5 % of voters agreed.", "4.5 %", 4.5, "percent"},
  };
  for (const AmountCase& c : cases) ExpectSingleAmount(recognizer_, c);
}

TEST_F(QuantityRecognizerTest, RecognisesMultipliersAsTimes) {
  const std::vector<AmountCase> cases = {
      {"The new line is four times as fast.", "four times", 4, "times"},
      {"Demand grew 10x in a year.", "10x", 10, "times"},
      {"The chip costs twice as much.", "twice", 2, "times"},
      {"Traffic rose tenfold.", "tenfold", 10, "times"},
      {"Output jumped 2.5 times.", "2.5 times", 2.5, "times"},
      {"Usage grew 3\u00D7 overnight.", "3\u00D7", 3, "times"},
  };
  for (const AmountCase& c : cases) ExpectSingleAmount(recognizer_, c);
}

TEST_F(QuantityRecognizerTest, JoinsRangesAndCarriesUnitAndScaleBackwards) {
  const std::vector<AmountCase> cases = {
      {"Models range from 7 billion to 21 billion parameters.", "from 7 billion to 21 billion", 7e9,
       "", Bound::kRange, 21e9, "parameters"},
      {"Estimates run 7 to 21 billion.", "7 to 21 billion", 7e9, "", Bound::kRange, 21e9},
      {"Bids ranged $7bn-$21bn.", "$7bn-$21bn", 7e9, "USD", Bound::kRange, 21e9},
      {"It plans a 50-70% cut.", "50-70%", 50, "percent", Bound::kRange, 70},
      {"Between 3 and 5 percent of staff left.", "Between 3 and 5 percent", 3, "percent",
       Bound::kRange, 5},
      {"Scores on the test run from 10 to 20 points.", "from 10 to 20", 10, "", Bound::kRange, 20,
       "points"},
      {"Tickets cost from $5 to $9.", "from $5 to $9", 5, "USD", Bound::kRange, 9},
      {"Fees are $5 to $9 per visit.", "$5 to $9", 5, "USD", Bound::kRange, 9},
      {"Repairs take 2\u20133 weeks.", "2\u20133", 2, "", Bound::kRange, 3, "weeks"},
      {"A team of 500 to 2 million volunteers.", "500 to 2 million", 500, "", Bound::kRange, 2e6,
       "volunteers"},
  };
  for (const AmountCase& c : cases) ExpectSingleAmount(recognizer_, c);
}

TEST_F(QuantityRecognizerTest, KeepsInclusiveAndExclusiveBoundsApart) {
  const std::vector<AmountCase> cases = {
      {"They hired at least 300 nurses.", "at least 300", 300, "", Bound::kAtLeast, NAN, "nurses"},
      {"They hired no fewer than 300 nurses.", "no fewer than 300", 300, "", Bound::kAtLeast, NAN,
       "nurses"},
      {"It costs no less than $40.", "no less than $40", 40, "USD", Bound::kAtLeast},
      {"A minimum of 12 judges sat.", "A minimum of 12", 12, "", Bound::kAtLeast, NAN, "judges"},
      {"They hired more than 300 nurses.", "more than 300", 300, "", Bound::kMoreThan, NAN,
       "nurses"},
      {"Shares fell over 40% overnight.", "over 40%", 40, "percent", Bound::kMoreThan},
      {"Claims above 5 million were paid.", "above 5 million", 5e6, "", Bound::kMoreThan},
      {"Losses in excess of $2bn hit banks.", "in excess of $2bn", 2e9, "USD", Bound::kMoreThan},
      {"They saw upwards of 900 visitors.", "upwards of 900", 900, "", Bound::kMoreThan, NAN,
       "visitors"},
      {"Fares rise up to 70% at peak.", "up to 70%", 70, "percent", Bound::kAtMost},
      {"It seats at most 40 guests.", "at most 40", 40, "", Bound::kAtMost, NAN, "guests"},
      {"It seats no more than 40 guests.", "no more than 40", 40, "", Bound::kAtMost, NAN,
       "guests"},
      {"A maximum of 8 drones may fly.", "A maximum of 8", 8, "", Bound::kAtMost, NAN, "drones"},
      {"It seats less than 40 guests.", "less than 40", 40, "", Bound::kLessThan, NAN, "guests"},
      {"It seats fewer than 40 guests.", "fewer than 40", 40, "", Bound::kLessThan, NAN, "guests"},
      {"Kids under 12 ride free.", "under 12", 12, "", Bound::kLessThan},
      {"Inflation stayed below 2%.", "below 2%", 2, "percent", Bound::kLessThan},
      {"It cost nearly $6 million.", "nearly $6 million", 6e6, "USD", Bound::kApproximate},
      {"It took almost 20 years.", "almost 20", 20, "", Bound::kApproximate, NAN, "years"},
      {"About 300 people came.", "About 300", 300, "", Bound::kApproximate, NAN, "people"},
      {"It weighs approximately 12 tonnes.", "approximately 12 tonnes", 12, "t",
       Bound::kApproximate},
      {"Roughly 5,000 fans queued.", "Roughly 5,000", 5000, "", Bound::kApproximate, NAN, "fans"},
      {"It drew around 80 bidders.", "around 80", 80, "", Bound::kApproximate, NAN, "bidders"},
      {"Some 300 workers struck.", "Some 300", 300, "", Bound::kApproximate, NAN, "workers"},
      {"An estimated 1,200 homes flooded.", "An estimated 1,200", 1200, "", Bound::kApproximate,
       NAN, "homes"},
      {"It sold close to 9 million copies.", "close to 9 million", 9e6, "", Bound::kApproximate,
       NAN, "copies"},
      {"It raised ~$5m in a week.", "~$5m", 5e6, "USD", Bound::kApproximate},
      {"It employs 300 or more staff.", "300 or more", 300, "", Bound::kAtLeast, NAN, "staff"},
      {"It employs 300-plus staff.", "300-plus", 300, "", Bound::kAtLeast, NAN, "staff"},
      {"It raised $5 million or so.", "$5 million or so", 5e6, "USD", Bound::kApproximate},
  };
  for (const AmountCase& c : cases) ExpectSingleAmount(recognizer_, c);
}

TEST_F(QuantityRecognizerTest, ReportsTheCountedNounPhrase) {
  const std::vector<AmountCase> cases = {
      {"The lab trained it on 2,048 H800 chips last winter.", "2,048", 2048, "", Bound::kExact, NAN,
       "H800 chips"},
      {"The app speaks 29 languages.", "29", 29, "", Bound::kExact, NAN, "languages"},
      {"The depot keeps 10,000 units in stock.", "10,000", 10000, "", Bound::kExact, NAN, "units"},
      {"The firm released six smaller versions of its app.", "six", 6, "", Bound::kExact, NAN,
       "smaller versions"},
      {"The airline bought 12 new long-haul jets.", "12", 12, "", Bound::kExact, NAN,
       "new long-haul jets"},
      {"It has 50,000 of Nvidia\u2019s older H800s.", "50,000", 50000, "", Bound::kExact, NAN,
       "older H800s"},
      {"Police said 500 people were hurt.", "500", 500, "", Bound::kExact, NAN, "people"},
      {"A dozen managers resigned.", "A dozen", 12, "", Bound::kExact, NAN, "managers"},
      {"The hall holds 2048 seats.", "2048", 2048, "", Bound::kExact, NAN, "seats"},
      {"It used 8-bit numbers.", "8", 8, "", Bound::kExact, NAN, "bit"},
      {"The vote took half an hour.", "half", 0.5, "", Bound::kExact, NAN, "hour"},
      {"Two hundred ninety-four thousand ballots arrived.", "Two hundred ninety-four thousand",
       294000, "", Bound::kExact, NAN, "ballots"},
  };
  for (const AmountCase& c : cases) ExpectSingleAmount(recognizer_, c);
}

TEST_F(QuantityRecognizerTest, TreatsFractionsOfSomethingAsPercentages) {
  ExpectSingleAmount(recognizer_, {"Half the staff left.", "Half", 50, "percent", Bound::kExact});
  ExpectSingleAmount(recognizer_, {"Two-thirds of members agreed.", "Two-thirds", 200.0 / 3,
                                   "percent", Bound::kExact});
  EXPECT_THAT(Spans("Profits rose in the first half of the year."), IsEmpty());
}

TEST_F(QuantityRecognizerTest, TurnsProportionsAndFractionsOfUnitsIntoTheRightUnit) {
  const std::vector<AmountCase> cases = {
      {"Roughly one in eight adults smoke.", "Roughly one in eight", 12.5, "percent",
       Bound::kApproximate},
      {"Nine out of 10 analysts agree.", "Nine out of 10", 90, "percent"},
      {"Fewer than one in 10 firms use it.", "Fewer than one in 10", 10, "percent",
       Bound::kLessThan},
      {"The bank added a quarter of a percentage point.", "a quarter of a percentage point", 0.25,
       "percentage-points"},
      {"It cut rates by half a percentage point.", "half a percentage point", 0.5,
       "percentage-points"},
      {"The talks took 3 and a half years.", "3 and a half", 3.5, "", Bound::kExact, NAN, "years"},
      {"The town has 2 and a half million residents.", "2 and a half million", 2.5e6, "",
       Bound::kExact, NAN, "residents"},
  };
  for (const AmountCase& c : cases) ExpectSingleAmount(recognizer_, c);
}

TEST_F(QuantityRecognizerTest, KeepsTheSignOfNegativeAmounts) {
  const std::vector<AmountCase> cases = {
      {"Output shrank by -0.3% in spring.", "-0.3%", -0.3, "percent"},
      {"It was minus 40 degrees Celsius.", "minus 40 degrees Celsius", -40, "\u00B0C"},
      {"Growth (\u22122%) disappointed.", "\u22122%", -2, "percent"},
  };
  for (const AmountCase& c : cases) ExpectSingleAmount(recognizer_, c);
  // A hyphen between two numbers joins a range; it is not a sign.
  EXPECT_THAT(Spans("Scores of 10 - 20 points."), ElementsAre("10 - 20"));
}

TEST_F(QuantityRecognizerTest, AMarginOfErrorIsNotANegativeAmount) {
  ExpectSingleAmount(recognizer_, {"The poll has a margin of plus or minus 2.2 percentage points.",
                                   "2.2 percentage points", 2.2, "percentage-points"});
}

TEST_F(QuantityRecognizerTest, CompoundsALargerScaleWordAfterASmallerOne) {
  const std::vector<AmountCase> cases = {
      {"The dam will cost an estimated \u20B92.4 lakh crore.", "an estimated \u20B92.4 lakh crore",
       2.4e12, "INR", Bound::kApproximate},
      {"The loan is worth \u20B945,000 crore.", "\u20B945,000 crore", 4.5e11, "INR"},
      {"Sales reached 3 lakh units.", "3 lakh", 3e5, "", Bound::kExact, NAN, "units"},
  };
  for (const AmountCase& c : cases) ExpectSingleAmount(recognizer_, c);
}

TEST_F(QuantityRecognizerTest, ARangeTakesTheCurrencyOfItsFirstEndAndTheScaleOfItsSecond) {
  const std::vector<AmountCase> cases = {
      {"Rebuilding the stand will cost \u20AC70\u201385 million.", "\u20AC70\u201385 million", 7e7,
       "EUR", Bound::kRange, 8.5e7},
      {"The mine needs $3-4 billion of new equity.", "$3-4 billion", 3e9, "USD", Bound::kRange,
       4e9},
  };
  for (const AmountCase& c : cases) ExpectSingleAmount(recognizer_, c);
  // A count after the second end is still no range with money.
  EXPECT_THAT(Spans("It costs $5 to 10 people."), ElementsAre("$5", "10"));
}

TEST_F(QuantityRecognizerTest, WithinIsAnUpperBoundAndHalfAMeasureIsAMultiplier) {
  ExpectSingleAmount(recognizer_, {"Repairs are due within three years.", "within three", 3, "",
                                   Bound::kAtMost, NAN, "years"});
  ExpectSingleAmount(recognizer_,
                     {"The chip runs at half the speed of its rivals.", "half", 0.5, "times"});
  ExpectSingleAmount(recognizer_, {"Less than half the wheat was sold.", "Less than half", 50,
                                   "percent", Bound::kLessThan});
}

TEST_F(QuantityRecognizerTest, SkipsScoresClockTimesAndModelNumbers) {
  EXPECT_THAT(Spans("The home side won 3-1 on penalties."), IsEmpty());
  EXPECT_THAT(Spans("The motion passed 52-48."), IsEmpty());
  EXPECT_THAT(Spans("The blaze started at 3 a.m. on the pier."), IsEmpty());
  EXPECT_THAT(Spans("A 747 landed as the 737 MAX waited."), IsEmpty());
  EXPECT_THAT(Spans("Children aged 4-9 attend."), ElementsAre("4-9"));
}

TEST_F(QuantityRecognizerTest, ReadsScaleSuffixesAndHyphenatedUnits) {
  ExpectSingleAmount(recognizer_, {"It was trained on 14.8T tokens.", "14.8T", 14.8e12, "",
                                   Bound::kExact, NAN, "tokens"});
  ExpectSingleAmount(recognizer_, {"It has 671B parameters.", "671B", 671e9, "", Bound::kExact, NAN,
                                   "parameters"});
  ExpectSingleAmount(recognizer_,
                     {"A 25 basis-point cut is due.", "25 basis-point", 25, "basis-points"});
  ExpectSingleAmount(recognizer_, {"India set aside Rs 500 crore.", "Rs 500 crore", 5e9, "INR"});
}

TEST_F(QuantityRecognizerTest, LeavesYearsAndDatesToTheDateRecognizer) {
  for (const char* text :
       {"In 2015, the company moved.", "Founded in 2022, it grew fast.", "Since 2019 it has grown.",
        "The law passed on January 24, 2025.", "It opened on 24 January 2025.",
        "It was filed 2025-01-24.", "Two weeks ago the board met.", "The 2022 vote was close.",
        "Its 2022\u2019s results were weak."}) {
    EXPECT_THAT(Spans(text), IsEmpty()) << "text: \"" << text << "\"";
  }
  // A number in the year range with a counted noun is a count.
  EXPECT_THAT(Spans("They ordered 2048 chips in 2023."), ElementsAre("2048"));
}

TEST_F(QuantityRecognizerTest, RejectsNumbersInsideNamesIdentifiersAndUrls) {
  for (const char* text :
       {"It beats GPT-4o and o1 on tests.", "The H800 and R1 shipped.", "COVID-19 hit trade.",
        "Windows 11 is out.", "Users of Windows 11 complained.", "The iPhone 15 sold well.",
        "He read chapter 11 of the report.", "The team shipped version 2 today.",
        "See No. 5 on the list.", "Read https://example.com/news/2025/7 now.",
        "Formula One races resumed.", "1. Cost control matters.", "Llama 3.1 was released."}) {
    EXPECT_THAT(Spans(text), IsEmpty()) << "text: \"" << text << "\"";
  }
}

TEST_F(QuantityRecognizerTest, DropsPronounOne) {
  EXPECT_THAT(Spans("One of the drivers said no one was hurt."), IsEmpty());
  EXPECT_THAT(Spans("It picked one supplier."), ElementsAre("one"));
}

TEST_F(QuantityRecognizerTest, KeepsChangesApartButSharesTheScale) {
  const std::string text = "Sales rose from 10 to 20 million.";
  const auto matches = Find(text);
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_DOUBLE_EQ(matches[0].quantity.value, 10e6);
  EXPECT_EQ(matches[0].quantity.bound, Bound::kExact);
  EXPECT_DOUBLE_EQ(matches[1].quantity.value, 20e6);
  EXPECT_EQ(matches[1].quantity.bound, Bound::kExact);
}

TEST_F(QuantityRecognizerTest, FindsSeveralAmountsLeftToRightWithoutOverlap) {
  const std::string text =
      "The startup raised $40m, hired 120 engineers, cut costs 15% and now serves 2 million "
      "users in 14 countries.";
  EXPECT_THAT(Spans(text), ElementsAre("$40m", "120", "15%", "2 million", "14"));
  std::size_t previous_end = 0;
  for (const QuantityMatch& m : Find(text)) {
    EXPECT_GE(m.start, previous_end);
    previous_end = m.end;
  }
}

TEST_F(QuantityRecognizerTest, HandlesMultiByteTextAndNoBreakSpaces) {
  const std::string text =
      "\u201CWe paid nearly $6\u00A0million\u201D \u2014 said \u674E\u534E \u2014 and "
      "36\u00A0% of 1,200\u00A0workers agreed.";
  const auto matches = Find(text);
  ASSERT_EQ(matches.size(), 3u);
  EXPECT_EQ(SpanText(text, matches[0].start, matches[0].end), "nearly $6\u00A0million");
  EXPECT_DOUBLE_EQ(matches[0].quantity.value, 6e6);
  EXPECT_EQ(matches[0].quantity.unit, "USD");
  EXPECT_EQ(matches[0].quantity.bound, Bound::kApproximate);
  EXPECT_EQ(SpanText(text, matches[1].start, matches[1].end), "36\u00A0%");
  EXPECT_EQ(matches[1].quantity.unit, "percent");
  EXPECT_EQ(SpanText(text, matches[2].start, matches[2].end), "1,200");
  EXPECT_EQ(SpanText(text, matches[2].noun_start, matches[2].noun_end), "workers");
  for (const QuantityMatch& m : matches) {
    EXPECT_TRUE(common::IsUtf8Boundary(text, m.start));
    EXPECT_TRUE(common::IsUtf8Boundary(text, m.end));
  }
}

TEST_F(QuantityRecognizerTest, RecognisesMeasurementUnitsFromTheLexicon) {
  ExpectSingleAmount(recognizer_, {"The plant makes 300MW of power.", "300MW", 300, "MW"});
  ExpectSingleAmount(recognizer_, {"The road runs 42 kilometres.", "42 kilometres", 42, "km"});
}

// --- UnitLexicon -----------------------------------------------------------

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(UnitLexiconTest, DataFileMatchesTheBuiltInDefaults) {
  const std::string path = std::string(CLAIMTRACE_DATA_DIR) + "/units.tsv";
  const std::string file = ReadFile(path);
  ASSERT_FALSE(file.empty()) << path;
  EXPECT_EQ(file, std::string(UnitLexicon::DefaultTsv()))
      << "data/units.tsv changed since the build was configured; re-run cmake";

  auto loaded = UnitLexicon::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  const auto defaults = UnitLexicon::Default();
  EXPECT_EQ((*loaded)->entries(), defaults->entries());
  EXPECT_GT(defaults->entries().size(), 100u);

  QuantityRecognizer from_file(*loaded);
  QuantityRecognizer built_in(defaults);
  for (const char* text : {"It cost \u00A52 trillion and US$294,000.", "Up to 70% of 3.2m users.",
                           "Between 3 and 5 per cent, or 10 billion yuan."}) {
    const auto a = from_file.Find(text);
    const auto b = built_in.Find(text);
    ASSERT_EQ(a.size(), b.size()) << text;
    for (std::size_t k = 0; k < a.size(); ++k) {
      EXPECT_EQ(a[k].start, b[k].start);
      EXPECT_EQ(a[k].end, b[k].end);
      EXPECT_EQ(a[k].quantity.unit, b[k].quantity.unit);
      EXPECT_DOUBLE_EQ(a[k].quantity.value, b[k].quantity.value);
    }
  }
}

TEST(UnitLexiconTest, ReportsMissingFileAndMalformedLinesWithLineNumbers) {
  auto missing = UnitLexicon::Load("/nonexistent/claimtrace/units.tsv");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);

  auto bad_kind = UnitLexicon::Parse("# header\n\ncurrency_glyph\t$\tUSD\n", "test.tsv");
  EXPECT_EQ(bad_kind.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad_kind.status().message()), HasSubstr("test.tsv:3"));

  auto bad_factor = UnitLexicon::Parse("scale\tmillion\tlots\n", "test.tsv");
  EXPECT_EQ(bad_factor.status().code(), absl::StatusCode::kInvalidArgument);
  auto too_few = UnitLexicon::Parse("unit\t%\n", "test.tsv");
  EXPECT_EQ(too_few.status().code(), absl::StatusCode::kInvalidArgument);
  auto factor_on_unit = UnitLexicon::Parse("unit\t%\tpercent\t2\n", "test.tsv");
  EXPECT_EQ(factor_on_unit.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(UnitLexiconTest, UserEntriesExtendTheRecogniser) {
  auto lexicon = UnitLexicon::Parse(
      "currency_word\tbitcoin\tXBT\nscale\tmillion\t1e6\nunit\tkm\tkm\ncurrency_symbol\t$\tUSD\n",
      "custom.tsv");
  ASSERT_TRUE(lexicon.ok()) << lexicon.status();
  QuantityRecognizer recognizer(*lexicon);
  const std::string text = "The fund holds 2 million bitcoin and $5.";
  const auto matches = recognizer.Find(text);
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].quantity.unit, "XBT");
  EXPECT_DOUBLE_EQ(matches[0].quantity.value, 2e6);
  EXPECT_EQ(matches[1].quantity.unit, "USD");
  // Without "percent" in the lexicon, "%" is not a unit.
  EXPECT_EQ(recognizer.Find("It fell 5%.")[0].quantity.unit, "");
}

// --- Invariants on generated text -------------------------------------------

// Checks the span invariants every caller relies on.
void ExpectValidMatches(std::string_view text, const std::vector<QuantityMatch>& matches) {
  std::size_t previous_end = 0;
  for (const QuantityMatch& m : matches) {
    ASSERT_LT(m.start, m.end);
    ASSERT_LE(m.end, text.size());
    EXPECT_GE(m.start, previous_end);
    EXPECT_TRUE(common::IsUtf8Boundary(text, m.start));
    EXPECT_TRUE(common::IsUtf8Boundary(text, m.end));
    EXPECT_TRUE(std::isfinite(m.quantity.value));
    EXPECT_TRUE(std::isfinite(m.quantity.upper_value));
    if (m.quantity.bound == Bound::kRange) {
      EXPECT_LE(m.quantity.value, m.quantity.upper_value);
    } else {
      EXPECT_EQ(m.quantity.value, m.quantity.upper_value);
    }
    ASSERT_LE(m.noun_start, m.noun_end);
    ASSERT_LE(m.noun_end, text.size());
    if (m.noun_start != m.noun_end) {
      EXPECT_GE(m.noun_start, m.end);
      EXPECT_TRUE(common::IsUtf8Boundary(text, m.noun_start));
      EXPECT_TRUE(common::IsUtf8Boundary(text, m.noun_end));
    }
    previous_end = m.end;
  }
}

TEST(QuantityRecognizerFuzzTest, KeepsSpanInvariantsOnRandomMixturesOfTrickyFragments) {
  // Fragments that stress the scanners: currency symbols, separators,
  // multi-byte punctuation, CJK, scale words, bounds and partial tokens.
  const std::vector<std::string> fragments = {"$",
                                              "US$",
                                              "\u20AC",
                                              "\u00A3",
                                              "\u00A5",
                                              "1",
                                              "2,048",
                                              "3.5",
                                              "0",
                                              "1,2",
                                              "99,",
                                              "2015",
                                              "2025-01-24",
                                              "-",
                                              "\u2013",
                                              "\u2014",
                                              "%",
                                              " percent",
                                              " per",
                                              " cent",
                                              "bn",
                                              "m",
                                              "k",
                                              "x",
                                              "\u00D7",
                                              " million",
                                              " thousand",
                                              "six",
                                              "twenty",
                                              "-four",
                                              "half",
                                              " a",
                                              " dozen",
                                              " times",
                                              "at least ",
                                              "more than ",
                                              "up to ",
                                              "between ",
                                              " and ",
                                              "from ",
                                              " to ",
                                              "nearly ",
                                              "~",
                                              " or more",
                                              "-plus",
                                              "+",
                                              " ",
                                              "\u00A0",
                                              "\u202F",
                                              "\u201C",
                                              "\u201D",
                                              "\u2019s",
                                              "\u4E2D\u56FD",
                                              "H800",
                                              "GPT-4o",
                                              " chips",
                                              " people",
                                              " of ",
                                              "Windows 11",
                                              "https://x.org/1/2",
                                              "January",
                                              " 24,",
                                              "last week",
                                              " ago",
                                              ".",
                                              ",",
                                              "(",
                                              ")",
                                              "\xC3",
                                              "\xFF",
                                              "\n",
                                              "1.",
                                              "a.m.",
                                              "one in five",
                                              "two-thirds",
                                              " of a",
                                              " percentage point"};
  QuantityRecognizer recognizer(UnitLexicon::Default());
  DateRecognizer dates;
  const absl::Time reference = absl::FromUnixSeconds(1737725160);  // 2025-01-24
  std::uint32_t state = 20250124;
  auto next = [&state]() {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
  };
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int pieces = 1 + static_cast<int>(next() % 14);
    for (int k = 0; k < pieces; ++k) text += fragments[next() % fragments.size()];
    SCOPED_TRACE("text: \"" + text + "\"");
    ExpectValidMatches(text, recognizer.Find(text));
    for (const NumberMatch& n : FindNumbers(text)) {
      ASSERT_LT(n.start, n.end);
      ASSERT_LE(n.end, text.size());
      EXPECT_TRUE(std::isfinite(n.value));
    }
    std::size_t previous_end = 0;
    for (const DateMatch& d : dates.Find(text, reference)) {
      ASSERT_LT(d.start, d.end);
      ASSERT_LE(d.end, text.size());
      EXPECT_GE(d.start, previous_end);
      EXPECT_TRUE(common::IsUtf8Boundary(text, d.start));
      EXPECT_TRUE(common::IsUtf8Boundary(text, d.end));
      previous_end = d.end;
    }
    if (HasFailure()) break;
  }
}

TEST(QuantityRecognizerFuzzTest, ScansLongRunsWithoutWhitespaceInLinearTime) {
  // Each of these once took time quadratic in the length of the run.
  QuantityRecognizer recognizer(UnitLexicon::Default());
  DateRecognizer dates;
  for (const std::string unit : {"1-", "1,", "1.", "2015/", "a1 "}) {
    std::string text;
    while (text.size() < 300000) text += unit;
    const absl::Time start = absl::Now();
    recognizer.Find(text);
    dates.Find(text, absl::Now());
    FindNumbers(text);
    EXPECT_LT(absl::Now() - start, absl::Seconds(10)) << "unit \"" << unit << "\"";
  }
}

// --- Invariants over the seed articles --------------------------------------

std::vector<std::string> SeedFiles() {
  std::vector<std::string> files;
  const char* dir = std::getenv("CLAIMTRACE_SEED_DIR");
  if (dir == nullptr || !std::filesystem::is_directory(dir)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path().string());
  }
  return files;
}

TEST(QuantityRecognizerSeedTest, SpansAreValidOnEverySeedParagraph) {
  const auto files = SeedFiles();
  if (files.empty()) GTEST_SKIP() << "CLAIMTRACE_SEED_DIR is unset or has no files";
  QuantityRecognizer recognizer(UnitLexicon::Default());
  std::size_t total = 0;
  for (const std::string& path : files) {
    const std::string content = ReadFile(path);
    std::size_t begin = 0;
    while (begin <= content.size()) {
      std::size_t end = content.find('\n', begin);
      if (end == std::string::npos) end = content.size();
      const std::string_view paragraph(content.data() + begin, end - begin);
      std::size_t previous_end = 0;
      for (const NumberMatch& n : FindNumbers(paragraph)) {
        ASSERT_LT(n.start, n.end) << path;
        ASSERT_LE(n.end, paragraph.size()) << path;
        EXPECT_GE(n.start, previous_end) << path;
        EXPECT_TRUE(std::isfinite(n.value)) << path;
        previous_end = n.end;
      }
      const auto matches = recognizer.Find(paragraph);
      total += matches.size();
      {
        SCOPED_TRACE(path);
        ExpectValidMatches(paragraph, matches);
      }
      for (const QuantityMatch& m : matches) {
        if (m.noun_start != m.noun_end) {
          EXPECT_TRUE(m.quantity.unit.empty()) << path;
        }
      }
      begin = end + 1;
    }
  }
  RecordProperty("quantities", static_cast<int>(total));
}

}  // namespace
}  // namespace claimtrace::claims
