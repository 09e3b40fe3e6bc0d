// claimtrace.claims.v1.ClaimsService over gRPC's callback API: validates
// requests, calls ClaimExtractor / ClaimStore / FindConflict, and maps
// results and statuses to messages. No domain logic lives here.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_CLAIMS_GRPC_SERVICE_H_
#define CLAIMTRACE_CLAIMS_SERVICE_CLAIMS_GRPC_SERVICE_H_

#include <memory>
#include <string>
#include <vector>

#include "claims_service/claim_store.h"
#include "claims_service/conflict_finder.h"
#include "claims_service/extraction/claim_extractor.h"
#include "claimtrace/claims/v1/claims_service.grpc.pb.h"
#include "common/observed_call.h"

namespace claimtrace::claims {

// GetClaim, the call that dominates traffic, is served from raw bytes: the
// reply is the claim's encoding, made once per stored snapshot and sent
// without a copy, instead of a Claim message built and serialised per call.
class ClaimsGrpcService final
    : public v1::ClaimsService::WithRawCallbackMethod_GetClaim<v1::ClaimsService::CallbackService> {
 public:
  // All pointers must outlive the service.
  ClaimsGrpcService(const ClaimExtractor* extractor, ClaimStore* store,
                    ConflictPolicy conflict_policy, common::CallObserver* calls);

  grpc::ServerUnaryReactor* ExtractClaims(grpc::CallbackServerContext* context,
                                          const v1::ExtractClaimsRequest* request,
                                          v1::ExtractClaimsResponse* response) override;
  grpc::ServerUnaryReactor* GetClaim(grpc::CallbackServerContext* context,
                                     const grpc::ByteBuffer* request,
                                     grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* BatchGetClaims(grpc::CallbackServerContext* context,
                                           const v1::BatchGetClaimsRequest* request,
                                           v1::BatchGetClaimsResponse* response) override;
  grpc::ServerUnaryReactor* ListClaims(grpc::CallbackServerContext* context,
                                       const v1::ListClaimsRequest* request,
                                       v1::ListClaimsResponse* response) override;
  grpc::ServerUnaryReactor* SearchClaims(grpc::CallbackServerContext* context,
                                         const v1::SearchClaimsRequest* request,
                                         v1::SearchClaimsResponse* response) override;
  grpc::ServerUnaryReactor* ListConflicts(grpc::CallbackServerContext* context,
                                          const v1::ListConflictsRequest* request,
                                          v1::ListConflictsResponse* response) override;

 private:
  const ClaimExtractor* extractor_;
  ClaimStore* store_;
  ConflictPolicy conflict_policy_;
  common::CallObserver* calls_;
};

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_CLAIMS_GRPC_SERVICE_H_
