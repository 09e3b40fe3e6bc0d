// Bearer-token authorisation for claimtrace servers. Writes (ingest,
// extraction) always need a token when tokens are configured; reads need
// one only when `protect_reads` is set. Tokens come from a file (one per
// line) or an environment variable, never from flags (they would show in
// `ps`).
#ifndef CLAIMTRACE_COMMON_REQUEST_AUTHORIZER_H_
#define CLAIMTRACE_COMMON_REQUEST_AUTHORIZER_H_

#include <grpcpp/server_context.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace claimtrace::common {

enum class Access { kRead, kWrite };

class RequestAuthorizer {
 public:
  // No tokens: every call is allowed (the embedded, one-laptop default).
  RequestAuthorizer() = default;
  RequestAuthorizer(std::vector<std::string> tokens, bool protect_reads)
      : tokens_(std::move(tokens)), protect_reads_(protect_reads) {}

  // Tokens from `token_file` (one per line, '#' comments) if set, else from
  // the environment variable `env_var` (comma-separated) if set, else none.
  // NOT_FOUND/INVALID_ARGUMENT when the file is missing or holds no token.
  static absl::StatusOr<RequestAuthorizer> FromConfig(const std::string& token_file,
                                                      const std::string& env_var,
                                                      bool protect_reads);

  // OK, UNAUTHENTICATED (no `authorization: Bearer …` metadata) or
  // PERMISSION_DENIED (a token that is not one of ours). Constant-time
  // comparison.
  absl::Status Authorize(const grpc::ServerContextBase& context, Access access) const;

  bool enabled() const { return !tokens_.empty(); }

 private:
  std::vector<std::string> tokens_;
  bool protect_reads_ = false;
};

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_REQUEST_AUTHORIZER_H_
