// ClaimStore on PostgreSQL, for several claims_service replicas sharing one
// database. Calls run concurrently on a pool of connections.
//
// Concurrency: RecordArticleClaims inserts claims and sources with
// ON CONFLICT DO NOTHING (in claim id order, so concurrent ingests wait on
// each other in one order and cannot deadlock), then locks the rows of the
// claims that gained a source (SELECT ... FOR NO KEY UPDATE, in id order)
// and recounts their distinct articles in a statement that starts after the
// lock is held. Every transaction that adds a source recounts after all
// earlier ones committed, so the last to commit leaves the true count; a
// claim is one row however many replicas record it at once.
//
// Search, and how it differs from the SQLite store's FTS5 (this engine ranks
// every match: kSearchRankedMatches does not apply):
//  - Words are tokenised in C++ (not by PostgreSQL's parser) the way FTS5's
//    unicode61 tokenizer does: runs of letters, digits and marks, case
//    folded, diacritics of Latin letters removed; no stemming, no stop words.
//    The document is stored as a tsvector (GIN index) with positions, so a
//    multi-token word is a phrase (<->) and a trailing '*' a prefix (:*).
//  - Weights: statement A, subject and object B, claimants C, unit D;
//    ranking is ts_rank with weights {D 0.2, C 0.3, B 0.5, A 1.0} (the same
//    10 : 5 : 3 : 2 as FTS5's bm25 column weights) and length normalisation
//    1 (divide by 1 + log length). ts_rank has no inverse document
//    frequency, so among documents matching several words, ranks can differ
//    from bm25's; statement matches still rank above claimant-only matches.
//    Ties go by insertion order (an identity column, like SQLite's rowid).
//  - Text whose words all fold away (punctuation only) is INVALID_ARGUMENT
//    (field "query"); FTS5 may instead return no rows.
// Case-insensitive name filters (List's subject and claimant) use lower(),
// which folds non-ASCII letters too where SQLite's NOCASE folds only ASCII.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_POSTGRES_CLAIM_STORE_H_
#define CLAIMTRACE_CLAIMS_SERVICE_POSTGRES_CLAIM_STORE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "claims_service/claim_store.h"
#include "common/postgres_database.h"

namespace claimtrace::claims {

class PostgresClaimStore final : public ClaimStore {
 public:
  // Connects to `url` and migrates the claims schema (under the migration
  // lock). Errors as PostgresDatabase::Open and Migrate.
  static absl::StatusOr<std::unique_ptr<PostgresClaimStore>> Open(
      const std::string& url, const common::PostgresOptions& options);

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
  explicit PostgresClaimStore(std::unique_ptr<common::PostgresDatabase> db) : db_(std::move(db)) {}
  absl::StatusOr<std::int64_t> Count(const char* sql);

  std::unique_ptr<common::PostgresDatabase> db_;
};

// Search tokens of `text` as the stores index them: runs of letters, digits
// and marks, case-folded, Latin diacritics removed. Exposed for tests.
std::vector<std::string> SearchTokens(std::string_view text);

// The tsquery literal for user search text ('a' & 'b' <-> 'c':*), or "" when
// it has no searchable word. Exposed for tests.
std::string PostgresSearchQuery(std::string_view text);

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_POSTGRES_CLAIM_STORE_H_
