// ArticleStore on SQLite: one file, WAL mode; calls are serialised on the
// one connection. TraceClaim answers from a cache of recent traces, cleared
// by every write of this store and whenever another connection commits
// (SqliteDatabase::ChangedElsewhere: at once within this process, within a
// millisecond for another).
#ifndef CLAIMTRACE_PROVENANCE_SERVICE_SQLITE_ARTICLE_STORE_H_
#define CLAIMTRACE_PROVENANCE_SERVICE_SQLITE_ARTICLE_STORE_H_

#include <memory>
#include <mutex>
#include <string>

#include "common/lru_cache.h"
#include "common/sqlite_database.h"
#include "provenance_service/article_store.h"

namespace claimtrace::provenance {

class SqliteArticleStore final : public ArticleStore {
 public:
  static absl::StatusOr<std::unique_ptr<SqliteArticleStore>> Open(const std::string& path);

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
  // Budget of the trace cache behind TraceClaim.
  static constexpr std::size_t kTraceCacheBytes = 16 << 20;

  explicit SqliteArticleStore(std::unique_ptr<common::SqliteDatabase> db)
      : db_(std::move(db)), traces_(kTraceCacheBytes) {}
  // Clears the trace cache when another connection has committed since the
  // last check.
  absl::Status ClearTracesIfChangedElsewhereLocked();
  absl::StatusOr<std::vector<TracedEvidence>> TraceClaimLocked(std::string_view claim_id,
                                                               int limit);
  absl::StatusOr<ArticleRecord> GetArticleLocked(std::string_view id);
  absl::StatusOr<ParsedParagraph> GetParagraphLocked(std::string_view article_id, int index);

  std::mutex mu_;
  std::unique_ptr<common::SqliteDatabase> db_;
  // TraceClaim results by "<claim id>/<limit>".
  common::LruCache<std::shared_ptr<const ClaimTrace>> traces_;
};

}  // namespace claimtrace::provenance

#endif  // CLAIMTRACE_PROVENANCE_SERVICE_SQLITE_ARTICLE_STORE_H_
