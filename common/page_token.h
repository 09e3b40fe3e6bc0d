// Opaque, validated page tokens (AIP-158). A token carries the position to
// resume from and a fingerprint of the query it belongs to; a token that was
// tampered with, truncated, or minted for another query is rejected.
#ifndef CLAIMTRACE_COMMON_PAGE_TOKEN_H_
#define CLAIMTRACE_COMMON_PAGE_TOKEN_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace claimtrace::common {

struct PagePosition {
  // Number of results already returned (for ranked or offset-ordered lists).
  std::int64_t offset = 0;
  // The sort key of the last result returned (keyset pagination), if used.
  std::string last_key;
};

// `query_fingerprint` identifies the query (method, filter, order, parent):
// any string; only its hash is kept in the token.
std::string EncodePageToken(std::string_view query_fingerprint, const PagePosition& position);

// INVALID_ARGUMENT (field "page_token") unless `token` was made by
// EncodePageToken for the same fingerprint. An empty token is the first page.
absl::StatusOr<PagePosition> DecodePageToken(std::string_view token,
                                             std::string_view query_fingerprint);

// Validates page_size: negative is INVALID_ARGUMENT (field "page_size"); 0
// means `default_size`; above `max_size` is clamped (AIP-158).
absl::StatusOr<int> ResolvePageSize(int requested, int default_size, int max_size);

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_PAGE_TOKEN_H_
