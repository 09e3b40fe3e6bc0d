#include "claims_service/conflict_finder.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/number_text.h"

namespace claimtrace::claims {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

std::string FormatNumber(double value) {
  if (!common::IsGroupableWholeNumber(value)) return absl::StrFormat("%.6g", value);
  return common::GroupedWholeNumber(value);
}

// Dates agree when equal at the coarser of the two precisions.
bool DatesAgree(const CalendarDate& a, const CalendarDate& b) {
  if (a.year != b.year) return false;
  const DatePrecision common = std::min(a.precision, b.precision);
  if (common == DatePrecision::kYear) return true;
  if (a.month != b.month) return false;
  if (common == DatePrecision::kMonth) return true;
  return a.day == b.day;
}

bool Agree(const ClaimContent& a, const ClaimContent& b, bool single_valued) {
  if (a.quantity && b.quantity) {
    if (a.quantity->unit != b.quantity->unit) return true;  // not comparable
    return Intersects(IntervalOf(*a.quantity), IntervalOf(*b.quantity));
  }
  if (!single_valued) return true;
  if (a.date && b.date) return DatesAgree(*a.date, *b.date);
  if (a.kind == ClaimKind::kLocation && b.kind == ClaimKind::kLocation) {
    return a.object.id == b.object.id;
  }
  return true;
}

}  // namespace

ValueInterval IntervalOf(const Quantity& q) {
  const double v = q.value;
  const double slack = std::fabs(v) * kExactTolerance;
  switch (q.bound) {
    case Bound::kExact:
      return {v - slack, v + slack};
    case Bound::kApproximate: {
      const double width = std::fabs(v) * kApproximateTolerance;
      return {v - width, v + width};
    }
    case Bound::kAtLeast:
      return {v, kInfinity};
    case Bound::kMoreThan:
      return {v, kInfinity, true, false};
    case Bound::kAtMost:
      return {-kInfinity, v};
    case Bound::kLessThan:
      return {-kInfinity, v, false, true};
    case Bound::kRange:
      return {std::min(v, q.upper_value), std::max(v, q.upper_value)};
  }
  return {v, v};
}

bool Intersects(const ValueInterval& a, const ValueInterval& b) {
  const double low = std::max(a.low, b.low);
  const double high = std::min(a.high, b.high);
  if (low < high) return true;
  if (low > high) return false;
  // Touching at one point: only if both sides include it.
  const bool a_has = (a.low < low || !a.low_open) && (a.high > low || !a.high_open);
  const bool b_has = (b.low < low || !b.low_open) && (b.high > low || !b.high_open);
  return a_has && b_has;
}

bool ConflictPolicy::IsGeneric(const std::string& predicate) const {
  for (const std::string& pattern : generic_predicates) {
    if (!pattern.empty() && pattern.back() == '*') {
      if (predicate.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0)
        return true;
    } else if (predicate == pattern) {
      return true;
    }
  }
  return false;
}

std::string DescribeValue(const ClaimContent& claim) {
  if (claim.quantity) {
    const Quantity& q = *claim.quantity;
    std::string prefix;
    switch (q.bound) {
      case Bound::kExact:
        break;
      case Bound::kApproximate:
        prefix = "about ";
        break;
      case Bound::kAtLeast:
        prefix = "at least ";
        break;
      case Bound::kMoreThan:
        prefix = "more than ";
        break;
      case Bound::kAtMost:
        prefix = "at most ";
        break;
      case Bound::kLessThan:
        prefix = "less than ";
        break;
      case Bound::kRange:
        return absl::StrCat(FormatNumber(q.value), " to ", FormatNumber(q.upper_value), " ",
                            q.unit);
    }
    return absl::StrCat(prefix, FormatNumber(q.value), q.unit.empty() ? "" : " ", q.unit);
  }
  if (claim.date) {
    const CalendarDate& d = *claim.date;
    switch (d.precision) {
      case DatePrecision::kYear:
        return absl::StrFormat("%04d", d.year);
      case DatePrecision::kMonth:
        return absl::StrFormat("%04d-%02d", d.year, d.month);
      case DatePrecision::kDay:
        return absl::StrFormat("%04d-%02d-%02d", d.year, d.month, d.day);
    }
  }
  if (!claim.object.name.empty()) return claim.object.name;
  return claim.statement;
}

std::optional<ConflictVerdict> FindConflict(
    const std::vector<ClaimContent>& claims,
    const std::vector<std::string>& single_valued_predicates) {
  ConflictVerdict verdict;
  std::vector<bool> marked(claims.size(), false);
  for (size_t i = 0; i < claims.size(); ++i) {
    const bool single_valued =
        std::find(single_valued_predicates.begin(), single_valued_predicates.end(),
                  claims[i].predicate) != single_valued_predicates.end();
    for (size_t j = i + 1; j < claims.size(); ++j) {
      if (Agree(claims[i], claims[j], single_valued)) continue;
      if (verdict.explanation.empty()) {
        verdict.explanation = absl::StrCat(DescribeValue(claims[i]), " and ",
                                           DescribeValue(claims[j]), " cannot both be true of ",
                                           claims[i].subject.name, " (", claims[i].predicate, ")");
      }
      marked[i] = marked[j] = true;
    }
  }
  for (size_t i = 0; i < claims.size(); ++i) {
    if (marked[i]) verdict.conflicting.push_back(static_cast<int>(i));
  }
  if (verdict.conflicting.empty()) return std::nullopt;
  return verdict;
}

}  // namespace claimtrace::claims
