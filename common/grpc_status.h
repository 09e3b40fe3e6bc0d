// The one place absl::Status becomes grpc::Status (and back), at the edges.
#ifndef CLAIMTRACE_COMMON_GRPC_STATUS_H_
#define CLAIMTRACE_COMMON_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace claimtrace::common {

// Same code and message; a FieldViolation (see status_util.h) also carries
// google.rpc.BadRequest details naming the field.
grpc::Status ToGrpcStatus(const absl::Status& status);

// Same code and message, for statuses returned by a downstream call.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_GRPC_STATUS_H_
