#include "common/service_flags.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/database_url.h"
#include "common/status_util.h"

namespace claimtrace::common {

absl::StatusOr<DatabaseUrl> DatabaseUrlFromDbFlag(const std::string& db_url) {
  CLAIMTRACE_ASSIGN_OR_RETURN(DatabaseUrl url, ParseDatabaseUrl(db_url));
  if (url.engine == DatabaseUrl::Engine::kSqlite) {
    CLAIMTRACE_RETURN_IF_ERROR(CreateSqliteDirectory(url.target));
  }
  return url;
}

absl::Status CreateSqliteDirectory(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty() || path == ":memory:") return absl::OkStatus();
  std::error_code error;
  std::filesystem::create_directories(parent, error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("cannot create directory ", parent.string(), ": ", error.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ReadWholeFile(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", what, " ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

absl::StatusOr<std::vector<std::string>> ReadListFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    const size_t hash = line.find('#');
    if (hash != std::string::npos) line.resize(hash);
    absl::string_view trimmed = absl::StripAsciiWhitespace(line);
    if (!trimmed.empty()) lines.emplace_back(trimmed);
  }
  return lines;
}

}  // namespace claimtrace::common
