// Persistent store of normalised claims and of which articles make them.
// Merges the same claim from several articles into one row whose
// source_count is the number of distinct articles.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_CLAIM_STORE_H_
#define CLAIMTRACE_CLAIMS_SERVICE_CLAIM_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "claims_service/claim_model.h"
#include "common/database_url.h"
#include "common/encoded_once.h"
#include "common/postgres_database.h"
#include "common/sqlite_database.h"  // for callers that inspect the SQLite file

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

// A stored claim as Get returns it: immutable and shared, so that a claim
// served from a cache is handed out without a copy.
struct ClaimSnapshot {
  explicit ClaimSnapshot(StoredClaim c) : claim(std::move(c)) {}
  StoredClaim claim;
  // The caller's encoding of the claim (claims_service's gRPC layer keeps
  // its serialised Claim here), made at most once per snapshot.
  common::EncodedOnce encoded;
};

enum class ClaimOrder { kId, kSourceCountDesc, kUpdateTimeDesc };

// How many matches ClaimStore::Search ranks at most (see there).
inline constexpr int kSearchRankedMatches = 2000;

struct ClaimQuery {
  std::string subject;    // entity id or name (case-insensitive); empty: any
  std::string predicate;  // empty: any
  std::optional<ClaimKind> kind;
  std::string claimant;  // entity id or name of any source's claimant
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

// Storage interface of claims_service, with two engines behind it: SQLite
// (sqlite_claim_store.h, one machine) and PostgreSQL (postgres_claim_store.h,
// shared by replicas). Both keep the contract below; where the engines
// differ, the PostgreSQL header says how. Implementations are thread-safe.
class ClaimStore {
 public:
  virtual ~ClaimStore() = default;

  // Opens (and migrates) the SQLite store at `sqlite_path`. Errors as
  // SqliteDatabase::Open.
  static absl::StatusOr<std::unique_ptr<ClaimStore>> Open(const std::string& sqlite_path);

  // Opens (and migrates) the store `url` names: sqlite (the file's directory
  // is created if missing) or postgresql (a pool of `postgres.pool_size`
  // connections; see PostgresDatabase::Open for errors).
  static absl::StatusOr<std::unique_ptr<ClaimStore>> OpenFromUrl(
      const common::DatabaseUrl& url, const common::PostgresOptions& postgres = {});

  // Records that `article` makes each claim, in one transaction: inserts
  // claims that are new, adds (claim, article, claimant) sources, and
  // refreshes source counts. Idempotent: recording the same article again
  // changes nothing. Returns the stored state of each distinct claim, in
  // order of first appearance in `claims`. Safe to run concurrently from
  // several processes on one database: each claim is stored once and its
  // source_count is the number of distinct articles in the end.
  virtual absl::StatusOr<std::vector<StoredClaim>> RecordArticleClaims(
      std::string_view article, const std::vector<ExtractedClaim>& claims) = 0;

  // NOT_FOUND when there is no claim with that id.
  virtual absl::StatusOr<std::shared_ptr<const ClaimSnapshot>> Get(std::string_view id) = 0;

  // Claims matching `query` after `after_key` (from a previous page's
  // next_key; empty for the first page), at most `limit`. Subject and
  // claimant names match case-insensitively.
  virtual absl::StatusOr<ClaimPage> List(const ClaimQuery& query, std::string_view after_key,
                                         int limit) = 0;

  // Full-text search over statement, subject (and object), claimants and
  // unit. `query` is user text, never engine syntax: it is split into words
  // (runs of letters and digits; case and Latin diacritics folded) that must
  // all match; a word of several tokens ("t—urbine") is a phrase; a trailing
  // '*' makes the word a prefix. Results are ordered by relevance, where a
  // match in the statement weighs most, then subject/object, claimants and
  // unit (10 : 5 : 3 : 2), ties in insertion order; `offset` and `limit` page
  // through that order. When more than kSearchRankedMatches claims match
  // (a common word in a large store), only the most recently stored
  // max(kSearchRankedMatches, offset + limit) of them are ranked, which
  // bounds the cost of a search; add a word to reach older ones.
  // INVALID_ARGUMENT (field "query") when the text has no searchable word.
  virtual absl::StatusOr<std::vector<StoredClaim>> Search(std::string_view query,
                                                          std::int64_t offset, int limit) = 0;

  // Groups of two or more claims sharing subject and predicate (QUANTITY
  // claims also share the unit), ordered by subject and predicate, skipping
  // the first `offset` groups. `subject` restricts to one subject id. At
  // most 100 claims per group, most sourced first.
  virtual absl::StatusOr<std::vector<ClaimGroup>> CandidateConflictGroups(std::string_view subject,
                                                                          std::int64_t offset,
                                                                          int limit) = 0;

  // Number of claims and of (claim, article, claimant) sources.
  virtual absl::StatusOr<std::int64_t> CountClaims() = 0;
  virtual absl::StatusOr<std::int64_t> CountSources() = 0;

  // True when the database answers a trivial query. While it does not, the
  // other methods fail with UNAVAILABLE; the store reconnects by itself.
  virtual bool IsHealthy() = 0;
};

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_CLAIM_STORE_H_
