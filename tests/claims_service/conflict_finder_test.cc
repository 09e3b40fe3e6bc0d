#include "claims_service/conflict_finder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace claimtrace::claims {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr double kInf = std::numeric_limits<double>::infinity();
const std::vector<std::string> kSingleValued = {"headquartered_in", "founded"};

Quantity Q(double value, Bound bound, std::string unit = "USD", double upper = std::nan("")) {
  Quantity q;
  q.value = value;
  q.upper_value = std::isnan(upper) ? value : upper;
  q.unit = std::move(unit);
  q.bound = bound;
  return q;
}

ClaimContent QuantityClaim(const Quantity& q, std::string predicate = "construction_cost") {
  ClaimContent c;
  c.kind = ClaimKind::kQuantity;
  c.subject = {"harbor-tidal", "Harbor Tidal", ""};
  c.predicate = std::move(predicate);
  c.quantity = q;
  return c;
}

ClaimContent DateClaim(std::string predicate, int year, int month = 0, int day = 0) {
  ClaimContent c;
  c.kind = ClaimKind::kDate;
  c.subject = {"harbor-tidal", "Harbor Tidal", ""};
  c.predicate = std::move(predicate);
  CalendarDate d;
  d.year = year;
  d.month = month;
  d.day = day;
  d.precision = day != 0     ? DatePrecision::kDay
                : month != 0 ? DatePrecision::kMonth
                             : DatePrecision::kYear;
  c.date = d;
  return c;
}

ClaimContent PlaceClaim(std::string predicate, std::string place_id, std::string place_name) {
  ClaimContent c;
  c.kind = ClaimKind::kLocation;
  c.subject = {"harbor-tidal", "Harbor Tidal", ""};
  c.predicate = std::move(predicate);
  c.object = {std::move(place_id), std::move(place_name), ""};
  return c;
}

bool Conflict(const std::vector<ClaimContent>& claims) {
  return FindConflict(claims, kSingleValued).has_value();
}

bool QuantitiesConflict(const Quantity& a, const Quantity& b) {
  return Conflict({QuantityClaim(a), QuantityClaim(b)});
}

void ExpectInterval(const Quantity& q, double low, double high, bool low_open, bool high_open) {
  const ValueInterval i = IntervalOf(q);
  EXPECT_DOUBLE_EQ(i.low, low);
  EXPECT_DOUBLE_EQ(i.high, high);
  EXPECT_EQ(i.low_open, low_open);
  EXPECT_EQ(i.high_open, high_open);
}

TEST(IntervalOfTest, ExactValueGetsTheExactTolerance) {
  ExpectInterval(Q(200, Bound::kExact), 200 * (1 - kExactTolerance), 200 * (1 + kExactTolerance),
                 false, false);
}

TEST(IntervalOfTest, ApproximateValueGetsTheApproximateTolerance) {
  ExpectInterval(Q(6e6, Bound::kApproximate), 6e6 * (1 - kApproximateTolerance),
                 6e6 * (1 + kApproximateTolerance), false, false);
}

TEST(IntervalOfTest, ToleranceConstantsAreTheDocumentedReadings) {
  // "nearly $6 million" is read as [5.4M, 6.6M]; exact values allow rounding.
  EXPECT_DOUBLE_EQ(kApproximateTolerance, 0.10);
  EXPECT_DOUBLE_EQ(kExactTolerance, 0.005);
  const ValueInterval nearly = IntervalOf(Q(6e6, Bound::kApproximate));
  EXPECT_DOUBLE_EQ(nearly.low, 5.4e6);
  EXPECT_DOUBLE_EQ(nearly.high, 6.6e6);
}

TEST(IntervalOfTest, InclusiveLowerBounds) {
  ExpectInterval(Q(10000, Bound::kAtLeast), 10000, kInf, false, false);
}

TEST(IntervalOfTest, ExclusiveLowerBounds) {
  ExpectInterval(Q(10000, Bound::kMoreThan), 10000, kInf, true, false);
}

TEST(IntervalOfTest, InclusiveUpperBounds) {
  ExpectInterval(Q(500, Bound::kAtMost), -kInf, 500, false, false);
}

