// The connections of one claimctl run: channels created only when a command
// first needs them, one deadline (--timeout) and a fresh `x-request-id` per
// call, optional timing lines on stderr (--verbose), and the mapping of a
// failed call to one line of text and an exit code.
#ifndef CLAIMTRACE_CLIENT_RPC_SESSION_H_
#define CLAIMTRACE_CLIENT_RPC_SESSION_H_

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/status.h>

#include <chrono>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

#include "claimtrace/claims/v1/claims_service.grpc.pb.h"
#include "claimtrace/provenance/v1/provenance_service.grpc.pb.h"
#include "client/command_line.h"
#include "common/grpc_support.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace claimtrace::client {

inline constexpr char kDefaultClaimsAddress[] = "localhost:50051";
inline constexpr char kDefaultProvenanceAddress[] = "localhost:50052";
inline constexpr char kClaimsHealthName[] = "claimtrace.claims.v1.ClaimsService";
inline constexpr char kProvenanceHealthName[] = "claimtrace.provenance.v1.ProvenanceService";

// Empty when the $CLAIMTRACE_TLS_* variables are usable; otherwise what is
// wrong with them (a file that cannot be read, a certificate without its key).
// Checked before any call, so that a typo never falls back to plaintext.
std::string TlsEnvironmentProblem();

// The flag value, else the environment variable (`env_value`, may be null
// or empty), else `fallback`.
std::string ResolveAddress(const std::string& flag_value, const char* env_value,
                           const std::string& fallback);

// Request ids and status names come from common/grpc_support.h.
using common::NewRequestId;
using common::StatusCodeName;

// One service claimctl talks to.
struct ServiceEndpoint {
  std::string display_name;  // "claims service"
  std::string address;
  std::shared_ptr<grpc::Channel> channel;  // null until first used
};

// What a failed call means for the user.
struct RpcFailure {
  int exit_code = kExitFailure;
  std::string message;  // one line, without the "claimctl: " prefix
};

// Describes a failed call. `connected`: whether the channel had reached the
// server (false: the address could not be reached). `resource`: what was
// asked for, e.g. `claim "claims/abc"`, used for NOT_FOUND ("... not
// found"); empty to use the service's message. INVALID_ARGUMENT shows the
// service's message and the google.rpc.BadRequest field, if any, from the
// status details.
RpcFailure DescribeRpcFailure(const ServiceEndpoint& endpoint, const grpc::Status& status,
                              bool connected, std::string_view resource,
                              std::chrono::milliseconds timeout);

class RpcSession {
 public:
  // `err` receives --verbose lines.
  RpcSession(const GlobalOptions& options, std::string claims_address,
             std::string provenance_address, std::ostream* err);

  ServiceEndpoint& claims_endpoint() { return claims_; }
  ServiceEndpoint& provenance_endpoint() { return provenance_; }

  // Stubs; the first use creates the channel.
  claims::v1::ClaimsService::Stub& claims();
  provenance::v1::ProvenanceService::Stub& provenance();
  std::unique_ptr<grpc::health::v1::Health::Stub> NewHealthStub(ServiceEndpoint& endpoint);

  // Runs one call: `invoke(grpc::ClientContext*)` returns its status. Sets
  // the deadline and a new x-request-id, and with --verbose prints
  //   claimctl: METHOD ADDRESS -> CODE in 1.2 ms (x-request-id ...)
  template <typename Invoke>
  grpc::Status Call(ServiceEndpoint& endpoint, std::string_view method, Invoke&& invoke) {
    return CallWithRequestId(endpoint, method, NewRequestId(), std::forward<Invoke>(invoke));
  }

  // Call with a given request id (e.g. one also used as an idempotency key).
  template <typename Invoke>
  grpc::Status CallWithRequestId(ServiceEndpoint& endpoint, std::string_view method,
                                 const std::string& request_id, Invoke&& invoke) {
    grpc::ClientContext context;
    Prepare(&context, request_id);
    const auto start = std::chrono::steady_clock::now();
    grpc::Status status = invoke(&context);
    Finish(endpoint, method, request_id, start, status);
    return status;
  }

  // The failure of a call made through this session (see DescribeRpcFailure).
  RpcFailure Describe(ServiceEndpoint& endpoint, const grpc::Status& status,
                      std::string_view resource);

  const GlobalOptions& options() const { return options_; }

 private:
  void Prepare(grpc::ClientContext* context, const std::string& request_id);
  void Finish(const ServiceEndpoint& endpoint, std::string_view method,
              const std::string& request_id, std::chrono::steady_clock::time_point start,
              const grpc::Status& status);
  std::shared_ptr<grpc::Channel> Channel(ServiceEndpoint& endpoint);
  static std::shared_ptr<grpc::ChannelCredentials> MakeCredentials();

  GlobalOptions options_;
  ServiceEndpoint claims_;
  ServiceEndpoint provenance_;
  std::ostream* err_;
  std::unique_ptr<claims::v1::ClaimsService::Stub> claims_stub_;
  std::unique_ptr<provenance::v1::ProvenanceService::Stub> provenance_stub_;
};

}  // namespace claimtrace::client

#endif  // CLAIMTRACE_CLIENT_RPC_SESSION_H_
