#include "common/postgres_database.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <pqxx/pqxx>
#include <random>
#include <thread>
#include <unordered_map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/database_url.h"
#include "common/json_log.h"
#include "common/status_util.h"

namespace claimtrace::common {
namespace {

// Every claimtrace component migrates under this one lock, so that the
// shared version table is created once too. ("claimtr" in ASCII.)
constexpr std::int64_t kMigrationLockKey = 0x636c61696d7472;
constexpr int kMaxConflictRetries = 5;
constexpr int kMaxReconnectRetries = 1;

enum class FailureKind {
  kNone,
  kConnection,  // the connection is gone or unusable: drop it; retry on a new one
  kRetryable,   // serialisation failure or deadlock: run the transaction again
  kFinal,       // report as is
};

struct Failure {
  absl::Status status;
  FailureKind kind = FailureKind::kFinal;
  bool drop_connection = false;
};

// libpq's message on one line.
std::string Trimmed(const char* message) {
  std::string text(absl::StripTrailingAsciiWhitespace(message));
  for (char& c : text) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return text;
}

bool IsConnectionState(const std::string& state) {
  return absl::StartsWith(state, "08") || state == "57P01" || state == "57P02" ||
         state == "57P03" || state == "25006" || state == "53300";
}

absl::Status StatusForState(const std::string& state, const std::string& message) {
  if (IsConnectionState(state)) return absl::UnavailableError(message);
  if (state == "23505") return absl::AlreadyExistsError(message);
  if (state == "40001" || state == "40P01") return absl::AbortedError(message);
  if (state == "57014") return absl::DeadlineExceededError(message);
  if (absl::StartsWith(state, "22")) return absl::InvalidArgumentError(message);
  if (absl::StartsWith(state, "28") || state == "3D000") {
    return absl::FailedPreconditionError(message);
  }
  if (absl::StartsWith(state, "53")) return absl::ResourceExhaustedError(message);
  return absl::InternalError(message);
}

// Classifies the exception being handled. Call only inside a catch block.
Failure CurrentFailure(std::string_view context) {
  const std::string where(context);
  try {
    throw;
  } catch (const pqxx::in_doubt_error& e) {
    return {absl::UnavailableError(absl::StrCat(where,
                                                ": commit outcome unknown (connection lost "
                                                "while committing): ",
                                                Trimmed(e.what()))),
            FailureKind::kFinal, true};
  } catch (const pqxx::statement_completion_unknown& e) {
    return {absl::UnavailableError(absl::StrCat(where, ": outcome unknown: ", Trimmed(e.what()))),
            FailureKind::kFinal, true};
  } catch (const pqxx::broken_connection& e) {
    return {absl::UnavailableError(absl::StrCat(where, ": ", Trimmed(e.what()))),
            FailureKind::kConnection, true};
  } catch (const pqxx::deadlock_detected& e) {
    return {absl::AbortedError(absl::StrCat(where, ": deadlock: ", Trimmed(e.what()))),
            FailureKind::kRetryable, false};
  } catch (const pqxx::serialization_failure& e) {
    return {absl::AbortedError(absl::StrCat(where, ": serialisation failure: ", Trimmed(e.what()))),
            FailureKind::kRetryable, false};
  } catch (const pqxx::transaction_rollback& e) {
    return {absl::AbortedError(absl::StrCat(where, ": rolled back: ", Trimmed(e.what()))),
            FailureKind::kRetryable, false};
  } catch (const pqxx::sql_error& e) {
    const std::string& state = e.sqlstate();
    absl::Status status =
        StatusForState(state, absl::StrCat(where, ": ", Trimmed(e.what()), " [", state, "]"));
    if (IsConnectionState(state)) return {status, FailureKind::kConnection, true};
    if (state == "40001" || state == "40P01") return {status, FailureKind::kRetryable, false};
    return {status, FailureKind::kFinal, false};
  } catch (const std::exception& e) {
    // A driver usage or conversion error: the connection's state is unknown.
    return {absl::InternalError(absl::StrCat(where, ": ", Trimmed(e.what()))), FailureKind::kFinal,
            true};
  } catch (...) {
    return {absl::InternalError(absl::StrCat(where, ": unknown exception")), FailureKind::kFinal,
            true};
  }
}

std::string FormatDouble(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  return absl::StrFormat("%.17g", value);
}

// Whether the URI's query string sets `name`.
bool HasUriParameter(std::string_view url, std::string_view name) {
  const size_t query = url.find('?');
  if (query == std::string_view::npos) return false;
  const std::string key = absl::StrCat(absl::string_view(name.data(), name.size()), "=");
  size_t at = query;
  while (at != std::string_view::npos) {
    if (url.substr(at + 1, key.size()) == key) return true;
    at = url.find('&', at + 1);
  }
  return false;
}

std::string WithUriParameter(std::string url, std::string_view name, const std::string& value) {
  if (HasUriParameter(url, name)) return url;
  absl::StrAppend(&url, url.find('?') == std::string::npos ? "?" : "&",
                  absl::string_view(name.data(), name.size()), "=", value);
  return url;
}

absl::Duration Jitter(absl::Duration base) {
  thread_local std::minstd_rand random(
      static_cast<unsigned>(std::hash<std::thread::id>()(std::this_thread::get_id()) ^
                            static_cast<size_t>(absl::ToUnixNanos(absl::Now()))));
  return base + base * (static_cast<double>(random() % 1000) / 1000.0);
}

// A pooled connection with the statements prepared on it.
struct Slot {
  std::unique_ptr<pqxx::connection> connection;
  std::unique_ptr<pqxx::quiet_errorhandler> quiet;        // server notices are not our log
  std::unordered_map<std::string, std::string> prepared;  // SQL -> statement name
  int next_statement = 0;

