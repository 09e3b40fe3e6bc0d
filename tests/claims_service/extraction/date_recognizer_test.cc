#include "claims_service/extraction/date_recognizer.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/utf8.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace claimtrace::claims {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::string SpanText(std::string_view text, std::size_t start, std::size_t end) {
  return std::string(text.substr(start, end - start));
}

// Friday 24 January 2025, 13:26 UTC.
absl::Time Reference() {
  return absl::FromCivil(absl::CivilSecond(2025, 1, 24, 13, 26, 0), absl::UTCTimeZone());
}

struct DateCase {
  std::string sentence;
  std::string span;
  int year;
  int month;
  int day;
  DatePrecision precision;
};

void ExpectSingleDate(const std::vector<DateMatch>& matches, const DateCase& c, bool relative) {
  SCOPED_TRACE("sentence: \"" + c.sentence + "\"");
  ASSERT_EQ(matches.size(), 1u);
  const DateMatch& m = matches[0];
  EXPECT_EQ(SpanText(c.sentence, m.start, m.end), c.span);
  EXPECT_EQ(m.date.year, c.year);
  EXPECT_EQ(m.date.month, c.month);
  EXPECT_EQ(m.date.day, c.day);
  EXPECT_EQ(static_cast<int>(m.date.precision), static_cast<int>(c.precision));
  EXPECT_EQ(m.relative, relative);
}

class DateRecognizerTest : public ::testing::Test {
 protected:
  std::vector<std::string> Spans(std::string_view text,
                                 std::optional<absl::Time> reference = std::nullopt) const {
    std::vector<std::string> out;
    for (const DateMatch& m : recognizer_.Find(text, reference)) {
      out.push_back(SpanText(text, m.start, m.end));
    }
    return out;
  }
  DateRecognizer recognizer_;
};

TEST_F(DateRecognizerTest, RecognisesAbsoluteDatesWithTheirPrecision) {
  const std::vector<DateCase> cases = {
      {"The plant opened in 2015.", "2015", 2015, 0, 0, DatePrecision::kYear},
      {"Since 2019 the fund has doubled.", "2019", 2019, 0, 0, DatePrecision::kYear},
      {"2022\u2019s harvest was poor.", "2022", 2022, 0, 0, DatePrecision::kYear},
      {"The trial began in July 2023.", "July 2023", 2023, 7, 0, DatePrecision::kMonth},
      {"It closed in July of 2021.", "July of 2021", 2021, 7, 0, DatePrecision::kMonth},
      {"The vote was held on January 24, 2025.", "January 24, 2025", 2025, 1, 24,
       DatePrecision::kDay},
      {"The vote was held on Jan. 24, 2025.", "Jan. 24, 2025", 2025, 1, 24, DatePrecision::kDay},
      {"The vote was held on Sept. 3 2024.", "Sept. 3 2024", 2024, 9, 3, DatePrecision::kDay},
      {"The vote was held on March 1st, 2024.", "March 1st, 2024", 2024, 3, 1, DatePrecision::kDay},
      {"The vote was held on 24 January 2025.", "24 January 2025", 2025, 1, 24,
       DatePrecision::kDay},
      {"The vote was held on the 3rd of May, 2020.", "3rd of May, 2020", 2020, 5, 3,
       DatePrecision::kDay},
      {"The filing is dated 2025-01-24.", "2025-01-24", 2025, 1, 24, DatePrecision::kDay},
      {"The filing is dated 24/01/2025.", "24/01/2025", 2025, 1, 24, DatePrecision::kDay},
      {"It launched Friday, January 24, 2025, at noon.", "Friday, January 24, 2025", 2025, 1, 24,
       DatePrecision::kDay},
      {"The law dates from 29 February 2024.", "29 February 2024", 2024, 2, 29,
       DatePrecision::kDay},
      {"The summit ran 12-14 November 2024.", "12-14 November 2024", 2024, 11, 12,
       DatePrecision::kDay},
      {"The fair ran January 24-26, 2025.", "January 24-26, 2025", 2025, 1, 24,
       DatePrecision::kDay},
      {"It was signed on 5 Dec 2019.", "5 Dec 2019", 2019, 12, 5, DatePrecision::kDay},
  };
  for (const DateCase& c : cases) {
    ExpectSingleDate(recognizer_.Find(c.sentence, std::nullopt), c, /*relative=*/false);
    // A reference time changes nothing for absolute dates.
    ExpectSingleDate(recognizer_.Find(c.sentence, Reference()), c, /*relative=*/false);
  }
}

