// bench_search_rank: what claimtrace_bm25 (search_rank.h) costs and changes
// against FTS5's own bm25(), on an existing claims database.
//
//   bench_search_rank --db=/tmp/claimtrace-bench/cache/claims-v1-seed42-c40-1000000.db
//
// (bench_runner runs it on the largest SQLite database of its run, --json.)
//
// For each of --queries synthetic searches (SyntheticCorpus::SearchQuery,
// the bench's SearchClaims client queries) it runs, alternating which goes
// first:
//   * ClaimStore::Search(query, 0, --page): the store as served, ranked by
//     claimtrace_bm25 with counted-or-estimated phrase counts;
//   * the reference: the same candidate window (the newest
//     kSearchRankedMatches matches) ranked by bm25(), which counts every
//     phrase's matches exactly, reading every column of the page's claims
//     (the store also reads their claimants: one more query a page).
// It prints the latency of each (p50, p90, p99, mean), their ratio, and how
// far the pages agree: the share of queries whose page is identical, and the
// mean share of the reference page that the store's page also holds.
// Read-only: it never writes to the database.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "bench/synthetic_corpus.h"
#include "claims_service/claim_store.h"
#include "claims_service/search_rank.h"
#include "common/sqlite_database.h"

ABSL_FLAG(std::string, db, "", "claims_service SQLite database to search (not modified)");
ABSL_FLAG(int, queries, 1000, "Searches to run");
ABSL_FLAG(int, page, 20, "Page size");
ABSL_FLAG(uint64_t, seed, 42, "Corpus seed (the queries' vocabulary)");
ABSL_FLAG(bool, json, false, "Print the figures as one JSON object (for bench_runner)");

namespace claimtrace::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Millis(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// The reference page: the store's candidate window ranked by bm25().
absl::StatusOr<std::vector<std::string>> ReferencePage(common::SqliteDatabase& db,
                                                       std::string_view text, int page) {
  const std::string query = absl::StrJoin(claims::SearchPhrases(text), " ");
  std::int64_t oldest = 0;
  {
    absl::StatusOr<common::SqliteStatement> cutoff = db.Prepare(
        "SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?1 ORDER BY rowid DESC "
        "LIMIT 1 OFFSET ?2");
    if (!cutoff.ok()) return cutoff.status();
    cutoff->Bind(1, query).Bind(2, std::max(claims::kSearchRankedMatches, page) - 1);
    absl::StatusOr<bool> row = cutoff->Step();
    if (!row.ok()) return row.status();
    if (*row) oldest = cutoff->ColumnInt(0);
  }
  absl::StatusOr<common::SqliteStatement> ranked = db.Prepare(
      "WITH ranked AS (SELECT rowid AS r, bm25(claims_fts, 10.0, 5.0, 3.0, 2.0) AS s FROM "
      "claims_fts WHERE claims_fts MATCH ?1 AND rowid >= ?2 ORDER BY s, rowid LIMIT ?3) "
      "SELECT claims.id, claims.* FROM ranked JOIN claims ON claims.rowid = ranked.r ORDER BY s, "
      "r");
  if (!ranked.ok()) return ranked.status();
  ranked->Bind(1, query).Bind(2, oldest).Bind(3, page);
  std::vector<std::string> ids;
  while (true) {
    absl::StatusOr<bool> row = ranked->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    ids.push_back(ranked->ColumnText(0));
  }
  return ids;
}

struct Latencies {
  std::vector<double> ms;
  double Percentile(double p) {
    std::sort(ms.begin(), ms.end());
    return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * ms.size()))];
  }
  double Mean() const {
    double sum = 0;
    for (double m : ms) sum += m;
    return sum / ms.size();
  }
};

