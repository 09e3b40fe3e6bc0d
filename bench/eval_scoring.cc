#include "bench/eval_scoring.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string_view>
#include <tuple>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/json_string.h"
#include "common/sha256.h"
#include "common/utf8.h"

namespace claimtrace::eval {
namespace {

using claims::Bound;
using claims::ClaimKind;

constexpr absl::string_view kAnchorHeader[] = {"anchor", "kind",  "value",      "upper_value",
                                               "unit",   "bound", "claimant_id"};
constexpr absl::string_view kOffsetHeader[] = {"start_byte",  "end_byte", "kind",  "value",
                                               "upper_value", "unit",     "bound", "claimant_id"};
constexpr absl::string_view kShaDirective = "text_sha256:";

bool IsDash(absl::string_view field) { return field.empty() || field == "-"; }

template <std::size_t N>
bool HeaderIs(const std::vector<absl::string_view>& fields, const absl::string_view (&header)[N]) {
  if (fields.size() != N) return false;
  for (std::size_t i = 0; i < N; ++i) {
    if (absl::StripAsciiWhitespace(fields[i]) != header[i]) return false;
  }
  return true;
}

std::vector<std::string> SplitAlternatives(absl::string_view field) {
  std::vector<std::string> out;
  if (IsDash(field)) return out;
  for (absl::string_view part : absl::StrSplit(field, '|', absl::SkipWhitespace())) {
    out.push_back(NormalizeId(part));
  }
  return out;
}

bool IsValidDateLabel(absl::string_view date) {
  // YYYY, YYYY-MM or YYYY-MM-DD with a plausible month and day.
  std::vector<absl::string_view> parts = absl::StrSplit(date, '-');
  if (parts.empty() || parts.size() > 3 || parts[0].size() != 4) return false;
  int numbers[3] = {0, 0, 0};
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0 && parts[i].size() != 2) return false;
    if (!absl::SimpleAtoi(parts[i], &numbers[i])) return false;
  }
  if (parts.size() >= 2 && (numbers[1] < 1 || numbers[1] > 12)) return false;
  if (parts.size() == 3 && (numbers[2] < 1 || numbers[2] > 31)) return false;
  return true;
}

absl::Status RowError(int line, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", message));
}

// Fills `label` from the kind..claimant_id columns (7 - 1 = 6 fields).
absl::Status ParseClaimColumns(int line, const std::vector<absl::string_view>& fields,
                               GoldLabel& label) {
  const absl::string_view kind_field = absl::StripAsciiWhitespace(fields[0]);
  const absl::string_view value_field = absl::StripAsciiWhitespace(fields[1]);
  const absl::string_view upper_field = absl::StripAsciiWhitespace(fields[2]);
  const absl::string_view unit_field = absl::StripAsciiWhitespace(fields[3]);
  const absl::string_view bound_field = absl::StripAsciiWhitespace(fields[4]);
  const absl::string_view claimant_field = absl::StripAsciiWhitespace(fields[5]);

  std::optional<ClaimKind> kind = ParseKind(kind_field);
  if (!kind) return RowError(line, absl::StrCat("unknown kind '", kind_field, "'"));
  label.kind = *kind;
  label.claimants = SplitAlternatives(claimant_field);

  if (label.kind == ClaimKind::kQuantity) {
    if (!absl::SimpleAtod(value_field, &label.value) || !std::isfinite(label.value)) {
      return RowError(line, absl::StrCat("quantity value '", value_field, "' is not a number"));
    }
    std::optional<Bound> bound = ParseBound(bound_field);
    if (!bound) return RowError(line, absl::StrCat("unknown bound '", bound_field, "'"));
    label.bound = *bound;
    if (IsDash(upper_field)) {
      if (label.bound == Bound::kRange) return RowError(line, "a RANGE needs an upper_value");
      label.upper_value = label.value;
    } else if (!absl::SimpleAtod(upper_field, &label.upper_value)) {
      return RowError(line, absl::StrCat("upper_value '", upper_field, "' is not a number"));
    }
    if (label.bound == Bound::kRange && label.upper_value < label.value) {
      return RowError(line, "RANGE upper_value is below value");
    }
    if (label.bound != Bound::kRange && label.upper_value != label.value) {
      return RowError(line, "upper_value differs from value but bound is not RANGE");
    }
    label.units = SplitAlternatives(unit_field);
    if (label.units.empty()) return RowError(line, "a quantity needs a unit");
    return absl::OkStatus();
  }

  if (!IsDash(upper_field) || !IsDash(unit_field) || !IsDash(bound_field)) {
    return RowError(line, "upper_value, unit and bound must be '-' unless kind is QUANTITY");
  }
  switch (label.kind) {
    case ClaimKind::kDate:
      if (!IsDash(value_field)) {
        if (!IsValidDateLabel(value_field)) {
          return RowError(line, absl::StrCat("date '", value_field, "' is not YYYY[-MM[-DD]]"));
        }
        label.date = std::string(value_field);
      }
      break;
    case ClaimKind::kLocation:
      label.places = SplitAlternatives(value_field);
      break;
    default:
      if (!IsDash(value_field)) {
        return RowError(line, "value must be '-' for COMPARISON and QUOTE");
      }
      break;
  }
  return absl::OkStatus();
}

