// A small RAII layer over the SQLite C API: one connection, cached prepared
// statements, versioned migrations, and all-or-nothing transactions.
// Not thread-safe: the owner serialises access (the stores hold a mutex).
#ifndef CLAIMTRACE_COMMON_SQLITE_DATABASE_H_
#define CLAIMTRACE_COMMON_SQLITE_DATABASE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

struct sqlite3;
struct sqlite3_stmt;
struct sqlite3_context;
struct sqlite3_value;
struct Fts5Context;
struct Fts5ExtensionApi;

namespace claimtrace::common {

// A prepared statement borrowed from the database's cache; reset and
// unbound when it goes out of scope. Values are bound by 1-based index.
class SqliteStatement {
 public:
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&&) = delete;
  SqliteStatement(const SqliteStatement&) = delete;
  ~SqliteStatement();

  SqliteStatement& Bind(int index, std::int64_t value);
  SqliteStatement& Bind(int index, int value) {
    return Bind(index, static_cast<std::int64_t>(value));
  }
  SqliteStatement& Bind(int index, double value);
  // The text is copied (SQLITE_TRANSIENT), so temporaries are fine.
  SqliteStatement& Bind(int index, std::string_view value);
  SqliteStatement& Bind(int index, const char* value) {
    return Bind(index, std::string_view(value));
  }
  SqliteStatement& Bind(int index, const std::string& value) {
    return Bind(index, std::string_view(value));
  }
  SqliteStatement& BindNull(int index);

  // True when a row is available, false when done; errors (including a
  // constraint violation) are statuses: ALREADY_EXISTS for UNIQUE
  // violations, UNAVAILABLE for busy/locked/IO, INTERNAL otherwise.
  absl::StatusOr<bool> Step();
  // Steps to completion, ignoring rows.
  absl::Status Run();

  std::int64_t ColumnInt(int column) const;
  double ColumnDouble(int column) const;
  std::string ColumnText(int column) const;
  bool ColumnIsNull(int column) const;

 private:
  friend class SqliteDatabase;
  SqliteStatement(sqlite3* db, sqlite3_stmt* statement) : db_(db), statement_(statement) {}
  sqlite3* db_;
  sqlite3_stmt* statement_;
};

struct SqliteOptions {
  // Milliseconds to wait for a lock held by another connection.
  int busy_timeout_ms = 5000;
  // Refuse to create the file when it does not exist.
  bool must_exist = false;
};

class SqliteDatabase {
 public:
  // Opens (creating if allowed) the database at `path` in WAL mode with
  // foreign keys on, and checks that it is a readable SQLite database:
  // a corrupt or unwritable file is FAILED_PRECONDITION/UNAVAILABLE with the
  // path in the message, never a silently empty database.
  static absl::StatusOr<std::unique_ptr<SqliteDatabase>> Open(const std::string& path,
                                                              const SqliteOptions& options = {});
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  // Runs one or more statements with no parameters.
  absl::Status Execute(std::string_view sql);

  // A cached prepared statement for `sql` (prepared once per connection).
  absl::StatusOr<SqliteStatement> Prepare(std::string_view sql);

  // Applies migrations[v..] where v is the database's PRAGMA user_version,
  // each in its own transaction, bumping user_version. A database newer than
  // the code (user_version > migrations.size()) is FAILED_PRECONDITION.
  absl::Status Migrate(const std::vector<std::string>& migrations);

  // Runs `body` in BEGIN IMMEDIATE ... COMMIT; rolls back when it returns
  // an error (or COMMIT fails) and returns that error.
  absl::Status InTransaction(const std::function<absl::Status()>& body);

  // For caches over the database, which must forget what they hold when the
  // file changes under them: true when, since the previous call, another
  // connection of this process committed to the file (seen at once: every
  // connection counts its commits in a per-file counter of the process), or
  // another process did (seen through DataVersion, read at most every
  // `recheck`, so that a hot read path does not pay a read transaction a
  // call: another process's commit may go unseen that long). This
  // connection's own commits never count. The first call returns true.
  absl::StatusOr<bool> ChangedElsewhere(absl::Duration recheck = absl::Milliseconds(1));

  // An FTS5 auxiliary function (SQLite's fts5_extension_function), callable
  // as name(fts_table, ...) in queries on this connection's FTS5 tables.
  using Fts5Function = void (*)(const Fts5ExtensionApi* api, Fts5Context* fts,
                                sqlite3_context* result, int argc, sqlite3_value** argv);
  absl::Status CreateFts5Function(const std::string& name, Fts5Function function);

  std::int64_t LastInsertRowId() const;
  // Rows changed by the last INSERT/UPDATE/DELETE.
  int Changes() const;
  const std::string& path() const { return path_; }

 private:
  SqliteDatabase(sqlite3* db, std::string path);
  // SQLite's data_version: changes whenever another connection (in this
  // process or another) has committed to the file since the last call, never
  // for this connection's own commits. Costs a read transaction.
  absl::StatusOr<std::int64_t> DataVersion();
  sqlite3* db_;
  std::string path_;
  // Commits by every connection of this process to this file, and by this one.
  std::shared_ptr<std::atomic<std::uint64_t>> process_commits_;
  std::uint64_t own_commits_ = 0;
  // What ChangedElsewhere saw last.
  std::uint64_t seen_other_commits_ = 0;
  std::int64_t seen_data_version_ = -1;
  absl::Time data_version_read_ = absl::InfinitePast();
  // By SQL text; looked up without copying the text (every call prepares).
  absl::flat_hash_map<std::string, sqlite3_stmt*> statements_;
};

// Status for a SQLite result code, with `context` and the engine's message.
absl::Status SqliteError(sqlite3* db, int code, std::string_view context);

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_SQLITE_DATABASE_H_
