// Decides whether claims about one subject and predicate can all be true.
// Quantities are intervals once bounds are taken into account; dates are
// compared at their common precision; places must be equal. Plain C++.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_CONFLICT_FINDER_H_
#define CLAIMTRACE_CLAIMS_SERVICE_CONFLICT_FINDER_H_

#include <optional>
#include <string>
#include <vector>

#include "claims_service/claim_model.h"

namespace claimtrace::claims {

// Relative half-width of the interval an APPROXIMATE value stands for:
// "nearly $6 million" is taken as [5.4M, 6.6M]. Writers round; 10% is the
// usual newsroom reading of "about".
inline constexpr double kApproximateTolerance = 0.10;
// Relative slack for EXACT values, so that "$6 million" and "$6.02 million"
// (rounding) do not conflict.
inline constexpr double kExactTolerance = 0.005;

struct ValueInterval {
  double low;
  double high;
  bool low_open = false;
  bool high_open = false;
};

// The set of true values that `quantity` allows.
ValueInterval IntervalOf(const Quantity& quantity);

// True when the two intervals share at least one value.
bool Intersects(const ValueInterval& a, const ValueInterval& b);

struct ConflictVerdict {
  // Indexes (into the input) of claims that contradict at least one other.
  std::vector<int> conflicting;
  // One sentence: the first contradiction found, e.g. "6,000,000 USD
  // (approximate) and 294,000 USD (exact) cannot both be true".
  std::string explanation;
};

// Claims must share subject and predicate (and unit, for quantities).
// LOCATION and DATE claims conflict only for single-valued predicates
// (`single_valued_predicates`, e.g. "headquartered_in", "founded"), since a
// company can open offices in two cities. nullopt when all can be true.
std::optional<ConflictVerdict> FindConflict(
    const std::vector<ClaimContent>& claims,
    const std::vector<std::string>& single_valued_predicates);

// Which predicates ListConflicts compares, from data files.
struct ConflictPolicy {
  // Predicates with one true value per subject (headquartered_in, founded):
  // LOCATION and DATE claims conflict only for these.
  std::vector<std::string> single_valued_predicates;
  // Predicates too vague to compare ("percentage", "count_of_*"); a trailing
  // '*' matches any suffix.
  std::vector<std::string> generic_predicates;

  bool IsGeneric(const std::string& predicate) const;
};

// Human-readable value, e.g. "at least 50,000 nvidia-h800", "2023-07".
std::string DescribeValue(const ClaimContent& claim);

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_CONFLICT_FINDER_H_
