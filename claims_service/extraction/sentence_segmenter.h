// Splits a paragraph into sentences with ICU's sentence BreakIterator (English,
// with the "standard" abbreviation suppressions) plus a merge step for the
// abbreviations ICU still breaks after ("U.S. Commerce", "Dr. Lee", "J. Smith").
// Offsets are UTF-8 byte offsets into the paragraph (ICU runs over a UTF-16
// copy; its boundaries are mapped back to the bytes they start at).
#ifndef CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_SENTENCE_SEGMENTER_H_
#define CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_SENTENCE_SEGMENTER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
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
  // still split (ICU substitutes U+FFFD internally); spans stay within the
  // input. Thread-safe: each thread splits with its own clone of the
  // prototype iterator, made on its first call and kept for later ones.
  //
  // ICU only ever breaks after a sentence terminator (. ! ? and the like) or
  // a paragraph separator, and decides from the few words around it; it runs
  // on windows of text around each such character rather than on the whole
  // paragraph (a differential test holds this equal to SplitWholeText).
  std::vector<SentenceSpan> Split(std::string_view paragraph) const;

  // The same split with ICU run over the whole paragraph: the reference the
  // windowed Split is checked against.
  std::vector<SentenceSpan> SplitWholeText(std::string_view paragraph) const;

 private:
  explicit SentenceSegmenter(std::unique_ptr<icu::BreakIterator> prototype);
  // The iterator's boundaries strictly inside each window [start, end) of
  // `paragraph`, and at the paragraph's end, as raw pieces.
  std::vector<SentenceSpan> IcuPieces(std::string_view paragraph,
                                      const std::vector<SentenceSpan>& windows) const;
  // The pieces between boundaries, trimmed, with abbreviations re-joined.
  static std::vector<SentenceSpan> Trimmed(std::string_view paragraph,
                                           const std::vector<SentenceSpan>& raw);

  std::unique_ptr<icu::BreakIterator> prototype_;
  // Unique per segmenter for the process's life, so a thread's cached clone
  // is never used by another segmenter (even one at the same address).
  std::uint64_t id_ = 0;
};

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_SENTENCE_SEGMENTER_H_
