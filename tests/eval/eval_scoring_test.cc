#include "bench/eval_scoring.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace claimtrace::eval {
namespace {

using claims::Bound;
using claims::ClaimKind;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kAnchorHeader[] = "anchor\tkind\tvalue\tupper_value\tunit\tbound\tclaimant_id\n";
constexpr char kOffsetHeader[] =
    "start_byte\tend_byte\tkind\tvalue\tupper_value\tunit\tbound\tclaimant_id\n";

GoldLabel Gold(ClaimKind kind, std::size_t start, std::size_t end) {
  GoldLabel label;
  label.kind = kind;
  label.start = start;
  label.end = end;
  return label;
}

PredictedMention Predicted(ClaimKind kind, std::size_t start, std::size_t end) {
  PredictedMention mention;
  mention.start = start;
  mention.end = end;
  mention.claim.content.kind = kind;
  return mention;
}

GoldLabel GoldQuantity(double value, double upper, std::string unit, Bound bound) {
  GoldLabel label = Gold(ClaimKind::kQuantity, 0, 1);
  label.value = value;
  label.upper_value = upper;
  label.units = {std::move(unit)};
  label.bound = bound;
  return label;
}

claims::Quantity MakeQuantity(double value, double upper, std::string unit, Bound bound) {
  claims::Quantity quantity;
  quantity.value = value;
  quantity.upper_value = upper;
  quantity.unit = std::move(unit);
  quantity.bound = bound;
  return quantity;
}

TEST(ParseLabelsTest, ReadsAnchorRowsWithAlternativesAndDefaults) {
  const std::string tsv = std::string("# comment line\n") + kAnchorHeader +
                          "$2.1 billion\tQUANTITY\t2.1e9\t-\tUSD\tEXACT\t-\n"
                          "between 3 and 5\tQUANTITY\t3\t5\tyears\tRANGE\tmara-ivanova|ivanova\n"
                          "\n"
                          "in July 2023\tDATE\t2023-07\t-\t-\t-\t-\n"
                          "Lyon-based\tLOCATION\tlyon|lyon-fr\t-\t-\t-\t-\n";
  absl::StatusOr<LabelFile> file = ParseLabels(tsv);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->format, LabelFormat::kAnchors);
  ASSERT_EQ(file->labels.size(), 4u);
  EXPECT_EQ(file->labels[0].anchor, "$2.1 billion");
  EXPECT_EQ(file->labels[0].line, 3);
  EXPECT_DOUBLE_EQ(file->labels[0].value, 2.1e9);
  EXPECT_DOUBLE_EQ(file->labels[0].upper_value, 2.1e9);  // '-' means "same as value"
  EXPECT_TRUE(file->labels[0].claimants.empty());
  EXPECT_EQ(file->labels[1].bound, Bound::kRange);
  EXPECT_DOUBLE_EQ(file->labels[1].upper_value, 5);
  EXPECT_THAT(file->labels[1].claimants, ElementsAre("mara-ivanova", "ivanova"));
  EXPECT_EQ(file->labels[2].kind, ClaimKind::kDate);
  EXPECT_EQ(file->labels[2].date, "2023-07");
  EXPECT_THAT(file->labels[3].places, ElementsAre("lyon", "lyon-fr"));
}

TEST(ParseLabelsTest, ReadsOffsetRowsAndTextDigest) {
  const std::string tsv = std::string("# text_sha256: ABCDEF\n") + kOffsetHeader +
                          "10\t22\tQUANTITY\t50000\t-\tnvidia-h800\tAT_LEAST\tdylan-patel\r\n";
  absl::StatusOr<LabelFile> file = ParseLabels(tsv);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->format, LabelFormat::kOffsets);
  EXPECT_EQ(file->text_sha256, "abcdef");
  ASSERT_EQ(file->labels.size(), 1u);
  EXPECT_EQ(file->labels[0].start, 10u);
  EXPECT_EQ(file->labels[0].end, 22u);
  EXPECT_EQ(file->labels[0].bound, Bound::kAtLeast);
  EXPECT_THAT(file->labels[0].claimants, ElementsAre("dylan-patel"));
}

