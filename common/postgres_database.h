// PostgreSQL plumbing both stores share: a fixed-size pool of connections that
// reconnect by themselves, transactions that retry what is safe to retry,
// versioned migrations run once under an advisory lock, and the mapping of
// PostgreSQL errors to absl::Status. libpqxx is used underneath but never
// appears here, and no exception leaves this library.
//
// Error mapping (every status names what failed):
//   cannot connect, connection lost, server shutting down or read-only
//   (08***, 57P01-57P03, 25006, 53300), every pooled connection busy for
//   pool_wait_timeout, commit outcome unknown             -> UNAVAILABLE
//   unique violation (23505)                             -> ALREADY_EXISTS
//   serialisation failure / deadlock (40001, 40P01) after the retries -> ABORTED
//   statement timeout / cancelled (57014)               -> DEADLINE_EXCEEDED
//   data exception (22***)                              -> INVALID_ARGUMENT
//   bad password / no such role or database (28***, 3D000) -> FAILED_PRECONDITION
//   anything else (other constraint violations, syntax) -> INTERNAL
#ifndef CLAIMTRACE_COMMON_POSTGRES_DATABASE_H_
#define CLAIMTRACE_COMMON_POSTGRES_DATABASE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace claimtrace::common {

struct PostgresOptions {
  // Connections in the pool: the most statements this process runs at once.
  int pool_size = 8;
  // Sent as application_name unless the URL names one (shows in pg_stat_activity).
  std::string application_name = "claimtrace";
  // libpq's connect_timeout unless the URL sets one.
  absl::Duration connect_timeout = absl::Seconds(5);
  // SET statement_timeout on every connection.
  absl::Duration statement_timeout = absl::Seconds(30);
  // How long a call waits for a free pooled connection before UNAVAILABLE.
  absl::Duration pool_wait_timeout = absl::Seconds(10);
  // After a failed connection attempt, calls fail at once with the same
  // UNAVAILABLE for this long instead of each trying again.
  absl::Duration reconnect_backoff = absl::Milliseconds(250);
  // Open keeps trying to reach an unavailable server this long (replicas may
  // start before the database does).
  absl::Duration startup_timeout = absl::Seconds(30);
  // Asked between attempts while Open waits; true ends the wait at once
  // with CANCELLED (a server told to stop while the database is away).
  std::function<bool()> stop_waiting;
};

// The values of $1, $2, ... in order, sent as text (PostgreSQL converts them
// to the parameter's type). Arrays are sent as array literals, for
// `unnest($1::text[])` and `= ANY($1::text[])`.
class PgParams {
 public:
  PgParams& Add(std::string_view value);
  PgParams& Add(const char* value) { return Add(std::string_view(value)); }
  PgParams& Add(const std::string& value) { return Add(std::string_view(value)); }
  PgParams& Add(std::int64_t value);
  PgParams& Add(int value) { return Add(static_cast<std::int64_t>(value)); }
  PgParams& Add(double value);  // exact: 17 significant digits; inf and NaN by name
  PgParams& AddNull();
  PgParams& Add(const std::vector<std::string>& values);
  PgParams& Add(const std::vector<std::optional<std::int64_t>>& values);  // nullopt: NULL
  PgParams& Add(const std::vector<std::optional<double>>& values);

  // The placeholder of the last value added ("$3"), to build SQL while adding.
  std::string Last() const;
  size_t size() const { return values_.size(); }
  const std::vector<std::optional<std::string>>& values() const { return values_; }

 private:
  std::vector<std::optional<std::string>> values_;
};

// Rows of one statement's result, copied out of the driver (so it stays
// valid whatever happens to the connection). Reading never fails: NULL or
// an unreadable number reads as "" / 0.
class PgResult {
 public:
  PgResult() = default;
  // `cells` holds rows * columns values, row by row; nullopt is NULL.
  PgResult(int rows, int columns, std::vector<std::optional<std::string>> cells)
      : rows_(rows), columns_(columns), cells_(std::move(cells)) {}
  int rows() const { return rows_; }
  int columns() const { return columns_; }
  bool IsNull(int row, int column) const { return !Cell(row, column).has_value(); }
  std::string Text(int row, int column) const;
  std::int64_t Int(int row, int column) const;
  double Double(int row, int column) const;

 private:
  const std::optional<std::string>& Cell(int row, int column) const;
  int rows_ = 0;
  int columns_ = 0;
  std::vector<std::optional<std::string>> cells_;
};

// Reads the columns of one row left to right.
class PgRowReader {
 public:
  PgRowReader(const PgResult& result, int row, int first_column = 0)
      : result_(result), row_(row), column_(first_column) {}
  bool NextIsNull() const { return result_.IsNull(row_, column_); }
  std::string Text() { return result_.Text(row_, column_++); }
  std::int64_t Int() { return result_.Int(row_, column_++); }
  double Double() { return result_.Double(row_, column_++); }
  void Skip(int columns = 1) { column_ += columns; }
  int column() const { return column_; }

 private:
  const PgResult& result_;
  int row_;
  int column_;
};

// One transaction on one pooled connection, lent to InTransaction's body.
class PgTransaction {
 public:
  virtual ~PgTransaction() = default;
  // Runs one statement with `params` (prepared once per connection and
  // reused). After a statement fails, the transaction is aborted and every
  // later call returns the same error without reaching the server.
  virtual absl::StatusOr<PgResult> Execute(std::string_view sql,
                                           const PgParams& params = PgParams()) = 0;
  // Runs `sql` (one or more statements, no parameters) unprepared.
  virtual absl::Status ExecuteScript(std::string_view sql) = 0;
};

enum class PgAccess {
  kReadWrite,  // READ COMMITTED
  kReadOnly,   // REPEATABLE READ, READ ONLY: every statement sees one snapshot
};

class PostgresDatabase {
 public:
  // Connects to `url` (a libpq URI; connect_timeout and application_name are
  // added unless given), retrying an unavailable server for
  // options.startup_timeout, or until options.stop_waiting says so
  // (CANCELLED). Errors as in the mapping above.
  static absl::StatusOr<std::unique_ptr<PostgresDatabase>> Open(const std::string& url,
                                                                const PostgresOptions& options);
  ~PostgresDatabase();
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;

  // Brings `component`'s schema to version migrations.size(): each missing
  // migration runs in its own transaction holding a database-wide advisory
  // lock, so replicas starting together apply each exactly once. The
  // version is kept in table claimtrace_schema_versions (one row per
  // component). A schema newer than the binary is FAILED_PRECONDITION.
  absl::Status Migrate(std::string_view component, const std::vector<std::string>& migrations);

  // Runs `body` in one transaction on a pooled connection and commits if it
  // returns OK (otherwise rolls back and returns its error). `body` may run
  // again, so it must reset whatever it fills in: a serialisation failure or
  // deadlock is retried up to 5 times, and a connection found broken (the
  // server restarted since it was last used) is replaced and the body rerun
  // once. A commit whose outcome is unknown is UNAVAILABLE, never retried.
  absl::Status InTransaction(PgAccess access,
                             const std::function<absl::Status(PgTransaction&)>& body);

  // True when the server answers SELECT 1 on a connection kept for this
  // (never waits for the pool); reconnects if needed.
  bool IsHealthy();

  // The URL without its password, for messages.
  const std::string& redacted_url() const;

  struct Impl;

 private:
  explicit PostgresDatabase(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A PostgreSQL array literal of `values`, each quoted ({"a","b \"c\""}).
std::string PgArrayLiteral(const std::vector<std::optional<std::string>>& values);

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_POSTGRES_DATABASE_H_
