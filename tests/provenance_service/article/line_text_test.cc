#include "provenance_service/article/line_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace claimtrace::provenance {
namespace {

using ::testing::ElementsAre;

TEST(SplitWordsTest, SplitsOnSpacesTabsNewlinesAndNoBreakSpaces) {
  EXPECT_THAT(SplitWords("  one\ttwo\nthree\xC2\xA0"
                         "four  "),
              ElementsAre("one", "two", "three", "four"));
  EXPECT_TRUE(SplitWords("").empty());
  EXPECT_TRUE(SplitWords(" \t\n\xC2\xA0").empty());
  // A lead byte without its continuation is part of a word.
  EXPECT_THAT(SplitWords("a\xC2 b"), ElementsAre("a\xC2", "b"));
}

TEST(CountWordsTest, CountsWhatSplitWordsSplits) {
  const std::vector<std::string> texts = {
      "",
      " ",
      "one",
      "  one\ttwo\nthree\xC2\xA0"
      "four  ",
      "\xC2\xA0\xC2\xA0x\xC2\xA0",
      "a\xC2 b\xC2",
      "caf\xC3\xA9 au lait \xE2\x80\x94 \xC2\xA0 noir",
      "trailing\xC2",
  };
  for (const std::string& text : texts) {
    EXPECT_EQ(CountWords(text), static_cast<int>(SplitWords(text).size())) << text;
  }
}

}  // namespace
}  // namespace claimtrace::provenance
