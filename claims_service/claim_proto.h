// Conversions between the plain claim model and claimtrace.claims.v1
// messages, and resource-name parsing. Used only by the gRPC adapter.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_CLAIM_PROTO_H_
#define CLAIMTRACE_CLAIMS_SERVICE_CLAIM_PROTO_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "claims_service/claim_model.h"
#include "claims_service/claim_store.h"
#include "claimtrace/claims/v1/claim.pb.h"

namespace claimtrace::claims {

// The {claim} of "claims/{claim}": 16 lower-case hex characters.
// INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<std::string> ParseClaimName(std::string_view name, std::string_view field);

std::string ClaimName(std::string_view id);

void ToProto(const Entity& entity, common::v1::Entity* out);
void ToProto(const StoredClaim& claim, v1::Claim* out);
v1::ClaimKind ToProto(ClaimKind kind);
v1::Bound ToProto(Bound bound);

// Parses "QUANTITY" or "CLAIM_KIND_QUANTITY" (case-insensitive).
std::optional<ClaimKind> ParseClaimKind(std::string_view text);

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_CLAIM_PROTO_H_
