// Structured logging: one JSON object per line on stderr, written with a
// single write so lines from concurrent threads never interleave.
#ifndef CLAIMTRACE_COMMON_JSON_LOG_H_
#define CLAIMTRACE_COMMON_JSON_LOG_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/json_string.h"

namespace claimtrace::common {

// A field value already rendered as JSON (use JsonString for strings).
struct JsonField {
  std::string key;
  std::string json_value;
};

// Writes {"time": RFC 3339 UTC, "level": level, "msg": message, fields...}.
void LogJson(std::string_view level, std::string_view message,
             const std::vector<JsonField>& fields = {});

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_JSON_LOG_H_
