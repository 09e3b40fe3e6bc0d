// Runs the benchmark suite for a few seconds (bench_runner in smoke mode,
// 300 claims, tiny durations) and checks the harness itself: results are
// well-formed JSON and Markdown, every scenario ran at c=1 and at the
// throughput concurrency (each paired with a bare-baseline run), and every
// counted response was grpc-status 0.
// No performance figure is asserted.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <re2/re2.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "tests/testing/service_process.h"

namespace claimtrace::testing {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

bool OnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return false;
  std::string dirs = path;
  size_t start = 0;
  while (start <= dirs.size()) {
    const size_t end = dirs.find(':', start);
    const std::string dir =
        dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!dir.empty() && access((dir + "/" + program).c_str(), X_OK) == 0) return true;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return false;
}

const Value& Field(const Struct& s, const std::string& name) {
  static const Value kNull;
  const auto it = s.fields().find(name);
  return it == s.fields().end() ? kNull : it->second;
}

class BenchSmokeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!OnPath("h2load")) return;
    dir_ = new std::string(MakeTempDir("bench-smoke"));
    result_ = new CommandResult(RunCommand(
        {BinaryPath("bench_runner"), "--mode=smoke", "--name=smoke", "--out_dir=" + *dir_,
         "--work_dir=" + *dir_ + "/work", "--scales=300", "--warmup=50ms", "--duration=250ms",
         "--throughput_concurrency=4", "--connections=2", "--ingest_articles=4", "--pairs=3",
         "--microbench=", "--skip_seed_ingest"}));
    json_text_ = new std::string(ReadFile(*dir_ + "/smoke.json"));
    markdown_ = new std::string(ReadFile(*dir_ + "/smoke.md"));
    results_ = new Struct;
    parsed_ = google::protobuf::util::JsonStringToMessage(*json_text_, results_).ok();
  }
  static void TearDownTestSuite() {
    if (dir_ != nullptr) std::filesystem::remove_all(*dir_);
  }

  void SetUp() override {
    if (!OnPath("h2load")) GTEST_SKIP() << "h2load not installed (Debian nghttp2-client)";
    ASSERT_EQ(result_->exit_code, 0) << result_->err.substr(0, 4000);
    ASSERT_TRUE(parsed_) << "not JSON: " << json_text_->substr(0, 2000);
  }

  // Every run of the (single) scale point.
  static const google::protobuf::ListValue& Runs() {
    const Value& scales = Field(*results_, "scales");
    return Field(scales.list_value().values(0).struct_value(), "runs").list_value();
  }

  static inline std::string* dir_ = nullptr;
  static inline CommandResult* result_ = nullptr;
  static inline std::string* json_text_ = nullptr;
  static inline std::string* markdown_ = nullptr;
  static inline Struct* results_ = nullptr;
  static inline bool parsed_ = false;
};

TEST_F(BenchSmokeTest, WritesWellFormedJsonAndMarkdownWithMachineAndDate) {
  EXPECT_EQ(Field(*results_, "schema").string_value(), "claimtrace-bench/1");
  EXPECT_FALSE(Field(*results_, "date").string_value().empty());
  EXPECT_FALSE(Field(Field(*results_, "machine").struct_value(), "cpu").string_value().empty());
  // Which code ran, and how much CPU time the VM's host took meanwhile.
  EXPECT_TRUE(RE2::FullMatch(Field(*results_, "commit").string_value(),
                             "[0-9a-f]{7,40}(\\+modified)?|unknown"))
      << Field(*results_, "commit").string_value();
  const Value& steal = Field(*results_, "steal_percent");
  ASSERT_EQ(steal.kind_case(), Value::kNumberValue);
  EXPECT_GE(steal.number_value(), 0);
  EXPECT_LE(steal.number_value(), 100);
  EXPECT_NE(markdown_->find("\n- commit: "), std::string::npos);
  EXPECT_NE(markdown_->find("\n- steal time during the run: "), std::string::npos);
  ASSERT_EQ(Field(*results_, "scales").list_value().values_size(), 1);
  EXPECT_GE(
      Field(Field(*results_, "scales").list_value().values(0).struct_value(), "claims_in_store")
          .number_value(),
      300);
  EXPECT_GT(Runs().values_size(), 0);
  EXPECT_NE(markdown_->find("| scenario | tool | load |"), std::string::npos);
  EXPECT_NE(markdown_->find("## Targets"), std::string::npos);
}

