// Small gRPC helpers shared by the servers and claimctl, kept in a light
// library (gRPC only) so the client does not link server plumbing.
#ifndef CLAIMTRACE_COMMON_GRPC_SUPPORT_H_
#define CLAIMTRACE_COMMON_GRPC_SUPPORT_H_

#include <grpcpp/support/status.h>

#include <string>

namespace claimtrace::common {

inline constexpr char kRequestIdHeader[] = "x-request-id";

// gRPC's canonical upper-case name of a status code, e.g. "NOT_FOUND";
// "CODE_<n>" for a value outside the known set.
std::string StatusCodeName(grpc::StatusCode code);

// A fresh random request id (32 lower-case hex characters).
std::string NewRequestId();

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_GRPC_SUPPORT_H_
