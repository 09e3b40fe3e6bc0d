#include "tests/integration/service_fixture.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

namespace claimtrace::testing {

int FreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

std::string HealthStatus(const std::string& address, const std::string& service) {
  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  if (!stub->Check(&context, request, &response).ok()) return "";
  return grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status());
}

bool WaitForHealth(const std::string& address, const std::string& service, const std::string& want,
                   std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (HealthStatus(address, service) == want) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return context;
}

void ServicesTest::SetUp() {
  dir_ = MakeTempDir("claimtrace-it");
  ASSERT_FALSE(dir_.empty());
}

void ServicesTest::TearDown() {
  provenance_.reset();
  claims_.reset();
  if (!HasFailure()) std::filesystem::remove_all(dir_);
}

std::string HttpGet(int port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    return "";
  }
  const std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
  (void)!write(fd, request.data(), request.size());
  std::string response;
  char buffer[8192];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof(buffer))) > 0)
    response.append(buffer, static_cast<size_t>(n));
  close(fd);
  const size_t body = response.find("\r\n\r\n");
  return body == std::string::npos ? "" : response.substr(body + 4);
}

void ServicesTest::StartClaims(int port) {
  claims_ = std::make_unique<ServiceProcess>();
  ASSERT_TRUE(claims_->Start(BinaryPath("claims_service"),
                             {"--listen=127.0.0.1:" + std::to_string(port),
                              "--metrics_listen=127.0.0.1:0", "--db=sqlite:" + dir_ + "/claims.db"},
                             dir_ + "/claims.log"))
      << claims_->log();
  claims_stub_ = claims::v1::ClaimsService::NewStub(
      grpc::CreateChannel(claims_->address(), grpc::InsecureChannelCredentials()));
}

void ServicesTest::StartProvenance(const std::string& claims_address,
                                   const std::vector<std::string>& extra_flags) {
  provenance_ = std::make_unique<ServiceProcess>();
  std::vector<std::string> flags = {"--listen=127.0.0.1:0", "--metrics_listen=127.0.0.1:0",
                                    "--db=sqlite:" + dir_ + "/provenance.db",
                                    "--claims_addr=" + claims_address, "--claims_timeout=5s"};
  flags.insert(flags.end(), extra_flags.begin(), extra_flags.end());
  ASSERT_TRUE(provenance_->Start(BinaryPath("provenance_service"), flags, dir_ + "/provenance.log"))
      << provenance_->log();
  provenance_stub_ = provenance::v1::ProvenanceService::NewStub(
      grpc::CreateChannel(provenance_->address(), grpc::InsecureChannelCredentials()));
}

void ServicesTest::StartBoth() {
  StartClaims();
  if (HasFatalFailure()) return;
  StartProvenance(claims_->address());
}

}  // namespace claimtrace::testing
