// Hashing of std::string_view keys in Abseil containers.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_STRING_VIEW_HASH_H_
#define CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_STRING_VIEW_HASH_H_

#include <cstddef>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"

namespace claimtrace::claims {

// Debian's Abseil keeps absl::string_view distinct from std::string_view, so
// absl::Hash<std::string_view> falls back to std::hash (a byte-wise
// MurmurHash), about twice as slow on short words as Abseil's own string
// hash, which this applies. The word lists are looked up for nearly every
// token the recognisers see.
struct StringViewHash {
  std::size_t operator()(std::string_view s) const {
    return absl::Hash<absl::string_view>{}(absl::string_view(s.data(), s.size()));
  }
};

using StringViewSet = absl::flat_hash_set<std::string_view, StringViewHash>;
template <typename Value>
using StringViewMap = absl::flat_hash_map<std::string_view, Value, StringViewHash>;

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_STRING_VIEW_HASH_H_
