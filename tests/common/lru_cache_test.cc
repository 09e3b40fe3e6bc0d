#include "common/lru_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace claimtrace::common {
namespace {

// What one entry of `value_bytes` (and a two-character key) is charged.
std::size_t Charge(std::size_t value_bytes) {
  LruCache<int> probe(1 << 20);
  probe.Put("k1", 0, value_bytes);
  return probe.bytes();
}

TEST(LruCacheTest, FindsWhatWasPutAndMissesTheRest) {
  LruCache<std::string> cache(1 << 20);
  EXPECT_FALSE(cache.Find("a1").has_value());
  cache.Put("a1", "first", 5);
  EXPECT_EQ(cache.Find("a1"), "first");
  EXPECT_FALSE(cache.Find("a2").has_value());
}

TEST(LruCacheTest, PutReplacesTheEntryUnderTheSameKey) {
  LruCache<std::string> cache(1 << 20);
  cache.Put("a1", "old", 10);
  const std::size_t bytes = cache.bytes();
  cache.Put("a1", "new", 10);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.bytes(), bytes);
  EXPECT_EQ(cache.Find("a1"), "new");
}

TEST(LruCacheTest, EvictsTheLeastRecentlyUsedToStayWithinTheBudget) {
  LruCache<int> cache(3 * Charge(100));
  cache.Put("a1", 1, 100);
  cache.Put("a2", 2, 100);
  cache.Put("a3", 3, 100);
  ASSERT_EQ(cache.size(), 3u);
  ASSERT_TRUE(cache.Find("a1").has_value());  // a1 is now the most recent
  cache.Put("a4", 4, 100);                    // a2 goes
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_LE(cache.bytes(), 3 * Charge(100));
  EXPECT_TRUE(cache.Find("a1").has_value());
  EXPECT_FALSE(cache.Find("a2").has_value());
  EXPECT_TRUE(cache.Find("a3").has_value());
  EXPECT_TRUE(cache.Find("a4").has_value());
}

TEST(LruCacheTest, ALargerEntryEvictsAsManyAsItNeeds) {
  LruCache<int> cache(4 * Charge(100));
  for (const char* key : {"a1", "a2", "a3", "a4"}) cache.Put(key, 0, 100);
  cache.Put("big", 0, 2 * Charge(100));
  EXPECT_TRUE(cache.Find("big").has_value());
  EXPECT_LE(cache.bytes(), 4 * Charge(100));
  EXPECT_FALSE(cache.Find("a1").has_value());
  EXPECT_FALSE(cache.Find("a2").has_value());
  EXPECT_FALSE(cache.Find("a3").has_value());
  EXPECT_TRUE(cache.Find("a4").has_value());
}

TEST(LruCacheTest, AnEntryLargerThanTheBudgetIsNotKept) {
  LruCache<int> cache(2 * Charge(100));
  cache.Put("a1", 1, 100);
  cache.Put("huge", 2, 4 * Charge(100));
  EXPECT_FALSE(cache.Find("huge").has_value());
  EXPECT_TRUE(cache.Find("a1").has_value());
}

TEST(LruCacheTest, ExpiredEntriesMissAndAreDropped) {
  LruCache<int> cache(1 << 20);
  const absl::Time now = absl::FromUnixSeconds(1000);
  cache.Put("short", 1, 10, now + absl::Seconds(1));
  cache.Put("forever", 2, 10);
  EXPECT_EQ(cache.Find("short", now), 1);
  EXPECT_FALSE(cache.Find("short", now + absl::Seconds(1)).has_value());
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.Find("forever", now + absl::Hours(24 * 365)), 2);
}

TEST(LruCacheTest, EraseAndClearForget) {
  LruCache<int> cache(1 << 20);
  cache.Put("a1", 1, 10);
  cache.Put("a2", 2, 10);
  cache.Erase("a1");
  cache.Erase("absent");
  EXPECT_FALSE(cache.Find("a1").has_value());
  EXPECT_EQ(cache.Find("a2"), 2);
  cache.Clear();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(cache.bytes(), 0u);
  cache.Put("a1", 3, 10);
  EXPECT_EQ(cache.Find("a1"), 3);
}

TEST(LruCacheTest, ZeroBudgetKeepsNothing) {
  LruCache<int> cache(0);
  cache.Put("a1", 1, 0);
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_FALSE(cache.Find("a1").has_value());
}

}  // namespace
}  // namespace claimtrace::common