bool EndsWithLetterS(absl::string_view word) { return !word.empty() && word.back() == 's'; }

// "chips" -> "chip", "buses" -> "bus", "batteries" -> "battery"; otherwise
// unchanged.
std::string Singular(absl::string_view word) {
  if (absl::EndsWith(word, "ies") && word.size() > 4) {
    return absl::StrCat(word.substr(0, word.size() - 3), "y");
  }
  if (absl::EndsWith(word, "ses") || absl::EndsWith(word, "xes") || absl::EndsWith(word, "ches") ||
      absl::EndsWith(word, "shes")) {
    return std::string(word.substr(0, word.size() - 2));
  }
  if (EndsWithLetterS(word) && !absl::EndsWith(word, "ss") && word.size() > 2) {
    return std::string(word.substr(0, word.size() - 1));
  }
  return std::string(word);
}

std::string FormatRatio(std::optional<double> ratio) {
  return ratio ? absl::StrFormat("%.3f", *ratio) : std::string("-");
}

std::string JsonRatio(std::optional<double> ratio) {
  return ratio ? absl::StrFormat("%.6f", *ratio) : std::string("null");
}

using common::JsonString;

std::string CountsJson(const Counts& counts) {
  return absl::StrFormat(
      "{\"gold\": %d, \"predicted\": %d, \"matched\": %d, \"precision\": %s, \"recall\": %s, "
      "\"f1\": %s}",
      counts.gold, counts.predicted, counts.matched, JsonRatio(Precision(counts)),
      JsonRatio(Recall(counts)), JsonRatio(F1(counts)));
}

std::string AccuracyJson(int ok, int checked) {
  return absl::StrFormat("{\"checked\": %d, \"correct\": %d, \"accuracy\": %s}", checked, ok,
                         JsonRatio(Ratio(ok, checked)));
}

std::string MapJson(const std::map<std::string, int>& map) {
  std::vector<std::string> items;
  for (const auto& [key, count] : map) items.push_back(absl::StrCat(JsonString(key), ": ", count));
  return absl::StrCat("{", absl::StrJoin(items, ", "), "}");
}

constexpr ClaimKind kAllKinds[] = {ClaimKind::kQuantity, ClaimKind::kDate, ClaimKind::kLocation,
                                   ClaimKind::kComparison, ClaimKind::kQuote};

}  // namespace

absl::string_view KindName(ClaimKind kind) {
  switch (kind) {
    case ClaimKind::kQuantity:
      return "QUANTITY";
    case ClaimKind::kDate:
      return "DATE";
    case ClaimKind::kLocation:
      return "LOCATION";
    case ClaimKind::kComparison:
      return "COMPARISON";
    case ClaimKind::kQuote:
      return "QUOTE";
  }
  return "?";
}

