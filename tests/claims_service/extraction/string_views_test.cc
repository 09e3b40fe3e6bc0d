#include "claims_service/extraction/string_views.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "gtest/gtest.h"

namespace claimtrace::claims {
namespace {

TEST(StringViewsTest, IsComparesWholeWordsLikeOperatorEquals) {
  EXPECT_TRUE(Is("the", "the"));
  EXPECT_FALSE(Is("they", "the"));
  EXPECT_FALSE(Is("th", "the"));
  EXPECT_FALSE(Is("The", "the"));
  EXPECT_TRUE(Is(std::string_view(), ""));
  EXPECT_FALSE(Is(std::string_view(";"), ""));
  // Multi-byte literals compare byte-wise: “ is three bytes.
  EXPECT_TRUE(Is("\xE2\x80\x9C", "\xE2\x80\x9C"));
  EXPECT_FALSE(Is("\xE2\x80\x9D", "\xE2\x80\x9C"));
  // A view into a longer text compares only its own bytes.
  const std::string text = "based in";
  EXPECT_TRUE(Is(std::string_view(text).substr(0, 5), "based"));
}

TEST(StringViewsTest, FindInWordFindsTheFirstByteLikeFind) {
  for (std::string_view word : {"", "-", "hangzhou-based", "second-largest-ever", "plain", "a-"}) {
    EXPECT_EQ(FindInWord(word, '-'), word.find('-')) << word;
  }
}

TEST(StringViewsTest, SetsAndMapsFindViewsOfOtherBuffers) {
  const StringViewSet set = {"said", "says"};
  const std::string said = "he said it";
  EXPECT_TRUE(set.contains(std::string_view(said).substr(3, 4)));
  EXPECT_FALSE(set.contains(std::string_view(said).substr(3, 3)));
  const StringViewMap<int> map = {{"may", 5}};
  EXPECT_EQ(map.at(std::string_view("in may").substr(3)), 5);
}

TEST(StringViewsTest, WordHashIsTheSameForEveryStringTypeAndBuffer) {
  // Every length the short path reads differently (0, 1-3, 4-7, 8-16) and
  // the long one.
  for (const std::string word : {"", "a", "of", "the", "said", "based", "percent", "estimate",
                                 "sanctioned", "semiconductors", "sixteen-letters",
                                 "exactly-16-bytes", "seventeen-letters", "a much longer key"}) {
    const std::string in_text = "<" + word + ">";
    const std::string_view view = std::string_view(in_text).substr(1, word.size());
    const std::size_t h = WordHash{}(word);
    EXPECT_EQ(WordHash{}(view), h) << word;
    EXPECT_EQ(WordHash{}(absl::string_view(view.data(), view.size())), h) << word;
    EXPECT_EQ(WordHash{}(word.c_str()), h) << word;
    EXPECT_TRUE(WordEq{}(word, view)) << word;
    EXPECT_TRUE(WordEq{}(absl::string_view(view.data(), view.size()), word)) << word;
  }
}

TEST(StringViewsTest, WordHashSpreadsShortWordsOverEveryBitAbseilUses) {
  // All 18,278 words of one to three lower-case letters and 10,000 numbered
  // words of 4-16 bytes, under three fixed seeds (the process's own comes
  // from ASLR): no two share a hash, and the 7 bits Abseil's tables compare
  // first (the low ones) and the next 7 (which pick the group) are each near
  // uniform.
  std::vector<std::string> words;
  for (char a = 'a'; a <= 'z'; ++a) {
    words.push_back(std::string(1, a));
    for (char b = 'a'; b <= 'z'; ++b) {
      words.push_back(std::string{a, b});
      for (char c = 'a'; c <= 'z'; ++c) words.push_back(std::string{a, b, c});
    }
  }
  for (int k = 0; k < 10000; ++k) {
    words.push_back(std::string(static_cast<std::size_t>(k % 13), 'x') + std::to_string(k));
  }
  for (const std::uint64_t seed : {0ULL, 0x9E3779B97F4A7C15ULL, 0x00007F3A5C2E1000ULL}) {
    absl::flat_hash_set<std::size_t> hashes;
    std::vector<int> low(128), next(128);
    for (const std::string& w : words) {
      const std::size_t h = WordHash::SeededHash(w.data(), w.size(), seed);
      EXPECT_TRUE(hashes.insert(h).second) << "collision at " << w << ", seed " << seed;
      ++low[h & 127];
      ++next[(h >> 7) & 127];
    }
    const double expected = static_cast<double>(words.size()) / 128;
    for (int bucket = 0; bucket < 128; ++bucket) {
      EXPECT_GT(low[bucket], expected * 0.7) << bucket << ", seed " << seed;
      EXPECT_LT(low[bucket], expected * 1.3) << bucket << ", seed " << seed;
      EXPECT_GT(next[bucket], expected * 0.7) << bucket << ", seed " << seed;
      EXPECT_LT(next[bucket], expected * 1.3) << bucket << ", seed " << seed;
    }
  }
  // The seed changes the hash.
  EXPECT_NE(WordHash::SeededHash("said", 4, 0), WordHash::SeededHash("said", 4, 1ULL << 20));
}

TEST(StringViewsTest, StringKeyMapsAreLookedUpByEitherViewType) {
  StringKeyMap<int> map;
  map["million"] = 6;
  map[std::string(20, 'm')] = 20;
  const std::string text = "6 million dollars";
  EXPECT_EQ(map.at(std::string_view(text).substr(2, 7)), 6);
  EXPECT_TRUE(map.contains(absl::string_view(text.data() + 2, 7)));
  EXPECT_FALSE(map.contains(std::string_view(text).substr(2, 6)));
  EXPECT_EQ(map.at(std::string_view(std::string(20, 'm'))), 20);
  StringKeySet set = {"gb", "km"};
  EXPECT_TRUE(set.contains(std::string_view("10gb").substr(2)));
  EXPECT_FALSE(set.contains("kg"));
}

TEST(StringViewsTest, WordSetFindsEveryMemberAndNothingElse) {
  const WordSet set = {
      "a", "an", "the", "said", "co-founder", "r&d", "\xC3\xA9t\xC3\xA9", "superintendent", "x"};
  for (std::string_view word : set) EXPECT_TRUE(set.contains(word)) << word;
  // Members found through views of other text; near misses rejected.
  const std::string text = "The co-founder said";
  EXPECT_TRUE(set.contains(std::string_view(text).substr(4, 10)));
  for (std::string_view other : {"", "th", "then", "sad", "saíd", "superintendents", "b", "R&D",
                                 "co-founders", "\xC3\xA9t\xC3\xA8"}) {
    EXPECT_FALSE(set.contains(other)) << other;
  }
}

TEST(StringViewsTest, WordFilterNeverRejectsAnAddedWord) {
  WordFilter filter;
  const std::string words[] = {"a", "of", "longer-than-seven", "Z9", "\xE2\x80\x9C", "ends.", ""};
  for (const std::string& word : words) filter.Add(word);
  for (const std::string& word : words) EXPECT_TRUE(filter.MayContain(word)) << word;
}

}  // namespace
}  // namespace claimtrace::claims
