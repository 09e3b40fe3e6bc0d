// Faults with real processes: a claims_service killed in the middle of a
// batch of ingests, one that stops answering, and provenance_service killed
// while it writes.
#include <signal.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "common/sqlite_database.h"
#include "gmock/gmock.h"
#include "tests/integration/service_fixture.h"

namespace claimtrace::testing {
namespace {

namespace pv1 = provenance::v1;

// A small article of our own whose numbers differ per `i`.
std::string Article(int i) {
  return "# Harbour freight report " + std::to_string(i) +
         "\n\n"
         "Kestrel Shipping said it moved " +
         std::to_string(1000 + i) + " containers through Port Merrow in March 2025, up " +
         std::to_string(i % 40 + 1) +
         "% from a year earlier.\n\n"
         "The company expects at least " +
         std::to_string(20 + i) +
         " new cranes by 2027, "
         "according to Ana Lind, its operations chief.\n";
}

// True once /proc says process `pid` is stopped (state T), within 5 s.
bool WaitUntilStopped(pid_t pid) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string stat = ReadFile("/proc/" + std::to_string(pid) + "/stat");
    const size_t paren = stat.rfind(')');
    if (paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] == 'T') {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

class FaultTest : public ServicesTest {
 protected:
  grpc::Status Ingest(const std::string& text,
                      std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    pv1::IngestArticleRequest request;
    request.set_text(text);
    pv1::IngestArticleResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + timeout);
    return provenance_stub_->IngestArticle(&context, request, &response);
  }

  // Articles and evidence rows, read straight from the SQLite file.
  std::pair<int64_t, int64_t> Counts() {
    auto db = common::SqliteDatabase::Open(dir_ + "/provenance.db");
    EXPECT_TRUE(db.ok()) << db.status();
    auto count = [&](const std::string& sql) -> int64_t {
      auto statement = (*db)->Prepare(sql);
      EXPECT_TRUE(statement.ok());
      auto row = statement->Step();
      return row.ok() && *row ? statement->ColumnInt(0) : -1;
    };
    return {count("SELECT COUNT(*) FROM articles"), count("SELECT COUNT(*) FROM evidence")};
  }

  // Orphans: paragraphs without their article, evidence without its paragraph.
  int64_t Orphans() {
    auto db = common::SqliteDatabase::Open(dir_ + "/provenance.db");
    auto statement = (*db)->Prepare(
        "SELECT (SELECT COUNT(*) FROM paragraphs p WHERE NOT EXISTS (SELECT 1 FROM articles a "
        "WHERE a.id = p.article_id)) + (SELECT COUNT(*) FROM evidence e WHERE NOT EXISTS (SELECT 1 "
        "FROM paragraphs p WHERE p.article_id = e.article_id AND p.idx = e.paragraph_idx))");
    auto row = statement->Step();
    return row.ok() && *row ? statement->ColumnInt(0) : -1;
  }
};

TEST_F(FaultTest, ClaimsServiceKilledMidBatchLeavesEachIngestWholeOrAbsent) {
  const int claims_port = FreeLoopbackPort();
  StartClaims(claims_port);
  StartProvenance(claims_->address());
  constexpr int kArticles = 40;
  std::atomic<int> ok{0}, unavailable{0}, other{0};
  std::thread writer([&] {
    for (int i = 0; i < kArticles; ++i) {
      const grpc::Status status = Ingest(Article(i), std::chrono::seconds(5));
      if (status.ok()) {
        ++ok;
      } else if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
                 status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
        ++unavailable;
      } else {
        ++other;
      }
    }
  });
  while (ok.load() < 5) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ(claims_->Stop(SIGKILL), 128 + SIGKILL);
  writer.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_GT(unavailable.load(), 0);
  // Every stored article is complete: its evidence is there and verifies.
  const auto after_fault = Counts();
  EXPECT_EQ(after_fault.first, ok.load());
  EXPECT_EQ(Orphans(), 0);

