// Runs a claimtrace gRPC server the same way for both services: listening
// port, server reflection, the standard grpc.health.v1 service driven by a
// readiness check, the Prometheus endpoint, and a graceful drain on
// SIGTERM/SIGINT. Per-call logging, metrics and request ids are the
// handlers' (common/observed_call.h).
#ifndef CLAIMTRACE_COMMON_SERVER_RUNNER_H_
#define CLAIMTRACE_COMMON_SERVER_RUNNER_H_

#include <grpcpp/grpcpp.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/server_metrics.h"

namespace claimtrace::common {

struct ServerOptions {
  // Short name for logs and metrics, e.g. "claims_service".
  std::string service_name;
  // Fully-qualified gRPC service names reported by the health service.
  std::vector<std::string> health_service_names;
  // gRPC address, e.g. ":50051" or "127.0.0.1:0" (0 picks a free port).
  std::string listen;
  // Prometheus address; empty disables the metrics endpoint.
  std::string metrics_listen;
  int max_receive_message_bytes = 16 << 20;
  // Plaintext when null.
  std::shared_ptr<grpc::ServerCredentials> credentials;
  bool tls = false;  // whether `credentials` serve TLS (for the start-up log)
  // How long in-flight calls may run after SIGTERM before being cancelled.
  absl::Duration drain_deadline = absl::Seconds(10);
  // How often the readiness check runs.
  absl::Duration health_poll_interval = absl::Milliseconds(500);
};

// Blocks SIGTERM, SIGINT and SIGPIPE in the calling thread, so that threads
// created afterwards inherit the mask and RunServer can wait for them, and
// turns off Abseil's Mutex deadlock detection (a debugging aid that costs
// every lock). Call first thing in main().
void PrepareServerProcess();

// Whether SIGTERM or SIGINT has arrived (and waits, blocked, for RunServer).
// Start-up work that may wait long asks this, so that a server told to stop
// before it serves stops at once (Kubernetes sends SIGTERM to a pod still
// waiting for its database).
bool ShutdownRequested();

// What main returns when `service` cannot start: logs the error and gives 1,
// or, for a start-up cut short by ShutdownRequested (CANCELLED), logs that
// it stopped before serving and gives 0.
int ExitBeforeServing(std::string_view service, const absl::Status& status);

// What the health service reports, polled on the calling thread.
struct HealthChecks {
  // The process itself works: health for service "" — what a liveness
  // probe asks. Keep it off the database and peers: a restart does not
  // bring those back, and both services reconnect by themselves.
  std::function<bool()> live;
  // Ready for calls (database open, peers reachable): health for each of
  // ServerOptions::health_service_names — what a readiness probe asks.
  std::function<bool()> ready;
};

// Serves `services` until SIGTERM or SIGINT, then stops accepting calls,
// drains in-flight ones within the deadline, and returns OK. `health` is
// polled to set SERVING / NOT_SERVING; `on_poll` (optional) runs after it,
// e.g. to refresh metrics. Logs one `serving` line with the bound ports.
// Errors: binding the gRPC or metrics address fails (UNAVAILABLE).
absl::Status RunServer(const ServerOptions& options, const std::vector<grpc::Service*>& services,
                       ServerMetrics& metrics, const HealthChecks& health,
                       const std::function<void()>& on_poll = nullptr);

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_SERVER_RUNNER_H_
