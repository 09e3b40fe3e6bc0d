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

TEST(StringViewsTest, SetsAndMapsFindViewsOfOtherBuffers) {
  const StringViewSet set = {"said", "says"};
  const std::string said = "he said it";
  EXPECT_TRUE(set.contains(std::string_view(said).substr(3, 4)));
  EXPECT_FALSE(set.contains(std::string_view(said).substr(3, 3)));
  const StringViewMap<int> map = {{"may", 5}};
  EXPECT_EQ(map.at(std::string_view("in may").substr(3)), 5);
}

}  // namespace
}  // namespace claimtrace::claims