int Run() {
  const std::string path = absl::GetFlag(FLAGS_db);
  const int queries = absl::GetFlag(FLAGS_queries);
  const int page = absl::GetFlag(FLAGS_page);
  if (path.empty() || queries <= 0 || page <= 0) {
    std::fprintf(stderr, "give --db=PATH (and positive --queries, --page)\n");
    return 2;
  }
  common::SqliteOptions must_exist;
  must_exist.must_exist = true;
  absl::StatusOr<std::unique_ptr<common::SqliteDatabase>> reference_db =
      common::SqliteDatabase::Open(path, must_exist);
  if (!reference_db.ok()) {
    std::fprintf(stderr, "%s\n", reference_db.status().ToString().c_str());
    return 1;
  }
  absl::StatusOr<std::unique_ptr<claims::ClaimStore>> store = claims::ClaimStore::Open(path);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 1;
  }
  CorpusOptions options;
  options.seed = absl::GetFlag(FLAGS_seed);
  const SyntheticCorpus corpus(options);

  Latencies ours, reference;
  int identical = 0;
  double overlap_sum = 0;
  for (int i = 0; i < queries; ++i) {
    const std::string text = corpus.SearchQuery(static_cast<std::uint64_t>(i));
    std::vector<std::string> our_ids, reference_ids;
    auto run_ours = [&]() -> bool {
      const Clock::time_point start = Clock::now();
      absl::StatusOr<std::vector<claims::StoredClaim>> found = (*store)->Search(text, 0, page);
      ours.ms.push_back(Millis(Clock::now() - start));
      if (!found.ok()) {
        std::fprintf(stderr, "Search(%s): %s\n", text.c_str(), found.status().ToString().c_str());
        return false;
      }
      for (const claims::StoredClaim& claim : *found) our_ids.push_back(claim.id);
      return true;
    };
    auto run_reference = [&]() -> bool {
      const Clock::time_point start = Clock::now();
      absl::StatusOr<std::vector<std::string>> ids = ReferencePage(**reference_db, text, page);
      reference.ms.push_back(Millis(Clock::now() - start));
      if (!ids.ok()) {
        std::fprintf(stderr, "reference(%s): %s\n", text.c_str(), ids.status().ToString().c_str());
        return false;
      }
      reference_ids = *std::move(ids);
      return true;
    };
    const bool ok = i % 2 == 0 ? run_ours() && run_reference() : run_reference() && run_ours();
    if (!ok) return 1;
    if (our_ids == reference_ids) ++identical;
    const std::set<std::string> mine(our_ids.begin(), our_ids.end());
    int shared = 0;
    for (const std::string& id : reference_ids) shared += static_cast<int>(mine.count(id));
    overlap_sum += reference_ids.empty() ? 1.0 : static_cast<double>(shared) / reference_ids.size();
  }
  const double identical_share = static_cast<double>(identical) / queries;
  const double overlap = overlap_sum / queries;
  if (absl::GetFlag(FLAGS_json)) {
    auto figures = [](Latencies& l) {
      return absl::StrFormat("{\"p50_ms\":%.4f,\"p90_ms\":%.4f,\"p99_ms\":%.4f,\"mean_ms\":%.4f}",
                             l.Percentile(0.5), l.Percentile(0.9), l.Percentile(0.99), l.Mean());
    };
    std::printf(
        "{\"queries\":%d,\"page\":%d,\"store\":%s,\"reference_bm25\":%s,"
        "\"identical_pages\":%.4f,\"mean_overlap\":%.4f}\n",
        queries, page, figures(ours).c_str(), figures(reference).c_str(), identical_share, overlap);
    return 0;
  }
  std::printf("%d searches, page %d, on %s\n", queries, page, path.c_str());
  std::printf("%-26s %8s %8s %8s %8s\n", "ms", "p50", "p90", "p99", "mean");
  std::printf("%-26s %8.3f %8.3f %8.3f %8.3f\n", "store (claimtrace_bm25)", ours.Percentile(0.5),
              ours.Percentile(0.9), ours.Percentile(0.99), ours.Mean());
  std::printf("%-26s %8.3f %8.3f %8.3f %8.3f\n", "reference (bm25)", reference.Percentile(0.5),
              reference.Percentile(0.9), reference.Percentile(0.99), reference.Mean());
  std::printf("%-26s %8.2f %8.2f %8.2f %8.2f\n", "store / reference",
              ours.Percentile(0.5) / reference.Percentile(0.5),
              ours.Percentile(0.9) / reference.Percentile(0.9),
              ours.Percentile(0.99) / reference.Percentile(0.99), ours.Mean() / reference.Mean());
  std::printf("identical pages: %.1f%%; mean overlap with the reference page: %.2f%%\n",
              100.0 * identical_share, 100.0 * overlap);
  return 0;
}

}  // namespace
}  // namespace claimtrace::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Compares the store's search ranking with FTS5's bm25() on a claims database.\n"
      "  bench_search_rank --db=PATH [--queries=1000] [--page=20]");
  absl::ParseCommandLine(argc, argv);
  return claimtrace::bench::Run();
}