TEST_F(DateRecognizerTest, ResolvesRelativeDatesAgainstTheReference) {
  const std::vector<DateCase> cases = {
      {"Shares fell yesterday.", "yesterday", 2025, 1, 23, DatePrecision::kDay},
      {"Shares fell today.", "today", 2025, 1, 24, DatePrecision::kDay},
      {"The board met on Monday.", "Monday", 2025, 1, 20, DatePrecision::kDay},
      {"The board met last Tuesday.", "last Tuesday", 2025, 1, 21, DatePrecision::kDay},
      {"The board will meet on Monday.", "Monday", 2025, 1, 27, DatePrecision::kDay},
      {"The board meets next Friday.", "next Friday", 2025, 1, 31, DatePrecision::kDay},
      {"The board met last week.", "last week", 2025, 1, 0, DatePrecision::kMonth},
      {"The board met two weeks ago.", "two weeks ago", 2025, 1, 10, DatePrecision::kDay},
      {"The board met 3 days ago.", "3 days ago", 2025, 1, 21, DatePrecision::kDay},
      {"The board met a year ago.", "a year ago", 2024, 0, 0, DatePrecision::kYear},
      {"Profits fell last year.", "last year", 2024, 0, 0, DatePrecision::kYear},
      {"Profits fell last month.", "last month", 2024, 12, 0, DatePrecision::kMonth},
      {"Profits will rise next year.", "next year", 2026, 0, 0, DatePrecision::kYear},
      {"The index rose earlier this month.", "earlier this month", 2025, 1, 0,
       DatePrecision::kMonth},
      {"The plan was approved in March.", "March", 2024, 3, 0, DatePrecision::kMonth},
      {"The plan will be voted on in March.", "March", 2025, 3, 0, DatePrecision::kMonth},
      {"The plan was approved on December 12.", "December 12", 2024, 12, 12, DatePrecision::kDay},
      {"The plan was approved on January 6.", "January 6", 2025, 1, 6, DatePrecision::kDay},
      {"The ship sank last night.", "last night", 2025, 1, 23, DatePrecision::kDay},
      {"The firm was small a decade ago.", "a decade ago", 2015, 0, 0, DatePrecision::kYear},
      {"The firm was small 18 months ago.", "18 months ago", 2023, 7, 0, DatePrecision::kMonth},
      {"The plan was approved on Jan. 6.", "Jan. 6", 2025, 1, 6, DatePrecision::kDay},
      // Expectations, intentions and conditionals point forward.
      {"A referendum is expected in March.", "March", 2025, 3, 0, DatePrecision::kMonth},
      {"Officials hope to finish the work by the end of April.", "April", 2025, 4, 0,
       DatePrecision::kMonth},
      {"The cabinet would present a budget by December 15.", "December 15", 2025, 12, 15,
       DatePrecision::kDay},
  };
  for (const DateCase& c : cases) {
    ExpectSingleDate(recognizer_.Find(c.sentence, Reference()), c, /*relative=*/true);
  }
}

TEST_F(DateRecognizerTest, ReturnsRelativeDatesOnlyWithAReference) {
  for (const char* text :
       {"Shares fell yesterday.", "The board met on Monday.", "The board met two weeks ago.",
        "Profits fell last year.", "The plan was approved in March.", "It met on December 12."}) {
    EXPECT_THAT(Spans(text), IsEmpty()) << text;
    EXPECT_EQ(recognizer_.FindSpans(text).size(), 1u) << text;
  }
}

TEST_F(DateRecognizerTest, SpansWithNumbersAreTheFindSpansThatContainANumber) {
  const std::string text =
      "On Friday, January 24, 2025, two weeks ago and last year, the 2020-21 plan, "
      "yesterday, 12-14 November and on Monday 300 staff met in March.";
  std::vector<std::pair<std::size_t, std::size_t>> with_numbers;
  for (const auto& span : recognizer_.FindSpans(text)) {
    const std::string_view covered =
        std::string_view(text).substr(span.first, span.second - span.first);
    if (covered.find_first_of("0123456789") != std::string_view::npos ||
        covered.find("ago") != std::string_view::npos) {
      with_numbers.push_back(span);
    }
  }
  EXPECT_EQ(recognizer_.FindSpansWithNumbers(text), with_numbers);
  EXPECT_EQ(with_numbers.size(), 4u);
}

TEST_F(DateRecognizerTest, TakesBareYearsOnlyInPlausibleContexts) {
  EXPECT_THAT(Spans("In 2015, output doubled."), ElementsAre("2015"));
  EXPECT_THAT(Spans("The 2024 election was close."), ElementsAre("2024"));
  EXPECT_THAT(Spans("They ordered 2048 chips."), IsEmpty());
  EXPECT_THAT(Spans("They paid $2000 for it."), IsEmpty());
  EXPECT_THAT(Spans("Returns of 2000% were promised."), IsEmpty());
  EXPECT_THAT(Spans("It still runs Windows 2000."), IsEmpty());
  EXPECT_THAT(Spans("Its FY2024 results and the 1990s boom."), IsEmpty());
  EXPECT_THAT(Spans("It had 2,015 members."), IsEmpty());
  EXPECT_THAT(Spans("It was built in 1850."), IsEmpty());
  EXPECT_THAT(Spans("See https://example.com/2019/report."), IsEmpty());
  EXPECT_THAT(Spans("By 2030 emissions must halve."), ElementsAre("2030"));
}

