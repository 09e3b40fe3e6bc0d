// A bounded in-memory map from claim id to its stored state, for the reads
// that dominate claims_service's traffic (GetClaim, and every TraceClaim
// through it). Least recently used entries leave first once the entries'
// approximate size passes the budget. Thread-compatible: the owner
// serialises calls (SqliteClaimStore calls it under its connection lock).
//
// Keeping it current is the owner's job: put what it writes, and clear it
// when the database may have changed under it (SqliteClaimStore watches
// SQLite's data_version, which moves on every commit by another connection).
#ifndef CLAIMTRACE_CLAIMS_SERVICE_CLAIM_CACHE_H_
#define CLAIMTRACE_CLAIMS_SERVICE_CLAIM_CACHE_H_

#include <cstddef>
#include <list>
#include <optional>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "claims_service/claim_store.h"

namespace claimtrace::claims {

class ClaimCache {
 public:
  // `budget_bytes` 0 disables the cache: Find misses, Put keeps nothing.
  explicit ClaimCache(std::size_t budget_bytes) : budget_bytes_(budget_bytes) {}
  ClaimCache(const ClaimCache&) = delete;
  ClaimCache& operator=(const ClaimCache&) = delete;

  // A copy of the claim with that id, and marks it recently used.
  std::optional<StoredClaim> Find(std::string_view id);

  // Keeps (or replaces) `claim`, evicting least recently used ones to stay
  // within the budget. A claim larger than the whole budget is not kept.
  void Put(const StoredClaim& claim);

  void Clear();

  std::size_t size() const { return entries_.size(); }
  std::size_t bytes() const { return bytes_; }

  // What one entry is charged: the claim's strings and fixed parts.
  static std::size_t ApproximateBytes(const StoredClaim& claim);

 private:
  struct Entry {
    StoredClaim claim;
    std::size_t bytes;
  };
  using Recency = std::list<Entry>;  // most recently used first

  void Erase(Recency::iterator it);

  std::size_t budget_bytes_;
  std::size_t bytes_ = 0;
  Recency recency_;
  // Keys view the ids inside recency_'s entries, which never move.
  absl::flat_hash_map<std::string_view, Recency::iterator> entries_;
};

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_CLAIM_CACHE_H_