TEST_F(BenchSmokeTest, CoversEveryScenarioAtLatencyAndThroughputConcurrency) {
  std::set<std::string> seen;
  for (const Value& run : Runs().values()) {
    const Struct& r = run.struct_value();
    seen.insert(Field(r, "scenario").string_value() + " " + Field(r, "load").string_value());
  }
  for (const std::string scenario :
       {"GetClaim", "ListClaims", "SearchClaims", "TraceClaim", "IngestArticle"}) {
    EXPECT_TRUE(seen.count(scenario + " c=1")) << scenario << " at c=1 missing";
    EXPECT_TRUE(seen.count(scenario + " c=4")) << scenario << " at c=4 missing";
  }
}

// A figure that is a target is the median of several pairs: the QPS ratio
// of GetClaim and TraceClaim at the throughput concurrency, the p99 of their
// open loops at half of peak. Every other run is one pair.
std::vector<double> SortedNumbers(const Value& list) {
  std::vector<double> numbers;
  for (const Value& v : list.list_value().values()) numbers.push_back(v.number_value());
  std::sort(numbers.begin(), numbers.end());
  return numbers;
}

TEST_F(BenchSmokeTest, ReportsTheMedianPairOfEachTargetFigure) {
  int ratio_runs = 0, p99_runs = 0;
  for (const Value& run : Runs().values()) {
    const Struct& r = run.struct_value();
    const std::string scenario = Field(r, "scenario").string_value();
    const std::string what =
        scenario + " " + Field(r, "tool").string_value() + " " + Field(r, "load").string_value();
    const Value& ratios = Field(r, "pair_qps_ratios");
    const Value& p99s = Field(r, "pair_p99_ms");
    const bool ratio_target = (scenario == "GetClaim" || scenario == "TraceClaim") &&
                              Field(r, "load").string_value() == "c=4";
    const bool p99_target = scenario == "GetClaim@50%" || scenario == "TraceClaim@50%";
    if (ratio_target) {
      ++ratio_runs;
      EXPECT_EQ(p99s.kind_case(), Value::KIND_NOT_SET) << what;
      const std::vector<double> sorted = SortedNumbers(ratios);
      ASSERT_EQ(sorted.size(), 3u) << what;
      const double reported = Field(Field(r, "vs_baseline").struct_value(), "qps").number_value();
      EXPECT_NEAR(reported, sorted[1], 1e-3) << what;
      // The row's figures are that pair's own: QPS over bare QPS.
      const double bare = Field(Field(r, "baseline").struct_value(), "qps").number_value();
      ASSERT_GT(bare, 0);
      EXPECT_NEAR(Field(r, "qps").number_value() / bare, reported, 2e-3) << what;
    } else if (p99_target) {
      ++p99_runs;
      EXPECT_EQ(ratios.kind_case(), Value::KIND_NOT_SET) << what;
      const std::vector<double> sorted = SortedNumbers(p99s);
      ASSERT_EQ(sorted.size(), 3u) << what;
      EXPECT_NEAR(Field(Field(r, "latency_ms").struct_value(), "p99").number_value(), sorted[1],
                  1e-3)
          << what;
    } else {
      EXPECT_EQ(ratios.kind_case(), Value::KIND_NOT_SET) << what;
      EXPECT_EQ(p99s.kind_case(), Value::KIND_NOT_SET) << what;
    }
  }
  EXPECT_EQ(ratio_runs, 3);  // GetClaim with both tools, TraceClaim with the client
  EXPECT_EQ(p99_runs, 3);    // GetClaim@50% with both tools, TraceClaim@50% with the client
  EXPECT_NE(markdown_->find("median of 3 pairs, QPS ×bare "), std::string::npos);
  EXPECT_NE(markdown_->find("median of 3 pairs, p99 ms "), std::string::npos);
}

