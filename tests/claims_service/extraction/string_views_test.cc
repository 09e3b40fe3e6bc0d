#include "claims_service/extraction/string_views.h"

#include <string>
#include <string_view>

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
