// A seeded, reproducible synthetic news corpus for benchmarks. From a
// vocabulary of invented organisations, people, places, units and phrasings
// it writes
//   - article texts, for end-to-end IngestArticle runs and the extraction
//     microbenchmarks, and
//   - normalised claims, for loading a ClaimStore directly (the fast way to
//     reach 1M claims without running the extractor a million times).
// The same seed and index always give the same output, on every machine
// (own PRNG, no std:: distributions). Nothing is read from outside; all the
// words are ours.
#ifndef CLAIMTRACE_BENCH_SYNTHETIC_CORPUS_H_
#define CLAIMTRACE_BENCH_SYNTHETIC_CORPUS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "claims_service/claim_model.h"
#include "claims_service/claim_store.h"

namespace claimtrace::bench {

// splitmix64: small, fast, and the same everywhere.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next();
  // Uniform in [0, n); n > 0.
  std::uint64_t Below(std::uint64_t n) { return Next() % n; }
  // Uniform in [lo, hi].
  std::int64_t Between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(Below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  // True with probability `p`.
  bool Chance(double p) { return static_cast<double>(Next() >> 11) * 0x1.0p-53 < p; }

 private:
  std::uint64_t state_;
};

// A stable 64-bit mix of two values (for per-index seeds).
std::uint64_t MixSeed(std::uint64_t a, std::uint64_t b);

struct CorpusOptions {
  std::uint64_t seed = 42;
  int organisations = 4000;     // subjects; popularity is Zipf-like (rank 0 most frequent)
  int people = 3000;            // claimants and quoted speakers
  int claims_per_article = 40;  // for the direct store loader
};

class SyntheticCorpus {
 public:
  explicit SyntheticCorpus(const CorpusOptions& options);

  const CorpusOptions& options() const { return options_; }

  // Article number `index` as plain text: a headline, a byline line with a
  // date, and six to nine body paragraphs of two or three sentences, most of
  // them making claims (money, percentages, counts, multipliers, dates,
  // places, quotes) in ordinary news phrasing. Distinct indices give
  // distinct texts.
  std::string Article(std::int64_t index) const;

  // Distinct-claim number `index` as the store would hold it (kind, subject,
  // predicate, value or date or place or quote, statement). Two indices may
  // rarely give equal content; the store then merges them.
  claims::ClaimContent Claim(std::int64_t index) const;
  // claims::ClaimId(Claim(index)).
  std::string ClaimId(std::int64_t index) const;

  // Organisation name by popularity rank (0 is the most frequent subject).
  const std::string& OrganisationName(int rank) const { return organisations_[rank]; }
  // A rank drawn from the Zipf-like subject popularity.
  int DrawOrganisationRank(Rng& rng) const;

  // A search query as a user might type it: an organisation's name word
  // and a topic word that appears in its claims' statements ("Norvanta
  // funding"). `draw` picks which.
  std::string SearchQuery(std::uint64_t draw) const;

  // The mentions the loader records for synthetic article `article_number`:
  // claims [article_number * claims_per_article, +claims_per_article) plus,
  // for every article after the first, two repeats of earlier claims (so
  // some claims have several sources).
  std::vector<claims::ExtractedClaim> LoaderArticle(std::int64_t article_number) const;
  static std::string LoaderArticleName(std::uint64_t seed, std::int64_t article_number);

 private:
  claims::Entity Person(int index) const;
  claims::Entity Organisation(int rank) const;
  std::string Place(int index) const;

  CorpusOptions options_;
  std::vector<std::string> organisations_;
  std::vector<double> organisation_cdf_;
};

struct LoadProgress {
  std::int64_t claims_in_store = 0;  // CountClaims() when done
  std::int64_t next_article = 0;     // resume point for the next call
  double seconds = 0;
};

// Records synthetic loader articles from `first_article` on into `store`
// through ClaimStore::RecordArticleClaims (one transaction per article), the
// same library call claims_service makes on ingest, until the store holds at
// least `target_claims` claims.
absl::StatusOr<LoadProgress> LoadClaims(const SyntheticCorpus& corpus, claims::ClaimStore& store,
                                        std::int64_t first_article, std::int64_t target_claims);

}  // namespace claimtrace::bench

#endif  // CLAIMTRACE_BENCH_SYNTHETIC_CORPUS_H_
