// Command-line flags every claimtrace server takes, defined once: limits,
// drain deadline, data directory, TLS, bearer tokens, admission. Each
// service's main defines only --listen, --db and --metrics_listen (their
// defaults differ) and its own extras.
#ifndef CLAIMTRACE_COMMON_SERVER_FLAGS_H_
#define CLAIMTRACE_COMMON_SERVER_FLAGS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/call_admission.h"
#include "common/database_url.h"
#include "common/observed_call.h"
#include "common/postgres_database.h"
#include "common/server_metrics.h"
#include "common/server_runner.h"

ABSL_DECLARE_FLAG(std::string, data_dir);
ABSL_DECLARE_FLAG(int, max_receive_message_bytes);
ABSL_DECLARE_FLAG(absl::Duration, drain_deadline);
ABSL_DECLARE_FLAG(std::string, tls_cert);
ABSL_DECLARE_FLAG(std::string, tls_key);
ABSL_DECLARE_FLAG(std::string, tls_client_ca);
ABSL_DECLARE_FLAG(bool, tls_require_client_cert);
ABSL_DECLARE_FLAG(std::string, auth_token_file);
ABSL_DECLARE_FLAG(bool, auth_required_for_reads);
ABSL_DECLARE_FLAG(int, max_in_flight);
ABSL_DECLARE_FLAG(int, db_pool_size);

namespace claimtrace::common {

struct ServerSetup {
  ServerOptions options;
  std::unique_ptr<CallAdmission> admission;
  std::unique_ptr<ServerMetrics> metrics;
  // What the service's handlers observe their calls with (uses the two above).
  std::unique_ptr<CallObserver> calls;
};

// Server options, admission control and call observation from the shared flags. Errors for
// unreadable TLS or token files, or inconsistent combinations.
absl::StatusOr<ServerSetup> ServerSetupFromFlags(const std::string& service_name,
                                                 std::vector<std::string> health_service_names,
                                                 const std::string& listen,
                                                 const std::string& metrics_listen);

// The database a service opens: its --db (`db_flag`, the service's own flag
// since the defaults differ) and the shared --db_pool_size. Errors as
// DatabaseUrlFromDbFlag, or INVALID_ARGUMENT for a pool size below 1.
struct ServiceDatabase {
  DatabaseUrl url;
  PostgresOptions postgres;  // used when `url` is postgresql
};
absl::StatusOr<ServiceDatabase> ServiceDatabaseFromFlags(const std::string& db_flag,
                                                         const std::string& application_name);

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_SERVER_FLAGS_H_
