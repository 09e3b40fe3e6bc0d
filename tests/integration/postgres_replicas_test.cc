// The real binaries on one PostgreSQL database (label postgres; skipped
// with a message unless scripts/with-postgres.sh provides a server):
//  - two claims_service and two provenance_service replicas ingest
//    overlapping articles at once, after which every claim exists once,
//    every source count matches the articles that cite it, and every piece
//    of evidence quotes its paragraph exactly;
//  - the database is stopped and restarted under load: health goes
//    NOT_SERVING and back to SERVING, calls fail UNAVAILABLE meanwhile,
//    nothing crashes and nothing is left half-written.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "gmock/gmock.h"
#include "tests/integration/service_fixture.h"
#include "tests/testing/postgres_test_schema.h"

namespace claimtrace::testing {
namespace {

namespace pv1 = provenance::v1;
namespace cv1 = claims::v1;

constexpr char kClaimsHealth[] = "claimtrace.claims.v1.ClaimsService";
constexpr char kProvenanceHealth[] = "claimtrace.provenance.v1.ProvenanceService";

// Facts of an invented story; each article carries three of them, so every
// fact appears in several articles.
const char* const kFacts[] = {
    "Orvane Rail said on Monday that its new depot in Kestrel Valley cost $340 million.",
    "The line will carry at least 18,000 passengers a day by 2027, according to Orvane Rail.",
    "Mayor Ilse Brandt said the city contributed $45 million to the project.",
    "Orvane Rail employs more than 2,300 people, the company said in a statement.",
    "\xE2\x80\x9CThe depot will cut delays by up to 30%,\xE2\x80\x9D said Tomas Vidal, Orvane "
    "Rail\xE2\x80\x99s operations chief \xE2\x80\x94 a figure rivals dispute.",
    "Engineers at the Halden Institute estimate the tunnel needs about 120 tonnes of steel.",
};
constexpr int kFactCount = 6;

std::string Article(int n) {
  std::string text = absl::StrCat("# Kestrel Valley rail dispatch number ", n, "\n\nMarch ",
                                  n % 27 + 1, ", 2025\n\n");
  for (const int k : {n % kFactCount, (n + 1) % kFactCount, (n + 3) % kFactCount}) {
    absl::StrAppend(&text, kFacts[k], "\n\n");
  }
  absl::StrAppend(&text, "Dispatch ", n, " was filed from the valley by our correspondent ",
                  "\xE6\x9D\x8E\xE6\x98\x8E, who rode the line on a weekday.\n");
  return text;
}

std::unique_ptr<grpc::ClientContext> ShortContext() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(8));
  return context;
}

class PostgresServicesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (TestPostgresUrl().empty()) GTEST_SKIP() << NoPostgresMessage();
    schema_ = std::make_unique<PostgresTestSchema>();
    ASSERT_TRUE(schema_->available());
    dir_ = MakeTempDir("claimtrace-pg-it");
  }
  void TearDown() override {
    provenance_.clear();
    claims_.clear();
    if (!HasFailure() && !dir_.empty()) std::filesystem::remove_all(dir_);
  }

  ServiceProcess* StartClaims() {
    auto process = std::make_unique<ServiceProcess>();
    const std::string log = absl::StrCat(dir_, "/claims", claims_.size(), ".log");
    EXPECT_TRUE(process->Start(
        BinaryPath("claims_service"),
        {"--listen=127.0.0.1:0", "--metrics_listen=", "--db=" + schema_->url(), "--db_pool_size=4"},
        log))
        << process->log();
    claims_.push_back(std::move(process));
    return claims_.back().get();
  }

  ServiceProcess* StartProvenance(const ServiceProcess& claims) {
    auto process = std::make_unique<ServiceProcess>();
    const std::string log = absl::StrCat(dir_, "/provenance", provenance_.size(), ".log");
    EXPECT_TRUE(process->Start(
        BinaryPath("provenance_service"),
        {"--listen=127.0.0.1:0", "--metrics_listen=", "--db=" + schema_->url(), "--db_pool_size=4",
         "--claims_addr=" + claims.address(), "--claims_timeout=5s"},
        log))
        << process->log();
    provenance_.push_back(std::move(process));
    return provenance_.back().get();
  }

  static std::unique_ptr<pv1::ProvenanceService::Stub> ProvenanceStub(const ServiceProcess& p) {
    return pv1::ProvenanceService::NewStub(
        grpc::CreateChannel(p.address(), grpc::InsecureChannelCredentials()));
  }
  static std::unique_ptr<cv1::ClaimsService::Stub> ClaimsStub(const ServiceProcess& p) {
    return cv1::ClaimsService::NewStub(
        grpc::CreateChannel(p.address(), grpc::InsecureChannelCredentials()));
  }

  std::int64_t Count(const std::string& sql) {
    absl::StatusOr<common::PgResult> rows = schema_->Query(sql);
    EXPECT_TRUE(rows.ok()) << sql << ": " << rows.status();
    return rows.ok() ? rows->Int(0, 0) : -1;
  }

  // Database-wide integrity of both services' tables.
  void ExpectIntegrity() {
    EXPECT_EQ(Count("SELECT COUNT(*) FROM claims c WHERE c.source_count <> (SELECT "
                    "COUNT(DISTINCT s.article) FROM claim_sources s WHERE s.claim_id = c.id)"),
              0)
        << "a source count disagrees with the claim's sources";
    EXPECT_EQ(Count("SELECT COUNT(*) FROM claims c WHERE c.source_count = 0"), 0);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM paragraphs p "
                    "WHERE p.article_id = a.id)"),
              0)
        << "an article without its paragraphs";
    // Every stored mention's claim is a claim, cited by that article.
    EXPECT_EQ(Count("SELECT COUNT(*) FROM evidence e WHERE NOT EXISTS (SELECT 1 FROM claim_sources "
                    "s WHERE s.claim_id = e.claim_id AND s.article = 'articles/' || e.article_id)"),
              0)
        << "evidence for a claim claims_service never recorded for that article";
    // Quotes are the exact bytes of their paragraph at their offsets.
    absl::StatusOr<common::PgResult> rows = schema_->Query(
        "SELECT e.quote, p.text, e.start_offset, e.end_offset FROM evidence e JOIN "
        "paragraphs p ON p.article_id = e.article_id AND p.idx = e.paragraph_idx");
    ASSERT_TRUE(rows.ok()) << rows.status();
    for (int i = 0; i < rows->rows(); ++i) {
      const std::string text = rows->Text(i, 1);
      const std::int64_t start = rows->Int(i, 2);
      const std::int64_t end = rows->Int(i, 3);
      ASSERT_LE(end, static_cast<std::int64_t>(text.size()));
      EXPECT_EQ(rows->Text(i, 0), text.substr(start, end - start));
    }
  }

  std::unique_ptr<PostgresTestSchema> schema_;
  std::string dir_;
  std::vector<std::unique_ptr<ServiceProcess>> claims_;
  std::vector<std::unique_ptr<ServiceProcess>> provenance_;
};

