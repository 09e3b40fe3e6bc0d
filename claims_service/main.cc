// claims_service: extracts, merges and serves normalised claims.
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "claims_service/claim_store.h"
#include "claims_service/claims_grpc_service.h"
#include "claims_service/extraction/claim_extractor.h"
#include "common/json_log.h"
#include "common/server_flags.h"
#include "common/server_runner.h"
#include "common/service_flags.h"

ABSL_FLAG(std::string, listen, ":50051", "gRPC address to listen on (HOST:PORT; port 0 picks one)");
ABSL_FLAG(std::string, db, "sqlite:var/claims.db",
          "Database URL: sqlite:PATH (one machine) or "
          "postgresql://USER:PASSWORD@HOST:PORT/DB?sslmode=... (shared by replicas)");
ABSL_FLAG(std::string, metrics_listen, ":9091", "Prometheus /metrics address; empty disables it");

namespace {

int Fail(const absl::Status& status) {
  return claimtrace::common::ExitBeforeServing("claims_service", status);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace claimtrace;
  absl::SetProgramUsageMessage(
      "Serves normalised claims over gRPC.\n"
      "  claims_service --listen=:50051 --db=sqlite:var/claims.db --metrics_listen=:9091");
  absl::ParseCommandLine(argc, argv);
  common::PrepareServerProcess();

  absl::StatusOr<common::ServiceDatabase> database =
      common::ServiceDatabaseFromFlags(absl::GetFlag(FLAGS_db), "claims_service");
  if (!database.ok()) return Fail(database.status());
  absl::StatusOr<std::unique_ptr<claims::ClaimStore>> store =
      claims::ClaimStore::OpenFromUrl(database->url, database->postgres);
  if (!store.ok()) return Fail(store.status());

  const std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  absl::StatusOr<std::unique_ptr<claims::ClaimExtractor>> extractor =
      claims::ClaimExtractor::Create({data_dir});
  if (!extractor.ok()) return Fail(extractor.status());
  absl::StatusOr<std::vector<std::string>> single_valued =
      common::ReadListFile(absl::StrCat(data_dir, "/single_valued_predicates.txt"));
  if (!single_valued.ok()) return Fail(single_valued.status());
  absl::StatusOr<std::vector<std::string>> generic =
      common::ReadListFile(absl::StrCat(data_dir, "/generic_predicates.txt"));
  if (!generic.ok()) return Fail(generic.status());
  claims::ConflictPolicy conflict_policy{*std::move(single_valued), *std::move(generic)};

  absl::StatusOr<common::ServerSetup> setup = common::ServerSetupFromFlags(
      "claims_service", {"claimtrace.claims.v1.ClaimsService"}, absl::GetFlag(FLAGS_listen),
      absl::GetFlag(FLAGS_metrics_listen));
  if (!setup.ok()) return Fail(setup.status());
  claims::ClaimsGrpcService service(extractor->get(), store->get(), std::move(conflict_policy),
                                    setup->calls.get());
  common::ServerMetrics& metrics = *setup->metrics;

  claims::ClaimStore* claim_store = store->get();
  absl::Time next_metrics_refresh = absl::InfinitePast();
  absl::Status status = common::RunServer(
      setup->options, {&service}, metrics,
      {[] { return true; }, [claim_store] { return claim_store->IsHealthy(); }}, [&] {
        // Counting rows scans an index: refresh the gauges now and then.
        if (absl::Now() < next_metrics_refresh) return;
        next_metrics_refresh = absl::Now() + absl::Seconds(15);
        if (auto n = claim_store->CountClaims(); n.ok()) metrics.SetStoreRows("claims", *n);
        if (auto n = claim_store->CountSources(); n.ok()) metrics.SetStoreRows("claim_sources", *n);
      });
  if (!status.ok()) return Fail(status);
  return 0;
}
