// Persistent store of articles (verbatim), their paragraphs and the
// evidence of every claim mention, on SQLite. An article, its paragraphs and
// its evidence are written in one transaction or not at all.
#ifndef CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_STORE_H_
#define CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_STORE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/sqlite_database.h"
#include "provenance_service/article/article_parser.h"

namespace claimtrace::provenance {

struct EntityRef {
  std::string id;
  std::string name;
  std::string affiliation;
};

struct EvidenceRecord {
  std::string id;          // 16 hex, from claim, paragraph and span
  std::string article_id;
  int paragraph_index = 0;
  std::string claim_id;    // 16 hex; the claim's name is "claims/" + claim_id
  int start_offset = 0;    // UTF-8 bytes into the paragraph text, end exclusive
  int end_offset = 0;
  std::string quote;       // paragraph.text[start_offset, end_offset)
  std::string prefix;      // up to 32 characters before
  std::string suffix;      // up to 32 characters after
  EntityRef claimant;
  std::string cue;
  std::string method;
};

struct ArticleRecord {
  std::string id;  // first 32 hex characters of content_sha256
  std::string content_sha256;
  std::string text;  // normalised text, verbatim
  ArticleMetadata metadata;
  std::vector<ParsedParagraph> paragraphs;
  std::vector<EvidenceRecord> evidence;
  int paragraph_count = 0;  // filled when read
  int evidence_count = 0;   // filled when read
  absl::Time create_time;
};

struct ArticleQuery {
  std::string publisher;  // exact, case-insensitive; empty: any
  std::string uri;        // exact; empty: any
};

// Evidence with what a trace shows beside it.
struct TracedEvidence {
  EvidenceRecord evidence;
  ArticleRecord article;  // metadata only: no text, paragraphs or evidence
  ParsedParagraph paragraph;
};

class ArticleStore {
 public:
  static absl::StatusOr<std::unique_ptr<ArticleStore>> Open(const std::string& path);

  // Stores the article, its paragraphs and evidence in one transaction.
  // Returns false (and writes nothing) when an article with the same id is
  // already stored. `request_id`, when not empty, is remembered so a retry
  // with the same id and text is recognised; the same id with other text is
  // INVALID_ARGUMENT (field "request_id").
  absl::StatusOr<bool> Insert(const ArticleRecord& article, std::string_view request_id);

  // The article's id if one was stored for this request id.
  absl::StatusOr<std::optional<std::string>> ArticleForRequestId(std::string_view request_id);

  // Metadata plus counts (no text, paragraphs or evidence). NOT_FOUND.
  absl::StatusOr<ArticleRecord> GetArticle(std::string_view id);
  // Whether an article with that id exists.
  absl::StatusOr<bool> HasArticle(std::string_view id);
  // The full record: text, paragraphs and evidence. NOT_FOUND.
  absl::StatusOr<ArticleRecord> GetArticleWithContent(std::string_view id);

  // Newest publish time first (undated last), then id; offset pagination.
  absl::StatusOr<std::vector<ArticleRecord>> ListArticles(const ArticleQuery& query,
                                                          std::int64_t offset, int limit);

  absl::StatusOr<ParsedParagraph> GetParagraph(std::string_view article_id, int index);
  // Paragraphs with index > after_index, in order.
  absl::StatusOr<std::vector<ParsedParagraph>> ListParagraphs(std::string_view article_id,
                                                              int after_index, int limit);

  // Evidence in (article, paragraph, start, id) order after `after_key` (from
  // a previous call's last row's EvidenceKey), filtered by article (empty:
  // all), paragraph (-1: all) and claim (empty: all).
  absl::StatusOr<std::vector<EvidenceRecord>> ListEvidence(std::string_view article_id,
                                                           int paragraph_index,
                                                           std::string_view claim_id,
                                                           std::string_view after_key, int limit);

  // Every piece of evidence for a claim, earliest publish time first
  // (undated last), then article, paragraph and offset. At most `limit`.
  absl::StatusOr<std::vector<TracedEvidence>> TraceClaim(std::string_view claim_id, int limit);

  // Number of distinct claims an article's evidence names.
  absl::StatusOr<int> CountClaimsOfArticle(std::string_view article_id);

  absl::StatusOr<std::int64_t> CountArticles();
  absl::StatusOr<std::int64_t> CountEvidence();
  bool IsHealthy();

 private:
  explicit ArticleStore(std::unique_ptr<common::SqliteDatabase> db) : db_(std::move(db)) {}
  absl::StatusOr<ArticleRecord> GetArticleLocked(std::string_view id);
  absl::StatusOr<ParsedParagraph> GetParagraphLocked(std::string_view article_id, int index);

  std::mutex mu_;
  std::unique_ptr<common::SqliteDatabase> db_;
};

// The keyset pagination key of an evidence row.
std::string EvidenceKey(const EvidenceRecord& evidence);

}  // namespace claimtrace::provenance

#endif  // CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_STORE_H_
