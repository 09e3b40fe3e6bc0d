#include "provenance_service/provenance_names.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/status_util.h"

namespace claimtrace::provenance {
namespace {

constexpr char kArticleId[] = "0123456789abcdef0123456789abcdef";

template <typename T>
void ExpectViolation(const absl::StatusOr<T>& parsed, std::string_view field,
                     std::string_view input) {
  ASSERT_FALSE(parsed.ok()) << "accepted [" << input << "]";
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << input;
  EXPECT_EQ(common::ViolatedField(parsed.status()), std::string(field)) << input;
}

TEST(ProvenanceNamesTest, FormatsNames) {
  EXPECT_EQ(ArticleName(kArticleId), std::string("articles/") + kArticleId);
  EXPECT_EQ(ParagraphName(kArticleId, 0), std::string("articles/") + kArticleId + "/paragraphs/0");
  EXPECT_EQ(ParagraphName(kArticleId, 12),
            std::string("articles/") + kArticleId + "/paragraphs/12");
}

TEST(ProvenanceNamesTest, ArticleNamesRoundTrip) {
  absl::StatusOr<std::string> id = ParseArticleName(ArticleName(kArticleId), "name");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, kArticleId);
}

TEST(ProvenanceNamesTest, ParagraphNamesRoundTrip) {
  for (const int index : {0, 1, 9, 10, 4321}) {
    absl::StatusOr<std::pair<std::string, int>> parsed =
        ParseParagraphName(ParagraphName(kArticleId, index), "name");
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(parsed->first, kArticleId);
    EXPECT_EQ(parsed->second, index);
  }
}

TEST(ProvenanceNamesTest, ClaimNamesRoundTrip) {
  absl::StatusOr<std::string> id = ParseClaimId("claims/00ff00ff00ff00ff", "claim");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(*id, "00ff00ff00ff00ff");
}

TEST(ProvenanceNamesTest, MalformedArticleNamesNameTheField) {
  const std::string id = kArticleId;
  const std::vector<std::string> names = {std::string(""),
                                          std::string("articles/"),
                                          "articles/" + id.substr(1),
                                          "articles/" + id + "0",
                                          "articles/0123456789ABCDEF0123456789ABCDEF",
                                          "article/" + id,
                                          "Articles/" + id,
                                          "articles/" + id + "/",
                                          "articles/" + id + "/paragraphs/0",
                                          "/articles/" + id,
                                          id,
                                          "articles//" + id,
                                          "articles/0123456789abcdef0123456789abcdeg",
                                          "claims/" + id,
                                          " articles/" + id,
                                          "articles/" + id.substr(0, 31) + "\xC3\xA9"};
  for (const std::string& name : names) {
    ExpectViolation(ParseArticleName(name, "parent"), "parent", name);
  }
}

TEST(ProvenanceNamesTest, MalformedParagraphNamesNameTheField) {
  const std::string base = std::string("articles/") + kArticleId + "/paragraphs/";
  for (const std::string& name :
       {std::string(""), base, base + "-1", base + "01", base + "+1", base + " 1", base + "1 ",
        base + "1x", base + "1.0", base + "99999999999", base + "0/evidence/x",
        std::string("articles/") + kArticleId, std::string("articles/abc/paragraphs/1"),
        std::string("articles/") + kArticleId + "/paragraph/1",
        std::string("articles/") + kArticleId + "/paragraphs//1"}) {
    ExpectViolation(ParseParagraphName(name, "name"), "name", name);
  }
}

TEST(ProvenanceNamesTest, MalformedClaimNamesNameTheField) {
  for (const std::string name :
       {"", "claims/", "claims/00ff00ff00ff00f", "claims/00ff00ff00ff00ff0",
        "claims/00FF00FF00FF00FF", "claim/00ff00ff00ff00ff", "00ff00ff00ff00ff",
        "claims/00ff00ff00ff00ff/x", "claims/00ff00ff00ff00fz", "articles/00ff00ff00ff00ff"}) {
    ExpectViolation(ParseClaimId(name, "claim"), "claim", name);
  }
}

}  // namespace
}  // namespace claimtrace::provenance