TEST(IntervalOfTest, ExclusiveUpperBounds) {
  ExpectInterval(Q(500, Bound::kLessThan), -kInf, 500, false, true);
}

TEST(IntervalOfTest, RangesAreClosedAndOrdered) {
  ExpectInterval(Q(10, Bound::kRange, "percent", 20), 10, 20, false, false);
  ExpectInterval(Q(20, Bound::kRange, "percent", 10), 10, 20, false, false);
}

TEST(IntervalOfTest, NegativeAndZeroExactValues) {
  ExpectInterval(Q(-40, Bound::kExact, "percent"), -40 * (1 + kExactTolerance),
                 -40 * (1 - kExactTolerance), false, false);
  ExpectInterval(Q(0, Bound::kExact, "percent"), 0, 0, false, false);
}

TEST(IntersectsTest, OverlappingAndDisjointIntervals) {
  EXPECT_TRUE(Intersects({0, 10}, {5, 15}));
  EXPECT_TRUE(Intersects({0, 10}, {2, 3}));
  EXPECT_FALSE(Intersects({0, 10}, {11, 15}));
  EXPECT_FALSE(Intersects({11, 15}, {0, 10}));
  EXPECT_TRUE(Intersects({-kInf, kInf}, {3, 3}));
}

TEST(IntersectsTest, TouchingEndpointsCountOnlyWhenBothAreClosed) {
  EXPECT_TRUE(Intersects({0, 10}, {10, 20}));
  EXPECT_FALSE(Intersects({0, 10, false, true}, {10, 20}));
  EXPECT_FALSE(Intersects({0, 10}, {10, 20, true, false}));
  EXPECT_FALSE(Intersects({0, 10, false, true}, {10, 20, true, false}));
  EXPECT_TRUE(Intersects({5, 5}, {5, 5}));
  EXPECT_FALSE(Intersects({5, 5}, {5, 9, true, false}));
}

TEST(IntersectsTest, IsSymmetric) {
  const ValueInterval intervals[] = {{0, 10},
                                     {0, 10, true, true},
                                     {10, 20},
                                     {10, 20, true, false},
                                     {-kInf, 10, false, true},
                                     {5, kInf},
                                     {10, 10}};
  for (const ValueInterval& a : intervals) {
    for (const ValueInterval& b : intervals) {
      EXPECT_EQ(Intersects(a, b), Intersects(b, a))
          << "[" << a.low << "," << a.high << "] vs [" << b.low << "," << b.high << "]";
    }
  }
}

TEST(FindConflictTest, LowerBoundsNeverContradictEachOther) {
  // "at least 10,000" and "at least 50,000" can both be true.
  EXPECT_FALSE(QuantitiesConflict(Q(10000, Bound::kAtLeast, "turbines"),
                                  Q(50000, Bound::kAtLeast, "turbines")));
  EXPECT_FALSE(QuantitiesConflict(Q(10000, Bound::kMoreThan, "turbines"),
                                  Q(50000, Bound::kAtLeast, "turbines")));
  EXPECT_FALSE(QuantitiesConflict(Q(10000, Bound::kAtMost, "turbines"),
                                  Q(50000, Bound::kLessThan, "turbines")));
}

TEST(FindConflictTest, MillionsAgainstThousandsConflict) {
  const std::vector<ClaimContent> claims = {QuantityClaim(Q(6e6, Bound::kApproximate)),
                                            QuantityClaim(Q(294000, Bound::kExact))};
  std::optional<ConflictVerdict> verdict = FindConflict(claims, kSingleValued);
  ASSERT_TRUE(verdict.has_value());
  EXPECT_THAT(verdict->conflicting, ElementsAre(0, 1));
  EXPECT_THAT(verdict->explanation, HasSubstr("6,000,000 USD"));
  EXPECT_THAT(verdict->explanation, HasSubstr("294,000 USD"));
  EXPECT_THAT(verdict->explanation, HasSubstr("Harbor Tidal"));
  // Plain "$6 million" against "$294,000" too.
  EXPECT_TRUE(QuantitiesConflict(Q(6e6, Bound::kExact), Q(294000, Bound::kExact)));
}

