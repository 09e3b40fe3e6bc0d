// Splits a paragraph into sentences where ICU's sentence BreakIterator (English,
// with the "standard" abbreviation suppressions) would, plus a merge step for
// the abbreviations ICU still breaks after ("U.S. Commerce", "Dr. Lee",
// "J. Smith"). Offsets are UTF-8 byte offsets into the paragraph.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_SENTENCE_SEGMENTER_H_
#define CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_SENTENCE_SEGMENTER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "claims_service/extraction/sentence_break_rules.h"
#include "unicode/uversion.h"

U_NAMESPACE_BEGIN
class BreakIterator;
U_NAMESPACE_END

namespace claimtrace::claims {

// One sentence: [start, end) in the paragraph, leading and trailing white
// space excluded, never empty. Both ends lie on UTF-8 character boundaries.
struct SentenceSpan {
  std::size_t start = 0;
  std::size_t end = 0;
};

class SentenceSegmenter {
 public:
  // INTERNAL when ICU cannot build the iterator (missing ICU data).
  static absl::StatusOr<std::unique_ptr<SentenceSegmenter>> Create();

  ~SentenceSegmenter();
  SentenceSegmenter(const SentenceSegmenter&) = delete;
  SentenceSegmenter& operator=(const SentenceSegmenter&) = delete;

  // The sentences of `paragraph` in order. Text that is not valid UTF-8 is
  // still split (as U+FFFD, as ICU reads it); spans stay within the input.
  // Thread-safe.
  //
  // The boundaries come from SentenceBreakRules, ICU's rules and
  // abbreviation filter computed over the UTF-8 directly; only text with
  // Format or Extend characters goes through ICU's iterator (SplitWholeText).
  // A differential test holds Split equal to SplitWholeText.
  std::vector<SentenceSpan> Split(std::string_view paragraph) const;

  // The same split with ICU's iterator over the whole paragraph: the
  // reference Split is checked against.
  std::vector<SentenceSpan> SplitWholeText(std::string_view paragraph) const;

  // The byte offsets of ICU's boundaries strictly inside `paragraph`, before
  // the merge step: the reference for SentenceBreakRules::Boundaries. Each
  // thread runs its own clone of the prototype iterator, made on its first
  // call and kept.
  std::vector<std::size_t> IcuBoundaries(std::string_view paragraph) const;

 private:
  SentenceSegmenter(std::unique_ptr<icu::BreakIterator> prototype, SentenceBreakRules rules);
  // The pieces between boundaries, trimmed, with abbreviations re-joined
  // (in place: `pieces` is returned).
  static std::vector<SentenceSpan> Trimmed(std::string_view paragraph,
                                           std::vector<SentenceSpan> pieces);

  std::unique_ptr<icu::BreakIterator> prototype_;
  SentenceBreakRules rules_;
  // Unique per segmenter for the process's life, so a thread's cached clone
  // is never used by another segmenter (even one at the same address).
  std::uint64_t id_ = 0;
};

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_SENTENCE_SEGMENTER_H_
