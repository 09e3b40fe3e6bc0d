// Tests for the line-level metadata readers: date lines, bylines, URL lines,
// hosts and the publisher table.
#include "provenance_service/article/metadata_reader.h"

#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace claimtrace::provenance {
namespace {

absl::Time Utc(int year, int month, int day, int hour = 0, int minute = 0) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, hour, minute, 0), absl::UTCTimeZone());
}

TEST(ParseDateLineTest, ReadsTwelveHourTimesIncludingMidnightAndNoon) {
  std::optional<DateLine> midnight = ParseDateLine("12:10 AM, June 1, 2024");
  ASSERT_TRUE(midnight.has_value());
  EXPECT_EQ(midnight->time, Utc(2024, 6, 1, 0, 10));
  EXPECT_TRUE(midnight->has_time_of_day);
  std::optional<DateLine> noon = ParseDateLine("June 1, 2024, 12 p.m.");
  ASSERT_TRUE(noon.has_value());
  EXPECT_EQ(noon->time, Utc(2024, 6, 1, 12, 0));
}

TEST(ParseDateLineTest, DateWithoutTimeIsMidnightUtc) {
  std::optional<DateLine> line = ParseDateLine("24 January 2025");
  ASSERT_TRUE(line.has_value());
  EXPECT_EQ(line->time, Utc(2025, 1, 24));
  EXPECT_FALSE(line->has_time_of_day);
  EXPECT_TRUE(line->byline.empty());
}

TEST(ParseDateLineTest, AppliesOffsetsAndZoneAbbreviations) {
  EXPECT_EQ(ParseDateLine("2024-12-31T23:30:00-02:00")->time, Utc(2025, 1, 1, 1, 30));
  EXPECT_EQ(ParseDateLine("Dec. 1, 2024 9:00 PM PT")->time, Utc(2024, 12, 2, 5, 0));  // PST
  EXPECT_EQ(ParseDateLine("Jun. 1, 2024 9:00 PM PT")->time, Utc(2024, 6, 2, 4, 0));   // PDT
  EXPECT_EQ(ParseDateLine("5 May 2024, 10:00 IST")->time, Utc(2024, 5, 5, 4, 30));
  EXPECT_EQ(ParseDateLine("5 May 2024 10:00")->time, Utc(2024, 5, 5, 10, 0));  // no zone: UTC
}

TEST(ParseDateLineTest, ReadsANameBesideTheDateAsByline) {
  std::optional<DateLine> desk = ParseDateLine("Business Desk January 25, 2025");
  ASSERT_TRUE(desk.has_value());
  EXPECT_EQ(desk->byline, "Business Desk");
  std::optional<DateLine> by = ParseDateLine("By Ana Ruiz, Coast Daily · Updated May 2, 2024");
  ASSERT_TRUE(by.has_value());
  EXPECT_EQ(by->byline, "Ana Ruiz, Coast Daily");
}

TEST(ParseDateLineTest, RejectsSentencesAndCaptionsThatContainADate) {
  EXPECT_FALSE(ParseDateLine("On January 24, 2025 the court ruled against the firm.").has_value());
  EXPECT_FALSE(ParseDateLine("the vote on January 24, 2025").has_value());
  EXPECT_FALSE(ParseDateLine("Photo: March 2, 2025").has_value());
  EXPECT_FALSE(ParseDateLine("Shares rose 4% on 2025-01-24 after results").has_value());
  EXPECT_FALSE(ParseDateLine("January 2025").has_value());
  EXPECT_FALSE(ParseDateLine("No date here at all").has_value());
  EXPECT_FALSE(ParseDateLine("April 31, 2024").has_value());
}

