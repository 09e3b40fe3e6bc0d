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
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
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

  // The filter's data, as ICU builds its two tries from the list. An
  // abbreviation with a dot inside ("Ph.D.") makes its part up to the first
  // dot ("Ph.") a partial entry; every listed string starting with such a
  // part is only matched forwards, whole, from where the part starts.
  enum class Entry { kWhole, kPartial };
  absl::flat_hash_map<std::u32string, Entry> backward_;    // entries, reversed
  absl::flat_hash_set<std::u32string> backward_prefixes_;  // proper prefixes of those
  absl::flat_hash_set<std::u32string> forward_;            // strings matched forwards
  absl::flat_hash_set<std::u32string> forward_prefixes_;   // proper prefixes of those
};

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_SENTENCE_BREAK_RULES_H_
