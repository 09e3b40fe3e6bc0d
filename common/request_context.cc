#include "common/request_context.h"

#include <chrono>
#include <random>

#include "absl/strings/escaping.h"

namespace claimtrace::common {

std::string RequestIdOf(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  const auto it = metadata.find(kRequestIdHeader);
  if (it == metadata.end()) return std::string();
  return std::string(it->second.data(), it->second.size());
}

std::string NewRequestId() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  const uint64_t words[2] = {generator(), generator()};
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(words), sizeof(words)));
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
