#include "common/list_filter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/status_util.h"

namespace claimtrace::common {
namespace {

using ::testing::HasSubstr;

const std::vector<FilterField>& Fields() {
  static const auto* fields = new std::vector<FilterField>{
      {"subject", {"="}},
      {"kind", {"=", "!="}},
      {"claimant.name", {"="}},
      {"source_count", {"=", "!=", "<", "<=", ">", ">="}},
  };
  return *fields;
}

// Expects a filter field violation whose message contains `fragment`.
void ExpectFilterError(std::string_view filter, std::string_view fragment) {
  absl::StatusOr<std::vector<FilterTerm>> terms = ParseListFilter(filter, Fields());
  ASSERT_FALSE(terms.ok()) << "accepted: " << filter;
  EXPECT_EQ(terms.status().code(), absl::StatusCode::kInvalidArgument) << filter;
  EXPECT_EQ(ViolatedField(terms.status()), "filter") << filter;
  EXPECT_THAT(std::string(terms.status().message()), HasSubstr(std::string(fragment))) << filter;
}

std::vector<FilterTerm> ParseOk(std::string_view filter) {
  absl::StatusOr<std::vector<FilterTerm>> terms = ParseListFilter(filter, Fields());
  EXPECT_TRUE(terms.ok()) << filter << ": " << terms.status();
  return terms.ok() ? *terms : std::vector<FilterTerm>{};
}

TEST(ListFilterTest, EmptyAndBlankFiltersAreEmptyConjunctions) {
  EXPECT_TRUE(ParseOk("").empty());
  EXPECT_TRUE(ParseOk("   \t\n ").empty());
}

TEST(ListFilterTest, ParsesConjunctionOfQuotedBareAndNumericValues) {
  const std::vector<FilterTerm> terms =
      ParseOk("subject = \"acme-rockets\" AND kind != QUANTITY AND source_count >= 2");
  ASSERT_EQ(terms.size(), 3u);
  EXPECT_EQ(terms[0].field, "subject");
  EXPECT_EQ(terms[0].op, "=");
  EXPECT_EQ(terms[0].value, "acme-rockets");
  EXPECT_EQ(terms[1].field, "kind");
  EXPECT_EQ(terms[1].op, "!=");
  EXPECT_EQ(terms[1].value, "QUANTITY");
  EXPECT_EQ(terms[2].field, "source_count");
  EXPECT_EQ(terms[2].op, ">=");
  EXPECT_EQ(terms[2].value, "2");
}

TEST(ListFilterTest, ReadsEveryComparisonOperatorWithOrWithoutSpaces) {
  for (const std::string op : {"=", "!=", "<", "<=", ">", ">="}) {
    for (const std::string& filter : {"source_count" + op + "3", "source_count " + op + " 3",
                                      " source_count\t" + op + "\n3 "}) {
      const std::vector<FilterTerm> terms = ParseOk(filter);
      ASSERT_EQ(terms.size(), 1u) << filter;
      EXPECT_EQ(terms[0].op, op) << filter;
      EXPECT_EQ(terms[0].value, "3") << filter;
    }
  }
}

TEST(ListFilterTest, AcceptsDottedFieldNamesAndNegativeOrDecimalBareValues) {
  const std::vector<FilterTerm> terms =
      ParseOk("claimant.name = jane_doe AND source_count > -1 AND source_count < 2.5");
  ASSERT_EQ(terms.size(), 3u);
  EXPECT_EQ(terms[0].field, "claimant.name");
  EXPECT_EQ(terms[0].value, "jane_doe");
  EXPECT_EQ(terms[1].value, "-1");
  EXPECT_EQ(terms[2].value, "2.5");
}

TEST(ListFilterTest, UnescapesQuotesAndBackslashesInStrings) {
  const std::vector<FilterTerm> terms = ParseOk(R"(subject = "Harbor \"Tidal\" Works \\ Ltd")");
  ASSERT_EQ(terms.size(), 1u);
  EXPECT_EQ(terms[0].value, R"(Harbor "Tidal" Works \ Ltd)");
}

TEST(ListFilterTest, QuotedStringsKeepSpacesKeywordsAndOperators) {
  const std::vector<FilterTerm> terms =
      ParseOk(R"(subject = "a AND kind = QUANTITY >= <" AND kind = DATE)");
  ASSERT_EQ(terms.size(), 2u);
  EXPECT_EQ(terms[0].value, "a AND kind = QUANTITY >= <");
  EXPECT_EQ(terms[1].value, "DATE");
}

TEST(ListFilterTest, KeepsSqlMetacharactersAsData) {
  const std::string hostile = "x'); DROP TABLE claims; -- /* % _ ;";
  const std::vector<FilterTerm> terms = ParseOk("subject = \"" + hostile + "\"");
  ASSERT_EQ(terms.size(), 1u);
  EXPECT_EQ(terms[0].value, hostile);
}

TEST(ListFilterTest, KeepsMultiByteUtf8InQuotedValues) {
  const std::string value =
      "\xE2\x80\x9C"
      "Z\xC3\xBCrich"
      "\xE2\x80\x9D \xE2\x80\x94 \xE6\x9D\xB1\xE4\xBA\xAC";
  const std::vector<FilterTerm> terms = ParseOk("subject = \"" + value + "\"");
  ASSERT_EQ(terms.size(), 1u);
  EXPECT_EQ(terms[0].value, value);
}

TEST(ListFilterTest, EmptyQuotedValueIsAValue) {
  const std::vector<FilterTerm> terms = ParseOk("subject = \"\"");
  ASSERT_EQ(terms.size(), 1u);
  EXPECT_EQ(terms[0].value, "");
}

TEST(ListFilterTest, RejectsUnknownFieldNamingItAndItsPosition) {
  ExpectFilterError("colour = red", "unknown field \"colour\"");
  // "subject = x AND " is 16 bytes: the unknown field starts at 16.
  ExpectFilterError("subject = x AND colour = red", "position 16");
  ExpectFilterError("subject = x AND colour = red", "subject");  // lists known fields
}

TEST(ListFilterTest, FieldNamesAreCaseSensitiveAndExact) {
  ExpectFilterError("Subject = x", "unknown field");
  ExpectFilterError("subjects = x", "unknown field");
  ExpectFilterError("claimant = x", "unknown field");
}

TEST(ListFilterTest, RejectsOperatorsTheFieldDoesNotTake) {
  ExpectFilterError("subject >= \"m\"", "does not take operator \">=\"");
  ExpectFilterError("subject != x", "does not take operator");
  ExpectFilterError("kind < QUANTITY", "does not take operator");
}

TEST(ListFilterTest, RejectsMissingOperatorOrValue) {
  ExpectFilterError("subject \"acme\"", "does not take operator \"\"");
  ExpectFilterError("subject", "operator");
  ExpectFilterError("subject =", "expected a value");
  ExpectFilterError("source_count => 2", "expected a value");
  ExpectFilterError("source_count = = 2", "expected a value");
}

TEST(ListFilterTest, RejectsUnterminatedStrings) {
  ExpectFilterError("subject = \"acme", "unterminated string at position 10");
  // The only closing quote is escaped.
  ExpectFilterError(R"(subject = "acme\")", "unterminated string");
  ExpectFilterError("subject = x AND kind = \"", "unterminated string");
}

TEST(ListFilterTest, RejectsStrayText) {
  ExpectFilterError("subject = x y", "expected AND at position 12");
  ExpectFilterError("subject = \"x\" garbage", "expected AND");
  ExpectFilterError("subject = x )", "expected AND");
  ExpectFilterError("subject = x; DROP TABLE claims", "expected AND");
  ExpectFilterError("subject = x OR kind = DATE", "expected AND");
  ExpectFilterError("(subject = x)", "unknown field");
  ExpectFilterError("subject = x AND", "unknown field \"\"");
  ExpectFilterError("subject = x AND AND kind = DATE", "unknown field \"AND\"");
}

TEST(ListFilterTest, AcceptsFilterAtTheLengthLimitAndRejectsLonger) {
  const std::string prefix = "subject = \"";
  std::string at_limit = prefix + std::string(2048 - prefix.size() - 1, 'a') + "\"";
  ASSERT_EQ(at_limit.size(), 2048u);
  const std::vector<FilterTerm> terms = ParseOk(at_limit);
  ASSERT_EQ(terms.size(), 1u);
  EXPECT_EQ(terms[0].value.size(), 2048 - prefix.size() - 1);

  const std::string too_long = prefix + std::string(2048 - prefix.size(), 'a') + "\"";
  ExpectFilterError(too_long, "longer than 2048");
  ExpectFilterError(std::string(1 << 20, ' '), "longer than");
}

TEST(ListFilterTest, RejectsEverythingWhenNoFieldIsAllowed) {
  absl::StatusOr<std::vector<FilterTerm>> terms = ParseListFilter("subject = x", {});
  ASSERT_FALSE(terms.ok());
  EXPECT_EQ(ViolatedField(terms.status()), "filter");
  EXPECT_TRUE(ParseListFilter("", {}).ok());
}

}  // namespace
}  // namespace claimtrace::common
