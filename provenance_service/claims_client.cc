#include "provenance_service/claims_client.h"

#include <chrono>

#include "absl/time/clock.h"

namespace claimtrace::provenance {

GrpcClaimsClient::GrpcClaimsClient(std::shared_ptr<grpc::Channel> channel, std::string bearer_token)
    : channel_(std::move(channel)),
      bearer_token_(std::move(bearer_token)),
      stub_(claims::v1::ClaimsService::NewStub(channel_)),
      health_(grpc::health::v1::Health::NewStub(channel_)) {}

void GrpcClaimsClient::Authorize(grpc::ClientContext* context) const {
  if (!bearer_token_.empty()) context->AddMetadata("authorization", "Bearer " + bearer_token_);
}

void GrpcClaimsClient::ExtractClaims(grpc::ClientContext* context,
                                     const claims::v1::ExtractClaimsRequest* request,
                                     claims::v1::ExtractClaimsResponse* response, Done done) {
  Authorize(context);
  stub_->async()->ExtractClaims(context, request, response, std::move(done));
}

void GrpcClaimsClient::GetClaim(grpc::ClientContext* context,
                                const claims::v1::GetClaimRequest* request,
                                claims::v1::Claim* response, Done done) {
  Authorize(context);
  stub_->async()->GetClaim(context, request, response, std::move(done));
}

bool GrpcClaimsClient::IsServing(absl::Duration timeout) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + absl::ToChronoNanoseconds(timeout));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service("claimtrace.claims.v1.ClaimsService");
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = health_->Check(&context, request, &response);
  return status.ok() && response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
}

CachingClaimsClient::CachingClaimsClient(ClaimsClient* next, absl::Duration ttl,
                                         std::size_t budget_bytes)
    : next_(next), ttl_(ttl), claims_(ttl > absl::ZeroDuration() ? budget_bytes : 0) {}

void CachingClaimsClient::Keep(const claims::v1::Claim& claim) {
  if (claim.name().empty()) return;
  std::lock_guard<std::mutex> lock(mu_);
  // Each copy lives 3/4 to all of the TTL: claims fetched together (a burst
  // of traces) would otherwise all expire together, and their refetches
  // queue behind each other (the benchmark saw p99 10 ms at half of peak).
  const double lifetime = std::uniform_real_distribution<double>(0.75, 1.0)(jitter_);
  // Charged twice the claim: its caller's encoding may be kept beside it.
  claims_.Put(claim.name(), std::make_shared<const KeptClaim>(claim), 2 * claim.SpaceUsedLong(),
              absl::Now() + ttl_ * lifetime);
}

void CachingClaimsClient::ExtractClaims(grpc::ClientContext* context,
                                        const claims::v1::ExtractClaimsRequest* request,
                                        claims::v1::ExtractClaimsResponse* response, Done done) {
  next_->ExtractClaims(context, request, response,
                       [this, response, done = std::move(done)](grpc::Status status) {
                         if (status.ok()) {
                           for (const claims::v1::ClaimMention& m : response->mentions()) {
                             Keep(m.claim());
                           }
                         }
                         done(std::move(status));
                       });
}

void CachingClaimsClient::GetClaim(grpc::ClientContext* context,
                                   const claims::v1::GetClaimRequest* request,
                                   claims::v1::Claim* response, Done done) {
  if (std::shared_ptr<const KeptClaim> kept = FindKept(request->name())) {
    *response = kept->claim;
    done(grpc::Status::OK);
    return;
  }
  next_->GetClaim(context, request, response,
                  [this, response, done = std::move(done)](grpc::Status status) {
                    if (status.ok()) Keep(*response);
                    done(std::move(status));
                  });
}

std::shared_ptr<const KeptClaim> CachingClaimsClient::FindKept(const std::string& claim_name) {
  std::lock_guard<std::mutex> lock(mu_);
  std::optional<std::shared_ptr<const KeptClaim>> kept = claims_.Find(claim_name, absl::Now());
  return kept ? *std::move(kept) : nullptr;
}

void CachingClaimsClient::Forget(const std::string& claim_name) {
  std::lock_guard<std::mutex> lock(mu_);
  claims_.Erase(claim_name);
}

}  // namespace claimtrace::provenance
