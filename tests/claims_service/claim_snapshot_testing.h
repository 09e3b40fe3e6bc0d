// Test helper: the claim a ClaimStore::Get returned (a copy), or its error.
#ifndef CLAIMTRACE_TESTS_CLAIMS_SERVICE_CLAIM_SNAPSHOT_TESTING_H_
#define CLAIMTRACE_TESTS_CLAIMS_SERVICE_CLAIM_SNAPSHOT_TESTING_H_

#include <memory>

#include "absl/status/statusor.h"
#include "claims_service/claim_store.h"

namespace claimtrace::claims {

inline absl::StatusOr<StoredClaim> ClaimOf(
    const absl::StatusOr<std::shared_ptr<const ClaimSnapshot>>& snapshot) {
  if (!snapshot.ok()) return snapshot.status();
  return (*snapshot)->claim;
}

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_TESTS_CLAIMS_SERVICE_CLAIM_SNAPSHOT_TESTING_H_
