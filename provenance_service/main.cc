// provenance_service: keeps source articles verbatim and traces claims to
// their article, paragraph and span.
#include <grpcpp/grpcpp.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/json_log.h"
#include "common/server_flags.h"
#include "common/server_runner.h"
#include "common/service_flags.h"
#include "common/tls_credentials.h"
#include "provenance_service/article/article_parser.h"
#include "provenance_service/article_ingestor.h"
#include "provenance_service/article_store.h"
#include "provenance_service/claims_client.h"
#include "provenance_service/provenance_grpc_service.h"

ABSL_FLAG(std::string, listen, ":50052", "gRPC address to listen on (HOST:PORT; port 0 picks one)");
ABSL_FLAG(std::string, db, "sqlite:var/provenance.db",
          "Database URL: sqlite:PATH (one machine) or "
          "postgresql://USER:PASSWORD@HOST:PORT/DB?sslmode=... (shared by replicas)");
ABSL_FLAG(std::string, metrics_listen, ":9092", "Prometheus /metrics address; empty disables it");
ABSL_FLAG(std::string, claims_addr, "localhost:50051", "claims_service address (HOST:PORT)");
ABSL_FLAG(absl::Duration, claims_timeout, absl::Seconds(30),
          "Deadline for calls to claims_service");
ABSL_FLAG(std::string, claims_tls_ca, "",
          "PEM CA bundle to verify claims_service; empty: plaintext");
ABSL_FLAG(std::string, claims_tls_cert, "", "Client certificate for mutual TLS to claims_service");
ABSL_FLAG(std::string, claims_tls_key, "", "Key of --claims_tls_cert");
ABSL_FLAG(std::string, claims_tls_server_name, "",
          "Name to expect in claims_service's certificate, if not the host of --claims_addr");
ABSL_FLAG(std::string, claims_token_file, "",
          "File whose first line is the bearer token sent to claims_service; else "
          "$CLAIMTRACE_CLAIMS_TOKEN");
ABSL_FLAG(absl::Duration, claim_cache_ttl, absl::Seconds(2),
          "How long a claim read from claims_service answers TraceClaim from memory (0 "
          "disables). Claims this process sees written are refreshed at once; a change made "
          "through another replica shows within this time");
ABSL_FLAG(int64_t, max_article_bytes, 8 << 20, "Largest article text accepted, in bytes");

namespace {

int Fail(const absl::Status& status) {
  return claimtrace::common::ExitBeforeServing("provenance_service", status);
}

absl::StatusOr<std::string> ClaimsToken() {
  const std::string file = absl::GetFlag(FLAGS_claims_token_file);
  if (!file.empty()) {
    absl::StatusOr<std::vector<std::string>> lines = claimtrace::common::ReadListFile(file);
    if (!lines.ok()) return lines.status();
    if (lines->empty()) return absl::InvalidArgumentError(file + " holds no token");
    return lines->front();
  }
  const char* token = std::getenv("CLAIMTRACE_CLAIMS_TOKEN");
  return std::string(token != nullptr ? token : "");
}

}  // namespace

