// Who asserts what in a paragraph (PARC-style source / cue / content):
// direct quotes with their speakers, and reported-speech scopes such as
// "X said (that) ...", "... , X said.", "..., says X, a professor at Y",
// "according to X, ...", "X, founder of Y, estimates that ...",
// "DeepSeek, which claims that ...". Sources are the paragraph's resolved
// mentions, so pronouns ("he said") and descriptions ("the company said")
// arrive already resolved to people and organisations.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_ATTRIBUTION_H_
#define CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_ATTRIBUTION_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "claims_service/claim_model.h"
#include "claims_service/extraction/paragraph_analysis.h"

namespace claimtrace::claims {

struct AttributionSource {
  Entity claimant;  // with affiliation when the text gives one
  std::string cue;  // the reporting words as written, lower-cased: "said", "according to"
};

// A direct quotation: the text between quotation marks.
struct QuoteSpan {
  std::size_t open_token = 0;     // the opening mark
  std::size_t close_token = 0;    // the closing mark; tokens.size() if unclosed
  std::size_t content_start = 0;  // bytes inside the marks
  std::size_t content_end = 0;
  int word_count = 0;
  std::optional<AttributionSource> speaker;  // unset when nobody is named
  // How the speaker was found: next to the quotation ("“...,” she said"),
  // from reported speech around it ("X said that only “...”"), or carried
  // over from the previous quotation of the paragraph.
  enum class SpeakerSource { kNone, kAdjacent, kScope, kPrevious };
  SpeakerSource speaker_source = SpeakerSource::kNone;
};

// Text whose content is asserted by `source` (reported speech).
struct AttributionScope {
  std::size_t start = 0;  // bytes, end exclusive
  std::size_t end = 0;
  AttributionSource source;
};

struct ParagraphAttribution {
  std::vector<QuoteSpan> quotes;
  std::vector<AttributionScope> scopes;

  // The quote whose content contains [start, end), or nullptr.
  const QuoteSpan* QuoteContaining(std::size_t start, std::size_t end) const;
  // Who asserts text at [start, end): the speaker of an enclosing quote, else
  // the narrowest reported-speech scope, else nullptr (the publication).
  const AttributionSource* SourceFor(std::size_t start, std::size_t end) const;
  // Content start of the scope containing `offset` (for subject search), or
  // nullopt.
  std::optional<std::size_t> ScopeStartFor(std::size_t offset) const;
};

// Finds quotes and reported speech in one analysed paragraph. `previous`
// carries the speaker of the last quote in earlier paragraphs of the article
// (for paragraphs that continue a quotation); may be null.
ParagraphAttribution AttributeParagraph(const ParagraphAnalysis& paragraph,
                                        const AttributionSource* previous_speaker);

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_ATTRIBUTION_H_
