#include "common/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace claimtrace::common {
namespace {

TEST(FindInvalidUtf8Test, AcceptsAsciiAndMultiByteText) {
  EXPECT_EQ(FindInvalidUtf8("plain"), std::nullopt);
  EXPECT_EQ(
      FindInvalidUtf8(
          "\xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x80\x94 \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80"),
      std::nullopt);
}

TEST(FindInvalidUtf8Test, ReportsOffsetOfFirstBadSequence) {
  EXPECT_EQ(FindInvalidUtf8("ab\xFF"), 2u);
  EXPECT_EQ(FindInvalidUtf8("ab\xC3"), 2u);            // truncated
  EXPECT_EQ(FindInvalidUtf8("\xC0\xAF"), 0u);          // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("x\xED\xA0\x80"), 1u);     // surrogate
  EXPECT_EQ(FindInvalidUtf8("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
}

TEST(Utf8BoundaryTest, AlignsIntoCharacterStarts) {
  const std::string text =
      "a\xE2\x80\x94"
      "b";  // a — b
  EXPECT_TRUE(IsUtf8Boundary(text, 1));
  EXPECT_FALSE(IsUtf8Boundary(text, 2));
  EXPECT_EQ(AlignUtf8Start(text, 3), 1u);
  EXPECT_EQ(AlignUtf8Start(text, 4), 4u);
}

}  // namespace
}  // namespace claimtrace::common