TEST(ParseLabelsTest, RejectsMalformedRowsWithTheirLineNumber) {
  struct Case {
    std::string row;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"x\tQUANTITY\t5\t3\tyears\tRANGE\t-", "below value"},
      {"x\tQUANTITY\t5\t-\t-\tEXACT\t-", "needs a unit"},
      {"x\tQUANTITY\tfive\t-\tyears\tEXACT\t-", "not a number"},
      {"x\tQUANTITY\t5\t-\tyears\tROUGHLY\t-", "unknown bound"},
      {"x\tAMOUNT\t5\t-\tyears\tEXACT\t-", "unknown kind"},
      {"x\tQUANTITY\t5\t6\tyears\tEXACT\t-", "not RANGE"},
      {"x\tDATE\t2023-13\t-\t-\t-\t-", "YYYY"},
      {"x\tQUOTE\t-\t-\t-\tEXACT\t-", "must be '-'"},
      {"x\tQUANTITY\t5\tyears\tEXACT\t-", "columns"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<LabelFile> file = ParseLabels(std::string(kAnchorHeader) + c.row + "\n");
    ASSERT_FALSE(file.ok()) << c.row;
    EXPECT_THAT(std::string(file.status().message()), HasSubstr("line 2")) << c.row;
    EXPECT_THAT(std::string(file.status().message()), HasSubstr(c.message)) << c.row;
  }
  EXPECT_FALSE(ParseLabels("no header here\n").ok());
}

TEST(ResolveSpansTest, AnchorsGiveByteOffsetsAcrossMultiByteText) {
  // “ and ” are 3 bytes each, — is 3 bytes, 東京 is 6 bytes.
  const std::string text = "“Costs rose,” she said — the 東京 plant cost ¥30 billion.";
  absl::StatusOr<LabelFile> file =
      ParseLabels(std::string(kAnchorHeader) + "¥30 billion\tQUANTITY\t3e10\t-\tJPY\tEXACT\t-\n" +
                  "東京 plant\tLOCATION\ttokyo\t-\t-\t-\t-\n");
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_TRUE(ResolveSpans(text, *file).ok());
  EXPECT_EQ(text.substr(file->labels[0].start, file->labels[0].end - file->labels[0].start),
            "¥30 billion");
  EXPECT_EQ(file->labels[0].start, text.find("¥30"));
  EXPECT_EQ(file->labels[1].start, text.find("東京"));
  EXPECT_EQ(file->labels[1].end - file->labels[1].start, std::string("東京 plant").size());
}

TEST(ResolveSpansTest, ReportsAnchorsThatAreMissingOrNotUnique) {
  const std::string text = "Sales rose 5% in May and 5% in June.";
  absl::StatusOr<LabelFile> file =
      ParseLabels(std::string(kAnchorHeader) + "5%\tQUANTITY\t5\t-\tpercent\tEXACT\t-\n" +
                  "7%\tQUANTITY\t7\t-\tpercent\tEXACT\t-\n" +
                  "5% in June\tQUANTITY\t5\t-\tpercent\tEXACT\t-\n");
  ASSERT_TRUE(file.ok());
  absl::Status status = ResolveSpans(text, *file);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("line 2: anchor '5%' occurs more than once"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("line 3: anchor '7%' not found"));
  EXPECT_THAT(std::string(status.message()), ::testing::Not(HasSubstr("line 4")));
}