TEST_F(PostgresServicesTest, TwoReplicasOfEachIngestingOverlappingArticlesStoreEachClaimOnce) {
  ServiceProcess* claims_a = StartClaims();
  ServiceProcess* claims_b = StartClaims();
  ASSERT_FALSE(HasFailure());
  // Crosswise, so each provenance replica's claims come from the other pair.
  ServiceProcess* provenance_a = StartProvenance(*claims_b);
  ServiceProcess* provenance_b = StartProvenance(*claims_a);
  ASSERT_FALSE(HasFailure());
  auto stub_a = ProvenanceStub(*provenance_a);
  auto stub_b = ProvenanceStub(*provenance_b);

  // Every article twice, once through each replica, by four workers.
  constexpr int kArticles = 10;
  std::mutex mu;
  std::map<int, int> created;  // article -> calls that reported created
  std::map<int, std::string> names;
  std::vector<std::string> errors;
  std::atomic<int> next{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&] {
      for (int job = next++; job < 2 * kArticles; job = next++) {
        const int n = job / 2;
        pv1::IngestArticleRequest request;
        request.set_text(Article(n));
        pv1::IngestArticleResponse response;
        auto* stub = job % 2 ? stub_b.get() : stub_a.get();
        const grpc::Status status = stub->IngestArticle(Context().get(), request, &response);
        std::lock_guard<std::mutex> lock(mu);
        if (!status.ok()) {
          errors.push_back(absl::StrCat("article ", n, ": ", status.error_message()));
          continue;
        }
        created[n] += response.created() ? 1 : 0;
        names[n] = response.article().name();
        EXPECT_GT(response.evidence_count(), 0) << "article " << n;
      }
    });
  }
  for (std::thread& t : workers) t.join();
  EXPECT_THAT(errors, ::testing::IsEmpty());
  for (int n = 0; n < kArticles; ++n) EXPECT_EQ(created[n], 1) << "article " << n;

  EXPECT_EQ(Count("SELECT COUNT(*) FROM articles"), kArticles);
  ExpectIntegrity();
  // Each claim once, and the shared facts really were shared.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM claims"),
            Count("SELECT COUNT(DISTINCT claim_id) FROM claim_sources"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM claims"),
            Count("SELECT COUNT(DISTINCT claim_id) FROM evidence"));
  int most_shared_fact = 0;
  for (int k = 0; k < kFactCount; ++k) {
    int articles = 0;
    for (int n = 0; n < kArticles; ++n) {
      articles += k == n % kFactCount || k == (n + 1) % kFactCount || k == (n + 3) % kFactCount;
    }
    most_shared_fact = std::max(most_shared_fact, articles);
  }
  EXPECT_GE(Count("SELECT MAX(source_count) FROM claims"), most_shared_fact)
      << "a fact shared by several articles is one claim counting them all";

  // Both claims replicas answer the same; provenance agrees with claims.
  auto claims_stub_a = ClaimsStub(*claims_a);
  auto claims_stub_b = ClaimsStub(*claims_b);
  absl::StatusOr<common::PgResult> claim_rows =
      schema_->Query("SELECT id, source_count FROM claims ORDER BY id");
  ASSERT_TRUE(claim_rows.ok());
  for (int i = 0; i < claim_rows->rows(); ++i) {
    cv1::GetClaimRequest get;
    get.set_name("claims/" + claim_rows->Text(i, 0));
    cv1::Claim from_a, from_b;
    ASSERT_TRUE(claims_stub_a->GetClaim(Context().get(), get, &from_a).ok());
    ASSERT_TRUE(claims_stub_b->GetClaim(Context().get(), get, &from_b).ok());
    EXPECT_EQ(from_a.SerializeAsString(), from_b.SerializeAsString());
    EXPECT_EQ(from_a.source_count(), claim_rows->Int(i, 1));
    pv1::TraceClaimRequest trace;
    trace.set_claim(get.name());
    pv1::TraceClaimResponse traced;
    ASSERT_TRUE(stub_b->TraceClaim(Context().get(), trace, &traced).ok());
    std::set<std::string> articles;
    for (const pv1::TraceSource& source : traced.sources()) {
      EXPECT_EQ(source.evidence().claim(), get.name());
      EXPECT_EQ(source.evidence().quote(),
                source.paragraph().text().substr(
                    source.evidence().start_offset(),
                    source.evidence().end_offset() - source.evidence().start_offset()));
      articles.insert(source.article().name());
    }
    EXPECT_EQ(traced.claim().source_count(), from_a.source_count());
    EXPECT_EQ(static_cast<int>(articles.size()), from_a.source_count())
        << "the trace cites exactly the articles the claim counts";
  }
  for (const auto& [n, name] : names) {
    pv1::VerifyArticleRequest verify;
    verify.set_name(name);
    pv1::VerifyArticleResponse verdict;
    ASSERT_TRUE(stub_a->VerifyArticle(Context().get(), verify, &verdict).ok());
    EXPECT_TRUE(verdict.ok()) << name;
    EXPECT_GT(verdict.evidence_checked(), 0);
  }
}

