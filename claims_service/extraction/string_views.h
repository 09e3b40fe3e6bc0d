// Helpers for the std::string_view words the recognisers look at: hashing
// for Abseil containers and comparison with literals.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_STRING_VIEWS_H_
#define CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_STRING_VIEWS_H_

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/base/optimization.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/hash/hash.h"
#include "absl/numeric/int128.h"
#include "absl/strings/string_view.h"

namespace claimtrace::claims {

// The hash of the word lists and of the per-article name tables. Nearly every
// token the recognisers see is looked up in one, and almost all are short: a
// key of at most 16 bytes is read in two (overlapping) loads and mixed by one
// 64x64->128 multiply, folded (the "mum" mix of wyhash), inline at the call,
// instead of a call into Abseil's string hash, which longer keys take (1% of
// extraction's instructions). Debian's Abseil keeps absl::string_view
// distinct from std::string_view, so absl::Hash<std::string_view> would not
// even be that: it falls back to std::hash, a byte-wise MurmurHash. Abseil's
// tables take the low 7 bits and the rest from every bit of the result, which
// the fold spreads. Like Abseil's, the hash is seeded per process by an
// address that ASLR moves, so which words collide is not known before the
// process starts. The seed enters the first factor only (seeding the second
// too cost 0.3% of extraction's instructions): a key of 8-16 bytes whose last
// 8 are kMixB's bytes, which hold '(' '~' and a control byte that no word
// token has, hashes to 0 under every seed.
struct WordHash {
  using is_transparent = void;  // std::string keys are looked up by views
  std::size_t operator()(std::string_view s) const { return Hash(s.data(), s.size()); }
#ifndef ABSL_USES_STD_STRING_VIEW  // else absl::string_view is std::string_view
  std::size_t operator()(absl::string_view s) const { return Hash(s.data(), s.size()); }
#endif
  std::size_t operator()(const std::string& s) const { return Hash(s.data(), s.size()); }
  std::size_t operator()(const char* s) const { return Hash(s, std::strlen(s)); }

  ABSL_ATTRIBUTE_ALWAYS_INLINE static std::size_t Hash(const char* data, std::size_t n) {
    return SeededHash(data, n,
                      static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(&kSeed)));
  }
  // The same with a given seed, for tests that must not depend on ASLR.
  ABSL_ATTRIBUTE_ALWAYS_INLINE static std::size_t SeededHash(const char* data, std::size_t n,
                                                             std::uint64_t seed) {
    if (ABSL_PREDICT_FALSE(n > 16)) return LongHash(data, n);
    const auto* p = reinterpret_cast<const unsigned char*>(data);
    std::uint64_t a = 0;
    std::uint64_t b = 0;
    if (n >= 8) {
      std::memcpy(&a, p, 8);
      std::memcpy(&b, p + n - 8, 8);
    } else if (n >= 4) {
      std::uint32_t lo = 0;
      std::uint32_t hi = 0;
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + n - 4, 4);
      a = (std::uint64_t{lo} << 32) | hi;
    } else if (n > 0) {
      a = (std::uint64_t{p[0]} << 16) | (std::uint64_t{p[n >> 1]} << 8) | p[n - 1];
    }
    const absl::uint128 product =
        absl::uint128(a ^ seed ^ kMixA ^ (std::uint64_t{n} << 56)) * absl::uint128(b ^ kMixB);
    return static_cast<std::size_t>(absl::Uint128Low64(product) ^ absl::Uint128High64(product));
  }
  ABSL_ATTRIBUTE_NOINLINE static std::size_t LongHash(const char* data, std::size_t n) {
    return absl::Hash<absl::string_view>{}(absl::string_view(data, n));
  }
  // wyhash's first two secrets: odd, with bits spread over every byte.
  static constexpr std::uint64_t kMixA = 0xa0761d6478bd642fULL;
  static constexpr std::uint64_t kMixB = 0xe7037ed1a0b428dbULL;
  static constexpr char kSeed = 0;  // its address is the seed
};

// Equality to go with WordHash: any of the string types against any other.
struct WordEq {
  using is_transparent = void;
  template <typename A, typename B>
  bool operator()(const A& a, const B& b) const {
    return AsView(a) == AsView(b);
  }

 private:
  static std::string_view AsView(std::string_view s) { return s; }
#ifndef ABSL_USES_STD_STRING_VIEW
  static std::string_view AsView(absl::string_view s) { return {s.data(), s.size()}; }
#endif
  static std::string_view AsView(const std::string& s) { return s; }
  static std::string_view AsView(const char* s) { return s; }
};

// Word lists keyed by views of static or longer-lived text...
using StringViewSet = absl::flat_hash_set<std::string_view, WordHash, WordEq>;
template <typename Value>
using StringViewMap = absl::flat_hash_map<std::string_view, Value, WordHash, WordEq>;
// ...and by owned strings, looked up by either string_view type.
using StringKeySet = absl::flat_hash_set<std::string, WordHash, WordEq>;
template <typename Value>
using StringKeyMap = absl::flat_hash_map<std::string, Value, WordHash, WordEq>;

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
  // The filter inline at the call (most words stop there), the table not.
  ABSL_ATTRIBUTE_ALWAYS_INLINE bool contains(std::string_view word) const {
    return filter_.MayContain(word) && TableContains(word);
  }
  StringViewSet::const_iterator begin() const { return words_.begin(); }
  StringViewSet::const_iterator end() const { return words_.end(); }

 private:
  void FillFilter() {
    for (std::string_view word : words_) filter_.Add(word);
  }
  ABSL_ATTRIBUTE_NOINLINE bool TableContains(std::string_view word) const {
    return words_.contains(word);
  }

  StringViewSet words_;
  WordFilter filter_;
};

// A WordSet of words made at run time (from a lexicon), which it keeps.
class OwnedWordSet {
 public:
  explicit OwnedWordSet(std::vector<std::string> words)
      : words_(std::move(words)), set_(Views(words_)) {}
  OwnedWordSet(const OwnedWordSet&) = delete;
  OwnedWordSet& operator=(const OwnedWordSet&) = delete;
  const WordSet& set() const { return set_; }

 private:
  static std::vector<std::string_view> Views(const std::vector<std::string>& words) {
    return std::vector<std::string_view>(words.begin(), words.end());
  }
  std::vector<std::string> words_;
  WordSet set_;  // views into words_
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
