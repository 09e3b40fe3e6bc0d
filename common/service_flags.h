// Start-up helpers both service binaries share: opening the --db URL's
// SQLite file (creating its directory), and reading a list data file.
#ifndef CLAIMTRACE_COMMON_SERVICE_FLAGS_H_
#define CLAIMTRACE_COMMON_SERVICE_FLAGS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace claimtrace::common {

// The SQLite path named by a --db URL, its directory created if missing.
// UNIMPLEMENTED for postgresql:// (not supported by this build yet),
// INVALID_ARGUMENT for a malformed URL.
absl::StatusOr<std::string> SqlitePathFromDbFlag(const std::string& db_url);

// Non-empty lines of a text file, trimmed, without '#' comments.
absl::StatusOr<std::vector<std::string>> ReadListFile(const std::string& path);

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_SERVICE_FLAGS_H_