  void Drop() {
    prepared.clear();
    quiet.reset();  // before the connection it is registered with
    connection.reset();
  }
  ~Slot() { Drop(); }
};

class Transaction final : public PgTransaction {
 public:
  Transaction(Slot& slot, pqxx::transaction_base& work) : slot_(slot), work_(work) {}

  absl::StatusOr<PgResult> Execute(std::string_view sql, const PgParams& params) override {
    if (failure_) return failure_->status;
    const std::string key(sql);
    try {
      auto it = slot_.prepared.find(key);
      if (it == slot_.prepared.end()) {
        std::string name = absl::StrCat("claimtrace_", slot_.next_statement++);
        slot_.connection->prepare(name, key);
        it = slot_.prepared.emplace(key, std::move(name)).first;
      }
      std::vector<const char*> values;
      values.reserve(params.size());
      for (const std::optional<std::string>& value : params.values()) {
        values.push_back(value ? value->c_str() : nullptr);
      }
      const pqxx::result result =
          work_.exec_prepared(it->second, pqxx::prepare::make_dynamic_params(values));
      return Copy(result);
    } catch (...) {
      failure_ = CurrentFailure(Abbreviated(key));
      return failure_->status;
    }
  }

  absl::Status ExecuteScript(std::string_view sql) override {
    if (failure_) return failure_->status;
    try {
      work_.exec(std::string(sql));
      return absl::OkStatus();
    } catch (...) {
      failure_ = CurrentFailure(Abbreviated(sql));
      return failure_->status;
    }
  }

  const std::optional<Failure>& failure() const { return failure_; }

 private:
  static std::string Abbreviated(std::string_view sql) {
    std::string text(absl::StripAsciiWhitespace(absl::string_view(sql.data(), sql.size())));
    if (text.size() > 120) text = absl::StrCat(text.substr(0, 117), "...");
    return text;
  }

  static PgResult Copy(const pqxx::result& result) {
    const int rows = static_cast<int>(result.size());
    const int columns = static_cast<int>(result.columns());
    std::vector<std::optional<std::string>> cells;
    cells.reserve(static_cast<size_t>(rows) * columns);
    for (int r = 0; r < rows; ++r) {
      const pqxx::row row = result[r];
      for (int c = 0; c < columns; ++c) {
        const pqxx::field field = row[c];
        if (field.is_null()) {
          cells.emplace_back();
        } else {
          cells.emplace_back(std::string(field.c_str(), field.size()));
        }
      }
    }
    return PgResult(rows, columns, std::move(cells));
  }

