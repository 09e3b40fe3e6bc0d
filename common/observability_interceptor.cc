#include "common/observability_interceptor.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc_support.h"
#include "common/json_log.h"
#include "common/request_context.h"

namespace claimtrace::common {
namespace {

using grpc::experimental::InterceptionHookPoints;

// Request ids from callers are echoed in logs and headers: keep them short
// and printable.
bool IsAcceptableRequestId(grpc::string_ref id) {
  if (id.empty() || id.size() > 128) return false;
  for (const char c : id) {
    if (c < 0x21 || c > 0x7E) return false;
  }
  return true;
}

class ObservabilityInterceptor : public grpc::experimental::Interceptor {
 public:
  // The method name and peer are copied while the call is alive: gRPC may
  // free the strings behind ServerRpcInfo before it destroys interceptors
  // (seen under ASan with generic calls such as reflection's).
  ObservabilityInterceptor(grpc::experimental::ServerRpcInfo* info, ServerMetrics* metrics)
      : info_(info),
        metrics_(metrics),
        start_(absl::Now()),
        method_(info->method() != nullptr ? info->method() : "") {
    metrics_->RpcStarted();
  }

  ~ObservabilityInterceptor() override {
    const double seconds = absl::ToDoubleSeconds(absl::Now() - start_);
    const std::string& method = method_;
    const std::string code = status_seen_ ? StatusCodeName(code_) : "CANCELLED";
    metrics_->RpcFinished(method, code, seconds);
    LogJson(code_ == grpc::StatusCode::OK || !status_seen_ ? "info" : "warn", "rpc",
            {{"service", JsonString(metrics_->service_name())},
             {"method", JsonString(method)},
             {"status", JsonString(code)},
             {"latency_ms", absl::StrCat(seconds * 1000.0)},
             {"peer", JsonString(peer_)},
             {"request_id", JsonString(request_id_)}});
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      if (info_->server_context() != nullptr) peer_ = info_->server_context()->peer();
      auto* metadata = methods->GetRecvInitialMetadata();
      auto it = metadata->find(kRequestIdHeader);
      if (it != metadata->end() && IsAcceptableRequestId(it->second)) {
        request_id_.assign(it->second.data(), it->second.size());
      } else {
        if (it != metadata->end()) metadata->erase(it);
        request_id_ = NewRequestId();
        // The handler reads the id from the client metadata: make the
        // generated one visible there. request_id_ outlives the call.
        metadata->emplace(grpc::string_ref(kRequestIdHeader), grpc::string_ref(request_id_));
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      if (!request_id_.empty()) {
        methods->GetSendInitialMetadata()->emplace(kRequestIdHeader, request_id_);
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      status_seen_ = true;
      code_ = methods->GetSendStatus().error_code();
    }
    methods->Proceed();
  }

 private:
  grpc::experimental::ServerRpcInfo* info_;
  ServerMetrics* metrics_;
  absl::Time start_;
  std::string method_;
  std::string peer_;
  std::string request_id_;
  bool status_seen_ = false;
  grpc::StatusCode code_ = grpc::StatusCode::OK;
};

}  // namespace

grpc::experimental::Interceptor* ObservabilityInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new ObservabilityInterceptor(info, metrics_);
}

}  // namespace claimtrace::common
