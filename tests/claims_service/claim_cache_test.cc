#include "claims_service/claim_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace claimtrace::claims {
namespace {

StoredClaim Claim(std::string id, int source_count = 1, std::string statement = "") {
  StoredClaim claim;
  claim.id = std::move(id);
  claim.content.subject = {"harbour-board", "Harbour Board", ""};
  claim.content.predicate = "fare";
  claim.content.statement = statement.empty() ? "Harbour Board charges 4.50 EUR." : statement;
  claim.source_count = source_count;
  return claim;
}

TEST(ClaimCacheTest, FindsWhatWasPutAndMissesTheRest) {
  ClaimCache cache(1 << 20);
  EXPECT_FALSE(cache.Find("a1").has_value());
  cache.Put(Claim("a1", 3));
  std::optional<StoredClaim> found = cache.Find("a1");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, "a1");
  EXPECT_EQ(found->source_count, 3);
  EXPECT_FALSE(cache.Find("a2").has_value());
}

TEST(ClaimCacheTest, PutReplacesTheEntryOfTheSameClaim) {
  ClaimCache cache(1 << 20);
  cache.Put(Claim("a1", 1));
  const std::size_t bytes = cache.bytes();
  cache.Put(Claim("a1", 2));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.bytes(), bytes);
  EXPECT_EQ(cache.Find("a1")->source_count, 2);
}

TEST(ClaimCacheTest, EvictsTheLeastRecentlyUsedToStayWithinTheBudget) {
  const std::size_t one = ClaimCache::ApproximateBytes(Claim("a1"));
  ClaimCache cache(3 * one);
  cache.Put(Claim("a1"));
  cache.Put(Claim("a2"));
  cache.Put(Claim("a3"));
  ASSERT_EQ(cache.size(), 3u);
  ASSERT_TRUE(cache.Find("a1").has_value());  // a1 is now the most recent
  cache.Put(Claim("a4"));                     // a2 goes
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_LE(cache.bytes(), 3 * one);
  EXPECT_TRUE(cache.Find("a1").has_value());
  EXPECT_FALSE(cache.Find("a2").has_value());
  EXPECT_TRUE(cache.Find("a3").has_value());
  EXPECT_TRUE(cache.Find("a4").has_value());
}

TEST(ClaimCacheTest, ALargerClaimEvictsAsManyAsItNeeds) {
  const std::size_t one = ClaimCache::ApproximateBytes(Claim("a1"));
  ClaimCache cache(4 * one);
  for (const char* id : {"a1", "a2", "a3", "a4"}) cache.Put(Claim(id));
  cache.Put(Claim("big", 1, std::string(2 * one, 'x')));
  EXPECT_TRUE(cache.Find("big").has_value());
  EXPECT_LE(cache.bytes(), 4 * one);
  EXPECT_FALSE(cache.Find("a1").has_value());
  EXPECT_FALSE(cache.Find("a2").has_value());
  EXPECT_TRUE(cache.Find("a4").has_value());
}

TEST(ClaimCacheTest, AClaimLargerThanTheBudgetIsNotKept) {
  const std::size_t one = ClaimCache::ApproximateBytes(Claim("a1"));
  ClaimCache cache(2 * one);
  cache.Put(Claim("a1"));
  cache.Put(Claim("huge", 1, std::string(4 * one, 'x')));
  EXPECT_FALSE(cache.Find("huge").has_value());
  EXPECT_TRUE(cache.Find("a1").has_value());
}

TEST(ClaimCacheTest, ZeroBudgetKeepsNothing) {
  ClaimCache cache(0);
  cache.Put(Claim("a1"));
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_FALSE(cache.Find("a1").has_value());
}

TEST(ClaimCacheTest, ClearForgetsEverything) {
  ClaimCache cache(1 << 20);
  cache.Put(Claim("a1"));
  cache.Put(Claim("a2"));
  cache.Clear();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.bytes(), 0u);
  EXPECT_FALSE(cache.Find("a1").has_value());
  cache.Put(Claim("a1"));
  EXPECT_TRUE(cache.Find("a1").has_value());
}

}  // namespace
}  // namespace claimtrace::claims