TEST(ResolveSpansTest, RejectsOffsetsInsideACharacterOrBeyondTheText) {
  const std::string text = "Price: €5.";  // € is bytes 7..9
  absl::StatusOr<LabelFile> file =
      ParseLabels(std::string(kOffsetHeader) + "8\t11\tQUANTITY\t5\t-\tEUR\tEXACT\t-\n" +
                  "7\t40\tQUANTITY\t5\t-\tEUR\tEXACT\t-\n");
  ASSERT_TRUE(file.ok());
  absl::Status status = ResolveSpans(text, *file);
  ASSERT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()), HasSubstr("line 2: span [8, 11) is not on UTF-8"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("line 3: end_byte 40 beyond"));
}

TEST(ResolveSpansTest, DetectsAChangedTextByItsDigest) {
  absl::StatusOr<LabelFile> file =
      ParseLabels(std::string("# text_sha256: 0000\n") + kOffsetHeader +
                  "0\t2\tQUANTITY\t12\t-\tdays\tEXACT\t-\n");
  ASSERT_TRUE(file.ok());
  absl::Status status = ResolveSpans("12 days", *file);
  EXPECT_THAT(std::string(status.message()), HasSubstr("text_sha256"));
}

TEST(MatchMentionsTest, NeedsSameKindAndOverlap) {
  const std::vector<GoldLabel> gold = {Gold(ClaimKind::kQuantity, 10, 20)};
  const std::vector<PredictedMention> predicted = {Predicted(ClaimKind::kDate, 10, 20),
                                                   Predicted(ClaimKind::kQuantity, 20, 30),
                                                   Predicted(ClaimKind::kQuantity, 19, 30)};
  ArticleMatch match = MatchMentions(gold, predicted);
  ASSERT_EQ(match.pairs.size(), 1u);
  EXPECT_EQ(match.pairs[0].predicted, 2);  // touching [20, 30) is not overlap
  EXPECT_THAT(match.false_positive, ElementsAre(0, 1));
  EXPECT_TRUE(match.missed_gold.empty());
}

TEST(MatchMentionsTest, PrefersTheLargerOverlapOverInputOrder) {
  // Gold 0 grazes the long prediction; gold 1 is mostly covered by it. A
  // first-come matcher would pair gold 0 with prediction 0 and lose gold 1.
  const std::vector<GoldLabel> gold = {Gold(ClaimKind::kQuantity, 0, 10),
                                       Gold(ClaimKind::kQuantity, 8, 20)};
  const std::vector<PredictedMention> predicted = {Predicted(ClaimKind::kQuantity, 8, 20),
                                                   Predicted(ClaimKind::kQuantity, 0, 9)};
  ArticleMatch match = MatchMentions(gold, predicted);
  ASSERT_EQ(match.pairs.size(), 2u);
  EXPECT_EQ(match.pairs[0].gold, 0);
  EXPECT_EQ(match.pairs[0].predicted, 1);
  EXPECT_EQ(match.pairs[1].gold, 1);
  EXPECT_EQ(match.pairs[1].predicted, 0);
}

TEST(MatchMentionsTest, IsOneToOneSoDuplicatesCountAsFalsePositives) {
  const std::vector<GoldLabel> gold = {Gold(ClaimKind::kQuote, 0, 50)};
  const std::vector<PredictedMention> predicted = {Predicted(ClaimKind::kQuote, 0, 25),
                                                   Predicted(ClaimKind::kQuote, 25, 50)};
  ArticleMatch match = MatchMentions(gold, predicted);
  ASSERT_EQ(match.pairs.size(), 1u);
  EXPECT_EQ(match.pairs[0].predicted, 0);  // equal overlap: closest start wins
  EXPECT_THAT(match.false_positive, ElementsAre(1));
}

TEST(ValueMatchesTest, AllowsHalfAPercentRelative) {
  EXPECT_TRUE(ValueMatches(2.1e9, 2.1e9));
  EXPECT_TRUE(ValueMatches(2.1e9, 2.11e9));   // 0.48%
  EXPECT_FALSE(ValueMatches(2.1e9, 2.12e9));  // 0.95%
  EXPECT_FALSE(ValueMatches(2.1e9, 2.1e6));   // scale error
  EXPECT_TRUE(ValueMatches(-40, -40.1));
  EXPECT_TRUE(ValueMatches(0, 0));
  EXPECT_FALSE(ValueMatches(0, 0.001));
}

