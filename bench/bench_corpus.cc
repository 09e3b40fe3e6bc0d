// bench_corpus: the synthetic corpus generator on the command line.
//
//   bench_corpus --articles=200 --out_dir=/tmp/articles [--seed=42] [--first=0]
//       writes article-000000.txt ... (plain text, ingestable with claimctl
//       or IngestArticle)
//   bench_corpus --claims=1000000 --claims_db=/tmp/claims.db [--seed=42]
//       fills a claims_service database directly through the ClaimStore
//       library (no extractor), until it holds that many claims
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_format.h"
#include "bench/synthetic_corpus.h"
#include "claims_service/claim_store.h"

ABSL_FLAG(uint64_t, seed, 42, "Corpus seed");
ABSL_FLAG(int64_t, articles, 0, "Articles to write to --out_dir");
ABSL_FLAG(int64_t, first, 0, "Index of the first article");
ABSL_FLAG(std::string, out_dir, "", "Folder for the articles");
ABSL_FLAG(int64_t, claims, 0, "Claims the --claims_db should hold");
ABSL_FLAG(std::string, claims_db, "", "SQLite claims database to fill (created if missing)");

int main(int argc, char** argv) {
  using namespace claimtrace::bench;
  absl::SetProgramUsageMessage(
      "Writes the seeded synthetic benchmark corpus.\n"
      "  bench_corpus --articles=200 --out_dir=DIR | --claims=N --claims_db=PATH");
  absl::ParseCommandLine(argc, argv);
  CorpusOptions options;
  options.seed = absl::GetFlag(FLAGS_seed);
  const SyntheticCorpus corpus(options);
  bool did_something = false;

  if (absl::GetFlag(FLAGS_articles) > 0) {
    const std::string dir = absl::GetFlag(FLAGS_out_dir);
    if (dir.empty()) {
      std::fprintf(stderr, "--articles needs --out_dir\n");
      return 2;
    }
    std::filesystem::create_directories(dir);
    const int64_t first = absl::GetFlag(FLAGS_first);
    for (int64_t i = first; i < first + absl::GetFlag(FLAGS_articles); ++i) {
      std::ofstream out(absl::StrFormat("%s/article-%06d.txt", dir, i), std::ios::trunc);
      out << corpus.Article(i);
    }
    std::printf("wrote %lld articles to %s\n",
                static_cast<long long>(absl::GetFlag(FLAGS_articles)), dir.c_str());
    did_something = true;
  }
  if (absl::GetFlag(FLAGS_claims) > 0) {
    const std::string path = absl::GetFlag(FLAGS_claims_db);
    if (path.empty()) {
      std::fprintf(stderr, "--claims needs --claims_db\n");
      return 2;
    }
    auto store = claimtrace::claims::ClaimStore::Open(path);
    if (!store.ok()) {
      std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
      return 1;
    }
    // Resume after the loader articles already there (their count is the
    // number of distinct loader article names, which we do not store: start
    // past what the claim count implies).
    auto count = (*store)->CountClaims();
    if (!count.ok()) return 1;
    const int64_t first_article = *count / options.claims_per_article;
    auto progress = LoadClaims(corpus, **store, first_article, absl::GetFlag(FLAGS_claims));
    if (!progress.ok()) {
      std::fprintf(stderr, "%s\n", progress.status().ToString().c_str());
      return 1;
    }
    std::printf("%s holds %lld claims (%.1f s)\n", path.c_str(),
                static_cast<long long>(progress->claims_in_store), progress->seconds);
    did_something = true;
  }
  if (!did_something) {
    std::fprintf(stderr, "nothing to do: give --articles or --claims (see --help)\n");
    return 2;
  }
  return 0;
}
