#include "common/number_text.h"

#include <cmath>
#include <limits>
#include <string>

#include "gtest/gtest.h"

namespace claimtrace::common {
namespace {

TEST(NumberTextTest, GroupsTheThousandsOfWholeNumbers) {
  EXPECT_EQ(GroupedWholeNumber(0), "0");
  EXPECT_EQ(GroupedWholeNumber(-0.0), "0");
  EXPECT_EQ(GroupedWholeNumber(7), "7");
  EXPECT_EQ(GroupedWholeNumber(999), "999");
  EXPECT_EQ(GroupedWholeNumber(1000), "1,000");
  EXPECT_EQ(GroupedWholeNumber(-1234), "-1,234");
  EXPECT_EQ(GroupedWholeNumber(705900000), "705,900,000");
  EXPECT_EQ(GroupedWholeNumber(999999999999999), "999,999,999,999,999");
  EXPECT_EQ(GroupedWholeNumber(-999999999999999), "-999,999,999,999,999");
  std::string out = "cost ";
  AppendGroupedWholeNumber(6000000, &out);
  EXPECT_EQ(out, "cost 6,000,000");
}

TEST(NumberTextTest, TakesOnlyWholeNumbersBelowTenToTheFifteen) {
  EXPECT_TRUE(IsGroupableWholeNumber(0));
  EXPECT_TRUE(IsGroupableWholeNumber(-999999999999999));
  EXPECT_FALSE(IsGroupableWholeNumber(1e15));
  EXPECT_FALSE(IsGroupableWholeNumber(1.5));
  EXPECT_FALSE(IsGroupableWholeNumber(-0.25));
  EXPECT_FALSE(IsGroupableWholeNumber(std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(IsGroupableWholeNumber(std::nan("")));
}

}  // namespace
}  // namespace claimtrace::common
