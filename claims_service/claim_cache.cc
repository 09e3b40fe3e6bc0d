#include "claims_service/claim_cache.h"

namespace claimtrace::claims {
namespace {

std::size_t EntityBytes(const Entity& e) {
  return sizeof(Entity) + e.id.capacity() + e.name.capacity() + e.affiliation.capacity();
}

}  // namespace

std::size_t ClaimCache::ApproximateBytes(const StoredClaim& claim) {
  const ClaimContent& c = claim.content;
  std::size_t bytes = sizeof(Entry) + 64;  // list node, hash slot and allocator overhead
  bytes += claim.id.capacity() + EntityBytes(claim.claimant);
  for (const Entity& e : claim.claimants) bytes += EntityBytes(e);
  bytes += EntityBytes(c.subject) + EntityBytes(c.object);
  bytes += c.predicate.capacity() + c.quote_text.capacity() + c.statement.capacity();
  if (c.quantity) bytes += c.quantity->unit.capacity();
  return bytes;
}

std::optional<StoredClaim> ClaimCache::Find(std::string_view id) {
  const auto it = entries_.find(id);
  if (it == entries_.end()) return std::nullopt;
  recency_.splice(recency_.begin(), recency_, it->second);
  return it->second->claim;
}

void ClaimCache::Put(const StoredClaim& claim) {
  if (const auto it = entries_.find(std::string_view(claim.id)); it != entries_.end()) {
    Erase(it->second);
  }
  const std::size_t bytes = ApproximateBytes(claim);
  if (bytes > budget_bytes_) return;
  while (bytes_ + bytes > budget_bytes_) Erase(std::prev(recency_.end()));
  recency_.push_front(Entry{claim, bytes});
  bytes_ += bytes;
  entries_.emplace(std::string_view(recency_.front().claim.id), recency_.begin());
}

void ClaimCache::Clear() {
  entries_.clear();
  recency_.clear();
  bytes_ = 0;
}

void ClaimCache::Erase(Recency::iterator it) {
  entries_.erase(std::string_view(it->claim.id));
  bytes_ -= it->bytes;
  recency_.erase(it);
}

}  // namespace claimtrace::claims