absl::string_view BoundName(Bound bound) {
  switch (bound) {
    case Bound::kExact:
      return "EXACT";
    case Bound::kApproximate:
      return "APPROXIMATE";
    case Bound::kAtLeast:
      return "AT_LEAST";
    case Bound::kMoreThan:
      return "MORE_THAN";
    case Bound::kAtMost:
      return "AT_MOST";
    case Bound::kLessThan:
      return "LESS_THAN";
    case Bound::kRange:
      return "RANGE";
  }
  return "?";
}

std::optional<ClaimKind> ParseKind(absl::string_view name) {
  for (ClaimKind kind : kAllKinds) {
    if (KindName(kind) == name) return kind;
  }
  return std::nullopt;
}

std::optional<Bound> ParseBound(absl::string_view name) {
  for (Bound bound : {Bound::kExact, Bound::kApproximate, Bound::kAtLeast, Bound::kMoreThan,
                      Bound::kAtMost, Bound::kLessThan, Bound::kRange}) {
    if (BoundName(bound) == name) return bound;
  }
  return std::nullopt;
}

absl::StatusOr<LabelFile> ParseLabels(absl::string_view tsv) {
  LabelFile file;
  bool have_header = false;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(tsv, '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    absl::string_view trimmed = absl::StripAsciiWhitespace(line);
    if (trimmed.empty()) continue;
    if (trimmed.front() == '#') {
      absl::string_view comment = absl::StripAsciiWhitespace(trimmed.substr(1));
      if (absl::ConsumePrefix(&comment, kShaDirective)) {
        file.text_sha256 = absl::AsciiStrToLower(absl::StripAsciiWhitespace(comment));
      }
      continue;
    }
    std::vector<absl::string_view> fields = absl::StrSplit(line, '\t');
    if (!have_header) {
      if (HeaderIs(fields, kAnchorHeader)) {
        file.format = LabelFormat::kAnchors;
      } else if (HeaderIs(fields, kOffsetHeader)) {
        file.format = LabelFormat::kOffsets;
      } else {
        return RowError(line_number,
                        "expected a header row 'anchor<TAB>kind<TAB>...' or "
                        "'start_byte<TAB>end_byte<TAB>kind<TAB>...'");
      }
      have_header = true;
      continue;
    }
    const std::size_t expected = file.format == LabelFormat::kAnchors ? 7 : 8;
    if (fields.size() != expected) {
      return RowError(line_number, absl::StrCat("expected ", expected,
                                                " tab-separated columns, got ", fields.size()));
    }
    GoldLabel label;
    label.line = line_number;
    std::vector<absl::string_view> claim_fields;
    if (file.format == LabelFormat::kAnchors) {
      label.anchor = std::string(fields[0]);  // verbatim: spaces may matter
      if (label.anchor.empty()) return RowError(line_number, "empty anchor");
      claim_fields.assign(fields.begin() + 1, fields.end());
    } else {
      if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(fields[0]), &label.start) ||
          !absl::SimpleAtoi(absl::StripAsciiWhitespace(fields[1]), &label.end)) {
        return RowError(line_number, "start_byte and end_byte must be non-negative integers");
      }
      if (label.end <= label.start) return RowError(line_number, "end_byte must exceed start_byte");
      claim_fields.assign(fields.begin() + 2, fields.end());
    }
    absl::Status status = ParseClaimColumns(line_number, claim_fields, label);
    if (!status.ok()) return status;
    file.labels.push_back(std::move(label));
  }
  if (!have_header) return absl::InvalidArgumentError("label file has no header row");
  return file;
}

