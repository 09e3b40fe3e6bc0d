// Builds the `filter` strings of ListClaims and ListArticles from command
// flags: terms `field = "value"` joined by " AND ", values quoted with `\"`
// and `\\` escaped (the grammar in common/list_filter.h).
#ifndef CLAIMTRACE_CLIENT_CLAIM_FILTER_H_
#define CLAIMTRACE_CLIENT_CLAIM_FILTER_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace claimtrace::client {

// `value` as a filter string literal: "..." with backslash and double
// quote escaped by a backslash.
std::string QuoteFilterValue(std::string_view value);

struct ClaimFilterFlags {
  std::optional<std::string> subject;
  std::optional<std::string> predicate;
  // As typed: "quantity", "QUANTITY" or "CLAIM_KIND_QUANTITY".
  std::optional<std::string> kind;
  std::optional<std::string> claimant;
  std::optional<std::string> unit;
  // As typed; must be a non-negative whole number.
  std::optional<std::string> min_sources;
};

// The ListClaims filter, e.g.
//   subject = "port-ellwood" AND kind = QUANTITY AND source_count >= 2
// in the order subject, predicate, kind, claimant, unit, min_sources; empty
// when no flag is set. INVALID_ARGUMENT (a usage error) for a kind that is
// not a bare word or a min_sources that is not a non-negative integer.
absl::StatusOr<std::string> BuildClaimFilter(const ClaimFilterFlags& flags);

// The ListArticles filter from --publisher and --uri (either may be unset).
std::string BuildArticleFilter(const std::optional<std::string>& publisher,
                               const std::optional<std::string>& uri);

}  // namespace claimtrace::client

#endif  // CLAIMTRACE_CLIENT_CLAIM_FILTER_H_
