#include "common/database_url.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
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
    const absl::string_view host =
        at == absl::string_view::npos ? authority : authority.substr(at + 1);
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
  // The password is in the authority's user info (up to its last '@': an
  // unencoded '@' may be part of the password) or a `password=` parameter.
  const size_t authority_start = scheme_end + 3;
  size_t authority_end = u.find_first_of("/?#", authority_start);
  if (authority_end == absl::string_view::npos) authority_end = u.size();
  const absl::string_view authority = u.substr(authority_start, authority_end - authority_start);
  std::string out(u.substr(0, authority_start));
  const size_t at = authority.rfind('@');
  const size_t colon = at == absl::string_view::npos ? at : authority.substr(0, at).find(':');
  if (colon != absl::string_view::npos) {
    absl::StrAppend(&out, authority.substr(0, colon + 1), "***", authority.substr(at));
  } else {
    absl::StrAppend(&out, authority);
  }
  const absl::string_view rest = u.substr(authority_end);
  const size_t query = rest.find('?');
  if (query == absl::string_view::npos) return absl::StrCat(out, rest);
  absl::StrAppend(&out, rest.substr(0, query + 1));
  std::vector<std::string> parameters;
  for (absl::string_view parameter : absl::StrSplit(rest.substr(query + 1), '&')) {
    parameters.push_back(absl::StartsWith(parameter, "password=") ? std::string("password=***")
                                                                  : std::string(parameter));
  }
  absl::StrAppend(&out, absl::StrJoin(parameters, "&"));
  return out;
}

}  // namespace claimtrace::common