TEST(CheckQuantityTest, KeepsInclusiveAndExclusiveBoundsApart) {
  const GoldLabel at_least = GoldQuantity(50000, 50000, "nvidia-a100", Bound::kAtLeast);
  QuantityCheck check =
      CheckQuantity(at_least, MakeQuantity(50000, 50000, "nvidia-a100", Bound::kMoreThan));
  EXPECT_TRUE(check.value);
  EXPECT_FALSE(check.bound);
  EXPECT_FALSE(check.ValueAndBound());
  check = CheckQuantity(at_least, MakeQuantity(50000, 50000, "nvidia-a100", Bound::kAtLeast));
  EXPECT_TRUE(check.All());
}

TEST(CheckQuantityTest, ChecksUpperValueOfRangesAndAbsentQuantities) {
  const GoldLabel range = GoldQuantity(3, 5, "percent", Bound::kRange);
  EXPECT_FALSE(CheckQuantity(range, MakeQuantity(3, 3, "percent", Bound::kRange)).upper_value);
  EXPECT_TRUE(CheckQuantity(range, MakeQuantity(3, 5, "percent", Bound::kRange)).All());
  EXPECT_FALSE(CheckQuantity(range, std::nullopt).value);
}

TEST(UnitMatchesTest, AcceptsAlternativesAndPlainPlurals) {
  EXPECT_TRUE(UnitMatches({"nvidia-a100", "units"}, "unit"));
  EXPECT_TRUE(UnitMatches({"buses"}, "bus"));
  EXPECT_TRUE(UnitMatches({"battery"}, "batteries"));
  EXPECT_TRUE(UnitMatches({"usd"}, "USD"));
  EXPECT_TRUE(UnitMatches({"percentage-points"}, "percentage_points"));
  EXPECT_TRUE(UnitMatches({"cubic kilometres"}, "cubic-kilometre"));
  EXPECT_FALSE(UnitMatches({"cubic-kilometres"}, "kilometres"));
  EXPECT_FALSE(UnitMatches({"usd"}, "EUR"));
  EXPECT_FALSE(UnitMatches({"percent"}, ""));
  EXPECT_FALSE(UnitMatches({"glass"}, "glas"));  // "ss" is not a plural
}

TEST(ClaimantMatchesTest, PublicationRowsNeedNoCueAndNamedRowsNeedTheId) {
  GoldLabel publication = Gold(ClaimKind::kQuantity, 0, 1);
  GoldLabel named = Gold(ClaimKind::kQuantity, 0, 1);
  named.claimants = {"liang-wenfeng", "liang"};
  claims::Mention mention;
  EXPECT_TRUE(ClaimantMatches(publication, mention));
  EXPECT_FALSE(ClaimantMatches(named, mention));
  mention.claimant.id = "Liang";
  mention.cue = "said";
  EXPECT_FALSE(ClaimantMatches(publication, mention));
  EXPECT_TRUE(ClaimantMatches(named, mention));
}

TEST(ClaimantMatchesTest, DashAmongAlternativesAlsoAcceptsThePublication) {
  absl::StatusOr<LabelFile> file = ParseLabels(
      std::string(kAnchorHeader) + "x\tQUANTITY\t4\t-\tpercent\tEXACT\t-|halvard-bank\n");
  ASSERT_TRUE(file.ok()) << file.status();
  const GoldLabel& gold = file->labels[0];
  claims::Mention mention;
  EXPECT_TRUE(ClaimantMatches(gold, mention));
  mention.claimant.id = "halvard-bank";
  mention.cue = "said";
  EXPECT_TRUE(ClaimantMatches(gold, mention));
  mention.claimant.id = "brennock-securities";
  EXPECT_FALSE(ClaimantMatches(gold, mention));
}