TEST(FindConflictTest, ExactValuesAgreeWithinRoundingTolerance) {
  EXPECT_FALSE(QuantitiesConflict(Q(6e6, Bound::kExact), Q(6.02e6, Bound::kExact)));
  // Two exact readings overlap while b(1 - t) <= a(1 + t).
  const double t = kExactTolerance;
  const double edge = 100 * (1 + t) / (1 - t);
  EXPECT_FALSE(QuantitiesConflict(Q(100, Bound::kExact), Q(edge * 0.999, Bound::kExact)));
  EXPECT_TRUE(QuantitiesConflict(Q(100, Bound::kExact), Q(edge * 1.001, Bound::kExact)));
  EXPECT_TRUE(QuantitiesConflict(Q(100, Bound::kExact), Q(103, Bound::kExact)));
}

TEST(FindConflictTest, ApproximateValuesAgreeWithinTheWiderTolerance) {
  const double ta = kApproximateTolerance;
  const double te = kExactTolerance;
  // "about 100" against an exact value: overlap while b(1 - te) <= 100(1 + ta).
  const double edge = 100 * (1 + ta) / (1 - te);
  EXPECT_FALSE(QuantitiesConflict(Q(100, Bound::kApproximate), Q(edge * 0.999, Bound::kExact)));
  EXPECT_TRUE(QuantitiesConflict(Q(100, Bound::kApproximate), Q(edge * 1.001, Bound::kExact)));
  // Two approximations overlap while b(1 - ta) <= 100(1 + ta).
  const double approx_edge = 100 * (1 + ta) / (1 - ta);
  EXPECT_FALSE(
      QuantitiesConflict(Q(100, Bound::kApproximate), Q(approx_edge * 0.999, Bound::kApproximate)));
  EXPECT_TRUE(
      QuantitiesConflict(Q(100, Bound::kApproximate), Q(approx_edge * 1.001, Bound::kApproximate)));
  // The same pair read as exact values conflicts.
  EXPECT_TRUE(QuantitiesConflict(Q(100, Bound::kExact), Q(115, Bound::kExact)));
  EXPECT_FALSE(QuantitiesConflict(Q(100, Bound::kApproximate), Q(115, Bound::kApproximate)));
}

TEST(FindConflictTest, OpenAndClosedBoundsMeetingAtOneValue) {
  // "at least 50" and "at most 50": 50 satisfies both.
  EXPECT_FALSE(QuantitiesConflict(Q(50, Bound::kAtLeast), Q(50, Bound::kAtMost)));
  // "more than 50" and "at most 50": nothing satisfies both.
  EXPECT_TRUE(QuantitiesConflict(Q(50, Bound::kMoreThan), Q(50, Bound::kAtMost)));
  EXPECT_TRUE(QuantitiesConflict(Q(50, Bound::kAtLeast), Q(50, Bound::kLessThan)));
  EXPECT_TRUE(QuantitiesConflict(Q(50, Bound::kMoreThan), Q(50, Bound::kLessThan)));
  EXPECT_TRUE(QuantitiesConflict(Q(60, Bound::kAtLeast), Q(50, Bound::kAtMost)));
  EXPECT_FALSE(QuantitiesConflict(Q(40, Bound::kMoreThan), Q(50, Bound::kLessThan)));
}

TEST(FindConflictTest, BoundsAgainstExactValues) {
  EXPECT_FALSE(QuantitiesConflict(Q(10000, Bound::kAtLeast), Q(12000, Bound::kExact)));
  EXPECT_TRUE(QuantitiesConflict(Q(10000, Bound::kAtLeast), Q(8000, Bound::kExact)));
  EXPECT_TRUE(QuantitiesConflict(Q(500, Bound::kLessThan), Q(600, Bound::kExact)));
  EXPECT_FALSE(QuantitiesConflict(Q(500, Bound::kAtMost), Q(480, Bound::kApproximate)));
}

