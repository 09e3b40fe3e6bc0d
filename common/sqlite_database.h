// A small RAII layer over the SQLite C API: one connection, cached prepared
// statements, versioned migrations, and all-or-nothing transactions.
// Not thread-safe: the owner serialises access (the stores hold a mutex).
#ifndef CLAIMTRACE_COMMON_SQLITE_DATABASE_H_
#define CLAIMTRACE_COMMON_SQLITE_DATABASE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

struct sqlite3;
struct sqlite3_stmt;

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

  // SQLite's data_version: changes whenever another connection (in this
  // process or another) has committed to the file since the last call, never
  // for this connection's own commits. Caches over the database compare it
  // to know when to forget what they hold.
  absl::StatusOr<std::int64_t> DataVersion();

  std::int64_t LastInsertRowId() const;
  // Rows changed by the last INSERT/UPDATE/DELETE.
  int Changes() const;
  const std::string& path() const { return path_; }

 private:
  SqliteDatabase(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
  // By SQL text; looked up without copying the text (every call prepares).
  absl::flat_hash_map<std::string, sqlite3_stmt*> statements_;
};

// Status for a SQLite result code, with `context` and the engine's message.
absl::Status SqliteError(sqlite3* db, int code, std::string_view context);

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_SQLITE_DATABASE_H_
