#include "common/database_url.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status_util.h"

namespace claimtrace::common {

absl::StatusOr<DatabaseUrl> ParseDatabaseUrl(std::string_view url) {
  const absl::string_view u(url.data(), url.size());
  if (absl::StartsWith(u, "sqlite:")) {
    std::string path(u.substr(7));
    if (absl::StartsWith(path, "//")) path = path.substr(2);  // sqlite://PATH
    if (path.empty()) return FieldViolation("db", "sqlite: URL has no file path");
    return DatabaseUrl{DatabaseUrl::Engine::kSqlite, std::move(path)};
  }
  if (absl::StartsWith(u, "postgresql://") || absl::StartsWith(u, "postgres://")) {
    const absl::string_view rest = u.substr(u.find("://") + 3);
    const absl::string_view authority = rest.substr(0, rest.find_first_of("/?"));
    const size_t at = authority.rfind('@');
    const absl::string_view host = at == absl::string_view::npos ? authority : authority.substr(at + 1);
    if (host.empty() || host[0] == ':') {
      return FieldViolation("db", "postgresql URL has no host");
    }
    return DatabaseUrl{DatabaseUrl::Engine::kPostgresql, std::string(u)};
  }
  return FieldViolation("db", "expected sqlite:PATH or postgresql://USER@HOST:PORT/DB");
}

std::string RedactDatabaseUrl(std::string_view url) {
  const absl::string_view u(url.data(), url.size());
  const size_t scheme_end = u.find("://");
  if (scheme_end == absl::string_view::npos) return std::string(u);
  const size_t authority_start = scheme_end + 3;
  const size_t at = u.find('@', authority_start);
  if (at == absl::string_view::npos) return std::string(u);
  const size_t colon = u.find(':', authority_start);
  if (colon == absl::string_view::npos || colon > at) return std::string(u);
  return absl::StrCat(u.substr(0, colon + 1), "***", u.substr(at));
}

}  // namespace claimtrace::common
