#include "common/observed_call.h"

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc_status.h"
#include "common/grpc_support.h"
#include "common/json_log.h"

namespace claimtrace::common {
namespace {

// Request ids from callers are echoed in logs and headers: keep them short
// and printable.
bool IsAcceptableRequestId(grpc::string_ref id) {
  if (id.empty() || id.size() > 128) return false;
  for (const char c : id) {
    if (c < 0x21 || c > 0x7E) return false;
  }
  return true;
}

}  // namespace

ObservedCall::ObservedCall(CallObserver* observer, grpc::CallbackServerContext* context,
                           std::string_view method, Access access)
    : observer_(observer),
      context_(context),
      method_(method),
      start_(std::chrono::steady_clock::now()),
      peer_(context->peer()) {
  observer_->metrics_->RpcStarted();
  const auto& metadata = context->client_metadata();
  const auto it = metadata.find(kRequestIdHeader);
  if (it != metadata.end() && IsAcceptableRequestId(it->second)) {
    request_id_.assign(it->second.data(), it->second.size());
  } else {
    request_id_ = NewRequestId();
  }
  context->AddInitialMetadata(kRequestIdHeader, request_id_);
  if (context->IsCancelled()) {
    admission_ = absl::CancelledError("cancelled by the caller");
    return;
  }
  absl::StatusOr<AdmissionTicket> ticket = observer_->admission_->Admit(*context, access);
  if (ticket.ok()) {
    ticket_ = *std::move(ticket);
  } else {
    admission_ = ticket.status();
  }
}

void ObservedCall::Finish(const grpc::Status& status) {
  // The slot is free once the handler is done with the call. Not in OnDone:
  // gRPC runs that later, after the reply is out, and under load new calls
  // overtake it, so slots held until then were counted against calls the
  // client had already seen answered (found by the benchmark: RESOURCE_-
  // EXHAUSTED at 512 "in flight" with 16 outstanding calls).
  ticket_ = AdmissionTicket();
  finished_ = true;
  code_ = status.error_code();
  grpc::ServerUnaryReactor::Finish(status);
}

void ObservedCall::Finish(const absl::Status& status) { Finish(ToGrpcStatus(status)); }

std::unique_ptr<grpc::ClientContext> ObservedCall::DownstreamContext(absl::Duration timeout) const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata(kRequestIdHeader, request_id_);
  auto deadline = std::chrono::system_clock::now() + absl::ToChronoNanoseconds(timeout);
  const auto incoming_deadline = context_->deadline();
  if (incoming_deadline < deadline) deadline = incoming_deadline;
  context->set_deadline(deadline);
  return context;
}

void ObservedCall::OnDone() {
  ticket_ = AdmissionTicket();  // a call gRPC ended without our Finish
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  // A call gRPC ended without our Finish was cancelled (caller gone,
  // deadline passed, server shutting down).
  const grpc::StatusCode code = finished_ ? code_ : grpc::StatusCode::CANCELLED;
  const std::string code_name = StatusCodeName(code);
  ServerMetrics& metrics = *observer_->metrics_;
  metrics.RpcFinished(method_, code_name, seconds);
  std::string line;
  line.reserve(320);
  AppendLogLineStart(&line, absl::Now(),
                     finished_ && code != grpc::StatusCode::OK ? "warn" : "info", "rpc");
  line.append(",\"service\":");
  AppendJsonString(&line, metrics.service_name());
  line.append(",\"method\":");
  AppendJsonString(&line, method_);
  line.append(",\"status\":");
  AppendJsonString(&line, code_name);
  absl::StrAppend(&line, ",\"latency_ms\":", seconds * 1000.0, ",\"peer\":");
  AppendJsonString(&line, peer_);
  line.append(",\"request_id\":");
  AppendJsonString(&line, request_id_);
  line.append("}\n");
  observer_->log_.Write(line);
  delete this;
}

CallObserver::CallObserver(ServerMetrics* metrics, CallAdmission* admission)
    : metrics_(metrics), admission_(admission), log_(STDERR_FILENO) {}

ObservedCall* CallObserver::Begin(grpc::CallbackServerContext* context, std::string_view method,
                                  Access access) {
  return new ObservedCall(this, context, method, access);
}

grpc::ServerUnaryReactor* CallObserver::Serve(grpc::CallbackServerContext* context,
                                              std::string_view method, Access access,
                                              const std::function<absl::Status()>& body) {
  ObservedCall* call = Begin(context, method, access);
  call->Finish(call->admitted() ? body() : call->admission());
  return call;
}

}  // namespace claimtrace::common