int main(int argc, char** argv) {
  using namespace claimtrace;
  absl::SetProgramUsageMessage(
      "Keeps articles verbatim and traces claims to their sources over gRPC.\n"
      "  provenance_service --listen=:50052 --db=sqlite:var/provenance.db "
      "--claims_addr=localhost:50051 --metrics_listen=:9092");
  absl::ParseCommandLine(argc, argv);
  common::PrepareServerProcess();

  absl::StatusOr<common::ServerSetup> setup = common::ServerSetupFromFlags(
      "provenance_service", {"claimtrace.provenance.v1.ProvenanceService"},
      absl::GetFlag(FLAGS_listen), absl::GetFlag(FLAGS_metrics_listen));
  if (!setup.ok()) return Fail(setup.status());
  // An article must fit in a request, with room for its metadata.
  const int64_t max_article_bytes = absl::GetFlag(FLAGS_max_article_bytes);
  setup->options.max_receive_message_bytes =
      std::max<int64_t>(setup->options.max_receive_message_bytes, max_article_bytes + (64 << 10));

  absl::StatusOr<common::ServiceDatabase> database =
      common::ServiceDatabaseFromFlags(absl::GetFlag(FLAGS_db), "provenance_service");
  if (!database.ok()) return Fail(database.status());
  absl::StatusOr<std::unique_ptr<provenance::ArticleStore>> store =
      provenance::ArticleStore::OpenFromUrl(database->url, database->postgres);
  if (!store.ok()) return Fail(store.status());

  provenance::ArticleParserOptions parser_options;
  parser_options.boilerplate_phrases_path =
      absl::StrCat(absl::GetFlag(FLAGS_data_dir), "/boilerplate_phrases.txt");
  absl::StatusOr<std::unique_ptr<provenance::ArticleParser>> parser =
      provenance::ArticleParser::Create(parser_options);
  if (!parser.ok()) return Fail(parser.status());
  provenance::ArticleIngestor ingestor(parser->get(), static_cast<size_t>(max_article_bytes));

  common::ClientTlsFiles tls;
  tls.ca_file = absl::GetFlag(FLAGS_claims_tls_ca);
  tls.cert_file = absl::GetFlag(FLAGS_claims_tls_cert);
  tls.key_file = absl::GetFlag(FLAGS_claims_tls_key);
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      common::MakeChannelCredentials(tls);
  if (!credentials.ok()) return Fail(credentials.status());
  absl::StatusOr<std::string> token = ClaimsToken();
  if (!token.ok()) return Fail(token.status());
  grpc::ChannelArguments channel_args;
  channel_args.SetMaxReceiveMessageSize(64 << 20);
  channel_args.SetMaxSendMessageSize(64 << 20);
  // Reconnect quickly once claims_service is back (gRPC's default backoff
  // grows to two minutes, failing ingests long after the peer recovered).
  channel_args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  channel_args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  channel_args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  // Both calls to claims_service are idempotent (ExtractClaims upserts), so
  // gRPC may retry them on UNAVAILABLE, with exponential backoff and jitter,
  // within each call's deadline.
  channel_args.SetServiceConfigJSON(R"json({
    "methodConfig": [{
      "name": [{"service": "claimtrace.claims.v1.ClaimsService"}],
      "retryPolicy": {
        "maxAttempts": 3,
        "initialBackoff": "0.1s",
        "maxBackoff": "1s",
        "backoffMultiplier": 2,
        "retryableStatusCodes": ["UNAVAILABLE"]
      }
    }]
  })json");
  if (!absl::GetFlag(FLAGS_claims_tls_server_name).empty()) {
    channel_args.SetSslTargetNameOverride(absl::GetFlag(FLAGS_claims_tls_server_name));
  }
  provenance::GrpcClaimsClient claims_over_grpc(
      grpc::CreateCustomChannel(absl::GetFlag(FLAGS_claims_addr), *credentials, channel_args),
      *std::move(token));
  provenance::CachingClaimsClient claims(&claims_over_grpc, absl::GetFlag(FLAGS_claim_cache_ttl));

  provenance::ProvenanceServiceOptions service_options;
  service_options.claims_timeout = absl::GetFlag(FLAGS_claims_timeout);
  provenance::ProvenanceGrpcService service(&ingestor, store->get(), &claims, setup->calls.get(),
                                            service_options);

  common::ServerMetrics& metrics = *setup->metrics;
  provenance::ArticleStore* article_store = store->get();
  absl::Time next_metrics_refresh = absl::InfinitePast();
  absl::Status status = common::RunServer(
      setup->options, {&service}, metrics,
      // Ready only while its database and claims_service both answer.
      {[] { return true; },
       [&] { return article_store->IsHealthy() && claims.IsServing(absl::Milliseconds(400)); }},
      [&] {
        if (absl::Now() < next_metrics_refresh) return;
        next_metrics_refresh = absl::Now() + absl::Seconds(15);
        if (auto n = article_store->CountArticles(); n.ok()) metrics.SetStoreRows("articles", *n);
        if (auto n = article_store->CountEvidence(); n.ok()) metrics.SetStoreRows("evidence", *n);
      });
  if (!status.ok()) return Fail(status);
  return 0;
}
