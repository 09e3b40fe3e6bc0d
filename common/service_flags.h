// Start-up helpers both service binaries share: reading the --db URL
// (creating a SQLite file's directory), and reading a list data file.
#ifndef CLAIMTRACE_COMMON_SERVICE_FLAGS_H_
#define CLAIMTRACE_COMMON_SERVICE_FLAGS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/database_url.h"

namespace claimtrace::common {

// The database a --db URL names (sqlite:PATH or postgresql://...). For
// SQLite, the file's directory is created if missing. INVALID_ARGUMENT
// (field "db") for a malformed URL, UNAVAILABLE if the directory cannot be
// created.
absl::StatusOr<DatabaseUrl> DatabaseUrlFromDbFlag(const std::string& db_url);

// Creates the directory that will hold the SQLite file `path` if missing
// (nothing to do for ":memory:" or a bare file name).
absl::Status CreateSqliteDirectory(const std::string& path);

// The whole content of a file; NOT_FOUND naming `what` and the path when
// it cannot be opened.
absl::StatusOr<std::string> ReadWholeFile(const std::string& path, const std::string& what);

// Non-empty lines of a text file, trimmed, without '#' comments.
absl::StatusOr<std::vector<std::string>> ReadListFile(const std::string& path);

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_SERVICE_FLAGS_H_