absl::Status ResolveSpans(absl::string_view article_text, LabelFile& file) {
  const std::string_view text(article_text.data(), article_text.size());
  std::vector<std::string> problems;
  if (!file.text_sha256.empty() && common::Sha256Hex(text) != file.text_sha256) {
    problems.push_back("text_sha256 does not match the article text (was the text edited?)");
  }
  for (GoldLabel& label : file.labels) {
    if (file.format == LabelFormat::kAnchors) {
      const std::size_t first = article_text.find(label.anchor);
      if (first == absl::string_view::npos) {
        problems.push_back(
            absl::StrCat("line ", label.line, ": anchor '", label.anchor, "' not found"));
        continue;
      }
      if (article_text.find(label.anchor, first + 1) != absl::string_view::npos) {
        problems.push_back(absl::StrCat("line ", label.line, ": anchor '", label.anchor,
                                        "' occurs more than once"));
        continue;
      }
      label.start = first;
      label.end = first + label.anchor.size();
    } else {
      if (label.end > article_text.size()) {
        problems.push_back(absl::StrCat("line ", label.line, ": end_byte ", label.end,
                                        " beyond the text (", article_text.size(), " bytes)"));
        continue;
      }
      if (!common::IsUtf8Boundary(text, label.start) || !common::IsUtf8Boundary(text, label.end)) {
        problems.push_back(absl::StrCat("line ", label.line, ": span [", label.start, ", ",
                                        label.end, ") is not on UTF-8 character boundaries"));
      }
    }
  }
  if (problems.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrJoin(problems, "; "));
}

std::size_t Overlap(std::size_t a_start, std::size_t a_end, std::size_t b_start,
                    std::size_t b_end) {
  const std::size_t start = std::max(a_start, b_start);
  const std::size_t end = std::min(a_end, b_end);
  return end > start ? end - start : 0;
}

ArticleMatch MatchMentions(const std::vector<GoldLabel>& gold,
                           const std::vector<PredictedMention>& predicted) {
  struct Candidate {
    std::size_t overlap;
    std::size_t start_distance;
    int gold;
    int predicted;
  };
  std::vector<Candidate> candidates;
  for (int g = 0; g < static_cast<int>(gold.size()); ++g) {
    for (int p = 0; p < static_cast<int>(predicted.size()); ++p) {
      if (gold[g].kind != predicted[p].claim.content.kind) continue;
      const std::size_t overlap =
          Overlap(gold[g].start, gold[g].end, predicted[p].start, predicted[p].end);
      if (overlap == 0) continue;
      const std::size_t distance = gold[g].start > predicted[p].start
                                       ? gold[g].start - predicted[p].start
                                       : predicted[p].start - gold[g].start;
      candidates.push_back({overlap, distance, g, p});
    }
  }
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return std::make_tuple(-static_cast<long long>(a.overlap), a.start_distance, a.gold,
                           a.predicted) < std::make_tuple(-static_cast<long long>(b.overlap),
                                                          b.start_distance, b.gold, b.predicted);
  });
  std::vector<bool> gold_taken(gold.size(), false);
  std::vector<bool> predicted_taken(predicted.size(), false);
  ArticleMatch match;
  for (const Candidate& candidate : candidates) {
    if (gold_taken[candidate.gold] || predicted_taken[candidate.predicted]) continue;
    gold_taken[candidate.gold] = true;
    predicted_taken[candidate.predicted] = true;
    match.pairs.push_back({candidate.gold, candidate.predicted});
  }
  std::sort(match.pairs.begin(), match.pairs.end(),
            [](const MatchedPair& a, const MatchedPair& b) { return a.gold < b.gold; });
  for (int g = 0; g < static_cast<int>(gold.size()); ++g) {
    if (!gold_taken[g]) match.missed_gold.push_back(g);
  }
  for (int p = 0; p < static_cast<int>(predicted.size()); ++p) {
    if (!predicted_taken[p]) match.false_positive.push_back(p);
  }
  return match;
}

bool ValueMatches(double gold, double predicted) {
  if (!std::isfinite(predicted)) return false;
  if (gold == 0) return predicted == 0;
  return std::fabs(predicted - gold) <= 0.005 * std::fabs(gold);
}

std::string NormalizeId(absl::string_view id) {
  absl::string_view trimmed = absl::StripAsciiWhitespace(id);
  if (trimmed == "-") return "";
  return absl::AsciiStrToLower(trimmed);
}

