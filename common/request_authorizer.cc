#include "common/request_authorizer.h"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "common/service_flags.h"

namespace claimtrace::common {
namespace {

bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  unsigned char difference = a.size() == b.size() ? 0 : 1;
  const size_t n = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < n; ++i) difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  return difference == 0;
}

}  // namespace

absl::StatusOr<RequestAuthorizer> RequestAuthorizer::FromConfig(const std::string& token_file,
                                                                const std::string& env_var,
                                                                bool protect_reads) {
  std::vector<std::string> tokens;
  if (!token_file.empty()) {
    absl::StatusOr<std::vector<std::string>> lines = ReadListFile(token_file);
    if (!lines.ok()) return lines.status();
    tokens = *std::move(lines);
    if (tokens.empty())
      return absl::InvalidArgumentError("token file " + token_file + " holds no token");
  } else if (const char* value = std::getenv(env_var.c_str()); value != nullptr && *value != '\0') {
    for (absl::string_view token : absl::StrSplit(value, ',', absl::SkipWhitespace())) {
      tokens.emplace_back(absl::StripAsciiWhitespace(token));
    }
  }
  if (tokens.empty() && protect_reads) {
    return absl::InvalidArgumentError("reads cannot require a token when no token is configured");
  }
  return RequestAuthorizer(std::move(tokens), protect_reads);
}

absl::Status RequestAuthorizer::Authorize(const grpc::ServerContextBase& context,
                                          Access access) const {
  if (tokens_.empty()) return absl::OkStatus();
  if (access == Access::kRead && !protect_reads_) return absl::OkStatus();
  const auto& metadata = context.client_metadata();
  const auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    return absl::UnauthenticatedError("this call needs an `authorization: Bearer TOKEN` header");
  }
  const absl::string_view header(it->second.data(), it->second.size());
  if (!absl::StartsWithIgnoreCase(header, "Bearer ")) {
    return absl::UnauthenticatedError("the authorization header must be `Bearer TOKEN`");
  }
  const absl::string_view presented = absl::StripAsciiWhitespace(header.substr(7));
  bool allowed = false;
  for (const std::string& token : tokens_) allowed |= ConstantTimeEquals(presented, token);
  if (!allowed) return absl::PermissionDeniedError("the bearer token is not valid for this server");
  return absl::OkStatus();
}

}  // namespace claimtrace::common
