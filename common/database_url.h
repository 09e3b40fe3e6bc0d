// Parses the --db flag: `sqlite:PATH` (embedded, one machine) or
// `postgresql://user:pass@host:port/db?sslmode=...` (shared, scaled out).
#ifndef CLAIMTRACE_COMMON_DATABASE_URL_H_
#define CLAIMTRACE_COMMON_DATABASE_URL_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace claimtrace::common {

struct DatabaseUrl {
  enum class Engine { kSqlite, kPostgresql };
  Engine engine = Engine::kSqlite;
  // kSqlite: the file path (":memory:" allowed). kPostgresql: the whole URL,
  // as libpq accepts it.
  std::string target;
};

// INVALID_ARGUMENT (field "db") for an empty path, an unknown scheme, or a
// postgresql URL without a host.
absl::StatusOr<DatabaseUrl> ParseDatabaseUrl(std::string_view url);

// The URL with any password replaced by "***", safe to log.
std::string RedactDatabaseUrl(std::string_view url);

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_DATABASE_URL_H_