// Only four-digit numbers, month and weekday names and relative words open a
// window for the date patterns; every other number of a date lies within
// reach of one of them, however many amounts come before and after.
TEST_F(DateRecognizerTest, FindsDatesAmongAmountsFarFromThem) {
  const std::string filler =
      " and 340 units, 12% more than the 25 sold by 18 rivals with 7 plants and 90 staff, ";
  const std::string text = "It sold 12 million" + filler + "on the 3rd of May" + filler +
                           "by 24/01/2025" + filler + "3 days ago" + filler + "on 1/24/2025" +
                           filler + "from 2020-21" + filler + "until January 24th" + filler + ".";
  EXPECT_THAT(Spans(text, Reference()), ElementsAre("3rd of May", "24/01/2025", "3 days ago",
                                                    "1/24/2025", "2020", "21", "January 24th"));
}

TEST_F(DateRecognizerTest, SplitsYearRangesIntoTwoYears) {
  const std::string text = "The 2020-21 season and the 2018\u20132022 plan.";
  const auto matches = recognizer_.Find(text, std::nullopt);
  ASSERT_EQ(matches.size(), 4u);
  EXPECT_EQ(matches[0].date.year, 2020);
  EXPECT_EQ(matches[1].date.year, 2021);
  EXPECT_EQ(SpanText(text, matches[1].start, matches[1].end), "21");
  EXPECT_EQ(matches[2].date.year, 2018);
  EXPECT_EQ(matches[3].date.year, 2022);
}

TEST_F(DateRecognizerTest, RejectsImpossibleAndAmbiguousDates) {
  EXPECT_THAT(Spans("It is due February 30, 2025."), IsEmpty());
  EXPECT_THAT(Spans("It is due 2025-13-01."), IsEmpty());
  // Day and month both <= 12: no date, but the span is still a date expression.
  EXPECT_THAT(Spans("It is due 03/04/2025."), IsEmpty());
  EXPECT_THAT(recognizer_.FindSpans("It is due 03/04/2025."),
              ElementsAre(std::make_pair(std::size_t{10}, std::size_t{20})));
  // An abbreviated month without its dot needs a year: "3 Mar" alone is not
  // a date.
  EXPECT_THAT(Spans("It rose 3 Mar levels.", Reference()), IsEmpty());
  // A lower-case "may" is a verb, not a month.
  EXPECT_THAT(Spans("Prices may 2 rise.", Reference()), IsEmpty());
}

TEST_F(DateRecognizerTest, ReportsByteOffsetsInMultiByteText) {
  const std::string text =
      "\u201CWe signed on 24\u00A0January\u00A02025\u201D \u2014 \u5317\u4EAC said in 2019.";
  const auto matches = recognizer_.Find(text, std::nullopt);
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(SpanText(text, matches[0].start, matches[0].end), "24\u00A0January\u00A02025");
  EXPECT_EQ(matches[0].date.day, 24);
  EXPECT_EQ(SpanText(text, matches[1].start, matches[1].end), "2019");
  for (const DateMatch& m : matches) {
    EXPECT_TRUE(common::IsUtf8Boundary(text, m.start));
    EXPECT_TRUE(common::IsUtf8Boundary(text, m.end));
  }
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(DateRecognizerSeedTest, DatesAreValidOnEverySeedParagraph) {
  const char* dir = std::getenv("CLAIMTRACE_SEED_DIR");
  if (dir == nullptr || !std::filesystem::is_directory(dir)) {
    GTEST_SKIP() << "CLAIMTRACE_SEED_DIR is unset or missing";
  }
  DateRecognizer recognizer;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    ++files;
    const std::string path = entry.path().string();
    const std::string content = ReadFile(path);
    std::size_t begin = 0;
    while (begin <= content.size()) {
      std::size_t end = content.find('\n', begin);
      if (end == std::string::npos) end = content.size();
      const std::string_view paragraph(content.data() + begin, end - begin);
      for (const auto& reference : {std::optional<absl::Time>(), std::optional(Reference())}) {
        std::size_t previous_end = 0;
        for (const DateMatch& m : recognizer.Find(paragraph, reference)) {
          ASSERT_LT(m.start, m.end) << path;
          ASSERT_LE(m.end, paragraph.size()) << path;
          EXPECT_GE(m.start, previous_end) << path;
          EXPECT_TRUE(common::IsUtf8Boundary(paragraph, m.start)) << path;
          EXPECT_TRUE(common::IsUtf8Boundary(paragraph, m.end)) << path;
          EXPECT_GE(m.date.year, 1000) << path;
          EXPECT_LE(m.date.year, 2999) << path;
          if (m.date.precision == DatePrecision::kYear) {
            EXPECT_EQ(m.date.month, 0);
          } else {
            EXPECT_GE(m.date.month, 1);
            EXPECT_LE(m.date.month, 12);
          }
          if (m.date.precision == DatePrecision::kDay) {
            EXPECT_GE(m.date.day, 1);
            EXPECT_LE(m.date.day, 31);
          } else {
            EXPECT_EQ(m.date.day, 0);
          }
          if (!reference) {
            EXPECT_FALSE(m.relative);
          }
          previous_end = m.end;
        }
      }
      begin = end + 1;
    }
  }
  if (files == 0) GTEST_SKIP() << "no seed files";
}

}  // namespace
}  // namespace claimtrace::claims
