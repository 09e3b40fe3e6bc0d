// Status helpers shared by the plain libraries. A field violation is an
// INVALID_ARGUMENT status that names the offending request field; the gRPC
// edge turns it into google.rpc.BadRequest details.
#ifndef CLAIMTRACE_COMMON_STATUS_UTIL_H_
#define CLAIMTRACE_COMMON_STATUS_UTIL_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace claimtrace::common {

// INVALID_ARGUMENT "<field>: <description>", carrying `field` as a payload.
absl::Status FieldViolation(std::string_view field, std::string_view description);

// OK when `bytes` is valid UTF-8; otherwise a FieldViolation naming `field`
// and the offset of the first bad byte ("is not valid UTF-8 (byte 4)").
absl::Status CheckUtf8Field(std::string_view field, std::string_view bytes);

// The field a FieldViolation names, if `status` is one.
std::optional<std::string> ViolatedField(const absl::Status& status);

// Propagates a non-OK status (absl has no macro for this in 20220623).
#define CLAIMTRACE_RETURN_IF_ERROR(expr)   \
  do {                                     \
    const ::absl::Status _status = (expr); \
    if (!_status.ok()) return _status;     \
  } while (0)

#define CLAIMTRACE_CONCAT_INNER(a, b) a##b
#define CLAIMTRACE_CONCAT(a, b) CLAIMTRACE_CONCAT_INNER(a, b)
#define CLAIMTRACE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                     \
  if (!tmp.ok()) return std::move(tmp).status();         \
  lhs = std::move(tmp).value()
// `CLAIMTRACE_ASSIGN_OR_RETURN(auto x, MaybeX());`
#define CLAIMTRACE_ASSIGN_OR_RETURN(lhs, expr) \
  CLAIMTRACE_ASSIGN_OR_RETURN_IMPL(CLAIMTRACE_CONCAT(_status_or_, __LINE__), lhs, expr)

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_STATUS_UTIL_H_
