// A small subset of AIP-160 filters: a conjunction of comparisons,
//   subject = "voltaris" AND kind = QUANTITY AND source_count >= 2
// Values are quoted strings ("..." with \" and \\ escapes) or bare words and
// numbers. Filter text is only ever data bound into prepared statements.
#ifndef CLAIMTRACE_COMMON_LIST_FILTER_H_
#define CLAIMTRACE_COMMON_LIST_FILTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace claimtrace::common {

struct FilterTerm {
  std::string field;
  std::string op;  // one of = != < <= > >=
  std::string value;
};

struct FilterField {
  std::string name;
  // Operators this field accepts, e.g. {"="} or {"=", ">=", ">", "<", "<="}.
  std::vector<std::string> ops;
};

// Parses `filter` against the allowed fields. INVALID_ARGUMENT (field
// "filter") naming the position and problem for unknown fields, operators
// the field does not take, unterminated strings, or stray text. An empty or
// blank filter is an empty conjunction.
absl::StatusOr<std::vector<FilterTerm>> ParseListFilter(std::string_view filter,
                                                        const std::vector<FilterField>& fields);

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_LIST_FILTER_H_
