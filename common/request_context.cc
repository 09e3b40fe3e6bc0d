#include "common/request_context.h"

#include <chrono>

namespace claimtrace::common {

std::string RequestIdOf(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  const auto it = metadata.find(kRequestIdHeader);
  if (it == metadata.end()) return std::string();
  return std::string(it->second.data(), it->second.size());
}

std::unique_ptr<grpc::ClientContext> DownstreamContext(const grpc::ServerContextBase* incoming,
                                                       absl::Duration timeout) {
  auto context = std::make_unique<grpc::ClientContext>();
  auto deadline = std::chrono::system_clock::now() + absl::ToChronoNanoseconds(timeout);
  if (incoming != nullptr) {
    const std::string request_id = RequestIdOf(*incoming);
    if (!request_id.empty()) context->AddMetadata(kRequestIdHeader, request_id);
    const auto incoming_deadline = incoming->deadline();
    if (incoming_deadline < deadline) deadline = incoming_deadline;
  }
  context->set_deadline(deadline);
  return context;
}

}  // namespace claimtrace::common
