#include "common/server_flags.h"

#include "absl/flags/flag.h"
#include "common/server_runner.h"
#include "common/service_flags.h"
#include "common/status_util.h"
#include "common/tls_credentials.h"

ABSL_FLAG(std::string, data_dir, CLAIMTRACE_DEFAULT_DATA_DIR,
          "Directory of data files (entity aliases, units, boilerplate phrases, ...)");
ABSL_FLAG(int, max_receive_message_bytes, 16 << 20, "Largest request accepted, in bytes");
ABSL_FLAG(absl::Duration, drain_deadline, absl::Seconds(10),
          "How long in-flight calls may finish after SIGTERM before they are cancelled");
ABSL_FLAG(std::string, tls_cert, "", "PEM certificate chain to serve TLS with; empty: plaintext");
ABSL_FLAG(std::string, tls_key, "", "PEM private key for --tls_cert");
ABSL_FLAG(std::string, tls_client_ca, "", "PEM CA bundle for client certificates (mutual TLS)");
ABSL_FLAG(bool, tls_require_client_cert, false, "Require a client certificate (mutual TLS)");
ABSL_FLAG(std::string, auth_token_file, "",
          "File of bearer tokens (one per line) that writes require; else $CLAIMTRACE_AUTH_TOKENS "
          "(comma-separated); neither: no token needed");
ABSL_FLAG(bool, auth_required_for_reads, false, "Require a bearer token for reads as well");
ABSL_FLAG(int, db_pool_size, 8, "PostgreSQL connections this process keeps open (not for sqlite:)");
ABSL_FLAG(int, max_in_flight, 512,
          "Calls served at once before new ones get RESOURCE_EXHAUSTED; 0: unbounded");

namespace claimtrace::common {

absl::StatusOr<ServerSetup> ServerSetupFromFlags(const std::string& service_name,
                                                 std::vector<std::string> health_service_names,
                                                 const std::string& listen,
                                                 const std::string& metrics_listen) {
  ServerSetup setup;
  ServerOptions& options = setup.options;
  options.service_name = service_name;
  options.health_service_names = std::move(health_service_names);
  options.listen = listen;
  options.metrics_listen = metrics_listen;
  options.max_receive_message_bytes = absl::GetFlag(FLAGS_max_receive_message_bytes);
  options.drain_deadline = absl::GetFlag(FLAGS_drain_deadline);
  ServerTlsFiles tls;
  tls.cert_file = absl::GetFlag(FLAGS_tls_cert);
  tls.key_file = absl::GetFlag(FLAGS_tls_key);
  tls.client_ca_file = absl::GetFlag(FLAGS_tls_client_ca);
  tls.require_client_cert = absl::GetFlag(FLAGS_tls_require_client_cert);
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials = MakeServerCredentials(tls);
  if (!credentials.ok()) return credentials.status();
  options.credentials = *std::move(credentials);
  options.tls = !tls.cert_file.empty();
  absl::StatusOr<RequestAuthorizer> authorizer =
      RequestAuthorizer::FromConfig(absl::GetFlag(FLAGS_auth_token_file), "CLAIMTRACE_AUTH_TOKENS",
                                    absl::GetFlag(FLAGS_auth_required_for_reads));
  if (!authorizer.ok()) return authorizer.status();
  setup.admission =
      std::make_unique<CallAdmission>(*std::move(authorizer), absl::GetFlag(FLAGS_max_in_flight));
  setup.metrics = std::make_unique<ServerMetrics>(service_name);
  setup.calls = std::make_unique<CallObserver>(setup.metrics.get(), setup.admission.get());
  return setup;
}

absl::StatusOr<ServiceDatabase> ServiceDatabaseFromFlags(const std::string& db_flag,
                                                         const std::string& application_name) {
  ServiceDatabase database;
  CLAIMTRACE_ASSIGN_OR_RETURN(database.url, DatabaseUrlFromDbFlag(db_flag));
  if (absl::GetFlag(FLAGS_db_pool_size) < 1) {
    return absl::InvalidArgumentError("--db_pool_size must be at least 1");
  }
  database.postgres.pool_size = absl::GetFlag(FLAGS_db_pool_size);
  database.postgres.application_name = application_name;
  database.postgres.stop_waiting = ShutdownRequested;
  return database;
}

}  // namespace claimtrace::common
