// The cache behind SqliteClaimStore::Get: claims by id, least recently used
// first out. Keeping it current is the owner's job: put what it writes, and
// clear it when the database may have changed under it (SqliteClaimStore
// watches SQLite's data_version, which moves on every commit by another
// connection).
#ifndef CLAIMTRACE_CLAIMS_SERVICE_CLAIM_CACHE_H_
#define CLAIMTRACE_CLAIMS_SERVICE_CLAIM_CACHE_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "claims_service/claim_store.h"
#include "common/lru_cache.h"

namespace claimtrace::claims {

// What a claim is charged in a cache: its strings and fixed parts.
std::size_t ApproximateBytes(const StoredClaim& claim);

class ClaimCache {
 public:
  // `budget_bytes` 0 disables the cache.
  explicit ClaimCache(std::size_t budget_bytes) : entries_(budget_bytes) {}

  std::optional<std::shared_ptr<const ClaimSnapshot>> Find(std::string_view id) {
    return entries_.Find(id);
  }
  // Charged twice the claim: its encoding is kept beside it once served.
  void Put(std::shared_ptr<const ClaimSnapshot> snapshot) {
    std::string id = snapshot->claim.id;
    const std::size_t bytes = 2 * ApproximateBytes(snapshot->claim);
    entries_.Put(std::move(id), std::move(snapshot), bytes);
  }
  void Clear() { entries_.Clear(); }

 private:
  common::LruCache<std::shared_ptr<const ClaimSnapshot>> entries_;
};

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_CLAIM_CACHE_H_