TEST(FindConflictTest, RangesAgainstValuesAndBounds) {
  const Quantity range = Q(10, Bound::kRange, "percent", 20);
  EXPECT_FALSE(QuantitiesConflict(range, Q(15, Bound::kExact, "percent")));
  EXPECT_TRUE(QuantitiesConflict(range, Q(25, Bound::kExact, "percent")));
  EXPECT_FALSE(QuantitiesConflict(range, Q(20, Bound::kAtLeast, "percent")));
  EXPECT_TRUE(QuantitiesConflict(range, Q(20, Bound::kMoreThan, "percent")));
  EXPECT_TRUE(QuantitiesConflict(range, Q(10, Bound::kLessThan, "percent")));
  EXPECT_FALSE(QuantitiesConflict(range, Q(18, Bound::kRange, "percent", 30)));
  EXPECT_TRUE(QuantitiesConflict(range, Q(21, Bound::kRange, "percent", 30)));
}

TEST(FindConflictTest, DifferentUnitsNeverConflict) {
  EXPECT_FALSE(QuantitiesConflict(Q(5, Bound::kExact, "USD"), Q(5e9, Bound::kExact, "EUR")));
  EXPECT_FALSE(
      QuantitiesConflict(Q(40, Bound::kExact, "megawatts"), Q(40000, Bound::kExact, "kilowatts")));
  EXPECT_FALSE(QuantitiesConflict(Q(5, Bound::kExact, "percent"), Q(5, Bound::kExact, "")));
}

TEST(FindConflictTest, QuantitiesConflictWhateverThePredicate) {
  // Single-valued predicates matter for dates and places only.
  EXPECT_TRUE(Conflict({QuantityClaim(Q(40, Bound::kExact, "megawatts"), "capacity"),
                        QuantityClaim(Q(90, Bound::kExact, "megawatts"), "capacity")}));
}

TEST(FindConflictTest, MarksOnlyClaimsThatContradictAnother) {
  const std::vector<ClaimContent> claims = {
      QuantityClaim(Q(10000, Bound::kAtLeast, "homes")),  // agrees with both
      QuantityClaim(Q(50000, Bound::kAtLeast, "homes")),
      QuantityClaim(Q(30000, Bound::kExact, "homes")),
  };
  std::optional<ConflictVerdict> verdict = FindConflict(claims, kSingleValued);
  ASSERT_TRUE(verdict.has_value());
  EXPECT_THAT(verdict->conflicting, ElementsAre(1, 2));
  EXPECT_THAT(verdict->explanation, HasSubstr("at least 50,000 homes"));
  EXPECT_THAT(verdict->explanation, HasSubstr("30,000 homes"));
}

TEST(FindConflictTest, FewerThanTwoClaimsNeverConflict) {
  EXPECT_FALSE(Conflict({}));
  EXPECT_FALSE(Conflict({QuantityClaim(Q(1, Bound::kExact))}));
}

TEST(FindConflictTest, DatesAreComparedAtTheirCommonPrecision) {
  EXPECT_FALSE(Conflict({DateClaim("founded", 2019), DateClaim("founded", 2019, 7)}));
  EXPECT_FALSE(Conflict({DateClaim("founded", 2019, 7, 14), DateClaim("founded", 2019, 7)}));
  EXPECT_FALSE(Conflict({DateClaim("founded", 2019, 7, 14), DateClaim("founded", 2019)}));
  EXPECT_FALSE(Conflict({DateClaim("founded", 2019, 7, 14), DateClaim("founded", 2019, 7, 14)}));
  EXPECT_TRUE(Conflict({DateClaim("founded", 2019, 7), DateClaim("founded", 2019, 8, 1)}));
  EXPECT_TRUE(Conflict({DateClaim("founded", 2019, 7, 14), DateClaim("founded", 2019, 7, 15)}));
  EXPECT_TRUE(Conflict({DateClaim("founded", 2018), DateClaim("founded", 2019, 7)}));
}

TEST(FindConflictTest, DatesOfMultiValuedPredicatesNeverConflict) {
  EXPECT_FALSE(
      Conflict({DateClaim("released_update", 2018), DateClaim("released_update", 2021, 3)}));
}

