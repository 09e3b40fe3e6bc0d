#include "provenance_service/article_ingestor.h"

#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "common/status_util.h"
#include "common/utf8.h"

namespace claimtrace::provenance {
namespace {
bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
}  // namespace

std::string ContextBefore(std::string_view text, std::size_t end, int characters) {
  std::size_t start = end;
  for (int n = 0; n < characters && start > 0; ++n) {
    --start;
    while (start > 0 && IsContinuationByte(text[start])) --start;
  }
  return std::string(text.substr(start, end - start));
}

std::string ContextAfter(std::string_view text, std::size_t start, int characters) {
  std::size_t end = start;
  for (int n = 0; n < characters && end < text.size(); ++n) {
    ++end;
    while (end < text.size() && IsContinuationByte(text[end])) ++end;
  }
  return std::string(text.substr(start, end - start));
}

absl::StatusOr<ArticleRecord> ArticleIngestor::Prepare(std::string_view text,
                                                       const ArticleMetadata& given) const {
  const absl::Status valid = ValidateArticleText(text, max_article_bytes_);
  if (!valid.ok()) return common::FieldViolation("text", std::string(valid.message()));
  ParsedArticle parsed = parser_->Parse(text, given);
  ArticleRecord record;
  record.content_sha256 = parsed.content_sha256;
  record.id = parsed.content_sha256.substr(0, 32);
  record.text = std::move(parsed.normalized_text);
  record.metadata = std::move(parsed.metadata);
  record.paragraphs = std::move(parsed.paragraphs);
  record.paragraph_count = static_cast<int>(record.paragraphs.size());
  return record;
}

absl::Status ArticleIngestor::AttachEvidence(ArticleRecord& record,
                                             const std::vector<ClaimMentionInput>& mentions) const {
  std::vector<EvidenceRecord> evidence;
  evidence.reserve(mentions.size());
  for (const ClaimMentionInput& mention : mentions) {
    const std::string where =
        absl::StrCat("claims_service returned a mention of claims/", mention.claim_id,
                     " in paragraph ", mention.paragraph_index);
    if (mention.paragraph_index < 0 ||
        mention.paragraph_index >= static_cast<int>(record.paragraphs.size())) {
      return absl::InternalError(absl::StrCat(where, ", which does not exist"));
    }
    const ParsedParagraph& paragraph = record.paragraphs[mention.paragraph_index];
    if (!IsExtractable(paragraph.kind)) {
      return absl::InternalError(absl::StrCat(where, ", which was not sent for extraction"));
    }
    const std::string_view text = paragraph.text;
    if (mention.start_offset < 0 || mention.end_offset <= mention.start_offset ||
        static_cast<std::size_t>(mention.end_offset) > text.size() ||
        !common::IsUtf8Boundary(text, mention.start_offset) ||
        !common::IsUtf8Boundary(text, mention.end_offset)) {
      return absl::InternalError(absl::StrCat(where, " with an invalid span [",
                                              mention.start_offset, ", ", mention.end_offset, ")"));
    }
    EvidenceRecord e;
    e.article_id = record.id;
    e.paragraph_index = mention.paragraph_index;
    e.claim_id = mention.claim_id;
    e.start_offset = mention.start_offset;
    e.end_offset = mention.end_offset;
    e.quote = std::string(text.substr(e.start_offset, e.end_offset - e.start_offset));
    e.prefix = ContextBefore(text, e.start_offset, kContextCharacters);
    e.suffix = ContextAfter(text, e.end_offset, kContextCharacters);
    e.claimant = mention.claimant;
    e.cue = mention.cue;
    e.method = mention.method;
    e.id = common::Sha256Hex(absl::StrCat(e.claim_id, "|", e.paragraph_index, "|", e.start_offset,
                                          "|", e.end_offset, "|", e.claimant.id))
               .substr(0, 16);
    evidence.push_back(std::move(e));
  }
  record.evidence = std::move(evidence);
  return absl::OkStatus();
}

}  // namespace claimtrace::provenance