// Units compare with '_', ' ' and '-' as the same separator
// ("percentage_points" ~ "percentage-points").
std::string NormalizeUnit(absl::string_view unit) {
  std::string normalized = NormalizeId(unit);
  std::replace(normalized.begin(), normalized.end(), '_', '-');
  std::replace(normalized.begin(), normalized.end(), ' ', '-');
  return normalized;
}

bool UnitMatches(const std::vector<std::string>& accepted, absl::string_view unit) {
  const std::string normalized = NormalizeUnit(unit);
  if (normalized.empty()) return false;
  const std::string singular = Singular(normalized);
  for (const std::string& candidate : accepted) {
    const std::string wanted = NormalizeUnit(candidate);
    if (wanted == normalized || Singular(wanted) == normalized || wanted == singular ||
        Singular(wanted) == singular) {
      return true;
    }
  }
  return false;
}

bool IdMatches(const std::vector<std::string>& accepted, absl::string_view id) {
  const std::string normalized = NormalizeId(id);
  if (normalized.empty()) return false;
  for (const std::string& candidate : accepted) {
    if (NormalizeId(candidate) == normalized) return true;
  }
  return false;
}

std::string FormatDate(const claims::CalendarDate& date) {
  switch (date.precision) {
    case claims::DatePrecision::kYear:
      return absl::StrFormat("%04d", date.year);
    case claims::DatePrecision::kMonth:
      return absl::StrFormat("%04d-%02d", date.year, date.month);
    case claims::DatePrecision::kDay:
      return absl::StrFormat("%04d-%02d-%02d", date.year, date.month, date.day);
  }
  return "";
}

QuantityCheck CheckQuantity(const GoldLabel& gold,
                            const std::optional<claims::Quantity>& predicted) {
  QuantityCheck check;
  if (!predicted) return check;
  check.value = ValueMatches(gold.value, predicted->value);
  check.upper_value = ValueMatches(gold.upper_value, predicted->upper_value);
  check.bound = gold.bound == predicted->bound;
  check.unit = UnitMatches(gold.units, predicted->unit);
  return check;
}

bool ClaimantMatches(const GoldLabel& gold, const claims::Mention& predicted) {
  if (gold.claimants.empty()) return predicted.cue.empty();
  const bool publication_accepted =
      std::find(gold.claimants.begin(), gold.claimants.end(), "") != gold.claimants.end();
  return (publication_accepted && predicted.cue.empty()) ||
         IdMatches(gold.claimants, predicted.claimant.id);
}

void Accumulate(const std::vector<GoldLabel>& gold, const std::vector<PredictedMention>& predicted,
                const ArticleMatch& match, SetScores& scores) {
  ++scores.articles;
  for (const GoldLabel& label : gold) {
    ++scores.per_kind[label.kind].gold;
    ++scores.overall.gold;
  }
  for (const PredictedMention& mention : predicted) {
    ++scores.per_kind[mention.claim.content.kind].predicted;
    ++scores.overall.predicted;
  }
  for (const MatchedPair& pair : match.pairs) {
    const GoldLabel& label = gold[pair.gold];
    const claims::ExtractedClaim& claim = predicted[pair.predicted].claim;
    ++scores.per_kind[label.kind].matched;
    ++scores.overall.matched;
    switch (label.kind) {
      case ClaimKind::kQuantity: {
        const QuantityCheck check = CheckQuantity(label, claim.content.quantity);
        ++scores.quantity_matched;
        scores.quantity_value_ok += check.value;
        scores.quantity_upper_ok += check.upper_value;
        scores.quantity_bound_ok += check.bound;
        scores.quantity_unit_ok += check.unit;
        scores.quantity_value_bound_ok += check.ValueAndBound();
        scores.quantity_all_ok += check.All();
        const std::string predicted_bound =
            claim.content.quantity ? std::string(BoundName(claim.content.quantity->bound))
                                   : std::string("(none)");
        if (!check.bound) {
          ++scores.bound_confusions[absl::StrCat(BoundName(label.bound), " -> ", predicted_bound)];
        }
        if (!check.unit) {
          const std::string predicted_unit =
              claim.content.quantity ? claim.content.quantity->unit : std::string("(none)");
          ++scores.unit_confusions[absl::StrCat(
              label.units.front(), " -> ", predicted_unit.empty() ? "(empty)" : predicted_unit)];
        }
        break;
      }
      case ClaimKind::kDate:
        if (!label.date.empty()) {
          ++scores.date_checked;
          scores.date_ok += claim.content.date && FormatDate(*claim.content.date) == label.date;
        }
        break;
      case ClaimKind::kLocation:
        if (!label.places.empty()) {
          ++scores.location_checked;
          scores.location_ok += IdMatches(label.places, claim.content.object.id);
        }
        break;
      default:
        break;
    }
    if (label.claimants.empty()) {
      ++scores.default_claimant_checked;
      scores.default_claimant_ok += ClaimantMatches(label, claim.mention);
    } else {
      ++scores.claimant_checked;
      scores.claimant_ok += ClaimantMatches(label, claim.mention);
    }
  }
}