TEST(FindConflictTest, PlacesConflictOnlyForSingleValuedPredicates) {
  EXPECT_TRUE(Conflict({PlaceClaim("headquartered_in", "port-ellis", "Port Ellis"),
                        PlaceClaim("headquartered_in", "kelby", "Kelby")}));
  EXPECT_FALSE(Conflict({PlaceClaim("headquartered_in", "port-ellis", "Port Ellis"),
                         PlaceClaim("headquartered_in", "port-ellis", "Port Ellis")}));
  // A company can open offices in two cities.
  EXPECT_FALSE(Conflict({PlaceClaim("opened_office_in", "port-ellis", "Port Ellis"),
                         PlaceClaim("opened_office_in", "kelby", "Kelby")}));
  std::optional<ConflictVerdict> verdict =
      FindConflict({PlaceClaim("headquartered_in", "port-ellis", "Port Ellis"),
                    PlaceClaim("headquartered_in", "kelby", "Kelby")},
                   kSingleValued);
  ASSERT_TRUE(verdict.has_value());
  EXPECT_THAT(verdict->explanation, HasSubstr("Port Ellis"));
  EXPECT_THAT(verdict->explanation, HasSubstr("Kelby"));
}

TEST(FindConflictTest, NoSingleValuedPredicatesMeansNoDateOrPlaceConflicts) {
  EXPECT_FALSE(
      FindConflict({DateClaim("founded", 2018), DateClaim("founded", 2019)}, {}).has_value());
  EXPECT_FALSE(
      FindConflict(
          {PlaceClaim("headquartered_in", "a", "A"), PlaceClaim("headquartered_in", "b", "B")}, {})
          .has_value());
}

TEST(DescribeValueTest, QuantitiesWithBoundsAndThousandsSeparators) {
  EXPECT_EQ(DescribeValue(QuantityClaim(Q(50000, Bound::kAtLeast, "nvidia-h800"))),
            "at least 50,000 nvidia-h800");
  EXPECT_EQ(DescribeValue(QuantityClaim(Q(6e6, Bound::kApproximate))), "about 6,000,000 USD");
  EXPECT_EQ(DescribeValue(QuantityClaim(Q(294000, Bound::kExact))), "294,000 USD");
  EXPECT_EQ(DescribeValue(QuantityClaim(Q(100, Bound::kMoreThan, "languages"))),
            "more than 100 languages");
  EXPECT_EQ(DescribeValue(QuantityClaim(Q(3, Bound::kAtMost, "times"))), "at most 3 times");
  EXPECT_EQ(DescribeValue(QuantityClaim(Q(12.5, Bound::kLessThan, "percent"))),
            "less than 12.5 percent");
  EXPECT_EQ(DescribeValue(QuantityClaim(Q(10, Bound::kRange, "percent", 20))), "10 to 20 percent");
  EXPECT_EQ(DescribeValue(QuantityClaim(Q(-1500, Bound::kExact, "jobs"))), "-1,500 jobs");
  EXPECT_EQ(DescribeValue(QuantityClaim(Q(7, Bound::kExact, ""))), "7");
}

TEST(DescribeValueTest, DatesAtTheirPrecision) {
  EXPECT_EQ(DescribeValue(DateClaim("founded", 2023)), "2023");
  EXPECT_EQ(DescribeValue(DateClaim("founded", 2023, 7)), "2023-07");
  EXPECT_EQ(DescribeValue(DateClaim("founded", 2023, 7, 4)), "2023-07-04");
}

TEST(DescribeValueTest, PlacesByName) {
  EXPECT_EQ(DescribeValue(PlaceClaim("headquartered_in", "port-ellis", "Port Ellis")),
            "Port Ellis");
}

TEST(ConflictPolicyTest, GenericPredicatesMatchExactlyOrByPrefix) {
  const ConflictPolicy policy{{"headquartered_in"}, {"percentage", "count_of_*", "amount_*"}};
  EXPECT_TRUE(policy.IsGeneric("percentage"));
  EXPECT_TRUE(policy.IsGeneric("count_of_workers"));
  EXPECT_TRUE(policy.IsGeneric("amount_usd"));
  EXPECT_FALSE(policy.IsGeneric("percentage_points_gain"));  // exact entries are exact
  EXPECT_FALSE(policy.IsGeneric("training_cost"));
  EXPECT_FALSE(policy.IsGeneric("count_of"));  // the prefix needs its underscore
}

}  // namespace
}  // namespace claimtrace::claims
