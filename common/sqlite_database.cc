#include "common/sqlite_database.h"

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_util.h"

namespace claimtrace::common {
namespace {
absl::string_view AsAbsl(std::string_view s) { return absl::string_view(s.data(), s.size()); }
}  // namespace

absl::Status SqliteError(sqlite3* db, int code, std::string_view context) {
  const std::string message = absl::StrCat(
      AsAbsl(context), ": ", db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code));
  switch (code & 0xFF) {
    case SQLITE_CONSTRAINT:
      // Only a duplicate key means "already exists"; a missing parent row,
      // NULL or CHECK failure is a broken invariant (INTERNAL, below).
      if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return absl::AlreadyExistsError(message);
      }
      return absl::InternalError(message);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
      return absl::UnavailableError(message);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return absl::FailedPreconditionError(message);
    default:
      return absl::InternalError(message);
  }
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(other.db_), statement_(other.statement_) {
  other.statement_ = nullptr;
}

SqliteStatement::~SqliteStatement() {
  if (statement_ != nullptr) {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
  }
}

SqliteStatement& SqliteStatement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(statement_, index, value);
  return *this;
}
SqliteStatement& SqliteStatement::Bind(int index, double value) {
  sqlite3_bind_double(statement_, index, value);
  return *this;
}
SqliteStatement& SqliteStatement::Bind(int index, std::string_view value) {
  sqlite3_bind_text64(statement_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}
SqliteStatement& SqliteStatement::BindNull(int index) {
  sqlite3_bind_null(statement_, index);
  return *this;
}

absl::StatusOr<bool> SqliteStatement::Step() {
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(db_, sqlite3_extended_errcode(db_), sqlite3_sql(statement_));
}

absl::Status SqliteStatement::Run() {
  while (true) {
    absl::StatusOr<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return absl::OkStatus();
  }
}

std::int64_t SqliteStatement::ColumnInt(int column) const {
  return sqlite3_column_int64(statement_, column);
}
double SqliteStatement::ColumnDouble(int column) const {
  return sqlite3_column_double(statement_, column);
}
std::string SqliteStatement::ColumnText(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
  if (text == nullptr) return std::string();
  return std::string(text, static_cast<size_t>(sqlite3_column_bytes(statement_, column)));
}
bool SqliteStatement::ColumnIsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

namespace {

// The commit counter every connection of this process to `path` shares.
std::shared_ptr<std::atomic<std::uint64_t>> ProcessCommitCounter(const std::string& path) {
  static std::mutex mu;
  static auto* counters = new std::map<std::string, std::weak_ptr<std::atomic<std::uint64_t>>>;
  std::error_code error;
  std::string key = std::filesystem::weakly_canonical(path, error).string();
  if (error) key = path;
  std::lock_guard<std::mutex> lock(mu);
  std::weak_ptr<std::atomic<std::uint64_t>>& slot = (*counters)[key];
  std::shared_ptr<std::atomic<std::uint64_t>> counter = slot.lock();
  if (counter == nullptr) {
    counter = std::make_shared<std::atomic<std::uint64_t>>(0);
    slot = counter;
  }
  return counter;
}

}  // namespace

SqliteDatabase::SqliteDatabase(sqlite3* db, std::string path)
    : db_(db), path_(std::move(path)), process_commits_(ProcessCommitCounter(path_)) {}

absl::StatusOr<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const std::string& path,
                                                                     const SqliteOptions& options) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (!options.must_exist) flags |= SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    absl::Status status = SqliteError(db, rc, absl::StrCat("cannot open database ", path));
    sqlite3_close(db);
    return status;
  }
  std::unique_ptr<SqliteDatabase> database(new SqliteDatabase(db, path));
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  sqlite3_extended_result_codes(db, 1);
  // Reading the schema fails on a file that is not a database, and
  // journal_mode=WAL fails on a read-only one: both surface here, at start-up.
  // Switching to WAL needs a lock the busy handler does not always wait for
  // (two processes opening a new file together): retry within the timeout.
  absl::Status status;
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options.busy_timeout_ms);
  while (true) {
    status = database->Execute(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        // A 64 MiB page cache and 256 MiB of memory-mapped reads keep point
        // lookups flat as the file grows (the 2 MiB default holds little of a
        // 1M-claim database; measured 10.8 -> 8.0 us per lookup).
        "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"
        "SELECT count(*) FROM sqlite_master;");
    const bool locked = status.code() == absl::StatusCode::kUnavailable &&
                        (absl::StrContains(status.message(), "locked") ||
                         absl::StrContains(status.message(), "busy"));
    if (!locked || std::chrono::steady_clock::now() >= give_up) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (!status.ok()) {
    return absl::Status(status.code(),
                        absl::StrCat("database ", path, " is unusable: ", status.message()));
  }
  if (sqlite3_db_readonly(db, "main") == 1) {
    return absl::UnavailableError(absl::StrCat("database ", path, " is read-only"));
  }
  return database;
}

