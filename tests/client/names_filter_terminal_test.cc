#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "client/claim_filter.h"
#include "client/names.h"
#include "client/terminal.h"
#include "common/list_filter.h"

namespace claimtrace::client {
namespace {

using ::testing::HasSubstr;

TEST(NormalizeClaimNameTest, AddsThePrefixToShortIds) {
  EXPECT_EQ(NormalizeClaimName("0123456789abcdef"), "claims/0123456789abcdef");
}

TEST(NormalizeClaimNameTest, KeepsFullNames) {
  EXPECT_EQ(NormalizeClaimName("claims/0123456789abcdef"), "claims/0123456789abcdef");
}

TEST(NormalizeClaimNameTest, LeavesOtherPathsForTheServiceToReject) {
  EXPECT_EQ(NormalizeClaimName("articles/abc"), "articles/abc");
  EXPECT_EQ(NormalizeClaimName(""), "");
}

TEST(NormalizeArticleNameTest, AcceptsIdOrFullName) {
  const std::string id = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
  EXPECT_EQ(NormalizeArticleName(id), "articles/" + id);
  EXPECT_EQ(NormalizeArticleName("articles/" + id), "articles/" + id);
  EXPECT_EQ(NormalizeArticleName("claims/x"), "claims/x");
}

TEST(NormalizeParagraphNameTest, AcceptsShortAndFullNames) {
  const std::string id = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
  EXPECT_EQ(NormalizeParagraphName(id + "/paragraphs/3"), "articles/" + id + "/paragraphs/3");
  EXPECT_EQ(NormalizeParagraphName("articles/" + id + "/paragraphs/3"),
            "articles/" + id + "/paragraphs/3");
  // Not a paragraph name: passed through unchanged.
  EXPECT_EQ(NormalizeParagraphName("x/y/paragraphs/3"), "x/y/paragraphs/3");
  EXPECT_EQ(NormalizeParagraphName(id), id);
}

TEST(ShortIdTest, TakesTheLastSegment) {
  EXPECT_EQ(ShortId("claims/abc"), "abc");
  EXPECT_EQ(ShortId("abc"), "abc");
}

TEST(QuoteFilterValueTest, EscapesQuotesAndBackslashes) {
  EXPECT_EQ(QuoteFilterValue("plain"), "\"plain\"");
  EXPECT_EQ(QuoteFilterValue("say \"hi\""), "\"say \\\"hi\\\"\"");
  EXPECT_EQ(QuoteFilterValue("a\\b"), "\"a\\\\b\"");
}

TEST(BuildClaimFilterTest, IsEmptyWithoutFlags) { EXPECT_EQ(*BuildClaimFilter({}), ""); }

TEST(BuildClaimFilterTest, JoinsTermsWithAndInAFixedOrder) {
  ClaimFilterFlags flags;
  flags.min_sources = "2";
  flags.kind = "quantity";
  flags.subject = "port-ellwood";
  EXPECT_EQ(*BuildClaimFilter(flags),
            "subject = \"port-ellwood\" AND kind = QUANTITY AND source_count >= 2");
}

TEST(BuildClaimFilterTest, AcceptsTheEnumNameForKind) {
  ClaimFilterFlags flags;
  flags.kind = "CLAIM_KIND_DATE";
  EXPECT_EQ(*BuildClaimFilter(flags), "kind = DATE");
}

TEST(BuildClaimFilterTest, RejectsKindsThatAreNotWords) {
  ClaimFilterFlags flags;
  flags.kind = "quantity\" OR 1";
  EXPECT_FALSE(BuildClaimFilter(flags).ok());
}

TEST(BuildClaimFilterTest, RejectsMinSourcesThatAreNotWholeNumbers) {
  for (const char* bad : {"-1", "two", "1.5", "", "99999999999"}) {
    ClaimFilterFlags flags;
    flags.min_sources = bad;
    const auto filter = BuildClaimFilter(flags);
    EXPECT_FALSE(filter.ok()) << bad;
    if (!filter.ok()) {
      EXPECT_THAT(std::string(filter.status().message()), HasSubstr("--min-sources"));
    }
  }
}

// The service's own parser reads back exactly the values given, however
// they are punctuated.
TEST(BuildClaimFilterTest, RoundTripsAwkwardValuesThroughTheServiceParser) {
  ClaimFilterFlags flags;
  flags.subject = "Harbour \"Port\" Authority \\ AND kind = DATE";
  flags.predicate = "cost";
  flags.claimant = "\xE2\x80\x9CMara\xE2\x80\x9D Lindqvist \xE2\x80\x94 \xE6\xB8\xAF\xE5\x8F\xA3";
  flags.unit = "";
  const auto filter = BuildClaimFilter(flags);
  ASSERT_TRUE(filter.ok());
  const std::vector<common::FilterField> fields = {{"subject", {"="}}, {"predicate", {"="}},
                                                   {"kind", {"="}},    {"claimant", {"="}},
                                                   {"unit", {"="}},    {"source_count", {">="}}};
  const auto terms = common::ParseListFilter(*filter, fields);
  ASSERT_TRUE(terms.ok()) << terms.status() << " for " << *filter;
  ASSERT_EQ(terms->size(), 4u);
  EXPECT_EQ((*terms)[0].field, "subject");
  EXPECT_EQ((*terms)[0].value, *flags.subject);
  EXPECT_EQ((*terms)[1].value, "cost");
  EXPECT_EQ((*terms)[2].field, "claimant");
  EXPECT_EQ((*terms)[2].value, *flags.claimant);
  EXPECT_EQ((*terms)[3].field, "unit");
  EXPECT_EQ((*terms)[3].value, "");
}

TEST(BuildArticleFilterTest, QuotesPublisherAndUri) {
  EXPECT_EQ(BuildArticleFilter(std::string("The \"Courier\""), std::nullopt),
            "publisher = \"The \\\"Courier\\\"\"");
  EXPECT_EQ(BuildArticleFilter(std::nullopt, std::string("https://example.com/a")),
            "uri = \"https://example.com/a\"");
  EXPECT_EQ(BuildArticleFilter(std::nullopt, std::nullopt), "");
}

TEST(ResolveOutputWidthTest, PrefersTheTerminalThenColumnsThenDefault) {
  EXPECT_EQ(ResolveOutputWidth(132, "80"), 132);
  EXPECT_EQ(ResolveOutputWidth(0, "80"), 80);
  EXPECT_EQ(ResolveOutputWidth(0, nullptr), kDefaultOutputWidth);
  EXPECT_EQ(ResolveOutputWidth(0, "wide"), kDefaultOutputWidth);
  EXPECT_EQ(ResolveOutputWidth(0, "-5"), kDefaultOutputWidth);
  EXPECT_EQ(ResolveOutputWidth(0, ""), kDefaultOutputWidth);
}

TEST(ColourAllowedTest, OnlyOnATerminalWithoutNoColor) {
  EXPECT_TRUE(ColourAllowed(true, nullptr));
  EXPECT_FALSE(ColourAllowed(false, nullptr));
  EXPECT_FALSE(ColourAllowed(true, "1"));
  // NO_COLOR set to the empty string still disables colour.
  EXPECT_FALSE(ColourAllowed(true, ""));
}

}  // namespace
}  // namespace claimtrace::client
