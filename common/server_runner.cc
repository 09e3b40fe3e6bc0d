#include "common/server_runner.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <prometheus/exposer.h>
#include <signal.h>

#include <cerrno>
#include <chrono>
#include <exception>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/json_log.h"
#include "grpc/health/v1/health.pb.h"

namespace claimtrace::common {
namespace {

sigset_t ShutdownSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

bool ShutdownRequested() {
  sigset_t pending;
  if (sigpending(&pending) != 0) return false;
  const sigset_t shutdown = ShutdownSignals();
  for (int signal = 1; signal < NSIG; ++signal) {
    if (sigismember(&shutdown, signal) == 1 && sigismember(&pending, signal) == 1) return true;
  }
  return false;
}

int ExitBeforeServing(std::string_view service, const absl::Status& status) {
  const std::string name(service);
  if (status.code() == absl::StatusCode::kCancelled && ShutdownRequested()) {
    LogJson("info", name + " stopped before serving",
            {{"reason", JsonString(std::string(status.message()))}});
    return 0;
  }
  LogJson("error", name + " cannot start", {{"error", JsonString(status.ToString())}});
  return 1;
}

void PrepareServerProcess() {
  sigset_t set = ShutdownSignals();
  sigaddset(&set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // Debian builds Abseil without NDEBUG, which leaves Mutex deadlock
  // detection on: every lock of every absl::Mutex (gRPC's included) then
  // updates a global lock graph, a few percent of a GetClaim's CPU.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
}

absl::Status RunServer(const ServerOptions& options, const std::vector<grpc::Service*>& services,
                       ServerMetrics& metrics, const HealthChecks& checks,
                       const std::function<void()>& on_poll) {
  std::unique_ptr<prometheus::Exposer> exposer;
  if (!options.metrics_listen.empty()) {
    try {
      exposer = std::make_unique<prometheus::Exposer>(options.metrics_listen);
    } catch (const std::exception& e) {
      return absl::UnavailableError(
          absl::StrCat("cannot serve metrics on ", options.metrics_listen, ": ", e.what()));
    }
    exposer->RegisterCollectable(metrics.registry());
  }

  grpc::EnableDefaultHealthCheckService(true);
  // gRPC serves grpc.health.v1 from its own code; linking our descriptor of
  // it lets reflection clients (buf curl, grpcurl) describe and call it.
  grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(
      options.listen,
      options.credentials != nullptr ? options.credentials : grpc::InsecureServerCredentials(),
      &port);
  builder.SetMaxReceiveMessageSize(options.max_receive_message_bytes);
  for (grpc::Service* service : services) builder.RegisterService(service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen));
  }

  grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
  auto set_ready = [&](bool value) {
    for (const std::string& name : options.health_service_names) {
      health->SetServingStatus(name, value);
    }
  };
  bool live = checks.live();
  bool serving = live && checks.ready();
  health->SetServingStatus("", live);
  set_ready(serving);
  if (on_poll) on_poll();

  std::vector<JsonField> fields = {{"service", JsonString(options.service_name)},
                                   {"grpc_port", absl::StrCat(port)},
                                   {"tls", options.tls ? "true" : "false"},
                                   {"serving", serving ? "true" : "false"}};
  if (exposer) {
    const std::vector<int> metrics_ports = exposer->GetListeningPorts();
    if (!metrics_ports.empty()) fields.push_back({"metrics_port", absl::StrCat(metrics_ports[0])});
  }
  LogJson("info", "serving", fields);

  const sigset_t signals = ShutdownSignals();
  const absl::Duration poll = options.health_poll_interval;
  timespec timeout;
  timeout.tv_sec = static_cast<time_t>(absl::ToInt64Seconds(poll));
  timeout.tv_nsec =
      static_cast<long>(absl::ToInt64Nanoseconds(poll - absl::Seconds(timeout.tv_sec)));
  int signal_number = -1;
  while (true) {
    siginfo_t info;
    signal_number = sigtimedwait(&signals, &info, &timeout);
    if (signal_number > 0) break;
    const bool now_live = checks.live();
    const bool now_serving = now_live && checks.ready();
    if (now_live != live) {
      live = now_live;
      health->SetServingStatus("", live);
    }
    if (now_serving != serving) {
      serving = now_serving;
      set_ready(serving);
      LogJson(serving ? "info" : "warn", serving ? "health SERVING" : "health NOT_SERVING",
              {{"service", JsonString(options.service_name)}});
    }
    if (on_poll) on_poll();
  }

  LogJson("info", "draining",
          {{"service", JsonString(options.service_name)},
           {"signal", JsonString(strsignal(signal_number))},
           {"deadline_ms", absl::StrCat(absl::ToInt64Milliseconds(options.drain_deadline))}});
  // Tell load balancers first, then drain.
  health->SetServingStatus("", false);
  set_ready(false);
  server->Shutdown(std::chrono::system_clock::now() +
                   absl::ToChronoNanoseconds(options.drain_deadline));
  server->Wait();
  LogJson("info", "stopped", {{"service", JsonString(options.service_name)}});
  return absl::OkStatus();
}

}  // namespace claimtrace::common
