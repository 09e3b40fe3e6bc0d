#include "common/observed_call.h"

#include <unistd.h>

#include <algorithm>

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
      reactor_(context->DefaultReactor()),
      method_(method),
      start_(std::chrono::steady_clock::now()) {
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

ObservedCall::~ObservedCall() {
  if (!finished_) {
    Finish(grpc::Status(grpc::StatusCode::INTERNAL, "the handler ended without a reply"));
  }
}

void ObservedCall::Finish(const grpc::Status& status) {
  finished_ = true;
  ticket_ = AdmissionTicket();  // the slot is free once the handler is done
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const grpc::StatusCode code = status.error_code();
  const std::string code_name = StatusCodeName(code);
  ServerMetrics& metrics = *observer_->metrics_;
  metrics.RpcFinished(method_, static_cast<int>(code), code_name, seconds);
  std::string line;
  line.reserve(320);
  AppendLogLineStart(&line, absl::Now(), code == grpc::StatusCode::OK ? "info" : "warn", "rpc");
  line.append(",\"service\":");
  AppendJsonString(&line, metrics.service_name());
  line.append(",\"method\":");
  AppendJsonString(&line, method_);
  line.append(",\"status\":");
  AppendJsonString(&line, code_name);
  absl::StrAppend(&line, ",\"latency_ms\":", seconds * 1000.0, ",\"peer\":");
  AppendJsonString(&line, context_->peer());
  line.append(",\"request_id\":");
  AppendJsonString(&line, request_id_);
  line.append("}\n");
  observer_->log_.Write(line);
  reactor_->Finish(status);
}

void ObservedCall::Finish(const absl::Status& status) { Finish(ToGrpcStatus(status)); }

std::unique_ptr<grpc::ClientContext> ObservedCall::DownstreamContext(absl::Duration timeout) const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata(kRequestIdHeader, request_id_);
  const auto now = std::chrono::system_clock::now();
  auto deadline = now + absl::ToChronoNanoseconds(timeout);
  const auto incoming_deadline = context_->deadline();
  if (incoming_deadline < deadline) {
    const auto reply_time = std::clamp<std::chrono::system_clock::duration>(
        (incoming_deadline - now) / 20, std::chrono::milliseconds(20),
        std::chrono::milliseconds(200));
    deadline = std::min(deadline, incoming_deadline - reply_time);
  }
  context->set_deadline(deadline);
  return context;
}

bool ObservedCall::CallerGone() const {
  return context_->IsCancelled() || std::chrono::system_clock::now() >= context_->deadline();
}

CallObserver::CallObserver(ServerMetrics* metrics, CallAdmission* admission)
    : metrics_(metrics), admission_(admission), log_(STDERR_FILENO) {}

std::unique_ptr<ObservedCall> CallObserver::Begin(grpc::CallbackServerContext* context,
                                                  std::string_view method, Access access) {
  return std::make_unique<ObservedCall>(this, context, method, access);
}

grpc::ServerUnaryReactor* CallObserver::Serve(grpc::CallbackServerContext* context,
                                              std::string_view method, Access access,
                                              const std::function<absl::Status()>& body) {
  ObservedCall call(this, context, method, access);
  call.Finish(call.admitted() ? body() : call.admission());
  return call.reactor();
}

}  // namespace claimtrace::common
