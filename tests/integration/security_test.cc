// TLS, mutual TLS and bearer tokens on the real binaries, with certificates
// made by openssl at test time.
#include <unistd.h>

#include <fstream>

#include "gmock/gmock.h"
#include "tests/integration/service_fixture.h"

namespace claimtrace::testing {
namespace {

using ::testing::HasSubstr;

class SecurityTest : public ServicesTest {
 protected:
  // A CA, a server certificate for "localhost"/127.0.0.1 and a client
  // certificate, all signed by the CA.
  bool MakeCertificates() {
    const std::string script =
        "set -e; cd '" + dir_ +
        "';"
        "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=claimtrace-test-ca "
        "  -keyout ca.key -out ca.pem 2>/dev/null;"
        "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > san.ext;"
        "openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout server.key "
        "  -out server.csr 2>/dev/null;"
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 "
        "  -extfile san.ext -out server.pem 2>/dev/null;"
        "openssl req -newkey rsa:2048 -nodes -subj /CN=provenance -keyout client.key "
        "  -out client.csr 2>/dev/null;"
        "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 "
        "  -out client.pem 2>/dev/null;";
    return RunCommand({"/bin/sh", "-c", script}).exit_code == 0;
  }

  std::string Read(const std::string& name) { return ReadFile(dir_ + "/" + name); }

  std::unique_ptr<ServiceProcess> StartClaimsWith(const std::vector<std::string>& extra) {
    auto process = std::make_unique<ServiceProcess>();
    std::vector<std::string> args = {"--listen=127.0.0.1:0",
                                     "--metrics_listen=", "--db=sqlite:" + dir_ + "/claims.db"};
    args.insert(args.end(), extra.begin(), extra.end());
    EXPECT_TRUE(process->Start(BinaryPath("claims_service"), args, dir_ + "/claims.log"))
        << process->log();
    return process;
  }