SqliteDatabase::~SqliteDatabase() {
  for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
  sqlite3_close_v2(db_);
}

absl::Status SqliteDatabase::Execute(std::string_view sql) {
  const std::string text(sql);
  char* error = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    absl::Status status = SqliteError(db_, rc, error != nullptr ? error : "exec");
    sqlite3_free(error);
    return status;
  }
  return absl::OkStatus();
}

absl::StatusOr<SqliteStatement> SqliteDatabase::Prepare(std::string_view sql) {
  const absl::string_view key(sql.data(), sql.size());
  auto it = statements_.find(key);
  if (it == statements_.end()) {
    sqlite3_stmt* statement = nullptr;
    const int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()),
                                      SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, absl::StrCat("prepare ", key));
    it = statements_.emplace(std::string(key), statement).first;
  }
  return SqliteStatement(db_, it->second);
}

absl::StatusOr<std::int64_t> SqliteDatabase::DataVersion() {
  CLAIMTRACE_ASSIGN_OR_RETURN(SqliteStatement query, Prepare("PRAGMA data_version"));
  CLAIMTRACE_ASSIGN_OR_RETURN(bool row, query.Step());
  if (!row) return absl::InternalError("PRAGMA data_version returned no row");
  return query.ColumnInt(0);
}

absl::Status SqliteDatabase::Migrate(const std::vector<std::string>& migrations) {
  // The version is read inside each write transaction, so that processes
  // opening one file together apply every migration exactly once.
  while (true) {
    bool done = false;
    CLAIMTRACE_RETURN_IF_ERROR(InTransaction([&]() -> absl::Status {
      std::int64_t version = 0;
      {
        CLAIMTRACE_ASSIGN_OR_RETURN(SqliteStatement version_query, Prepare("PRAGMA user_version"));
        CLAIMTRACE_ASSIGN_OR_RETURN(bool has_row, version_query.Step());
        if (has_row) version = version_query.ColumnInt(0);
      }
      if (version > static_cast<std::int64_t>(migrations.size())) {
        return absl::FailedPreconditionError(
            absl::StrCat("database ", path_, " has schema version ", version,
                         " but this binary knows only up to ", migrations.size()));
      }
      if (version == static_cast<std::int64_t>(migrations.size())) {
        done = true;
        return absl::OkStatus();
      }
      CLAIMTRACE_RETURN_IF_ERROR(Execute(migrations[static_cast<size_t>(version)]));
      return Execute(absl::StrCat("PRAGMA user_version = ", version + 1));
    }));
    if (done) return absl::OkStatus();
  }
}

absl::Status SqliteDatabase::InTransaction(const std::function<absl::Status()>& body) {
  CLAIMTRACE_RETURN_IF_ERROR(Execute("BEGIN IMMEDIATE"));
  absl::Status status = body();
  if (status.ok()) status = Execute("COMMIT");
  if (!status.ok()) {
    Execute("ROLLBACK").IgnoreError();
    return status;
  }
  // Counted once committed: a reader that sees the count sees the data.
  ++own_commits_;
  process_commits_->fetch_add(1, std::memory_order_release);
  return absl::OkStatus();
}

absl::StatusOr<bool> SqliteDatabase::ChangedElsewhere(absl::Duration recheck) {
  bool changed = false;
  const std::uint64_t other_commits =
      process_commits_->load(std::memory_order_acquire) - own_commits_;
  if (other_commits != seen_other_commits_) {
    seen_other_commits_ = other_commits;
    changed = true;
  }
  const absl::Time now = absl::Now();
  if (now - data_version_read_ >= recheck) {
    CLAIMTRACE_ASSIGN_OR_RETURN(const std::int64_t version, DataVersion());
    data_version_read_ = now;
    if (version != seen_data_version_) {
      seen_data_version_ = version;
      changed = true;
    }
  }
  return changed;
}

absl::Status SqliteDatabase::CreateFts5Function(const std::string& name, Fts5Function function) {
  // FTS5 hands out its API as the pointer value of SELECT fts5(?1)
  // (https://sqlite.org/fts5.html, "Extending FTS5").
  sqlite3_stmt* statement = nullptr;
  int rc = sqlite3_prepare_v2(db_, "SELECT fts5(?1)", -1, &statement, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, "prepare SELECT fts5(?1)");
  fts5_api* api = nullptr;
  sqlite3_bind_pointer(statement, 1, &api, "fts5_api_ptr", nullptr);
  rc = sqlite3_step(statement);
  sqlite3_finalize(statement);
  if (rc != SQLITE_ROW || api == nullptr || api->iVersion < 2) {
    return absl::FailedPreconditionError("this SQLite has no FTS5 API");
  }
  rc = api->xCreateFunction(api, name.c_str(), nullptr, function, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db_, rc, absl::StrCat("create FTS5 function ", name));
  return absl::OkStatus();
}

std::int64_t SqliteDatabase::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
int SqliteDatabase::Changes() const { return sqlite3_changes(db_); }

}  // namespace claimtrace::common
