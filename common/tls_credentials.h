// TLS (and optional mutual TLS) credentials from PEM files, for servers and
// for the channels between services. Empty paths mean plaintext, the
// loopback/one-laptop default.
#ifndef CLAIMTRACE_COMMON_TLS_CREDENTIALS_H_
#define CLAIMTRACE_COMMON_TLS_CREDENTIALS_H_

#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace claimtrace::common {

struct ServerTlsFiles {
  std::string cert_file;             // PEM certificate chain; empty: plaintext
  std::string key_file;              // PEM private key
  std::string client_ca_file;        // PEM CA bundle that client certificates must chain to
  bool require_client_cert = false;  // mutual TLS
};

struct ClientTlsFiles {
  std::string ca_file;    // PEM CA bundle to verify the server; empty: plaintext
  std::string cert_file;  // client certificate for mutual TLS (optional)
  std::string key_file;
  std::string server_name_override;  // for certificates issued to another name
};

// NOT_FOUND naming the file when one cannot be read; INVALID_ARGUMENT for an
// incomplete set (a certificate without its key, mTLS without a CA).
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerTlsFiles& files);
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const ClientTlsFiles& files);

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_TLS_CREDENTIALS_H_