  grpc::StatusCode GetClaimCode(std::shared_ptr<grpc::ChannelCredentials> credentials,
                                const std::string& address, const std::string& token,
                                const grpc::ChannelArguments& args = {}) {
    auto stub =
        claims::v1::ClaimsService::NewStub(grpc::CreateCustomChannel(address, credentials, args));
    claims::v1::GetClaimRequest request;
    request.set_name("claims/0123456789abcdef");
    claims::v1::Claim claim;
    auto context = Context();
    if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
    return stub->GetClaim(context.get(), request, &claim).error_code();
  }
};

TEST_F(SecurityTest, ServesTlsAndRejectsPlaintextClients) {
  ASSERT_TRUE(MakeCertificates());
  auto claims =
      StartClaimsWith({"--tls_cert=" + dir_ + "/server.pem", "--tls_key=" + dir_ + "/server.key"});
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = Read("ca.pem");
  EXPECT_EQ(GetClaimCode(grpc::SslCredentials(options),
                         "localhost:" + std::to_string(claims->grpc_port()), ""),
            grpc::StatusCode::NOT_FOUND);  // reached the service over TLS
  EXPECT_EQ(GetClaimCode(grpc::InsecureChannelCredentials(), claims->address(), ""),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(SecurityTest, MutualTlsRequiresAClientCertificate) {
  ASSERT_TRUE(MakeCertificates());
  auto claims =
      StartClaimsWith({"--tls_cert=" + dir_ + "/server.pem", "--tls_key=" + dir_ + "/server.key",
                       "--tls_client_ca=" + dir_ + "/ca.pem", "--tls_require_client_cert"});
  const std::string address = "localhost:" + std::to_string(claims->grpc_port());
  grpc::SslCredentialsOptions without;
  without.pem_root_certs = Read("ca.pem");
  EXPECT_EQ(GetClaimCode(grpc::SslCredentials(without), address, ""),
            grpc::StatusCode::UNAVAILABLE);
  grpc::SslCredentialsOptions with = without;
  with.pem_cert_chain = Read("client.pem");
  with.pem_private_key = Read("client.key");
  EXPECT_EQ(GetClaimCode(grpc::SslCredentials(with), address, ""), grpc::StatusCode::NOT_FOUND);
}

TEST_F(SecurityTest, ProvenanceCallsClaimsOverMutualTlsWithAToken) {
  ASSERT_TRUE(MakeCertificates());
  std::ofstream(dir_ + "/tokens") << "# writers\ns3cret-writer\n";
  auto claims =
      StartClaimsWith({"--tls_cert=" + dir_ + "/server.pem", "--tls_key=" + dir_ + "/server.key",
                       "--tls_client_ca=" + dir_ + "/ca.pem", "--tls_require_client_cert",
                       "--auth_token_file=" + dir_ + "/tokens"});
  std::ofstream(dir_ + "/claims_token") << "s3cret-writer\n";
  provenance_ = std::make_unique<ServiceProcess>();
  ASSERT_TRUE(provenance_->Start(
      BinaryPath("provenance_service"),
      {"--listen=127.0.0.1:0", "--metrics_listen=", "--db=sqlite:" + dir_ + "/provenance.db",
       "--claims_addr=localhost:" + std::to_string(claims->grpc_port()),
       "--claims_tls_ca=" + dir_ + "/ca.pem", "--claims_tls_cert=" + dir_ + "/client.pem",
       "--claims_tls_key=" + dir_ + "/client.key", "--claims_token_file=" + dir_ + "/claims_token",
       "--auth_token_file=" + dir_ + "/tokens"},
      dir_ + "/provenance.log"))
      << provenance_->log();
  ASSERT_TRUE(WaitForHealth(provenance_->address(), "claimtrace.provenance.v1.ProvenanceService",
                            "SERVING", std::chrono::seconds(15)));
  auto stub = provenance::v1::ProvenanceService::NewStub(
      grpc::CreateChannel(provenance_->address(), grpc::InsecureChannelCredentials()));
  provenance::v1::IngestArticleRequest request;
  request.set_text("Orchard Metals said it shipped 4,200 tonnes of copper in May 2024.\n");
  provenance::v1::IngestArticleResponse response;
  {
    auto context = Context();
    EXPECT_EQ(stub->IngestArticle(context.get(), request, &response).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  {
    auto context = Context();
    context->AddMetadata("authorization", "Bearer wrong-token");
    EXPECT_EQ(stub->IngestArticle(context.get(), request, &response).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  provenance::v1::ListArticlesRequest list;
  provenance::v1::ListArticlesResponse articles;
  ASSERT_TRUE(stub->ListArticles(Context().get(), list, &articles).ok());  // reads stay open
  EXPECT_EQ(articles.articles_size(), 0);  // nothing written by the refused calls
  {
    auto context = Context();
    context->AddMetadata("authorization", "Bearer s3cret-writer");
    const grpc::Status status = stub->IngestArticle(context.get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_TRUE(response.created());
  }
}

TEST_F(SecurityTest, ReadsCanBeMadeToRequireAToken) {
  std::ofstream(dir_ + "/tokens") << "reader-token\n";
  auto claims =
      StartClaimsWith({"--auth_token_file=" + dir_ + "/tokens", "--auth_required_for_reads"});
  EXPECT_EQ(GetClaimCode(grpc::InsecureChannelCredentials(), claims->address(), ""),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(GetClaimCode(grpc::InsecureChannelCredentials(), claims->address(), "nope"),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(GetClaimCode(grpc::InsecureChannelCredentials(), claims->address(), "reader-token"),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(SecurityTest, ClaimctlSendsTheTokenFromClaimtraceToken) {
  std::ofstream(dir_ + "/tokens") << "cli-writer\n";
  auto claims = StartClaimsWith({"--auth_token_file=" + dir_ + "/tokens"});
  provenance_ = std::make_unique<ServiceProcess>();
  ASSERT_TRUE(provenance_->Start(
      BinaryPath("provenance_service"),
      {"--listen=127.0.0.1:0", "--metrics_listen=", "--db=sqlite:" + dir_ + "/provenance.db",
       "--claims_addr=" + claims->address(), "--auth_token_file=" + dir_ + "/tokens",
       "--claims_token_file=" + dir_ + "/tokens"},
      dir_ + "/provenance.log", std::chrono::seconds(30)));
  std::ofstream(dir_ + "/story.txt") << "Pinecrest Mills said it cut 300 jobs in 2024.\n";
  const std::vector<std::string> command = {
      BinaryPath("claimctl"), "--claims", claims->address(),  "--provenance",
      provenance_->address(), "ingest",   dir_ + "/story.txt"};
  const CommandResult refused = RunCommand(command);
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.err, HasSubstr("UNAUTHENTICATED"));
  const CommandResult accepted = RunCommand(command, {"CLAIMTRACE_TOKEN=cli-writer"});
  EXPECT_EQ(accepted.exit_code, 0) << accepted.err;
}

TEST_F(SecurityTest, MissingCertificateFileFailsStartup) {
  ServiceProcess process;
  EXPECT_FALSE(
      process.Start(BinaryPath("claims_service"),
                    {"--listen=127.0.0.1:0", "--metrics_listen=", "--db=sqlite:" + dir_ + "/c.db",
                     "--tls_cert=" + dir_ + "/absent.pem", "--tls_key=" + dir_ + "/absent.key"},
                    dir_ + "/bad.log", std::chrono::seconds(10)));
  EXPECT_THAT(ReadFile(dir_ + "/bad.log"), HasSubstr("absent.pem"));
}

}  // namespace
}  // namespace claimtrace::testing
