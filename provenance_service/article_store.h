// Persistent store of articles (verbatim), their paragraphs and the
// evidence of every claim mention. An article, its paragraphs and its
// evidence are written in one transaction or not at all.
#ifndef CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_STORE_H_
#define CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/database_url.h"
#include "common/encoded_once.h"
#include "common/postgres_database.h"
#include "common/sqlite_database.h"  // for callers that inspect the SQLite file
#include "provenance_service/article/article_parser.h"

namespace claimtrace::provenance {

struct EntityRef {
  std::string id;
  std::string name;
  std::string affiliation;
};

struct EvidenceRecord {
  std::string id;  // 16 hex, from claim, paragraph and span
  std::string article_id;
  int paragraph_index = 0;
  std::string claim_id;  // 16 hex; the claim's name is "claims/" + claim_id
  int start_offset = 0;  // UTF-8 bytes into the paragraph text, end exclusive
  int end_offset = 0;
  std::string quote;   // paragraph.text[start_offset, end_offset)
  std::string prefix;  // up to 32 characters before
  std::string suffix;  // up to 32 characters after
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

// One claim's trace as TraceClaim returns it: immutable and shared, so that a
// trace served from a cache is handed out without copying its paragraphs.
struct ClaimTrace {
  explicit ClaimTrace(std::vector<TracedEvidence> traced);
  std::vector<TracedEvidence> sources;
  // How many distinct articles `sources` cite.
  int cited_articles = 0;
  // The caller's encoding of these sources (provenance's gRPC layer keeps
  // their serialised reply here), made at most once per trace.
  common::EncodedOnce encoded;
};

// Storage interface of provenance_service, with two engines behind it:
// SQLite (sqlite_article_store.h, one machine) and PostgreSQL
// (postgres_article_store.h, shared by replicas). Both keep the contract
// below. Implementations are thread-safe.
class ArticleStore {
 public:
  virtual ~ArticleStore() = default;

  // Opens (and migrates) the SQLite store at `sqlite_path`.
  static absl::StatusOr<std::unique_ptr<ArticleStore>> Open(const std::string& sqlite_path);

  // Opens (and migrates) the store `url` names: sqlite (the file's directory
  // is created if missing) or postgresql (a pool of `postgres.pool_size`
  // connections; see PostgresDatabase::Open for errors).
  static absl::StatusOr<std::unique_ptr<ArticleStore>> OpenFromUrl(
      const common::DatabaseUrl& url, const common::PostgresOptions& postgres = {});

  // Stores the article, its paragraphs and evidence in one transaction.
  // Returns false (and writes nothing) when an article with the same id is
  // already stored, also when another process stores it at the same moment.
  // `request_id`, when not empty, is remembered so a retry with the same id
  // and text is recognised; the same id with other text is INVALID_ARGUMENT
  // (field "request_id").
  virtual absl::StatusOr<bool> Insert(const ArticleRecord& article,
                                      std::string_view request_id) = 0;

  // The article's id if one was stored for this request id.
  virtual absl::StatusOr<std::optional<std::string>> ArticleForRequestId(
      std::string_view request_id) = 0;

  // Metadata plus counts (no text, paragraphs or evidence). NOT_FOUND.
  virtual absl::StatusOr<ArticleRecord> GetArticle(std::string_view id) = 0;
  // Whether an article with that id exists.
  virtual absl::StatusOr<bool> HasArticle(std::string_view id) = 0;
  // The full record: text, paragraphs and evidence. NOT_FOUND.
  virtual absl::StatusOr<ArticleRecord> GetArticleWithContent(std::string_view id) = 0;

  // Newest publish time first (undated last), then id; offset pagination.
  // The publisher filter is case-insensitive.
  virtual absl::StatusOr<std::vector<ArticleRecord>> ListArticles(const ArticleQuery& query,
                                                                  std::int64_t offset,
                                                                  int limit) = 0;

  virtual absl::StatusOr<ParsedParagraph> GetParagraph(std::string_view article_id, int index) = 0;
  // Paragraphs with index > after_index, in order.
  virtual absl::StatusOr<std::vector<ParsedParagraph>> ListParagraphs(std::string_view article_id,
                                                                      int after_index,
                                                                      int limit) = 0;

  // Evidence in (article, paragraph, start, id) order after `after_key` (from
  // a previous call's last row's EvidenceKey), filtered by article (empty:
  // all), paragraph (-1: all) and claim (empty: all).
  virtual absl::StatusOr<std::vector<EvidenceRecord>> ListEvidence(std::string_view article_id,
                                                                   int paragraph_index,
                                                                   std::string_view claim_id,
                                                                   std::string_view after_key,
                                                                   int limit) = 0;

  // Every piece of evidence for a claim, earliest publish time first
  // (undated last), then article, paragraph and offset. At most `limit`.
  virtual absl::StatusOr<std::shared_ptr<const ClaimTrace>> TraceClaim(std::string_view claim_id,
                                                                       int limit) = 0;

  // Number of distinct claims an article's evidence names.
  virtual absl::StatusOr<int> CountClaimsOfArticle(std::string_view article_id) = 0;

  virtual absl::StatusOr<std::int64_t> CountArticles() = 0;
  virtual absl::StatusOr<std::int64_t> CountEvidence() = 0;
  // True when the database answers a trivial query. While it does not, the
  // other methods fail with UNAVAILABLE; the store reconnects by itself.
  virtual bool IsHealthy() = 0;
};

// The keyset pagination key of an evidence row.
std::string EvidenceKey(const EvidenceRecord& evidence);

}  // namespace claimtrace::provenance

#endif  // CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_STORE_H_
