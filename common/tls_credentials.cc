#include "common/tls_credentials.h"

#include "absl/strings/str_cat.h"
#include "common/service_flags.h"

namespace claimtrace::common {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path) {
  absl::StatusOr<std::string> pem = ReadWholeFile(path, "PEM file");
  if (pem.ok() && pem->find("-----BEGIN") == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(path, " is not a PEM file"));
  }
  return pem;
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerTlsFiles& files) {
  if (files.cert_file.empty() && files.key_file.empty()) {
    if (files.require_client_cert || !files.client_ca_file.empty()) {
      return absl::InvalidArgumentError(
          "client certificates need TLS: set the certificate and key");
    }
    return grpc::InsecureServerCredentials();
  }
  if (files.cert_file.empty() || files.key_file.empty()) {
    return absl::InvalidArgumentError("TLS needs both a certificate and a key file");
  }
  if (files.require_client_cert && files.client_ca_file.empty()) {
    return absl::InvalidArgumentError("mutual TLS needs a client CA file");
  }
  auto cert = ReadPem(files.cert_file);
  if (!cert.ok()) return cert.status();
  auto key = ReadPem(files.key_file);
  if (!key.ok()) return key.status();
  grpc::SslServerCredentialsOptions options(
      files.require_client_cert      ? GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY
      : files.client_ca_file.empty() ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                                     : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
  if (!files.client_ca_file.empty()) {
    auto ca = ReadPem(files.client_ca_file);
    if (!ca.ok()) return ca.status();
    options.pem_root_certs = *ca;
  }
  options.pem_key_cert_pairs.push_back({*key, *cert});
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const ClientTlsFiles& files) {
  if (files.ca_file.empty()) {
    if (!files.cert_file.empty()) {
      return absl::InvalidArgumentError("a client certificate needs TLS: set the CA file too");
    }
    return grpc::InsecureChannelCredentials();
  }
  grpc::SslCredentialsOptions options;
  auto ca = ReadPem(files.ca_file);
  if (!ca.ok()) return ca.status();
  options.pem_root_certs = *ca;
  if (!files.cert_file.empty() || !files.key_file.empty()) {
    if (files.cert_file.empty() || files.key_file.empty()) {
      return absl::InvalidArgumentError("a client certificate needs both certificate and key");
    }
    auto cert = ReadPem(files.cert_file);
    if (!cert.ok()) return cert.status();
    auto key = ReadPem(files.key_file);
    if (!key.ok()) return key.status();
    options.pem_cert_chain = *cert;
    options.pem_private_key = *key;
  }
  return grpc::SslCredentials(options);
}

}  // namespace claimtrace::common