  // Retry the whole batch once claims_service is back: the end state is the
  // same as a run with no fault.
  StartClaims(claims_port);
  ASSERT_TRUE(WaitForHealth(provenance_->address(), "claimtrace.provenance.v1.ProvenanceService",
                            "SERVING", std::chrono::seconds(15)));
  for (int i = 0; i < kArticles; ++i) EXPECT_TRUE(Ingest(Article(i)).ok()) << i;
  const auto faulted = Counts();

  // The same batch into fresh services with no fault.
  provenance_.reset();
  claims_.reset();
  const std::string first_dir = dir_;
  dir_ = MakeTempDir("claimtrace-clean");
  StartBoth();
  for (int i = 0; i < kArticles; ++i) EXPECT_TRUE(Ingest(Article(i)).ok()) << i;
  EXPECT_EQ(Counts(), faulted);
  claims::v1::ListClaimsRequest list;
  list.set_page_size(1000);
  claims::v1::ListClaimsResponse clean_claims;
  ASSERT_TRUE(claims_stub_->ListClaims(Context().get(), list, &clean_claims).ok());
  std::filesystem::remove_all(dir_);
  dir_ = first_dir;
  StartClaims(claims_port);
  claims::v1::ListClaimsResponse faulted_claims;
  ASSERT_TRUE(claims_stub_->ListClaims(Context().get(), list, &faulted_claims).ok());
  ASSERT_EQ(faulted_claims.claims_size(), clean_claims.claims_size());
  for (int i = 0; i < clean_claims.claims_size(); ++i) {
    EXPECT_EQ(faulted_claims.claims(i).name(), clean_claims.claims(i).name());
    EXPECT_EQ(faulted_claims.claims(i).source_count(), clean_claims.claims(i).source_count());
  }
}

TEST_F(FaultTest, UnresponsiveClaimsServiceGivesDeadlineExceededNotAHang) {
  StartBoth();
  ASSERT_TRUE(Ingest(Article(1)).ok());
  kill(claims_->pid(), SIGSTOP);  // alive, connected, silent
  // kill() only queues the signal: wait until every thread is stopped.
  ASSERT_TRUE(WaitUntilStopped(claims_->pid())) << "claims_service did not stop";
  const auto start = std::chrono::steady_clock::now();
  const grpc::Status status = Ingest(Article(2), std::chrono::seconds(2));
  const auto took = std::chrono::steady_clock::now() - start;
  kill(claims_->pid(), SIGCONT);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << status.error_message();
  EXPECT_LT(took, std::chrono::seconds(4));
  EXPECT_EQ(Counts().first, 1);
}

TEST_F(FaultTest, ProvenanceKilledWhileWritingReopensConsistent) {
  StartBoth();
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; i < 500 && !stop.load(); ++i) Ingest(Article(100 + i), std::chrono::seconds(2));
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  ASSERT_EQ(provenance_->Stop(SIGKILL), 128 + SIGKILL);
  stop = true;
  writer.join();
  EXPECT_EQ(Orphans(), 0);
  // It restarts on the same file (WAL recovery) and every article verifies.
  StartProvenance(claims_->address());
  pv1::ListArticlesRequest list;
  list.set_page_size(1000);
  pv1::ListArticlesResponse articles;
  const grpc::Status listed = provenance_stub_->ListArticles(Context().get(), list, &articles);
  ASSERT_TRUE(listed.ok()) << listed.error_message();
  EXPECT_GT(articles.articles_size(), 0);
  for (const pv1::Article& article : articles.articles()) {
    pv1::VerifyArticleRequest verify_request;
    verify_request.set_name(article.name());
    pv1::VerifyArticleResponse verify;
    ASSERT_TRUE(provenance_stub_->VerifyArticle(Context().get(), verify_request, &verify).ok());
    EXPECT_TRUE(verify.ok()) << article.name();
    EXPECT_GT(verify.paragraphs_checked(), 0);
  }
}

}  // namespace
}  // namespace claimtrace::testing
