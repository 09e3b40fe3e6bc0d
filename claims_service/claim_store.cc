#include "claims_service/claim_store.h"

#include "claims_service/postgres_claim_store.h"
#include "claims_service/sqlite_claim_store.h"
#include "common/service_flags.h"
#include "common/status_util.h"

namespace claimtrace::claims {

absl::StatusOr<std::unique_ptr<ClaimStore>> ClaimStore::Open(const std::string& sqlite_path) {
  CLAIMTRACE_ASSIGN_OR_RETURN(std::unique_ptr<SqliteClaimStore> store,
                              SqliteClaimStore::Open(sqlite_path));
  return std::unique_ptr<ClaimStore>(std::move(store));
}

absl::StatusOr<std::unique_ptr<ClaimStore>> ClaimStore::OpenFromUrl(
    const common::DatabaseUrl& url, const common::PostgresOptions& postgres) {
  switch (url.engine) {
    case common::DatabaseUrl::Engine::kSqlite:
      CLAIMTRACE_RETURN_IF_ERROR(common::CreateSqliteDirectory(url.target));
      return Open(url.target);
    case common::DatabaseUrl::Engine::kPostgresql: {
      CLAIMTRACE_ASSIGN_OR_RETURN(std::unique_ptr<PostgresClaimStore> store,
                                  PostgresClaimStore::Open(url.target, postgres));
      return std::unique_ptr<ClaimStore>(std::move(store));
    }
  }
  return absl::InvalidArgumentError("unknown database engine");
}

}  // namespace claimtrace::claims
