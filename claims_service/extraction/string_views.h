// Helpers for the std::string_view words the recognisers look at: hashing
// for Abseil containers and comparison with literals.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_STRING_VIEWS_H_
#define CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_STRING_VIEWS_H_

#include <bitset>
#include <cstddef>
#include <cstring>
#include <initializer_list>
#include <string_view>
#include <vector>

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

// A cheap necessary condition for membership in a fixed set of words: a
// bitmap over (first byte, last byte, length). Most words the recognisers
// look up are in none of their word lists, and the bitmap turns them away
// before any hashing; it never turns away a member.
class WordFilter {
 public:
  void Add(std::string_view word) { bits_.set(Slot(word)); }
  bool MayContain(std::string_view word) const { return bits_.test(Slot(word)); }

 private:
  static std::size_t Slot(std::string_view word) {
    if (word.empty()) return 0;
    const auto first = static_cast<unsigned char>(word.front()) & 31u;
    const auto last = static_cast<unsigned char>(word.back()) & 31u;
    const std::size_t length = word.size() < 7 ? word.size() : 7;
    return (first << 8) | (last << 3) | length;
  }
  std::bitset<8192> bits_;
};

// A fixed list of words, such as the reporting verbs or month names.
class WordSet {
 public:
  WordSet(std::initializer_list<std::string_view> words) : words_(words) { FillFilter(); }
  explicit WordSet(const std::vector<std::string_view>& words)
      : words_(words.begin(), words.end()) {
    FillFilter();
  }
  bool contains(std::string_view word) const {
    return filter_.MayContain(word) && words_.contains(word);
  }
  StringViewSet::const_iterator begin() const { return words_.begin(); }
  StringViewSet::const_iterator end() const { return words_.end(); }

 private:
  void FillFilter() {
    for (std::string_view word : words_) filter_.Add(word);
  }

  StringViewSet words_;
  WordFilter filter_;
};

// Position of the first `c` in `word`, or npos: std::string_view::find
// calls memchr, which costs more than the search itself on a word of a few
// bytes (per-token hyphen checks were 2% of extraction).
inline std::size_t FindInWord(std::string_view word, char c) {
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (word[i] == c) return i;
  }
  return std::string_view::npos;
}

// Whether `text` is `literal`: the same as text == literal, written out so
// that the compiler compares the literal's few bytes inline. Through
// std::string_view's operator== every comparison of two words of equal
// length was an out-of-line compare() and a memcmp call (5% of extraction).
template <std::size_t N>
inline bool Is(std::string_view text, const char (&literal)[N]) {
  if constexpr (N == 1) {
    return text.empty();  // no memcmp on a possibly null data()
  } else {
    return text.size() == N - 1 && std::memcmp(text.data(), literal, N - 1) == 0;
  }
}

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_STRING_VIEWS_H_