// Every run says how much of the machine the hypervisor took during it and
// during its bare run; a target figure's pairs each carry theirs, and say
// how many pairs were measured again because of it (at most --pairs).
TEST_F(BenchSmokeTest, ReportsTheStealOfEveryRunAndPair) {
  const auto percent_or_null = [](const Value& v) {
    if (v.kind_case() == Value::kNullValue) return true;
    return v.kind_case() == Value::kNumberValue && v.number_value() >= 0 && v.number_value() <= 100;
  };
  for (const Value& run : Runs().values()) {
    const Struct& r = run.struct_value();
    const std::string what = Field(r, "scenario").string_value() + " " +
                             Field(r, "tool").string_value() + " " +
                             Field(r, "load").string_value();
    ASSERT_TRUE(r.fields().contains("steal_percent")) << what;
    EXPECT_TRUE(percent_or_null(Field(r, "steal_percent"))) << what;
    EXPECT_TRUE(percent_or_null(Field(r, "baseline_steal_percent"))) << what;
    const Value& figures = r.fields().contains("pair_qps_ratios") ? Field(r, "pair_qps_ratios")
                                                                  : Field(r, "pair_p99_ms");
    ASSERT_EQ(Field(r, "pairs_set_aside_for_steal").kind_case(), Value::kNumberValue) << what;
    ASSERT_EQ(Field(r, "pairs_kept_despite_steal").kind_case(), Value::kNumberValue) << what;
    const double set_aside = Field(r, "pairs_set_aside_for_steal").number_value();
    const double kept = Field(r, "pairs_kept_despite_steal").number_value();
    if (figures.kind_case() == Value::KIND_NOT_SET) {
      EXPECT_EQ(Field(r, "pair_steal_percent").kind_case(), Value::KIND_NOT_SET) << what;
      EXPECT_EQ(set_aside, 0) << what;
      EXPECT_EQ(kept, 0) << what;
      continue;
    }
    const Value& steals = Field(r, "pair_steal_percent");
    ASSERT_EQ(steals.list_value().values_size(), figures.list_value().values_size()) << what;
    for (const Value& steal : steals.list_value().values()) {
      EXPECT_TRUE(percent_or_null(steal)) << what;
    }
    EXPECT_GE(set_aside, 0) << what;
    EXPECT_LE(set_aside, 3) << what;
    EXPECT_LE(kept, 3) << what;
    // A pair kept above the limit means the tries ran out: three more
    // pairs were measured.
    if (kept > 0) {
      EXPECT_EQ(set_aside, 3) << what;
    }
  }
  EXPECT_NE(markdown_->find(", a pair with over 2.0% steal measured again"), std::string::npos);
}

TEST_F(BenchSmokeTest, RunsOpenLoopsWithBothToolsAndReportsTheClientsStartLag) {
  std::set<std::string> seen;
  for (const Value& run : Runs().values()) {
    const Struct& r = run.struct_value();
    const std::string scenario = Field(r, "scenario").string_value();
    if (scenario.find("@50%") == std::string::npos) continue;
    const std::string tool = Field(r, "tool").string_value();
    seen.insert(scenario + " " + tool);
    EXPECT_EQ(Field(r, "load").string_value().rfind("rate=", 0), 0u) << scenario;
    if (tool != "client") continue;
    // Each call's start lag is part of its latency, so no percentile of the
    // lag can exceed the same percentile of the latency.
    ASSERT_TRUE(r.fields().contains("issue_lag_ms")) << scenario;
    const Struct& lag = Field(r, "issue_lag_ms").struct_value();
    const Struct& latency = Field(r, "latency_ms").struct_value();
    EXPECT_GE(Field(lag, "p50").number_value(), 0) << scenario;
    EXPECT_LE(Field(lag, "p50").number_value(), Field(lag, "p99").number_value()) << scenario;
    EXPECT_LE(Field(lag, "p99").number_value(), Field(lag, "max").number_value()) << scenario;
    EXPECT_LE(Field(lag, "p99").number_value(), Field(latency, "p99").number_value()) << scenario;
  }
  EXPECT_TRUE(seen.count("GetClaim@50% h2load"));
  EXPECT_TRUE(seen.count("GetClaim@50% client"));
  EXPECT_TRUE(seen.count("TraceClaim@50% client"));
}

TEST_F(BenchSmokeTest, EveryRunSawOnlyGrpcStatusOk) {
  for (const Value& run : Runs().values()) {
    const Struct& r = run.struct_value();
    const std::string what = Field(r, "scenario").string_value() + " " +
                             Field(r, "tool").string_value() + " " +
                             Field(r, "load").string_value();
    EXPECT_TRUE(Field(r, "grpc_status_ok_verified").bool_value())
        << what << ": " << Field(r, "verification").string_value() << " "
        << Field(r, "first_error").string_value();
    EXPECT_GT(Field(r, "requests").number_value(), 0) << what;
    const Struct& baseline = Field(r, "baseline").struct_value();
    EXPECT_TRUE(Field(baseline, "grpc_status_ok_verified").bool_value())
        << what << " (paired baseline): " << Field(baseline, "verification").string_value();
    for (const auto& [code, count] : Field(r, "codes").struct_value().fields()) {
      EXPECT_EQ(code, "OK") << what << " saw " << count.number_value() << " " << code;
    }
  }
}

