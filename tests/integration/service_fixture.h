// A test fixture that runs the real claims_service and provenance_service
// binaries on free loopback ports with SQLite files in a temporary
// directory, and gRPC stubs to call them.
#ifndef CLAIMTRACE_TESTS_INTEGRATION_SERVICE_FIXTURE_H_
#define CLAIMTRACE_TESTS_INTEGRATION_SERVICE_FIXTURE_H_

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "claimtrace/claims/v1/claims_service.grpc.pb.h"
#include "claimtrace/provenance/v1/provenance_service.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/testing/service_process.h"

namespace claimtrace::testing {

// A port on 127.0.0.1 that was free a moment ago.
int FreeLoopbackPort();

// Health status of `service` at `address` ("" on any error).
std::string HealthStatus(const std::string& address, const std::string& service);

// Polls HealthStatus until it equals `want` or `timeout` passes.
bool WaitForHealth(const std::string& address, const std::string& service, const std::string& want,
                   std::chrono::milliseconds timeout);

// GET http://127.0.0.1:port/path, returning the body ("" on any error).
std::string HttpGet(int port, const std::string& path);

// A client context with a 10 s deadline.
std::unique_ptr<grpc::ClientContext> Context();

class ServicesTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Starts claims_service on `port` (0: any free port).
  void StartClaims(int port = 0);
  // Starts provenance_service calling claims at `claims_address`, with
  // `extra_flags` after the fixture's own.
  void StartProvenance(const std::string& claims_address,
                       const std::vector<std::string>& extra_flags = {});
  void StartBoth();

  std::string dir_;
  std::unique_ptr<ServiceProcess> claims_;
  std::unique_ptr<ServiceProcess> provenance_;
  std::unique_ptr<claims::v1::ClaimsService::Stub> claims_stub_;
  std::unique_ptr<provenance::v1::ProvenanceService::Stub> provenance_stub_;
};

}  // namespace claimtrace::testing

#endif  // CLAIMTRACE_TESTS_INTEGRATION_SERVICE_FIXTURE_H_