  Slot& slot_;
  pqxx::transaction_base& work_;
  std::optional<Failure> failure_;
};

}  // namespace

// ---------------------------------------------------------------------------
// PgParams and PgResult

PgParams& PgParams::Add(std::string_view value) {
  values_.emplace_back(std::string(value));
  return *this;
}
PgParams& PgParams::Add(std::int64_t value) {
  values_.emplace_back(absl::StrCat(value));
  return *this;
}
PgParams& PgParams::Add(double value) {
  values_.emplace_back(FormatDouble(value));
  return *this;
}
PgParams& PgParams::AddNull() {
  values_.emplace_back(std::nullopt);
  return *this;
}
PgParams& PgParams::Add(const std::vector<std::string>& values) {
  std::vector<std::optional<std::string>> elements(values.begin(), values.end());
  values_.emplace_back(PgArrayLiteral(elements));
  return *this;
}
PgParams& PgParams::Add(const std::vector<std::optional<std::int64_t>>& values) {
  std::vector<std::optional<std::string>> elements;
  elements.reserve(values.size());
  for (const auto& v : values) {
    elements.push_back(v ? std::optional<std::string>(absl::StrCat(*v)) : std::nullopt);
  }
  values_.emplace_back(PgArrayLiteral(elements));
  return *this;
}
PgParams& PgParams::Add(const std::vector<std::optional<double>>& values) {
  std::vector<std::optional<std::string>> elements;
  elements.reserve(values.size());
  for (const auto& v : values) {
    elements.push_back(v ? std::optional<std::string>(FormatDouble(*v)) : std::nullopt);
  }
  values_.emplace_back(PgArrayLiteral(elements));
  return *this;
}
std::string PgParams::Last() const { return absl::StrCat("$", values_.size()); }

std::string PgArrayLiteral(const std::vector<std::optional<std::string>>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    if (!values[i]) {
      out += "NULL";
      continue;
    }
    out += '"';
    for (const char c : *values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

const std::optional<std::string>& PgResult::Cell(int row, int column) const {
  static const std::optional<std::string> kNull;
  if (row < 0 || row >= rows_ || column < 0 || column >= columns_) return kNull;
  return cells_[static_cast<size_t>(row) * columns_ + column];
}
std::string PgResult::Text(int row, int column) const {
  const std::optional<std::string>& cell = Cell(row, column);
  return cell ? *cell : std::string();
}
std::int64_t PgResult::Int(int row, int column) const {
  const std::optional<std::string>& cell = Cell(row, column);
  std::int64_t value = 0;
  if (!cell || !absl::SimpleAtoi(*cell, &value)) return 0;
  return value;
}
double PgResult::Double(int row, int column) const {
  const std::optional<std::string>& cell = Cell(row, column);
  if (!cell) return 0;
  if (*cell == "Infinity") return HUGE_VAL;
  if (*cell == "-Infinity") return -HUGE_VAL;
  if (*cell == "NaN") return std::nan("");
  double value = 0;
  if (!absl::SimpleAtod(*cell, &value)) return 0;
  return value;
}

// ---------------------------------------------------------------------------
// PostgresDatabase

struct PostgresDatabase::Impl {
  std::string conninfo;
  std::string redacted_url;
  PostgresOptions options;

  std::mutex pool_mu;
  std::condition_variable pool_cv;
  std::vector<std::unique_ptr<Slot>> idle;

  std::mutex connect_mu;
  absl::Time connect_retry_after = absl::InfinitePast();
  absl::Status last_connect_error;

  std::mutex health_mu;
  Slot health;

  // Connects `slot`; while a recent attempt failed (reconnect_backoff),
  // returns that failure without trying (unless `ignore_backoff`).
  absl::Status Connect(Slot& slot, bool ignore_backoff) {
    if (!ignore_backoff) {
      std::lock_guard<std::mutex> lock(connect_mu);
      if (absl::Now() < connect_retry_after) return last_connect_error;
    }
    slot.Drop();
    try {
      auto connection = std::make_unique<pqxx::connection>(conninfo);
      auto quiet = std::make_unique<pqxx::quiet_errorhandler>(*connection);
      {
        pqxx::nontransaction setup(*connection);
        setup.exec(absl::StrCat("SET statement_timeout = ",
                                absl::ToInt64Milliseconds(options.statement_timeout)));
      }
      slot.connection = std::move(connection);
      slot.quiet = std::move(quiet);
      std::lock_guard<std::mutex> lock(connect_mu);
      connect_retry_after = absl::InfinitePast();
      return absl::OkStatus();
    } catch (...) {
      absl::Status status = CurrentFailure("").status;
      const std::string message =
          absl::StrCat("cannot connect to PostgreSQL at ", redacted_url, status.message());
      status = absl::Status(status.code(), message);
      if (status.code() == absl::StatusCode::kUnavailable) {
        // libpq reports refused credentials and missing databases as a
        // failed connection; waiting will not fix those.
        if (absl::StrContains(message, "authentication failed") ||
            absl::StrContains(message, "does not exist") ||
            absl::StrContains(message, "no pg_hba.conf entry")) {
          status = absl::FailedPreconditionError(message);
        }
      }
      std::lock_guard<std::mutex> lock(connect_mu);
      connect_retry_after = absl::Now() + options.reconnect_backoff;
      last_connect_error = status;
      return status;
    }
  }

  absl::StatusOr<std::unique_ptr<Slot>> Acquire() {
    std::unique_lock<std::mutex> lock(pool_mu);
    const auto wait =
        std::chrono::microseconds(absl::ToInt64Microseconds(options.pool_wait_timeout));
    if (!pool_cv.wait_for(lock, wait, [this] { return !idle.empty(); })) {
      return absl::UnavailableError(absl::StrCat("all ", options.pool_size,
                                                 " PostgreSQL connections stayed busy for ",
                                                 absl::FormatDuration(options.pool_wait_timeout)));
    }
    std::unique_ptr<Slot> slot = std::move(idle.back());
    idle.pop_back();
    return slot;
  }

  void Release(std::unique_ptr<Slot> slot) {
    {
      std::lock_guard<std::mutex> lock(pool_mu);
      idle.push_back(std::move(slot));
    }
    pool_cv.notify_one();
  }

  // One attempt at `body` on `slot`'s connection.
  Failure RunOnce(Slot& slot, PgAccess access,
                  const std::function<absl::Status(PgTransaction&)>& body) {
    try {
      std::unique_ptr<pqxx::transaction_base> work;
      if (access == PgAccess::kReadOnly) {
        work = std::make_unique<pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>(
            *slot.connection);
      } else {
        work = std::make_unique<pqxx::work>(*slot.connection);
      }
      Transaction transaction(slot, *work);
      absl::Status status = body(transaction);
      if (transaction.failure()) return *transaction.failure();  // `work` rolls back
      if (!status.ok()) return {status, FailureKind::kFinal, false};
      work->commit();
      return {absl::OkStatus(), FailureKind::kNone, false};
    } catch (...) {
      return CurrentFailure("transaction");
    }
  }
};

PostgresDatabase::PostgresDatabase(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PostgresDatabase::~PostgresDatabase() = default;

const std::string& PostgresDatabase::redacted_url() const { return impl_->redacted_url; }

absl::StatusOr<std::unique_ptr<PostgresDatabase>> PostgresDatabase::Open(
    const std::string& url, const PostgresOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->options.pool_size = std::max(1, options.pool_size);
  impl->redacted_url = RedactDatabaseUrl(url);
  std::string conninfo = WithUriParameter(
      url, "connect_timeout",
      absl::StrCat(std::max<std::int64_t>(1, absl::ToInt64Seconds(options.connect_timeout))));
  if (!options.application_name.empty()) {
    conninfo = WithUriParameter(std::move(conninfo), "application_name", options.application_name);
  }
  impl->conninfo = std::move(conninfo);
  for (int i = 0; i < impl->options.pool_size; ++i) impl->idle.push_back(std::make_unique<Slot>());

  // Reach the server once now (waiting a while for one that is starting), so
  // a wrong URL or password fails at start-up.
  const absl::Time deadline = absl::Now() + options.startup_timeout;
  for (int attempt = 0;; ++attempt) {
    absl::Status status = impl->Connect(*impl->idle.back(), /*ignore_backoff=*/true);
    if (status.ok()) break;
    if (status.code() != absl::StatusCode::kUnavailable || absl::Now() >= deadline) return status;
    if (attempt == 0) {
      LogJson("warn", "waiting for the database",
              {{"error", JsonString(std::string(status.message()))},
               {"timeout_ms", absl::StrCat(absl::ToInt64Milliseconds(options.startup_timeout))}});
    }
    // Short naps, so that a stop request is answered within 50 ms.
    for (int nap = 0; nap < 5; ++nap) {
      if (options.stop_waiting && options.stop_waiting()) {
        return absl::CancelledError(
            absl::StrCat("stopped while waiting for the database (", status.message(), ")"));
      }
      absl::SleepFor(absl::Milliseconds(50));
    }
  }
  return std::unique_ptr<PostgresDatabase>(new PostgresDatabase(std::move(impl)));
}

absl::Status PostgresDatabase::InTransaction(
    PgAccess access, const std::function<absl::Status(PgTransaction&)>& body) {
  int reconnects = 0;
  int conflicts = 0;
  while (true) {
    CLAIMTRACE_ASSIGN_OR_RETURN(std::unique_ptr<Slot> slot, impl_->Acquire());
    bool fresh = false;
    if (slot->connection == nullptr || !slot->connection->is_open()) {
      absl::Status connected = impl_->Connect(*slot, /*ignore_backoff=*/false);
      if (!connected.ok()) {
        impl_->Release(std::move(slot));
        return connected;
      }
      fresh = true;
    }
    Failure outcome = impl_->RunOnce(*slot, access, body);
    if (outcome.drop_connection) slot->Drop();
    impl_->Release(std::move(slot));
    switch (outcome.kind) {
      case FailureKind::kNone:
        return absl::OkStatus();
      case FailureKind::kConnection:
        // A connection that broke while idle (the server restarted since):
        // try once more on a new one. A new one that breaks means the server
        // is gone.
        if (!fresh && reconnects++ < kMaxReconnectRetries) continue;
        return outcome.status;
      case FailureKind::kRetryable:
        if (conflicts++ < kMaxConflictRetries) {
          absl::SleepFor(Jitter(absl::Milliseconds(5 * conflicts)));
          continue;
        }
        return outcome.status;
      case FailureKind::kFinal:
        return outcome.status;
    }
  }
}

absl::Status PostgresDatabase::Migrate(std::string_view component,
                                       const std::vector<std::string>& migrations) {
  const std::string name(component);
  while (true) {
    bool done = false;
    absl::Status status =
        InTransaction(PgAccess::kReadWrite, [&](PgTransaction& t) -> absl::Status {
          done = false;
          CLAIMTRACE_RETURN_IF_ERROR(
              t.Execute("SELECT pg_advisory_xact_lock($1)", PgParams().Add(kMigrationLockKey))
                  .status());
          CLAIMTRACE_RETURN_IF_ERROR(
              t.ExecuteScript("CREATE TABLE IF NOT EXISTS claimtrace_schema_versions ("
                              "component TEXT PRIMARY KEY, version INTEGER NOT NULL, "
                              "update_time TIMESTAMPTZ NOT NULL DEFAULT now())"));
          CLAIMTRACE_ASSIGN_OR_RETURN(
              PgResult current,
              t.Execute("SELECT version FROM claimtrace_schema_versions WHERE component = $1",
                        PgParams().Add(name)));
          const std::int64_t version = current.rows() > 0 ? current.Int(0, 0) : 0;
          if (version > static_cast<std::int64_t>(migrations.size())) {
            return absl::FailedPreconditionError(
                absl::StrCat("database ", impl_->redacted_url, " has ", name, " schema version ",
                             version, " but this binary knows only up to ", migrations.size()));
          }
          if (version == static_cast<std::int64_t>(migrations.size())) {
            done = true;
            return absl::OkStatus();
          }
          CLAIMTRACE_RETURN_IF_ERROR(t.ExecuteScript(migrations[static_cast<size_t>(version)]));
          return t
              .Execute(
                  "INSERT INTO claimtrace_schema_versions (component, version) VALUES ($1, $2) "
                  "ON CONFLICT (component) DO UPDATE SET version = EXCLUDED.version, "
                  "update_time = now()",
                  PgParams().Add(name).Add(version + 1))
              .status();
        });
    if (!status.ok()) {
      return absl::Status(status.code(),
                          absl::StrCat("migrating ", name, " schema: ", status.message()));
    }
    if (done) return absl::OkStatus();
  }
}

bool PostgresDatabase::IsHealthy() {
  std::lock_guard<std::mutex> lock(impl_->health_mu);
  Slot& slot = impl_->health;
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool fresh = slot.connection == nullptr || !slot.connection->is_open();
    if (fresh && !impl_->Connect(slot, /*ignore_backoff=*/true).ok()) return false;
    try {
      pqxx::nontransaction probe(*slot.connection);
      probe.exec("SELECT 1");
      return true;
    } catch (...) {
      slot.Drop();
      if (fresh) return false;  // a new connection that fails: the server is gone
    }
  }
  return false;
}

}  // namespace claimtrace::common
