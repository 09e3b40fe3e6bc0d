// JSON string literals, written once for logs, claimctl and the benchmarks.
#ifndef CLAIMTRACE_COMMON_JSON_STRING_H_
#define CLAIMTRACE_COMMON_JSON_STRING_H_

#include <string>
#include <string_view>

namespace claimtrace::common {

// `s` as a JSON string literal: quotes, backslash and control characters
// escaped; other bytes (UTF-8) passed through.
std::string JsonString(std::string_view s);

// Appends JsonString(s) to `out` (without a temporary string).
void AppendJsonString(std::string* out, std::string_view s);

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_JSON_STRING_H_
