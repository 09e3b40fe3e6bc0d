// Request ids and deadlines carried from an incoming call to the calls it
// makes. The observability interceptor guarantees every incoming call has an
// `x-request-id` (the caller's, or a generated one).
#ifndef CLAIMTRACE_COMMON_REQUEST_CONTEXT_H_
#define CLAIMTRACE_COMMON_REQUEST_CONTEXT_H_

#include <grpcpp/client_context.h>
#include <grpcpp/server_context.h>

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "common/grpc_support.h"

namespace claimtrace::common {

// The request id of an incoming call; empty if none (no interceptor).
std::string RequestIdOf(const grpc::ServerContextBase& context);

// A client context for a downstream call made while serving `incoming`:
// carries its request id, and a deadline of now + `timeout`, or the incoming
// call's deadline when that is sooner. `incoming` may be null.
std::unique_ptr<grpc::ClientContext> DownstreamContext(const grpc::ServerContextBase* incoming,
                                                       absl::Duration timeout);

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_REQUEST_CONTEXT_H_
