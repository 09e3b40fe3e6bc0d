// How provenance_service talks to claims_service. An interface because
// tests inject faults the real service cannot be made to show on cue;
// production uses GrpcClaimsClient.
#ifndef CLAIMTRACE_PROVENANCE_SERVICE_CLAIMS_CLIENT_H_
#define CLAIMTRACE_PROVENANCE_SERVICE_CLAIMS_CLIENT_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>

#include "absl/time/time.h"
#include "claimtrace/claims/v1/claims_service.grpc.pb.h"
#include "common/encoded_once.h"
#include "common/lru_cache.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace claimtrace::provenance {

// A copy of a claim a client keeps: immutable and shared, with room for
// its caller's encoding of it (TraceClaim keeps the claim's reply field).
struct KeptClaim {
  explicit KeptClaim(claims::v1::Claim c) : claim(std::move(c)) {}
  claims::v1::Claim claim;
  common::EncodedOnce encoded;
};

class ClaimsClient {
 public:
  using Done = std::function<void(grpc::Status)>;
  virtual ~ClaimsClient() = default;

  // Asynchronous; `done` runs exactly once, on a gRPC thread. The context,
  // request and response must stay alive until then.
  virtual void ExtractClaims(grpc::ClientContext* context,
                             const claims::v1::ExtractClaimsRequest* request,
                             claims::v1::ExtractClaimsResponse* response, Done done) = 0;
  virtual void GetClaim(grpc::ClientContext* context, const claims::v1::GetClaimRequest* request,
                        claims::v1::Claim* response, Done done) = 0;

  // True when claims_service answers its health check with SERVING within
  // `timeout`. Blocking.
  virtual bool IsServing(absl::Duration timeout) = 0;

  // The copy of the claim this client keeps, if any: no call is made, and
  // nothing is copied. Null from a client that keeps none.
  virtual std::shared_ptr<const KeptClaim> FindKept(const std::string& /*claim_name*/) {
    return nullptr;
  }

  // Drops any copy of the claim this client keeps, so that the next GetClaim
  // of it asks claims_service. A client that keeps none does nothing.
  virtual void Forget(const std::string& /*claim_name*/) {}
};

class GrpcClaimsClient : public ClaimsClient {
 public:
  // One channel for the life of the process, shared by every call.
  // `bearer_token`, if not empty, is sent with every call.
  GrpcClaimsClient(std::shared_ptr<grpc::Channel> channel, std::string bearer_token);

  void ExtractClaims(grpc::ClientContext* context, const claims::v1::ExtractClaimsRequest* request,
                     claims::v1::ExtractClaimsResponse* response, Done done) override;
  void GetClaim(grpc::ClientContext* context, const claims::v1::GetClaimRequest* request,
                claims::v1::Claim* response, Done done) override;
  bool IsServing(absl::Duration timeout) override;

 private:
  void Authorize(grpc::ClientContext* context) const;

  std::shared_ptr<grpc::Channel> channel_;
  std::string bearer_token_;
  std::unique_ptr<claims::v1::ClaimsService::Stub> stub_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
};

// Answers GetClaim from the claims it has recently read or seen written,
// for up to `ttl` each, so that a TraceClaim needs no call to claims_service
// for a claim traced a moment ago. A claim's state changes only when an
// article citing it is recorded: the claims an ExtractClaims through this
// client returns replace their cached copies at once; a change made another
// way (through another provenance replica, or straight to claims_service)
// shows once the copy expires (each copy lives a random 3/4 to all of `ttl`),
// or at once where the caller notices it and calls Forget: TraceClaim does
// when the copy counts fewer articles than the trace's evidence cites.
// Misses and failures pass through unchanged; only successes are kept.
// Thread-safe.
class CachingClaimsClient : public ClaimsClient {
 public:
  // `next` must outlive this client. `ttl` zero disables caching.
  CachingClaimsClient(ClaimsClient* next, absl::Duration ttl, std::size_t budget_bytes = 16 << 20);

  void ExtractClaims(grpc::ClientContext* context, const claims::v1::ExtractClaimsRequest* request,
                     claims::v1::ExtractClaimsResponse* response, Done done) override;
  // A cached claim is copied into `response` and `done` runs at once, on
  // the calling thread.
  void GetClaim(grpc::ClientContext* context, const claims::v1::GetClaimRequest* request,
                claims::v1::Claim* response, Done done) override;
  bool IsServing(absl::Duration timeout) override { return next_->IsServing(timeout); }
  std::shared_ptr<const KeptClaim> FindKept(const std::string& claim_name) override;
  void Forget(const std::string& claim_name) override;

 private:
  void Keep(const claims::v1::Claim& claim);

  ClaimsClient* next_;
  const absl::Duration ttl_;
  std::mutex mu_;
  common::LruCache<std::shared_ptr<const KeptClaim>> claims_;  // by name; guarded by mu_
  std::minstd_rand jitter_{std::random_device{}()};            // guarded by mu_
};

}  // namespace claimtrace::provenance

#endif  // CLAIMTRACE_PROVENANCE_SERVICE_CLAIMS_CLIENT_H_