TEST(FormatDateTest, FollowsPrecision) {
  EXPECT_EQ(FormatDate({2023, 0, 0, claims::DatePrecision::kYear}), "2023");
  EXPECT_EQ(FormatDate({2023, 7, 0, claims::DatePrecision::kMonth}), "2023-07");
  EXPECT_EQ(FormatDate({2025, 1, 4, claims::DatePrecision::kDay}), "2025-01-04");
}

TEST(AccumulateTest, NumericRecallCountsOnlyRightValueAndBound) {
  std::vector<GoldLabel> gold = {GoldQuantity(6e6, 6e6, "usd", Bound::kApproximate),
                                 GoldQuantity(36, 36, "percent", Bound::kExact),
                                 GoldQuantity(100, 100, "models", Bound::kMoreThan),
                                 Gold(ClaimKind::kDate, 40, 50)};
  gold[0].start = 0, gold[0].end = 5;
  gold[1].start = 10, gold[1].end = 15;
  gold[2].start = 20, gold[2].end = 25;
  gold[3].date = "2023-07";
  gold[3].claimants = {"deepseek"};
  std::vector<PredictedMention> predicted = {
      Predicted(ClaimKind::kQuantity, 0, 5), Predicted(ClaimKind::kQuantity, 10, 15),
      Predicted(ClaimKind::kDate, 40, 50), Predicted(ClaimKind::kQuantity, 60, 65)};
  predicted[0].claim.content.quantity = MakeQuantity(6e6, 6e6, "USD", Bound::kApproximate);
  predicted[1].claim.content.quantity = MakeQuantity(36, 36, "", Bound::kExact);  // unit lost
  predicted[2].claim.content.date = claims::CalendarDate{2023, 7, 0, claims::DatePrecision::kMonth};
  predicted[2].claim.mention.claimant.id = "deepseek";
  predicted[2].claim.mention.cue = "said";

  SetScores scores;
  Accumulate(gold, predicted, MatchMentions(gold, predicted), scores);
  EXPECT_EQ(scores.overall.gold, 4);
  EXPECT_EQ(scores.overall.predicted, 4);
  EXPECT_EQ(scores.overall.matched, 3);
  EXPECT_EQ(scores.quantity_matched, 2);
  EXPECT_EQ(scores.quantity_value_bound_ok, 2);
  EXPECT_EQ(scores.quantity_all_ok, 1);
  EXPECT_EQ(scores.unit_confusions.at("percent -> (empty)"), 1);
  EXPECT_DOUBLE_EQ(*NumericRecall(scores), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(*Precision(scores.overall), 0.75);
  EXPECT_DOUBLE_EQ(*Recall(scores.overall), 0.75);
  EXPECT_DOUBLE_EQ(*F1(scores.overall), 0.75);
  EXPECT_EQ(scores.date_ok, 1);
  EXPECT_EQ(scores.claimant_checked, 1);
  EXPECT_EQ(scores.claimant_ok, 1);
  EXPECT_EQ(scores.default_claimant_checked, 2);
  EXPECT_EQ(scores.default_claimant_ok, 2);
}

TEST(RatioTest, UndefinedRatiosAreAbsentAndShowAsNullInJson) {
  SetScores scores;
  EXPECT_FALSE(Ratio(0, 0).has_value());
  EXPECT_FALSE(Precision(scores.overall).has_value());
  EXPECT_FALSE(F1(scores.overall).has_value());
  scores.overall.gold = 4;
  EXPECT_DOUBLE_EQ(*Recall(scores.overall), 0.0);
  EXPECT_DOUBLE_EQ(*F1(scores.overall), 0.0);
  const std::string json = ScoresToJson(scores);
  EXPECT_THAT(json, HasSubstr("\"precision\": null"));
  EXPECT_THAT(json, HasSubstr("\"recall\": 0.000000"));
}

}  // namespace
}  // namespace claimtrace::eval