TEST(ParseBylineLineTest, ReadsNamesAfterBy) {
  EXPECT_EQ(ParseBylineLine("By Jane Roe"), "Jane Roe");
  EXPECT_EQ(ParseBylineLine("**By Jane Roe and Li Wei**"), "Jane Roe and Li Wei");
  EXPECT_EQ(ParseBylineLine("by Óscar de la Vega | Wire Service"),
            "Óscar de la Vega | Wire Service");
  EXPECT_EQ(ParseBylineLine("Written by the Associated Press"), "the Associated Press");
}

TEST(ParseBylineLineTest, RejectsSentencesStartingWithBy) {
  EXPECT_FALSE(ParseBylineLine("By the numbers").has_value());
  EXPECT_FALSE(ParseBylineLine("By 2030 the plant will close.").has_value());
  EXPECT_FALSE(ParseBylineLine("By Tuesday, officials had counted 300 votes.").has_value());
  EXPECT_FALSE(ParseBylineLine("Byron Hale").has_value());
}

TEST(ParseUrlLineTest, ReadsTheLinkTargetAndRejectsProse) {
  EXPECT_EQ(ParseUrlLine("[Label text](https://a.example/x?y=1)"), "https://a.example/x?y=1");
  EXPECT_EQ(ParseUrlLine("https://a.example/path."), "https://a.example/path");
  EXPECT_EQ(ParseUrlLine("Originally published at https://a.example/p"), "https://a.example/p");
  EXPECT_FALSE(ParseUrlLine("See https://a.example/x for details").has_value());
  EXPECT_FALSE(ParseUrlLine("ftp://a.example/file").has_value());
  EXPECT_FALSE(ParseUrlLine("https:///no-host").has_value());
}

TEST(FindFirstHttpUrlTest, FindsTheFirstUrlAndTrimsPunctuation) {
  EXPECT_EQ(FindFirstHttpUrl("Read it (https://one.example/a), or https://two.example."),
            "https://one.example/a");
  EXPECT_EQ(FindFirstHttpUrl("“https://q.example/story”"), "https://q.example/story");
  EXPECT_FALSE(FindFirstHttpUrl("no links here").has_value());
}

TEST(UrlHostTest, LowerCasesAndDropsUserInfoAndPort) {
  EXPECT_EQ(UrlHost("https://User@WWW.Example.COM:8443/path"), "www.example.com");
  EXPECT_EQ(UrlHost("http://example.org?q=1"), "example.org");
  EXPECT_EQ(UrlHost("not a url"), "");
}

TEST(PublisherTableTest, MatchesParentDomainsAndFallsBackToTheHost) {
  absl::StatusOr<PublisherTable> table =
      PublisherTable::Parse("# comment\n\nexample.com   Example News\nwww.other.org Other\n");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->size(), 2u);
  EXPECT_EQ(table->PublisherForHost("www.example.com"), "Example News");
  EXPECT_EQ(table->PublisherForHost("live.sport.example.com"), "Example News");
  EXPECT_EQ(table->PublisherForHost("other.org"), "Other");
  EXPECT_EQ(table->PublisherForHost("www.unknown.net"), "unknown.net");
  EXPECT_EQ(table->PublisherForHost("com"), "com");
}

TEST(PublisherTableTest, RejectsALineWithoutAName) {
  const absl::StatusOr<PublisherTable> table = PublisherTable::Parse("a.com A\nb.com\n");
  EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(table.status().message(), ::testing::HasSubstr("line 2"));
}

TEST(PublisherTableTest, BuiltInTableIsTheShippedFile) {
  absl::StatusOr<PublisherTable> shipped =
      PublisherTable::Load(std::string(CLAIMTRACE_DATA_DIR) + "/publisher_hosts.txt");
  ASSERT_TRUE(shipped.ok()) << shipped.status();
  EXPECT_GT(shipped->size(), 10u);
  EXPECT_EQ(shipped->size(), PublisherTable::BuiltIn().size());
  EXPECT_EQ(PublisherTable::BuiltIn().PublisherForHost("www.technologyreview.com"),
            "MIT Technology Review");
}

}  // namespace
}  // namespace claimtrace::provenance
