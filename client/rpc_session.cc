#include "client/rpc_session.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>

#include "common/grpc_support.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace claimtrace::client {

using common::kRequestIdHeader;

namespace {

std::string ReadFileOrEmpty(const char* path) {
  if (path == nullptr || *path == '\0') return std::string();
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

bool IsSet(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0';
}

constexpr int kMaxMessageBytes = 64 << 20;

std::mutex& VerboseMutex() {
  static std::mutex* mutex = new std::mutex;
  return *mutex;
}

std::string FormatTimeout(std::chrono::milliseconds timeout) {
  const int64_t ms = timeout.count();
  if (ms % 60000 == 0) return std::to_string(ms / 60000) + "m";
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

// The fields named by google.rpc.BadRequest in the status details.
std::string BadRequestFields(const grpc::Status& status) {
  if (status.error_details().empty()) return "";
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return "";
  std::string fields;
  for (const google::protobuf::Any& any : details.details()) {
    google::rpc::BadRequest bad_request;
    if (!any.Is<google::rpc::BadRequest>() || !any.UnpackTo(&bad_request)) continue;
    for (const auto& violation : bad_request.field_violations()) {
      if (violation.field().empty()) continue;
      if (!fields.empty()) fields += ", ";
      fields += violation.field();
    }
  }
  return fields;
}

std::string OneLineMessage(std::string message) {
  for (char& c : message) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return message;
}

}  // namespace

std::string ResolveAddress(const std::string& flag_value, const char* env_value,
                           const std::string& fallback) {
  if (!flag_value.empty()) return flag_value;
  if (env_value != nullptr && *env_value != '\0') return env_value;
  return fallback;
}

RpcFailure DescribeRpcFailure(const ServiceEndpoint& endpoint, const grpc::Status& status,
                              bool connected, std::string_view resource,
                              std::chrono::milliseconds timeout) {
  const std::string where = endpoint.display_name + " at " + endpoint.address;
  const std::string code = StatusCodeName(status.error_code());
  const std::string message = OneLineMessage(status.error_message());
  RpcFailure failure;
  switch (status.error_code()) {
    case grpc::StatusCode::NOT_FOUND:
      failure.exit_code = kExitNotFound;
      failure.message = !resource.empty()  ? std::string(resource) + " not found"
                        : !message.empty() ? message
                                           : "not found";
      break;
    case grpc::StatusCode::INVALID_ARGUMENT: {
      failure.exit_code = kExitInvalidArgument;
      failure.message =
          "invalid argument: " + (message.empty() ? std::string("(no message)") : message);
      const std::string fields = BadRequestFields(status);
      if (!fields.empty()) failure.message += " [field: " + fields + "]";
      break;
    }
    case grpc::StatusCode::UNAVAILABLE:
      failure.exit_code = kExitUnavailable;
      if (!connected) {
        failure.message = "cannot reach " + where + " (UNAVAILABLE)";
      } else {
        failure.message = where + ": " + message + " (UNAVAILABLE)";
      }
      break;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      failure.exit_code = kExitUnavailable;
      failure.message = connected ? where + " did not answer within " + FormatTimeout(timeout) +
                                        " (DEADLINE_EXCEEDED)"
                                  : "cannot reach " + where + " within " + FormatTimeout(timeout) +
                                        " (DEADLINE_EXCEEDED)";
      break;
    default:
      failure.exit_code = kExitFailure;
      failure.message = where + ": " + (message.empty() ? std::string("call failed") : message) +
                        " (" + code + ")";
      break;
  }
  return failure;
}

RpcSession::RpcSession(const GlobalOptions& options, std::string claims_address,
                       std::string provenance_address, std::ostream* err)
    : options_(options),
      claims_{"claims service", std::move(claims_address), nullptr},
      provenance_{"provenance service", std::move(provenance_address), nullptr},
      err_(err) {}

std::shared_ptr<grpc::Channel> RpcSession::Channel(ServiceEndpoint& endpoint) {
  if (endpoint.channel == nullptr) {
    grpc::ChannelArguments args;
    args.SetMaxReceiveMessageSize(kMaxMessageBytes);
    args.SetMaxSendMessageSize(kMaxMessageBytes);
    endpoint.channel = grpc::CreateCustomChannel(endpoint.address, MakeCredentials(), args);
  }
  return endpoint.channel;
}

std::string TlsEnvironmentProblem() {
  for (const char* name : {"CLAIMTRACE_TLS_CA", "CLAIMTRACE_TLS_CERT", "CLAIMTRACE_TLS_KEY"}) {
    if (IsSet(name) && ReadFileOrEmpty(std::getenv(name)).empty()) {
      return std::string("$") + name + " names " + std::getenv(name) +
             ", which cannot be read or is empty";
    }
  }
  if (IsSet("CLAIMTRACE_TLS_CERT") != IsSet("CLAIMTRACE_TLS_KEY")) {
    return "$CLAIMTRACE_TLS_CERT and $CLAIMTRACE_TLS_KEY go together (mutual TLS)";
  }
  if (IsSet("CLAIMTRACE_TLS_CERT") && !IsSet("CLAIMTRACE_TLS_CA")) {
    return "$CLAIMTRACE_TLS_CERT needs $CLAIMTRACE_TLS_CA (the servers' CA bundle)";
  }
  return std::string();
}

// TLS when $CLAIMTRACE_TLS_CA names a CA bundle (with $CLAIMTRACE_TLS_CERT /
// $CLAIMTRACE_TLS_KEY for mutual TLS); plaintext otherwise.
std::shared_ptr<grpc::ChannelCredentials> RpcSession::MakeCredentials() {
  const std::string ca = ReadFileOrEmpty(std::getenv("CLAIMTRACE_TLS_CA"));
  if (ca.empty()) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = ca;
  options.pem_cert_chain = ReadFileOrEmpty(std::getenv("CLAIMTRACE_TLS_CERT"));
  options.pem_private_key = ReadFileOrEmpty(std::getenv("CLAIMTRACE_TLS_KEY"));
  return grpc::SslCredentials(options);
}

claims::v1::ClaimsService::Stub& RpcSession::claims() {
  if (claims_stub_ == nullptr) claims_stub_ = claims::v1::ClaimsService::NewStub(Channel(claims_));
  return *claims_stub_;
}

provenance::v1::ProvenanceService::Stub& RpcSession::provenance() {
  if (provenance_stub_ == nullptr) {
    provenance_stub_ = provenance::v1::ProvenanceService::NewStub(Channel(provenance_));
  }
  return *provenance_stub_;
}

std::unique_ptr<grpc::health::v1::Health::Stub> RpcSession::NewHealthStub(
    ServiceEndpoint& endpoint) {
  return grpc::health::v1::Health::NewStub(Channel(endpoint));
}

void RpcSession::Prepare(grpc::ClientContext* context, const std::string& request_id) {
  context->AddMetadata(kRequestIdHeader, request_id);
  // Writes (and, where the server asks, reads) need the bearer token.
  if (const char* token = std::getenv("CLAIMTRACE_TOKEN"); token != nullptr && *token != '\0') {
    context->AddMetadata("authorization", std::string("Bearer ") + token);
  }
  context->set_deadline(std::chrono::system_clock::now() + options_.timeout);
}

void RpcSession::Finish(const ServiceEndpoint& endpoint, std::string_view method,
                        const std::string& request_id, std::chrono::steady_clock::time_point start,
                        const grpc::Status& status) {
  if (!options_.verbose || err_ == nullptr) return;
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  char elapsed[32];
  std::snprintf(elapsed, sizeof(elapsed), "%.1f", ms);
  std::lock_guard<std::mutex> lock(VerboseMutex());
  *err_ << "claimctl: " << method << " " << endpoint.address << " -> "
        << StatusCodeName(status.error_code()) << " in " << elapsed << " ms (x-request-id "
        << request_id << ")\n";
  err_->flush();
}

RpcFailure RpcSession::Describe(ServiceEndpoint& endpoint, const grpc::Status& status,
                                std::string_view resource) {
  // A READY channel reached the server, so an UNAVAILABLE came from the
  // service itself (e.g. provenance_service's own call to claims_service,
  // whose message starts "claims_service: "). Any other channel state after a
  // failed call means the connection failed.
  bool connected =
      endpoint.channel != nullptr && endpoint.channel->GetState(false) == GRPC_CHANNEL_READY;
  if (status.error_message().rfind("claims_service: ", 0) == 0) connected = true;
  if (connected && status.error_code() == grpc::StatusCode::UNAVAILABLE &&
      status.error_message().rfind("failed to connect", 0) == 0) {
    connected = false;
  }
  return DescribeRpcFailure(endpoint, status, connected, resource, options_.timeout);
}

}  // namespace claimtrace::client
