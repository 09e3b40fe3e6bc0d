// The plain-C++ half of IngestArticle: validates and parses the text into an
// ArticleRecord, then turns claim mentions from claims_service into
// verified Evidence (quote == paragraph slice, with prefix/suffix context).
#ifndef CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_INGESTOR_H_
#define CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_INGESTOR_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "provenance_service/article/article_parser.h"
#include "provenance_service/article_store.h"

namespace claimtrace::provenance {

// One claim mention as claims_service reports it.
struct ClaimMentionInput {
  std::string claim_id;  // 16 hex
  int paragraph_index = 0;
  int start_offset = 0;
  int end_offset = 0;
  EntityRef claimant;
  std::string cue;
  std::string method;
};

// Characters of context kept before and after each quote.
inline constexpr int kContextCharacters = 32;

class ArticleIngestor {
 public:
  // `parser` must outlive the ingestor.
  ArticleIngestor(const ArticleParser* parser, std::size_t max_article_bytes)
      : parser_(parser), max_article_bytes_(max_article_bytes) {}

  // INVALID_ARGUMENT (field "text") for empty, invalid UTF-8, NUL bytes or
  // oversized text; otherwise the parsed record with id, hashes, metadata
  // and paragraphs, and no evidence yet.
  absl::StatusOr<ArticleRecord> Prepare(std::string_view text, const ArticleMetadata& given) const;

  // Adds one EvidenceRecord per mention. A mention that points outside the
  // article's extractable paragraphs, outside the paragraph, or between the
  // bytes of a UTF-8 character is INTERNAL (claims_service broke its
  // contract) and nothing is attached.
  absl::Status AttachEvidence(ArticleRecord& record,
                              const std::vector<ClaimMentionInput>& mentions) const;

 private:
  const ArticleParser* parser_;
  std::size_t max_article_bytes_;
};

// Up to `characters` UTF-8 characters of `text` ending at byte `end` /
// starting at byte `start`.
std::string ContextBefore(std::string_view text, std::size_t end, int characters);
std::string ContextAfter(std::string_view text, std::size_t start, int characters);

}  // namespace claimtrace::provenance

#endif  // CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_INGESTOR_H_