std::optional<double> Ratio(int numerator, int denominator) {
  if (denominator <= 0) return std::nullopt;
  return static_cast<double>(numerator) / denominator;
}

std::optional<double> Precision(const Counts& counts) {
  return Ratio(counts.matched, counts.predicted);
}

std::optional<double> Recall(const Counts& counts) { return Ratio(counts.matched, counts.gold); }

std::optional<double> F1(const Counts& counts) {
  // 2PR/(P+R) == 2M/(G+P); defined whenever there is anything to compare.
  return Ratio(2 * counts.matched, counts.gold + counts.predicted);
}

std::optional<double> NumericRecall(const SetScores& scores) {
  auto it = scores.per_kind.find(ClaimKind::kQuantity);
  const int gold = it == scores.per_kind.end() ? 0 : it->second.gold;
  return Ratio(scores.quantity_value_bound_ok, gold);
}

std::string FormatScoresTable(absl::string_view set_name, const SetScores& scores) {
  std::string out = absl::StrFormat("== %s set: %d article(s)\n", set_name, scores.articles);
  for (const std::string& skipped : scores.skipped)
    absl::StrAppend(&out, "   skipped ", skipped, "\n");
  absl::StrAppend(&out, absl::StrFormat("   %-11s %6s %6s %6s %9s %7s %6s\n", "kind", "gold",
                                        "pred", "match", "precision", "recall", "F1"));
  auto row = [&out](absl::string_view name, const Counts& counts) {
    absl::StrAppend(
        &out, absl::StrFormat("   %-11s %6d %6d %6d %9s %7s %6s\n", name, counts.gold,
                              counts.predicted, counts.matched, FormatRatio(Precision(counts)),
                              FormatRatio(Recall(counts)), FormatRatio(F1(counts))));
  };
  for (ClaimKind kind : kAllKinds) {
    auto it = scores.per_kind.find(kind);
    row(KindName(kind), it == scores.per_kind.end() ? Counts{} : it->second);
  }
  row("ALL", scores.overall);
  auto line = [&out](absl::string_view name, int ok, int checked) {
    absl::StrAppend(&out, absl::StrFormat("   %-44s %7s  (%d/%d)\n", name,
                                          FormatRatio(Ratio(ok, checked)), ok, checked));
  };
  absl::StrAppend(&out, "   -- matched quantities\n");
  line("value+bound+unit correct", scores.quantity_all_ok, scores.quantity_matched);
  line("value correct (+-0.5%)", scores.quantity_value_ok, scores.quantity_matched);
  line("upper_value correct", scores.quantity_upper_ok, scores.quantity_matched);
  line("bound correct", scores.quantity_bound_ok, scores.quantity_matched);
  line("unit correct", scores.quantity_unit_ok, scores.quantity_matched);
  auto quantity_gold = scores.per_kind.find(ClaimKind::kQuantity);
  line("numeric recall (right value and bound)", scores.quantity_value_bound_ok,
       quantity_gold == scores.per_kind.end() ? 0 : quantity_gold->second.gold);
  absl::StrAppend(&out, "   -- other checks on matches\n");
  line("date value correct", scores.date_ok, scores.date_checked);
  line("location place correct", scores.location_ok, scores.location_checked);
  line("claimant correct (named claimants)", scores.claimant_ok, scores.claimant_checked);
  line("publication as claimant (no cue)", scores.default_claimant_ok,
       scores.default_claimant_checked);
  if (scores.gold_outside_extractable > 0) {
    absl::StrAppend(&out, "   !! gold rows outside extractable paragraphs: ",
                    scores.gold_outside_extractable, "\n");
  }
  if (scores.invalid_spans > 0) {
    absl::StrAppend(&out, "   !! predictions with invalid spans: ", scores.invalid_spans, "\n");
  }
  auto top = [&out](absl::string_view title, const std::map<std::string, int>& map) {
    if (map.empty()) return;
    std::vector<std::pair<int, std::string>> sorted;
    for (const auto& [key, count] : map) sorted.push_back({-count, key});
    std::sort(sorted.begin(), sorted.end());
    absl::StrAppend(&out, "   -- ", title, "\n");
    for (std::size_t i = 0; i < sorted.size() && i < 8; ++i) {
      absl::StrAppend(&out, absl::StrFormat("      %4d  %s\n", -sorted[i].first, sorted[i].second));
    }
  };
  top("bound errors (gold -> predicted)", scores.bound_confusions);
  top("unit errors (gold -> predicted)", scores.unit_confusions);
  return out;
}

