#include "claims_service/claim_cache.h"

namespace claimtrace::claims {
namespace {

std::size_t EntityBytes(const Entity& e) {
  return sizeof(Entity) + e.id.capacity() + e.name.capacity() + e.affiliation.capacity();
}

}  // namespace

std::size_t ApproximateBytes(const StoredClaim& claim) {
  const ClaimContent& c = claim.content;
  std::size_t bytes = sizeof(StoredClaim) + claim.id.capacity() + EntityBytes(claim.claimant);
  for (const Entity& e : claim.claimants) bytes += EntityBytes(e);
  bytes += EntityBytes(c.subject) + EntityBytes(c.object);
  bytes += c.predicate.capacity() + c.quote_text.capacity() + c.statement.capacity();
  if (c.quantity) bytes += c.quantity->unit.capacity();
  return bytes;
}

}  // namespace claimtrace::claims