TEST_F(PostgresServicesTest, ServicesRideOutADatabaseRestartUnderLoad) {
  const char* control = std::getenv("CLAIMTRACE_TEST_POSTGRES_CONTROL");
  if (control == nullptr) {
    GTEST_SKIP() << "CLAIMTRACE_TEST_POSTGRES_CONTROL is not set: the server cannot be restarted "
                    "(run under scripts/with-postgres.sh)";
  }
  ServiceProcess* claims = StartClaims();
  ASSERT_FALSE(HasFailure());
  ServiceProcess* provenance = StartProvenance(*claims);
  ASSERT_FALSE(HasFailure());
  auto provenance_stub = ProvenanceStub(*provenance);
  auto claims_stub = ClaimsStub(*claims);
  ASSERT_TRUE(WaitForHealth(claims->address(), kClaimsHealth, "SERVING", std::chrono::seconds(10)));
  ASSERT_TRUE(
      WaitForHealth(provenance->address(), kProvenanceHealth, "SERVING", std::chrono::seconds(10)));

  // Load: a stream of new articles, each ingested once.
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::map<std::string, int> evidence_by_article;  // ingests that succeeded
  std::map<int, int> failures_by_code;
  std::atomic<int> attempts{0};
  std::thread load([&] {
    for (int n = 1000; !stop; ++n) {
      pv1::IngestArticleRequest request;
      request.set_text(Article(n));
      pv1::IngestArticleResponse response;
      const grpc::Status status =
          provenance_stub->IngestArticle(ShortContext().get(), request, &response);
      ++attempts;
      std::lock_guard<std::mutex> lock(mu);
      if (status.ok()) {
        evidence_by_article[response.article().name()] = response.evidence_count();
      } else {
        ++failures_by_code[status.error_code()];
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  });
  auto successes = [&] {
    std::lock_guard<std::mutex> lock(mu);
    return evidence_by_article.size();
  };
  while (successes() < 3) std::this_thread::sleep_for(std::chrono::milliseconds(20));

  const CommandResult stopped = RunCommand({control, "stop"});
  ASSERT_EQ(stopped.exit_code, 0) << stopped.out << stopped.err;
  EXPECT_TRUE(
      WaitForHealth(claims->address(), kClaimsHealth, "NOT_SERVING", std::chrono::seconds(10)));
  EXPECT_TRUE(WaitForHealth(provenance->address(), kProvenanceHealth, "NOT_SERVING",
                            std::chrono::seconds(10)));
  // While the database is away, calls fail UNAVAILABLE (not INTERNAL, not a hang).
  cv1::ListClaimsRequest list_claims;
  cv1::ListClaimsResponse claims_page;
  EXPECT_EQ(claims_stub->ListClaims(ShortContext().get(), list_claims, &claims_page).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  pv1::ListArticlesRequest list_articles;
  pv1::ListArticlesResponse articles_page;
  EXPECT_EQ(provenance_stub->ListArticles(ShortContext().get(), list_articles, &articles_page)
                .error_code(),
            grpc::StatusCode::UNAVAILABLE);
  const int attempts_while_down = attempts.load();
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_GT(attempts.load(), attempts_while_down) << "ingests fail fast instead of hanging";

  const CommandResult started = RunCommand({control, "start"});
  ASSERT_EQ(started.exit_code, 0) << started.out << started.err;
  EXPECT_TRUE(WaitForHealth(claims->address(), kClaimsHealth, "SERVING", std::chrono::seconds(20)));
  EXPECT_TRUE(
      WaitForHealth(provenance->address(), kProvenanceHealth, "SERVING", std::chrono::seconds(20)));
  const size_t before_recovery = successes();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (successes() < before_recovery + 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  stop = true;
  load.join();
  EXPECT_GE(successes(), before_recovery + 3) << "ingests succeed again once the database is back";

  // Nothing crashed; every failure was UNAVAILABLE; nothing is half-written.
  EXPECT_FALSE(claims->WaitForExit(std::chrono::milliseconds(0)).has_value()) << claims->log();
  EXPECT_FALSE(provenance->WaitForExit(std::chrono::milliseconds(0)).has_value())
      << provenance->log();
  std::cout << "load: " << attempts.load() << " ingests, " << successes() << " stored, "
            << failures_by_code[grpc::StatusCode::UNAVAILABLE] << " UNAVAILABLE\n";
  EXPECT_GT(failures_by_code[grpc::StatusCode::UNAVAILABLE], 0);
  for (const auto& [code, count] : failures_by_code) {
    EXPECT_EQ(code, grpc::StatusCode::UNAVAILABLE) << count << " calls failed with code " << code;
  }
  for (const auto& [name, evidence] : evidence_by_article) {
    const std::string id = name.substr(std::string("articles/").size());
    EXPECT_EQ(Count(absl::StrCat("SELECT COUNT(*) FROM evidence WHERE article_id = '", id, "'")),
              evidence)
        << name;
  }
  ExpectIntegrity();
  // An ingest may fail after its article committed (the reply needs one more
  // read); such an article is still whole.
  EXPECT_GE(Count("SELECT COUNT(*) FROM articles"), static_cast<std::int64_t>(successes()));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM evidence e "
                  "WHERE e.article_id = a.id)"),
            0)
      << "every dispatch has evidence; an article without any was cut short";
}

}  // namespace
}  // namespace claimtrace::testing