std::string ScoresToJson(const SetScores& scores) {
  std::vector<std::string> kinds;
  for (ClaimKind kind : kAllKinds) {
    auto it = scores.per_kind.find(kind);
    kinds.push_back(absl::StrCat(JsonString(std::string(KindName(kind))), ": ",
                                 CountsJson(it == scores.per_kind.end() ? Counts{} : it->second)));
  }
  std::vector<std::string> skipped;
  for (const std::string& s : scores.skipped) skipped.push_back(JsonString(s));
  auto quantity_gold = scores.per_kind.find(ClaimKind::kQuantity);
  const int gold_quantities =
      quantity_gold == scores.per_kind.end() ? 0 : quantity_gold->second.gold;
  return absl::StrCat(
      "{\"articles\": ", scores.articles, ", \"skipped\": [", absl::StrJoin(skipped, ", "),
      "], \"overall\": ", CountsJson(scores.overall), ", \"per_kind\": {",
      absl::StrJoin(kinds, ", "), "}, \"quantity\": {\"matched\": ", scores.quantity_matched,
      ", \"value_bound_unit_correct\": ",
      JsonRatio(Ratio(scores.quantity_all_ok, scores.quantity_matched)),
      ", \"value_correct\": ", JsonRatio(Ratio(scores.quantity_value_ok, scores.quantity_matched)),
      ", \"upper_value_correct\": ",
      JsonRatio(Ratio(scores.quantity_upper_ok, scores.quantity_matched)),
      ", \"bound_correct\": ", JsonRatio(Ratio(scores.quantity_bound_ok, scores.quantity_matched)),
      ", \"unit_correct\": ", JsonRatio(Ratio(scores.quantity_unit_ok, scores.quantity_matched)),
      ", \"numeric_recall_value_bound\": ",
      JsonRatio(Ratio(scores.quantity_value_bound_ok, gold_quantities)),
      ", \"bound_errors\": ", MapJson(scores.bound_confusions),
      ", \"unit_errors\": ", MapJson(scores.unit_confusions),
      "}, \"date_value\": ", AccuracyJson(scores.date_ok, scores.date_checked),
      ", \"location_place\": ", AccuracyJson(scores.location_ok, scores.location_checked),
      ", \"claimant\": ", AccuracyJson(scores.claimant_ok, scores.claimant_checked),
      ", \"default_claimant\": ",
      AccuracyJson(scores.default_claimant_ok, scores.default_claimant_checked),
      ", \"invalid_spans\": ", scores.invalid_spans,
      ", \"gold_outside_extractable\": ", scores.gold_outside_extractable, "}");
}

}  // namespace claimtrace::eval
