#include "provenance_service/claims_client.h"

#include <chrono>

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

}  // namespace claimtrace::provenance
