// The plumbing both servers share, checked on the real binaries: health,
// reflection, metrics, request ids, and graceful shutdown.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "gmock/gmock.h"
#include "tests/integration/service_fixture.h"

namespace claimtrace::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kClaimsService[] = "claimtrace.claims.v1.ClaimsService";
constexpr char kProvenanceService[] = "claimtrace.provenance.v1.ProvenanceService";

TEST_F(ServicesTest, ClaimsServiceReportsServing) {
  StartClaims();
  EXPECT_EQ(HealthStatus(claims_->address(), kClaimsService), "SERVING");
  EXPECT_EQ(HealthStatus(claims_->address(), ""), "SERVING");
}

TEST_F(ServicesTest, ProvenanceIsNotServingUntilClaimsServiceIsUpThenRecoversByItself) {
  const int claims_port = FreeLoopbackPort();
  StartProvenance("127.0.0.1:" + std::to_string(claims_port));
  EXPECT_TRUE(WaitForHealth(provenance_->address(), kProvenanceService, "NOT_SERVING",
                            std::chrono::seconds(5)));
  StartClaims(claims_port);
  EXPECT_TRUE(WaitForHealth(provenance_->address(), kProvenanceService, "SERVING",
                            std::chrono::seconds(15)))
      << provenance_->log();
  // And back to NOT_SERVING when the peer goes away.
  ASSERT_EQ(claims_->Stop(SIGTERM), 0);
  EXPECT_TRUE(WaitForHealth(provenance_->address(), kProvenanceService, "NOT_SERVING",
                            std::chrono::seconds(15)));
}

TEST_F(ServicesTest, ReflectionListsEveryMethodToBufCurl) {
  const std::string buf = std::string(CLAIMTRACE_SOURCE_DIR) + "/node_modules/.bin/buf";
  if (access(buf.c_str(), X_OK) != 0) GTEST_SKIP() << "buf not installed (npm ci)";
  StartBoth();
  CommandResult claims = RunCommand({buf, "curl", "--protocol", "grpc", "--http2-prior-knowledge",
                                     "--list-methods", "http://" + claims_->address()});
  EXPECT_EQ(claims.exit_code, 0) << claims.err;
  EXPECT_THAT(claims.out, HasSubstr("claimtrace.claims.v1.ClaimsService/GetClaim"));
  EXPECT_THAT(claims.out, HasSubstr("claimtrace.claims.v1.ClaimsService/ListConflicts"));
  CommandResult provenance =
      RunCommand({buf, "curl", "--protocol", "grpc", "--http2-prior-knowledge", "--list-methods",
                  "http://" + provenance_->address()});
  EXPECT_EQ(provenance.exit_code, 0) << provenance.err;
  EXPECT_THAT(provenance.out, HasSubstr("claimtrace.provenance.v1.ProvenanceService/TraceClaim"));
  // And a call through reflection-resolved schemas.
  CommandResult call =
      RunCommand({buf, "curl", "--protocol", "grpc", "--http2-prior-knowledge", "--data",
                  R"({"name":"claims/0123456789abcdef"})",
                  "http://" + claims_->address() + "/claimtrace.claims.v1.ClaimsService/GetClaim"});
  EXPECT_NE(call.exit_code, 0);
  EXPECT_THAT(call.out + call.err, HasSubstr("not_found"));
}

