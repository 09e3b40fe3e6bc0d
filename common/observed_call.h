// What every claimtrace handler does around its own work, written once:
// admission (the caller's token and the in-flight bound), a request id (the
// caller's `x-request-id`, or a generated one, returned in the reply's
// initial metadata and passed to downstream calls), and, once the call is
// done, its metrics (ServerMetrics) and one JSON log line (time, method,
// status, latency, peer, request id).
//
// This used to be a gRPC server interceptor. Interceptors see every method,
// but gRPC's interception machinery alone cost about 5 µs a call (measured:
// an interceptor that only calls Proceed() took the bare server from 80k to
// 58k calls/s on one core), more than a whole GetClaim served from memory.
// So the handlers observe their calls themselves, through the reactor they
// return. What is not observed: calls that never reach a claimtrace handler
// (grpc.health.v1 and reflection calls, unknown methods, requests gRPC
// rejects before the handler, such as one over the message size limit);
// gRPC answers those itself. Latency is measured from the handler's start
// to its Finish.
#ifndef CLAIMTRACE_COMMON_OBSERVED_CALL_H_
#define CLAIMTRACE_COMMON_OBSERVED_CALL_H_

#include <grpcpp/client_context.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/call_admission.h"
#include "common/json_log.h"
#include "common/server_metrics.h"

namespace claimtrace::common {

class CallObserver;

// One incoming unary call. Finish it exactly once (Serve does); the metrics
// and the log line are recorded then, with the status sent. The call replies
// through gRPC's default reactor: a reactor of our own made gRPC run its
// OnDone on another thread, a second thread hop per call (measured: 7 µs a
// call for an observed empty handler, against 2 µs now).
class ObservedCall {
 public:
  ObservedCall(CallObserver* observer, grpc::CallbackServerContext* context,
               std::string_view method, Access access);
  // A call never finished is finished INTERNAL here, so that it cannot hang.
  ~ObservedCall();
  ObservedCall(const ObservedCall&) = delete;
  ObservedCall& operator=(const ObservedCall&) = delete;

  // What the handler returns to gRPC.
  grpc::ServerUnaryReactor* reactor() const { return reactor_; }

  // OK when the call may run; otherwise the status to finish it with
  // (UNAUTHENTICATED, PERMISSION_DENIED, RESOURCE_EXHAUSTED, CANCELLED).
  const absl::Status& admission() const { return admission_; }
  bool admitted() const { return admission_.ok(); }

  const std::string& request_id() const { return request_id_; }

  // Sends the reply (the response message the handler filled, when `status`
  // is OK) and the status; frees the in-flight slot, records the metrics and
  // writes the log line. Once only.
  void Finish(const grpc::Status& status);
  void Finish(const absl::Status& status);

  // A client context for a call made while serving this one: carries the
  // request id, and a deadline of now + `timeout`, or this call's deadline
  // less time to reply (5% of what is left, 20 to 200 ms) when that is
  // sooner: a downstream call must fail before the caller gives up, or the
  // caller sees DEADLINE_EXCEEDED for work that then completes (a fault test
  // found an ingest stored after its caller's deadline).
  std::unique_ptr<grpc::ClientContext> DownstreamContext(absl::Duration timeout) const;

  // Whether the caller has gone: cancelled, or past its deadline. Work that
  // would commit something checks this last.
  bool CallerGone() const;

 private:
  CallObserver* observer_;
  grpc::CallbackServerContext* context_;
  grpc::ServerUnaryReactor* reactor_;
  std::string_view method_;
  std::chrono::steady_clock::time_point start_;
  std::string request_id_;
  absl::Status admission_;
  AdmissionTicket ticket_;
  bool finished_ = false;
};

// One per server: what ObservedCalls record into. The log lines go to stderr
// through a BufferedLogWriter (within 20 ms; all of them by the time the
// observer is destroyed).
class CallObserver {
 public:
  // Both must outlive the server.
  CallObserver(ServerMetrics* metrics, CallAdmission* admission);

  // Starts serving one call that finishes later (after a downstream call).
  // `method` is the full method name ("/package.Service/Method") and must
  // outlive the call (a literal).
  std::unique_ptr<ObservedCall> Begin(grpc::CallbackServerContext* context, std::string_view method,
                                      Access access);

  // For calls that run to completion on the handler's thread: admits the
  // call, runs `body` if admitted, and finishes with its status.
  grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context, std::string_view method,
                                  Access access, const std::function<absl::Status()>& body);

 private:
  friend class ObservedCall;
  ServerMetrics* metrics_;
  CallAdmission* admission_;
  BufferedLogWriter log_;
};

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_OBSERVED_CALL_H_
