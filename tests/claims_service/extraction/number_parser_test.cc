#include "claims_service/extraction/number_parser.h"

#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/numbers.h"
#include "common/utf8.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace claimtrace::claims {
namespace {

using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Optional;

std::vector<std::string> MatchTexts(std::string_view text) {
  std::vector<std::string> out;
  for (const NumberMatch& m : FindNumbers(text)) {
    out.emplace_back(text.substr(m.start, m.end - m.start));
  }
  return out;
}

// The fast path must give bit for bit the double SimpleAtod gives, on both
// sides of its 15-digit limit and with every position of the point.
TEST(DecimalDigitsToDoubleTest, EqualsSimpleAtodBitForBit) {
  std::mt19937_64 random(20261203);
  for (int trial = 0; trial < 200000; ++trial) {
    const int length = 1 + static_cast<int>(random() % 20);
    std::string digits;
    for (int k = 0; k < length; ++k) digits.push_back(static_cast<char>('0' + random() % 10));
    if (random() % 2 == 0) {
      digits.insert(digits.begin() + static_cast<long>(random() % (digits.size() + 1)), '.');
    }
    double expected = 0;
    double got = 0;
    const bool expected_ok = absl::SimpleAtod(digits, &expected);
    ASSERT_EQ(DecimalDigitsToDouble(digits, &got), expected_ok) << digits;
    if (!expected_ok) continue;
    ASSERT_EQ(std::memcmp(&got, &expected, sizeof(double)), 0)
        << digits << ": " << got << " vs " << expected;
  }
}

TEST(DecimalDigitsToDoubleTest, RejectsWhatIsNotDigitsWithOnePoint) {
  double value = 0;
  for (const char* text : {"", ".", "1.2.3", "1,000", "-5", "1e5", "12a"}) {
    EXPECT_FALSE(DecimalDigitsToDouble(text, &value)) << text;
  }
  ASSERT_TRUE(DecimalDigitsToDouble("0.1", &value));
  EXPECT_EQ(value, 0.1);
  ASSERT_TRUE(DecimalDigitsToDouble("705900000", &value));
  EXPECT_EQ(value, 705900000.0);
}

struct ParseCase {
  std::string text;
  double value;
};

TEST(ParseNumberTest, ParsesDigitsScalesAndWords) {
  const std::vector<ParseCase> cases = {
      {"10,000", 10000},
      {"1,328", 1328},
      {"2.5", 2.5},
      {"1,234,567.89", 1234567.89},
      {"6 million", 6e6},
      {"21 billion", 21e9},
      {"21bn", 21e9},
      {"1.5bn", 1.5e9},
      {"3.2m", 3.2e6},
      {"40k", 40000},
      {"7 trillion", 7e12},
      {"six", 6},
      {"eighty", 80},
      {"ninety-nine", 99},
      {"five hundred twelve", 512},
      {"one hundred and five", 105},
      {"two hundred ninety-four thousand", 294000},
      {"three million four hundred thousand", 3.4e6},
      {"a dozen", 12},
      {"two dozen", 24},
      {"half a dozen", 6},
      {"a hundred", 100},
      {"a million", 1e6},
      {"half a million", 5e5},
      {"two and a half million", 2.5e6},
      {"half", 0.5},
      {"a quarter", 0.25},
      {"three quarters", 0.75},
      {"twice", 2},
      {"four times", 4},
      {"3x", 3},
      {"tenfold", 10},
      {"  42\t", 42},
      {"zero", 0},
  };
  for (const ParseCase& c : cases) {
    EXPECT_THAT(ParseNumber(c.text), Optional(DoubleNear(c.value, 1e-9 * (1 + c.value))))
        << "text: \"" << c.text << "\"";
  }
  EXPECT_THAT(ParseNumber("two-thirds"), Optional(DoubleNear(2.0 / 3.0, 1e-12)));
}

TEST(ParseNumberTest, RejectsTextThatIsNotExactlyOneNumber) {
  for (const char* text : {"", "   ", "abc", "H800", "1.2.3", "six apples", "24th", "1990s",
                           "GPT-4o", "a", "an apple", "someone", "3 4"}) {
    EXPECT_EQ(ParseNumber(text), std::nullopt) << "text: \"" << text << "\"";
  }
}

TEST(FindNumbersTest, SpansCoverTheNumeralAndItsScale) {
  const std::string text = "The fund raised $1.5bn from 6 million savers and 2,048 banks.";
  EXPECT_THAT(MatchTexts(text), ElementsAre("1.5bn", "6 million", "2,048"));
  const auto matches = FindNumbers(text);
  ASSERT_EQ(matches.size(), 3u);
  EXPECT_TRUE(matches[0].has_scale);
  EXPECT_DOUBLE_EQ(matches[0].scale, 1e9);
  EXPECT_TRUE(matches[1].has_scale);
  EXPECT_FALSE(matches[2].has_scale);
  EXPECT_TRUE(matches[2].has_grouping);
  EXPECT_DOUBLE_EQ(matches[2].value, 2048);
}

TEST(FindNumbersTest, TakesTheLongestSpelledOutNumber) {
  const std::string text = "Officials counted two hundred ninety-four thousand ballots by noon.";
  const auto matches = FindNumbers(text);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(text.substr(matches[0].start, matches[0].end - matches[0].start),
            "two hundred ninety-four thousand");
  EXPECT_DOUBLE_EQ(matches[0].value, 294000);
  EXPECT_TRUE(matches[0].from_words);
}

TEST(FindNumbersTest, FlagsMultipliersFractionsAndWords) {
  const std::string text = "It is four times faster, 3x cheaper, twice as big and half the size.";
  const auto matches = FindNumbers(text);
  ASSERT_EQ(matches.size(), 4u);
  EXPECT_TRUE(matches[0].is_multiplier);
  EXPECT_TRUE(matches[0].from_words);
  EXPECT_DOUBLE_EQ(matches[0].value, 4);
  EXPECT_TRUE(matches[1].is_multiplier);
  EXPECT_FALSE(matches[1].from_words);
  EXPECT_TRUE(matches[2].is_multiplier);
  EXPECT_DOUBLE_EQ(matches[2].value, 2);
  EXPECT_TRUE(matches[3].is_fraction);
  EXPECT_FALSE(matches[3].is_multiplier);
  EXPECT_DOUBLE_EQ(matches[3].value, 0.5);
}

TEST(FindNumbersTest, IgnoresDigitsInsideIdentifiers) {
  for (const char* text :
       {"The H800 and A100 parts", "Its R1 model beat o1 and GPT-4o", "after COVID-19 spread",
        "Startup 01.AI shipped R1-Zero", "in the 1990s and the '80s", "on the 24th floor",
        "at 01:26 PM", "open 24/7", "release 1.2.3 landed", "dated 2025-01-24",
        "call 1-800-555-0199", "ranked #1 overall", "via https://example.com/2024/05/report-9",
        "mail desk42@example.org", "see www.example.com/item/77", "the 5G network"}) {
    EXPECT_THAT(MatchTexts(text), IsEmpty()) << "text: \"" << text << "\"";
  }
}

TEST(FindNumbersTest, KeepsBothEndsOfANumericRange) {
  EXPECT_THAT(MatchTexts("a 50-70% cut"), ElementsAre("50", "70"));
  EXPECT_THAT(MatchTexts("$7bn-$21bn"), ElementsAre("7bn", "21bn"));
  EXPECT_THAT(MatchTexts("between 3 and 5"), ElementsAre("3", "5"));
}

TEST(FindNumbersTest, DoesNotMistakeOrdinaryWordsForNumerals) {
  EXPECT_THAT(MatchTexts("Someone often stood alone at the station; a tone rang."), IsEmpty());
  EXPECT_THAT(MatchTexts("A third party and the second quarter."), IsEmpty());
}

TEST(FindNumbersTest, AcceptsNoBreakSpaceBeforeScaleWord) {
  const std::string text = "about 6\u00A0million people";
  const auto matches = FindNumbers(text);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_DOUBLE_EQ(matches[0].value, 6e6);
  EXPECT_EQ(text.substr(matches[0].start, matches[0].end - matches[0].start), "6\u00A0million");
}

TEST(FindNumbersTest, ReportsByteOffsetsOnCharacterBoundariesInMultiByteText) {
  const std::string text =
      "\u201CWe shipped 2,048 units\u201D \u2014 \u6DF1\u5733 sold 12 more, caf\u00E9 owners "
      "said six.";
  const auto matches = FindNumbers(text);
  ASSERT_EQ(matches.size(), 3u);
  const std::vector<std::string> expected = {"2,048", "12", "six"};
  for (std::size_t k = 0; k < matches.size(); ++k) {
    EXPECT_TRUE(common::IsUtf8Boundary(text, matches[k].start));
    EXPECT_TRUE(common::IsUtf8Boundary(text, matches[k].end));
    EXPECT_EQ(text.substr(matches[k].start, matches[k].end - matches[k].start), expected[k]);
  }
  // The first digit comes after a 3-byte opening quote and ASCII text.
  EXPECT_EQ(matches[0].start, text.find("2,048"));
}

TEST(FindNumbersTest, UsesTheScaleWordsOfTheGivenGrammar) {
  NumberGrammar grammar = NumberGrammar::Default();
  grammar.scale_words["lakh"] = 1e5;
  const auto with = FindNumbers("a grant of 5 lakh rupees", grammar);
  ASSERT_EQ(with.size(), 1u);
  EXPECT_DOUBLE_EQ(with[0].value, 5e5);
  const auto without = FindNumbers("a grant of 5 lakh rupees");
  ASSERT_EQ(without.size(), 1u);
  EXPECT_DOUBLE_EQ(without[0].value, 5);
}

TEST(FindNumbersTest, AttachedUnitSuffixesNeedTheGrammar) {
  NumberGrammar grammar = NumberGrammar::Default();
  grammar.unit_suffixes.insert("gb");
  const std::string text = "a 10GB download";
  const auto with = FindNumbers(text, grammar);
  ASSERT_EQ(with.size(), 1u);
  EXPECT_EQ(text.substr(with[0].start, with[0].end - with[0].start), "10");
  EXPECT_THAT(FindNumbers(text), IsEmpty());
}

TEST(ScanHelpersTest, DecodeAndClassifyCodePoints) {
  const std::string text = "a\u00A0\u2014\u4E2D";
  std::size_t len = 0;
  EXPECT_EQ(scan::DecodeAt(text, 1, &len), 0xA0u);
  EXPECT_EQ(len, 2u);
  EXPECT_TRUE(scan::IsSpace(0xA0));
  EXPECT_EQ(scan::DecodeBefore(text, text.size(), &len), 0x4E2Du);
  EXPECT_EQ(len, 3u);
  EXPECT_FALSE(scan::IsLetter(0x4E2D));
  EXPECT_TRUE(scan::IsLetter(U'\u00E9'));
  EXPECT_TRUE(scan::IsDash(0x2014));
  EXPECT_EQ(scan::SkipSpaces(text, 1), 3u);
  // Invalid UTF-8 decodes as one replacement character.
  const std::string bad = "\xC3(";
  EXPECT_EQ(scan::DecodeAt(bad, 0, &len), 0xFFFDu);
  EXPECT_EQ(len, 1u);
}

TEST(FindNumbersTest, SurvivesInvalidUtf8AndEdges) {
  const std::string text = "\xFF\xFE 12 \xC3";
  const auto matches = FindNumbers(text);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_DOUBLE_EQ(matches[0].value, 12);
  EXPECT_THAT(FindNumbers(""), IsEmpty());
  EXPECT_THAT(MatchTexts("9"), ElementsAre("9"));
  EXPECT_THAT(MatchTexts("x"), IsEmpty());
}

}  // namespace
}  // namespace claimtrace::claims