TEST_F(ServicesTest, MetricsCountRequestsByMethodAndCode) {
  StartClaims();
  claims::v1::GetClaimRequest request;
  request.set_name("claims/0123456789abcdef");
  claims::v1::Claim claim;
  EXPECT_EQ(claims_stub_->GetClaim(Context().get(), request, &claim).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_GT(claims_->metrics_port(), 0);
  // A call is counted when it is fully done, just after its reply is sent.
  std::string metrics;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  do {
    metrics = HttpGet(claims_->metrics_port(), "/metrics");
  } while (metrics.find("code=\"NOT_FOUND\"") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline);
  EXPECT_THAT(metrics, HasSubstr("claimtrace_rpc_requests_total"));
  EXPECT_THAT(metrics, HasSubstr("code=\"NOT_FOUND\""));
  EXPECT_THAT(metrics, HasSubstr("method=\"/claimtrace.claims.v1.ClaimsService/GetClaim\""));
  EXPECT_THAT(metrics, HasSubstr("claimtrace_rpc_latency_seconds_bucket"));
  EXPECT_THAT(metrics, HasSubstr("claimtrace_rpc_in_flight"));
  EXPECT_THAT(metrics, HasSubstr("claimtrace_store_rows{"));
}

TEST_F(ServicesTest, RequestIdIsEchoedOrGeneratedAndLogged) {
  StartClaims();
  claims::v1::GetClaimRequest request;
  request.set_name("claims/0123456789abcdef");
  claims::v1::Claim claim;
  {
    auto context = Context();
    context->AddMetadata("x-request-id", "req-echo-42");
    claims_stub_->GetClaim(context.get(), request, &claim);
    const auto& metadata = context->GetServerInitialMetadata();
    auto it = metadata.find("x-request-id");
    ASSERT_NE(it, metadata.end());
    EXPECT_EQ(std::string(it->second.data(), it->second.size()), "req-echo-42");
  }
  {
    auto context = Context();
    claims_stub_->GetClaim(context.get(), request, &claim);
    const auto& metadata = context->GetServerInitialMetadata();
    auto it = metadata.find("x-request-id");
    ASSERT_NE(it, metadata.end());
    EXPECT_EQ(it->second.size(), 32u);
  }
  // Call log lines are written in batches (within 20 ms of the call).
  std::string log;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while ((log = claims_->log()).find("req-echo-42") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_THAT(log, HasSubstr("\"request_id\":\"req-echo-42\""));
  EXPECT_THAT(log, HasSubstr("\"method\":\"/claimtrace.claims.v1.ClaimsService/GetClaim\""));
  EXPECT_THAT(log, HasSubstr("\"status\":\"NOT_FOUND\""));
  EXPECT_THAT(log, HasSubstr("\"latency_ms\":"));
  EXPECT_THAT(log, HasSubstr("\"peer\":\"ipv4:127.0.0.1:"));
}

TEST_F(ServicesTest, RequestIdIsPassedDownstreamDuringIngest) {
  StartBoth();
  provenance::v1::IngestArticleRequest request;
  request.set_text("Lakeside Robotics said on Tuesday that it had hired 120 engineers in 2024.\n");
  provenance::v1::IngestArticleResponse response;
  auto context = Context();
  context->AddMetadata("x-request-id", "ingest-trace-7");
  ASSERT_TRUE(provenance_stub_->IngestArticle(context.get(), request, &response).ok());
  // Each server logs a call once it is fully done, just after the reply.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  const std::string want = "\"request_id\":\"ingest-trace-7\"";
  while (std::chrono::steady_clock::now() < deadline &&
         (claims_->log().find(want) == std::string::npos ||
          provenance_->log().find(want) == std::string::npos)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_THAT(claims_->log(), HasSubstr(want));
  EXPECT_THAT(provenance_->log(), HasSubstr(want));
}

TEST_F(ServicesTest, SigtermDrainsAndExitsZeroWithinTheDeadline) {
  StartBoth();
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(provenance_->Stop(SIGTERM, std::chrono::seconds(12)), 0);
  EXPECT_EQ(claims_->Stop(SIGINT, std::chrono::seconds(12)), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(12));
  EXPECT_THAT(claims_->log(), HasSubstr("\"msg\":\"stopped\""));
}

TEST_F(ServicesTest, SigtermWhileWaitingForTheDatabaseStopsAtOnce) {
  // Nothing listens on this port: the service waits (up to 30 s) for a
  // PostgreSQL that is not there yet, as a replica started before its
  // database does, and must still stop when told to.
  const int port = FreeLoopbackPort();
  for (const std::string binary : {"claims_service", "provenance_service"}) {
    SCOPED_TRACE(binary);
    const std::string log_path = dir_ + "/" + binary + "-waiting.log";
    ServiceProcess process;
    EXPECT_FALSE(process.Start(
        BinaryPath(binary),
        {"--listen=127.0.0.1:0", "--metrics_listen=",
         "--db=postgresql://claimtrace:secret@127.0.0.1:" + std::to_string(port) + "/claimtrace"},
        log_path, std::chrono::milliseconds(600)));
    // The line comes once the first connection attempt has failed: on a busy
    // machine that can be later than the 600 ms Start waited.
    const auto logged_by = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (ReadFile(log_path).find("waiting for the database") == std::string::npos &&
           std::chrono::steady_clock::now() < logged_by) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_THAT(ReadFile(log_path), HasSubstr("waiting for the database"));
    const auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(process.Stop(SIGTERM, std::chrono::seconds(10)), 0);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
    const std::string log = ReadFile(log_path);
    EXPECT_THAT(log, HasSubstr("stopped before serving"));
    EXPECT_THAT(log, ::testing::Not(HasSubstr("secret"))) << "the password stays out of logs";
  }
}

TEST_F(ServicesTest, UnusableDatabaseFileFailsStartupLoudly) {
  const std::string path = dir_ + "/corrupt.db";
  std::ofstream(path) << std::string(8192, 'x');
  ServiceProcess process;
  EXPECT_FALSE(process.Start(BinaryPath("claims_service"),
                             {"--listen=127.0.0.1:0", "--metrics_listen=", "--db=sqlite:" + path},
                             dir_ + "/corrupt.log", std::chrono::seconds(10)));
  EXPECT_EQ(process.WaitForExit(std::chrono::seconds(5)).value_or(1), 1);
  EXPECT_THAT(ReadFile(dir_ + "/corrupt.log"), HasSubstr("cannot start"));
}

TEST_F(ServicesTest, UnwritableDatabasePathFailsStartupLoudly) {
  // Root ignores file permissions, so make the path unwritable for everyone:
  // a database "file" inside a regular file cannot be created.
  std::ofstream(dir_ + "/plain-file") << "not a directory";
  ServiceProcess process;
  EXPECT_FALSE(process.Start(BinaryPath("provenance_service"),
                             {"--listen=127.0.0.1:0", "--metrics_listen=",
                              "--db=sqlite:" + dir_ + "/plain-file/provenance.db"},
                             dir_ + "/unwritable.log", std::chrono::seconds(10)));
  const std::string log = ReadFile(dir_ + "/unwritable.log");
  EXPECT_THAT(log, HasSubstr("cannot start"));
  EXPECT_THAT(log, HasSubstr("plain-file"));
}

}  // namespace
}  // namespace claimtrace::testing
