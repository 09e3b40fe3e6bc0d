// Gold labels, matching and scoring for the claim-extraction evaluation
// (bench/extraction_eval). Plain C++; knows nothing of files or flags beyond
// the label text it is given, so it can be unit-tested on its own.
//
// Label files are TSV (see eval/README.md). Two formats, told apart by the
// header row:
//   anchor    kind value upper_value unit bound claimant_id
//   start_byte end_byte kind value upper_value unit bound claimant_id
// The anchor format names each gold mention by a short substring that occurs
// exactly once in the article; the offset format (used for texts that may not
// be committed) by a UTF-8 byte span into the article text.
#ifndef CLAIMTRACE_BENCH_EVAL_SCORING_H_
#define CLAIMTRACE_BENCH_EVAL_SCORING_H_

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "claims_service/claim_model.h"

namespace claimtrace::eval {

// One gold claim mention.
struct GoldLabel {
  int line = 0;        // 1-based line in the label file
  std::string anchor;  // anchor format only
  // Byte span [start, end) in the article text: from the offset columns, or
  // filled by ResolveSpans from the anchor.
  std::size_t start = 0;
  std::size_t end = 0;
  claims::ClaimKind kind = claims::ClaimKind::kQuantity;
  // kQuantity only: all four are required.
  double value = 0;
  double upper_value = 0;          // == value unless bound == kRange
  std::vector<std::string> units;  // accepted units ("nvidia-a100|units")
  claims::Bound bound = claims::Bound::kExact;
  // kDate only: "YYYY", "YYYY-MM" or "YYYY-MM-DD"; empty when the date is
  // not checked (e.g. "last week" in an undated article).
  std::string date;
  // kLocation only: accepted place ids; empty when not checked.
  std::vector<std::string> places;
  // Accepted claimant ids; empty when the publication itself asserts it. An
  // empty id among several alternatives ("-|halvard-bank") accepts the
  // publication as well.
  std::vector<std::string> claimants;
};

enum class LabelFormat { kAnchors, kOffsets };

struct LabelFile {
  LabelFormat format = LabelFormat::kAnchors;
  // From a "# text_sha256: <hex>" comment line: the SHA-256 of the article
  // text the offsets were computed on. Empty when absent.
  std::string text_sha256;
  std::vector<GoldLabel> labels;
};

// Parses a label file. '#' lines and blank lines are skipped. INVALID_ARGUMENT
// (with the line number) for an unknown header, a wrong column count, an
// unknown kind or bound, an unparsable number, a quantity without unit or
// bound, a range whose upper value is below its value, or a malformed date.
absl::StatusOr<LabelFile> ParseLabels(absl::string_view tsv);

// Fills start/end of every label from its anchor (which must occur exactly
// once in `article_text`), or checks the given offsets lie inside the text,
// on UTF-8 boundaries, and are non-empty. Checks text_sha256 when present.
// Reports every bad row in one INVALID_ARGUMENT message.
absl::Status ResolveSpans(absl::string_view article_text, LabelFile& file);

// One predicted mention with its span mapped to article byte offsets.
struct PredictedMention {
  std::size_t start = 0;
  std::size_t end = 0;
  claims::ExtractedClaim claim;
};

// Number of bytes [a_start, a_end) and [b_start, b_end) share.
std::size_t Overlap(std::size_t a_start, std::size_t a_end, std::size_t b_start, std::size_t b_end);

struct MatchedPair {
  int gold = 0;       // index into the gold labels
  int predicted = 0;  // index into the predictions
};

struct ArticleMatch {
  std::vector<MatchedPair> pairs;   // sorted by gold index
  std::vector<int> missed_gold;     // gold indices without a partner
  std::vector<int> false_positive;  // prediction indices without a partner
};

// One-to-one matching of predictions to gold: a pair needs the same kind and
// overlapping spans. Greedy, largest overlap first; ties go to the pair whose
// starts are closest, then to the lower gold index, then the lower
// prediction index. Deterministic.
ArticleMatch MatchMentions(const std::vector<GoldLabel>& gold,
                           const std::vector<PredictedMention>& predicted);

// True when `predicted` is within 0.5% (relative) of `gold`; exact for 0.
bool ValueMatches(double gold, double predicted);

// Lower-cases and trims; "" for "-".
std::string NormalizeId(absl::string_view id);

// True when `unit` equals one of `accepted` after NormalizeId, with '_', ' '
// and '-' as one separator, allowing a plain English plural on either side
// ("chip" ~ "chips", "bus" ~ "buses", "percentage_points" ~
// "percentage-points").
bool UnitMatches(const std::vector<std::string>& accepted, absl::string_view unit);

// True when `id` equals one of `accepted` after NormalizeId.
bool IdMatches(const std::vector<std::string>& accepted, absl::string_view id);

// "2023", "2023-07" or "2023-07-04" according to the date's precision.
std::string FormatDate(const claims::CalendarDate& date);

struct QuantityCheck {
  bool value = false;
  bool upper_value = false;
  bool bound = false;
  bool unit = false;
  bool ValueAndBound() const { return value && upper_value && bound; }
  bool All() const { return value && upper_value && bound && unit; }
};

// Compares a gold quantity label with a predicted quantity (absent -> all
// false).
QuantityCheck CheckQuantity(const GoldLabel& gold,
                            const std::optional<claims::Quantity>& predicted);

// True when the prediction names one of the gold claimants; for gold rows of
// the publication itself (no claimants), true when the prediction carries no
// attribution cue (the extractor's default claimant).
bool ClaimantMatches(const GoldLabel& gold, const claims::Mention& predicted);

struct Counts {
  int gold = 0;
  int predicted = 0;
  int matched = 0;
};

// All figures for one set of articles. Ratios of 0/0 are undefined (nullopt).
struct SetScores {
  int articles = 0;
  std::vector<std::string> skipped;  // "name: reason"
  std::map<claims::ClaimKind, Counts> per_kind;
  Counts overall;