TEST_F(BenchSmokeTest, ReportsOrderedPercentilesCpuRatiosAndPeakRss) {
  for (const Value& run : Runs().values()) {
    const Struct& r = run.struct_value();
    const std::string what = Field(r, "scenario").string_value() + " " +
                             Field(r, "tool").string_value() + " " +
                             Field(r, "load").string_value();
    const Struct& latency = Field(r, "latency_ms").struct_value();
    const double p50 = Field(latency, "p50").number_value();
    const double p90 = Field(latency, "p90").number_value();
    const double p99 = Field(latency, "p99").number_value();
    EXPECT_GT(p50, 0) << what;
    EXPECT_LE(p50, p90) << what;
    EXPECT_LE(p90, p99) << what;
    EXPECT_LE(p99, Field(latency, "max").number_value()) << what;
    EXPECT_GT(Field(r, "qps").number_value(), 0) << what;
    EXPECT_GE(Field(r, "cpu_us_per_request").number_value(), 0) << what;
    EXPECT_GT(Field(Field(r, "baseline").struct_value(), "qps").number_value(), 0) << what;
    EXPECT_GT(Field(Field(r, "vs_baseline").struct_value(), "qps").number_value(), 0) << what;
  }
  const Struct& processes =
      Field(Field(*results_, "scales").list_value().values(0).struct_value(), "processes")
          .struct_value();
  for (const std::string name : {"claims_service", "provenance_service", "bench_baseline_server"}) {
    EXPECT_GT(Field(Field(processes, name).struct_value(), "vm_hwm_kb").number_value(), 0) << name;
  }
}

TEST_F(BenchSmokeTest, ComparesTheSearchRankingWithBm25OnTheLargestDatabase) {
  const Struct& ranking = Field(*results_, "search_ranking").struct_value();
  EXPECT_EQ(Field(ranking, "error").string_value(), "");
  EXPECT_GE(Field(ranking, "claims").number_value(), 300);
  const Struct& figures = Field(ranking, "results").struct_value();
  EXPECT_EQ(Field(figures, "queries").number_value(), 1000);
  for (const std::string side : {"store", "reference_bm25"}) {
    const Struct& latency = Field(figures, side).struct_value();
    EXPECT_GT(Field(latency, "p50_ms").number_value(), 0) << side;
    EXPECT_LE(Field(latency, "p50_ms").number_value(), Field(latency, "p99_ms").number_value())
        << side;
  }
  // On a few hundred claims every phrase is counted exactly: the store's
  // pages are bm25()'s.
  EXPECT_EQ(Field(figures, "identical_pages").number_value(), 1.0);
  EXPECT_NE(markdown_->find("## Search ranking against bm25()"), std::string::npos);
}

// bench_extraction --passes, what bench/count_instructions.sh runs under
// callgrind: the same claims on every pass, and a clear exit on a bad corpus.
TEST(BenchExtractionPassesTest, ReportsTheCorpusAndTheClaimsOfEachPass) {
  const CommandResult one = RunCommand(
      {BinaryPath("bench_extraction"), "--passes=1", "--corpus=synthetic", "--articles=4"});
  const CommandResult three = RunCommand(
      {BinaryPath("bench_extraction"), "--passes=3", "--corpus=synthetic", "--articles=4"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  ASSERT_EQ(three.exit_code, 0) << three.err;
  EXPECT_NE(one.out.find("corpus=synthetic articles=4 paragraph_bytes="), std::string::npos)
      << one.out;
  EXPECT_NE(three.out.find(" passes=3 "), std::string::npos) << three.out;
  const auto claims_of = [](const std::string& out) {
    const std::size_t at = out.find("claims_per_pass=");
    return at == std::string::npos ? -1 : std::atoi(out.c_str() + at + 16);
  };
  EXPECT_GT(claims_of(one.out), 0) << one.out;
  EXPECT_EQ(claims_of(one.out), claims_of(three.out));

  const CommandResult bad =
      RunCommand({BinaryPath("bench_extraction"), "--passes=1", "--corpus=nonsense"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--corpus must be synthetic or seeds"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace claimtrace::testing
