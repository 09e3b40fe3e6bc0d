// ClaimStore on SQLite: one file, WAL mode, FTS5 (unicode61 tokenizer,
// diacritics removed, BM25 ranking with column weights 10/5/3/2: search_rank.h)
// for Search.
// Calls are serialised on the one connection. Get answers from a ClaimCache
// of recently read and written claims, which is cleared whenever another
// connection commits to the file: at once for one in this process (a second
// store), within a millisecond for another process.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_SQLITE_CLAIM_STORE_H_
#define CLAIMTRACE_CLAIMS_SERVICE_SQLITE_CLAIM_STORE_H_

#include <memory>
#include <mutex>
#include <string>

#include "claims_service/claim_cache.h"
#include "claims_service/claim_store.h"
#include "common/sqlite_database.h"

namespace claimtrace::claims {

class SqliteClaimStore final : public ClaimStore {
 public:
  // Opens (and migrates) the store at `path`. Errors as SqliteDatabase::Open.
  static absl::StatusOr<std::unique_ptr<SqliteClaimStore>> Open(const std::string& path);

  absl::StatusOr<std::vector<StoredClaim>> RecordArticleClaims(
      std::string_view article, const std::vector<ExtractedClaim>& claims) override;
  absl::StatusOr<std::shared_ptr<const ClaimSnapshot>> Get(std::string_view id) override;
  absl::StatusOr<ClaimPage> List(const ClaimQuery& query, std::string_view after_key,
                                 int limit) override;
  absl::StatusOr<std::vector<StoredClaim>> Search(std::string_view query, std::int64_t offset,
                                                  int limit) override;
  absl::StatusOr<std::vector<ClaimGroup>> CandidateConflictGroups(std::string_view subject,
                                                                  std::int64_t offset,
                                                                  int limit) override;
  absl::StatusOr<std::int64_t> CountClaims() override;
  absl::StatusOr<std::int64_t> CountSources() override;
  bool IsHealthy() override;

 private:
  // Budget of the claim cache behind Get.
  static constexpr std::size_t kClaimCacheBytes = 32 << 20;

  explicit SqliteClaimStore(std::unique_ptr<common::SqliteDatabase> db)
      : db_(std::move(db)), cache_(kClaimCacheBytes) {}
  absl::StatusOr<StoredClaim> GetLocked(std::string_view id);
  // Clears the cache when another connection has committed since the last
  // check (SqliteDatabase::ChangedElsewhere).
  absl::Status ClearCacheIfChangedElsewhereLocked();
  absl::Status LoadClaimants(StoredClaim& claim);
  // The same for several claims at once (a page), in one query.
  absl::Status LoadClaimants(std::vector<StoredClaim>& claims);
  // The subject id of a subject given by id or by (case-insensitive) name.
  absl::StatusOr<std::string> ResolveSubjectIdLocked(std::string_view subject);

  std::mutex mu_;
  std::unique_ptr<common::SqliteDatabase> db_;
  ClaimCache cache_;
};

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_SQLITE_CLAIM_STORE_H_
