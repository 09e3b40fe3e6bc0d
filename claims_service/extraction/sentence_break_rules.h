// Sentence boundaries as ICU's English sentence BreakIterator with the
// "standard" abbreviation suppressions ("en@ss=standard") finds them,
// computed directly over UTF-8: the rules of UAX #29 (SB1-SB11) over ICU's own
// Sentence_Break property data, then ICU's filter, which drops a boundary
// after one of the abbreviations listed in ICU's data ("Mr.", "U.S.",
// "Ph.D."...). Running ICU's iterator costs ten times more: it converts the
// text to UTF-16 and runs a generic state machine, then walks each boundary's
// text backwards through a trie. A differential test holds the two equal.
//
// Not covered: text with Format or Extend characters (rule SB5, soft
// hyphens, combining marks, joiners). Boundaries() says so and the caller
// asks ICU.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_SENTENCE_BREAK_RULES_H_
#define CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_SENTENCE_BREAK_RULES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace claimtrace::claims {

class SentenceBreakRules {
 public:
  // Reads the abbreviations from ICU's break iterator data for English
  // ("exceptions/SentenceBreak" in brkitr/en), as ICU's iterator does.
  // INTERNAL when ICU's data lacks them.
  static absl::StatusOr<SentenceBreakRules> ForEnglish();

  // Appends to `boundaries` the byte offsets of the sentence boundaries
  // strictly inside `text` (neither 0 nor text.size()), in order: the
  // offsets at which ICU's iterator reports them (the first byte of the
  // character after the boundary). Invalid UTF-8 reads as U+FFFD per
  // maximal invalid sequence, as ICU's UTF-8 conversion does. False, with
  // `boundaries` unchanged, when `text` holds Format or Extend characters.
  bool Boundaries(std::string_view text, std::vector<std::size_t>* boundaries) const;

 private:
  // ICU's filter (SimpleFilteredSentenceBreakIterator): whether the
  // boundary at byte `at` of `text` (valid UTF-8 before it) follows a listed
  // abbreviation.
  bool IsSuppressed(std::string_view text, std::size_t at) const;

  // A trie of code-point strings, walked one code point at a time: one
  // integer-keyed look-up per step (the filter reads a code point, asks
  // whether what it has read is an entry and whether it starts a longer one).
  class Trie {
   public:
    static constexpr std::uint32_t kRoot = 0;
    static constexpr std::uint32_t kNone = UINT32_MAX;
    // Adds `s` (not empty) with `value` (not 0), unless it is in already.
    void Add(const std::u32string& s, std::uint8_t value);
    // The node reached from `node` by `c`, or kNone.
    std::uint32_t Child(std::uint32_t node, char32_t c) const {
      const auto it = edges_.find(Edge(node, c));
      return it == edges_.end() ? kNone : it->second;
    }
    // The value of the string ending at `node`; 0 when it was not added.
    std::uint8_t Value(std::uint32_t node) const { return nodes_[node].value; }
    // Whether the string at `node` is a proper prefix of an added one.
    bool HasChildren(std::uint32_t node) const { return nodes_[node].has_children; }
    bool empty() const { return nodes_.size() == 1; }

   private:
    struct Node {
      std::uint8_t value = 0;
      bool has_children = false;
    };
    static std::uint64_t Edge(std::uint32_t node, char32_t c) {
      return (static_cast<std::uint64_t>(node) << 32) | static_cast<std::uint32_t>(c);
    }
    std::vector<Node> nodes_ = std::vector<Node>(1);
    absl::flat_hash_map<std::uint64_t, std::uint32_t> edges_;
  };

  // The filter's data, as ICU builds its two tries from the list. An
  // abbreviation with a dot inside ("Ph.D.") makes its part up to the first
  // dot ("Ph.") a partial entry; every listed string starting with such a
  // part is only matched forwards, whole, from where the part starts.
  static constexpr std::uint8_t kWhole = 1;  // backward_ values
  static constexpr std::uint8_t kPartial = 2;
  static constexpr std::uint8_t kForward = 1;  // forward_ values
  Trie backward_;                              // entries, reversed
  Trie forward_;                               // strings matched forwards
};

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_SENTENCE_BREAK_RULES_H_
