#include "bench/measured_pairs.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

namespace claimtrace::bench {
namespace {

using ::testing::ElementsAre;

// A pair as the harness sees it here: which measurement it was (0, 1, ...),
// and the steal during it.
struct FakePair {
  int attempt = 0;
  double steal = 0;
};

// Measures pairs whose steal is read, measurement by measurement, from
// `steals`; `slots` receives the slot each measurement was asked for.
MeasuredPairs<FakePair> Measure(int pairs, double max_steal, const std::vector<double>& steals,
                                std::vector<int>* slots) {
  int measurements = 0;
  return MeasurePairsAvoidingSteal<FakePair>(
      pairs, max_steal,
      [&](int slot) {
        slots->push_back(slot);
        const int attempt = measurements++;
        return FakePair{attempt, steals.at(static_cast<std::size_t>(attempt))};
      },
      [](const FakePair& pair) { return pair.steal; });
}

std::vector<int> AttemptsOf(const MeasuredPairs<FakePair>& measured) {
  std::vector<int> kept;
  for (const FakePair& pair : measured.kept) kept.push_back(pair.attempt);
  return kept;
}

TEST(MeasurePairsAvoidingStealTest, CleanPairsAreMeasuredOnce) {
  std::vector<int> slots;
  const MeasuredPairs<FakePair> measured = Measure(3, 2.0, {0.0, 1.9, 2.0}, &slots);
  EXPECT_THAT(slots, ElementsAre(0, 1, 2));
  EXPECT_THAT(AttemptsOf(measured), ElementsAre(0, 1, 2));
  EXPECT_EQ(measured.set_aside, 0);
  EXPECT_EQ(measured.kept_disturbed, 0);
}

TEST(MeasurePairsAvoidingStealTest, ADisturbedPairIsReplacedByAnotherMeasurement) {
  std::vector<int> slots;
  const MeasuredPairs<FakePair> measured = Measure(3, 2.0, {0.1, 12.0, 0.3, 0.2}, &slots);
  // Slot 1 is measured again, so its pair keeps the order of the one it
  // replaces: the kept pairs still alternate.
  EXPECT_THAT(slots, ElementsAre(0, 1, 1, 2));
  EXPECT_THAT(AttemptsOf(measured), ElementsAre(0, 2, 3));
  EXPECT_EQ(measured.set_aside, 1);
  EXPECT_EQ(measured.kept_disturbed, 0);
}

TEST(MeasurePairsAvoidingStealTest, WhenTriesRunOutTheLeastDisturbedFillTheCount) {
  std::vector<int> slots;
  const MeasuredPairs<FakePair> measured =
      Measure(3, 2.0, {9.0, 0.5, 4.0, 30.0, 3.0, 7.0, 0.0}, &slots);
  // At most `pairs` more measurements: six in all.
  EXPECT_THAT(slots, ElementsAre(0, 0, 1, 1, 1, 1));
  // The clean one, then the two least disturbed (3% and 4%).
  EXPECT_THAT(AttemptsOf(measured), ElementsAre(1, 4, 2));
  EXPECT_EQ(measured.kept_disturbed, 2);
  EXPECT_EQ(measured.set_aside, 3);  // 9%, 30% and 7%: not kept
}

TEST(MeasurePairsAvoidingStealTest, NoCleanPairAtAllKeepsTheLeastDisturbedInOrderOfSteal) {
  std::vector<int> slots;
  const MeasuredPairs<FakePair> measured = Measure(2, 0, {5.0, 0.1, 5.0, 8.0}, &slots);
  // A limit of 0 counts any steal; the two equal ones keep their order.
  EXPECT_THAT(slots, ElementsAre(0, 0, 0, 0));
  EXPECT_THAT(AttemptsOf(measured), ElementsAre(1, 0));
  EXPECT_EQ(measured.kept_disturbed, 2);
  EXPECT_EQ(measured.set_aside, 2);
}

TEST(MeasurePairsAvoidingStealTest, NegativeLimitKeepsEveryPair) {
  std::vector<int> slots;
  const MeasuredPairs<FakePair> measured = Measure(3, -1, {50.0, 60.0, 70.0}, &slots);
  EXPECT_THAT(AttemptsOf(measured), ElementsAre(0, 1, 2));
  EXPECT_EQ(measured.set_aside, 0);
  EXPECT_EQ(measured.kept_disturbed, 0);
}

TEST(MeasurePairsAvoidingStealTest, UncountedStealIsNoDisturbance) {
  // StealPercent gives -1 where /proc/stat could not be read.
  std::vector<int> slots;
  const MeasuredPairs<FakePair> measured = Measure(1, 2.0, {-1.0}, &slots);
  EXPECT_THAT(slots, ElementsAre(0));
  EXPECT_THAT(AttemptsOf(measured), ElementsAre(0));
  EXPECT_EQ(measured.set_aside, 0);
  EXPECT_EQ(measured.kept_disturbed, 0);
}

TEST(MeasurePairsAvoidingStealTest, FewerThanOnePairMeansOne) {
  std::vector<int> slots;
  const MeasuredPairs<FakePair> measured = Measure(0, 2.0, {5.0, 1.0}, &slots);
  EXPECT_THAT(slots, ElementsAre(0, 0));
  EXPECT_THAT(AttemptsOf(measured), ElementsAre(1));
  EXPECT_EQ(measured.set_aside, 1);
  EXPECT_EQ(measured.kept_disturbed, 0);
}

}  // namespace
}  // namespace claimtrace::bench
