// ArticleStore on PostgreSQL, for several provenance_service replicas
// sharing one database. Calls run concurrently on a pool of connections.
//
// Insert runs in one READ COMMITTED transaction: the article row goes in with
// ON CONFLICT DO NOTHING, so when replicas store the same text at once one
// wins and the others wait for it, see the conflict and write nothing
// (Insert returns false); paragraphs and evidence go in with the winning row
// only. A request id is claimed the same way, and the id of the article it
// already names is compared after any concurrent claimant committed.
// Differences from the SQLite store: the publisher filter folds case with
// lower() (non-ASCII letters too, where SQLite's NOCASE folds only ASCII).
#ifndef CLAIMTRACE_PROVENANCE_SERVICE_POSTGRES_ARTICLE_STORE_H_
#define CLAIMTRACE_PROVENANCE_SERVICE_POSTGRES_ARTICLE_STORE_H_

#include <memory>
#include <string>

#include "common/postgres_database.h"
#include "provenance_service/article_store.h"

namespace claimtrace::provenance {

class PostgresArticleStore final : public ArticleStore {
 public:
  // Connects to `url` and migrates the provenance schema (under the
  // migration lock). Errors as PostgresDatabase::Open and Migrate.
  static absl::StatusOr<std::unique_ptr<PostgresArticleStore>> Open(
      const std::string& url, const common::PostgresOptions& options);

  absl::StatusOr<bool> Insert(const ArticleRecord& article, std::string_view request_id) override;
  absl::StatusOr<std::optional<std::string>> ArticleForRequestId(
      std::string_view request_id) override;
  absl::StatusOr<ArticleRecord> GetArticle(std::string_view id) override;
  absl::StatusOr<bool> HasArticle(std::string_view id) override;
  absl::StatusOr<ArticleRecord> GetArticleWithContent(std::string_view id) override;
  absl::StatusOr<std::vector<ArticleRecord>> ListArticles(const ArticleQuery& query,
                                                          std::int64_t offset, int limit) override;
  absl::StatusOr<ParsedParagraph> GetParagraph(std::string_view article_id, int index) override;
  absl::StatusOr<std::vector<ParsedParagraph>> ListParagraphs(std::string_view article_id,
                                                              int after_index, int limit) override;
  absl::StatusOr<std::vector<EvidenceRecord>> ListEvidence(std::string_view article_id,
                                                           int paragraph_index,
                                                           std::string_view claim_id,
                                                           std::string_view after_key,
                                                           int limit) override;
  absl::StatusOr<std::shared_ptr<const ClaimTrace>> TraceClaim(std::string_view claim_id,
                                                               int limit) override;
  absl::StatusOr<int> CountClaimsOfArticle(std::string_view article_id) override;
  absl::StatusOr<std::int64_t> CountArticles() override;
  absl::StatusOr<std::int64_t> CountEvidence() override;
  bool IsHealthy() override;

 private:
  explicit PostgresArticleStore(std::unique_ptr<common::PostgresDatabase> db)
      : db_(std::move(db)) {}
  // Runs one read-only statement and returns its rows.
  absl::StatusOr<common::PgResult> Query(std::string_view sql, const common::PgParams& params);

  std::unique_ptr<common::PostgresDatabase> db_;
};

}  // namespace claimtrace::provenance

#endif  // CLAIMTRACE_PROVENANCE_SERVICE_POSTGRES_ARTICLE_STORE_H_