  int quantity_matched = 0;
  int quantity_value_ok = 0;
  int quantity_upper_ok = 0;
  int quantity_bound_ok = 0;
  int quantity_unit_ok = 0;
  int quantity_value_bound_ok = 0;  // value, upper value and bound right
  int quantity_all_ok = 0;          // value, upper value, bound and unit right

  int date_checked = 0;  // matched dates whose gold has a date value
  int date_ok = 0;
  int location_checked = 0;  // matched locations whose gold names a place
  int location_ok = 0;

  int claimant_checked = 0;  // matched rows with a named gold claimant
  int claimant_ok = 0;
  int default_claimant_checked = 0;  // matched rows asserted by the publication
  int default_claimant_ok = 0;

  int invalid_spans = 0;  // predictions outside their paragraph or off a boundary
  // Gold rows outside every paragraph the extractor was given (a parser
  // classification problem, or a label in non-body text).
  int gold_outside_extractable = 0;

  // Error classes: "gold bound -> predicted bound" and the like, with counts.
  std::map<std::string, int> bound_confusions;
  std::map<std::string, int> unit_confusions;
};

// Adds one article's labels, predictions and match to `scores`.
void Accumulate(const std::vector<GoldLabel>& gold, const std::vector<PredictedMention>& predicted,
                const ArticleMatch& match, SetScores& scores);

// Derived figures.
std::optional<double> Ratio(int numerator, int denominator);
std::optional<double> Precision(const Counts& counts);
std::optional<double> Recall(const Counts& counts);
std::optional<double> F1(const Counts& counts);
// Matches with right value, upper value and bound over all gold quantities.
std::optional<double> NumericRecall(const SetScores& scores);

absl::string_view KindName(claims::ClaimKind kind);
absl::string_view BoundName(claims::Bound bound);
std::optional<claims::ClaimKind> ParseKind(absl::string_view name);
std::optional<claims::Bound> ParseBound(absl::string_view name);

// Human-readable table of one set's figures.
std::string FormatScoresTable(absl::string_view set_name, const SetScores& scores);

// JSON object (no trailing newline) with the figures of one set; undefined
// ratios are null.
std::string ScoresToJson(const SetScores& scores);

}  // namespace claimtrace::eval

#endif  // CLAIMTRACE_BENCH_EVAL_SCORING_H_
