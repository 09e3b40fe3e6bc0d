#include "provenance_service/article_store.h"

#include <string_view>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_format.h"
#include "common/service_flags.h"
#include "common/status_util.h"
#include "provenance_service/postgres_article_store.h"
#include "provenance_service/sqlite_article_store.h"

namespace claimtrace::provenance {

ClaimTrace::ClaimTrace(std::vector<TracedEvidence> traced) : sources(std::move(traced)) {
  absl::flat_hash_set<std::string_view> articles;
  for (const TracedEvidence& t : sources) articles.insert(t.evidence.article_id);
  cited_articles = static_cast<int>(articles.size());
}

std::string EvidenceKey(const EvidenceRecord& e) {
  return absl::StrFormat("%s|%d|%d|%s", e.article_id, e.paragraph_index, e.start_offset, e.id);
}

absl::StatusOr<std::unique_ptr<ArticleStore>> ArticleStore::Open(const std::string& sqlite_path) {
  CLAIMTRACE_ASSIGN_OR_RETURN(std::unique_ptr<SqliteArticleStore> store,
                              SqliteArticleStore::Open(sqlite_path));
  return std::unique_ptr<ArticleStore>(std::move(store));
}

absl::StatusOr<std::unique_ptr<ArticleStore>> ArticleStore::OpenFromUrl(
    const common::DatabaseUrl& url, const common::PostgresOptions& postgres) {
  switch (url.engine) {
    case common::DatabaseUrl::Engine::kSqlite:
      CLAIMTRACE_RETURN_IF_ERROR(common::CreateSqliteDirectory(url.target));
      return Open(url.target);
    case common::DatabaseUrl::Engine::kPostgresql: {
      CLAIMTRACE_ASSIGN_OR_RETURN(std::unique_ptr<PostgresArticleStore> store,
                                  PostgresArticleStore::Open(url.target, postgres));
      return std::unique_ptr<ArticleStore>(std::move(store));
    }
  }
  return absl::InvalidArgumentError("unknown database engine");
}

}  // namespace claimtrace::provenance
