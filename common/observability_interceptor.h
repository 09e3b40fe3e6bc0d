// A server interceptor that gives every RPC a request id (the caller's
// `x-request-id`, or a generated one, returned in the response's initial
// metadata), writes one JSON log line per RPC (time, method, status,
// latency, peer, request id) and records the RPC in ServerMetrics.
#ifndef CLAIMTRACE_COMMON_OBSERVABILITY_INTERCEPTOR_H_
#define CLAIMTRACE_COMMON_OBSERVABILITY_INTERCEPTOR_H_

#include <grpcpp/support/server_interceptor.h>

#include "common/server_metrics.h"

namespace claimtrace::common {

class ObservabilityInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // `metrics` must outlive the server.
  explicit ObservabilityInterceptorFactory(ServerMetrics* metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  ServerMetrics* metrics_;
};

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_OBSERVABILITY_INTERCEPTOR_H_
