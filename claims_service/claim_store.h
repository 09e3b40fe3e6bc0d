// Persistent store of normalised claims and of which articles make them,
// on SQLite (FTS5 for search). Merges the same claim from several articles
// into one row whose source_count is the number of distinct articles.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_CLAIM_STORE_H_
#define CLAIMTRACE_CLAIMS_SERVICE_CLAIM_STORE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "claims_service/claim_model.h"
#include "common/sqlite_database.h"

namespace claimtrace::claims {

struct StoredClaim {
  std::string id;  // ClaimId(content); the resource name is "claims/" + id
  ClaimContent content;
  Entity claimant;                // claimant of the earliest recorded source
  std::vector<Entity> claimants;  // every distinct claimant
  int source_count = 0;
  absl::Time create_time;
  absl::Time update_time;
};

enum class ClaimOrder { kId, kSourceCountDesc, kUpdateTimeDesc };

struct ClaimQuery {
  std::string subject;    // entity id or name (case-insensitive); empty: any
  std::string predicate;  // empty: any
  std::optional<ClaimKind> kind;
  std::string claimant;   // entity id or name of any source's claimant
  std::string unit;
  int min_source_count = 0;
  ClaimOrder order = ClaimOrder::kId;
};

struct ClaimPage {
  std::vector<StoredClaim> claims;
  // Sort key of the last claim, to resume after; empty on the last page.
  std::string next_key;
};

// A group of claims about one subject and predicate (and unit, for
// quantities) that ListConflicts examines.
struct ClaimGroup {
  std::string subject_id;
  std::string predicate;
  std::vector<StoredClaim> claims;
};

class ClaimStore {
 public:
  // Opens (and migrates) the store at `path`. Errors as SqliteDatabase::Open.
  static absl::StatusOr<std::unique_ptr<ClaimStore>> Open(const std::string& path);

  // Records that `article` makes each claim, in one transaction: inserts
  // claims that are new, adds (claim, article, claimant) sources, and
  // refreshes source counts. Idempotent: recording the same article again
  // changes nothing. Returns the stored state of each distinct claim, in
  // order of first appearance in `claims`.
  absl::StatusOr<std::vector<StoredClaim>> RecordArticleClaims(
      std::string_view article, const std::vector<ExtractedClaim>& claims);

  // NOT_FOUND when there is no claim with that id.
  absl::StatusOr<StoredClaim> Get(std::string_view id);

  // Claims matching `query` after `after_key` (from a previous page's
  // next_key; empty for the first page), at most `limit`.
  absl::StatusOr<ClaimPage> List(const ClaimQuery& query, std::string_view after_key, int limit);

  // Full-text search (FTS5, bm25 ranking with statement weighted highest)
  // over statement, subject, claimants and unit. `query` is user text: it is
  // turned into quoted FTS5 terms (all must match; a trailing * is a
  // prefix), never passed through as FTS5 syntax. INVALID_ARGUMENT (field
  // "query") when it has no searchable word.
  absl::StatusOr<std::vector<StoredClaim>> Search(std::string_view query, std::int64_t offset,
                                                  int limit);

  // Groups of two or more claims sharing subject and predicate (QUANTITY
  // claims also share the unit), ordered by subject and predicate, skipping
  // the first `offset` groups. `subject` restricts to one subject id.
  absl::StatusOr<std::vector<ClaimGroup>> CandidateConflictGroups(std::string_view subject,
                                                                  std::int64_t offset, int limit);

  // Number of claims and of (claim, article, claimant) sources.
  absl::StatusOr<std::int64_t> CountClaims();
  absl::StatusOr<std::int64_t> CountSources();

  // True when the database answers a trivial query.
  bool IsHealthy();

 private:
  explicit ClaimStore(std::unique_ptr<common::SqliteDatabase> db) : db_(std::move(db)) {}
  absl::StatusOr<StoredClaim> GetLocked(std::string_view id);
  absl::Status LoadClaimants(StoredClaim& claim);

  std::mutex mu_;
  std::unique_ptr<common::SqliteDatabase> db_;
};

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_CLAIM_STORE_H_
