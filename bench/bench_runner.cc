// bench_runner: the whole benchmark suite in one process. For each scale
// point it loads a claims database (synthetic claims written through the
// ClaimStore library, cached between runs), starts the bare baseline server,
// claims_service and provenance_service pinned to their own CPUs, and drives
// every scenario at c=1 and at the throughput concurrency with h2load and
// with our own gRPC client, checking grpc-status 0. Then it ingests the seed
// articles end to end, runs the extraction microbenchmarks, and writes
// RESULTS.json and RESULTS.md. See bench/README.md.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/grpcpp.h>
#include <sched.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "bench/bench_support.h"
#include "bench/grpc_load.h"
#include "bench/measured_pairs.h"
#include "bench/synthetic_corpus.h"
#include "claims_service/claim_store.h"
#include "claimtrace/bench/v1/baseline.pb.h"
#include "claimtrace/claims/v1/claims_service.pb.h"
#include "claimtrace/provenance/v1/provenance_service.grpc.pb.h"
#include "common/database_url.h"
#include "common/postgres_database.h"
#include "tests/testing/service_process.h"

ABSL_FLAG(std::string, out_dir, CLAIMTRACE_SOURCE_DIR "/bench/results",
          "Where RESULTS.json and RESULTS.md go");
ABSL_FLAG(std::string, name, "latest", "File stem of the results (NAME.json, NAME.md)");
ABSL_FLAG(std::string, scales, "1000,10000,100000,1000000",
          "Claims in the store at each scale point, comma-separated");
ABSL_FLAG(std::string, work_dir, "/tmp/claimtrace-bench",
          "Scratch space: cached claim databases, service logs, h2load files");
ABSL_FLAG(absl::Duration, warmup, absl::Seconds(1), "Unmeasured warm-up of every run");
ABSL_FLAG(absl::Duration, duration, absl::Seconds(5), "Measured time of every run");
ABSL_FLAG(int, throughput_concurrency, 16, "Outstanding calls for throughput runs");
ABSL_FLAG(std::string, scenarios, "",
          "Scenarios to run, comma-separated (GetClaim, ListClaims, SearchClaims, "
          "IngestArticle, TraceClaim); empty: all. TraceClaim needs IngestArticle's articles, "
          "so it ingests them (unmeasured) when IngestArticle is not selected");
ABSL_FLAG(int, connections, 2, "Connections for throughput runs (h2load clients)");
ABSL_FLAG(int, pairs, 3,
          "Runs with a target figure (the QPS ratio of GetClaim and TraceClaim at the throughput "
          "concurrency, the p99 of their open loops at half of peak) are measured as this many "
          "(service, bare) pairs, in alternating order; the pair with the median figure is "
          "reported");
ABSL_FLAG(double, max_pair_steal, 2.0,
          "A pair of a target figure during which the hypervisor took more than this percent of "
          "the machine's CPU time (steal, /proc/stat) from either run is measured again, up to "
          "--pairs more times per figure; negative: never");
ABSL_FLAG(std::string, service_cpus, "auto", "CPUs for the servers (taskset list); 'auto': 0");
ABSL_FLAG(std::string, load_cpus, "auto", "CPUs for the load generators; 'auto': 1");
ABSL_FLAG(uint64_t, seed, 42, "Corpus seed");
ABSL_FLAG(int, ingest_articles, 600, "Most articles ingested per IngestArticle run");
ABSL_FLAG(std::string, seed_dir, "",
          "Folder of real articles to ingest end to end; default $CLAIMTRACE_SEED_DIR");
ABSL_FLAG(bool, skip_seed_ingest, false, "Do not ingest the seed articles end to end");
ABSL_FLAG(std::string, microbench, CLAIMTRACE_BINARY_DIR "/bench/bench_extraction",
          "Google Benchmark binary for segmentation/extraction/normalisation; empty: skip");
ABSL_FLAG(double, microbench_min_time, 0.5, "--benchmark_min_time for the microbenchmarks");
ABSL_FLAG(std::string, search_rank, CLAIMTRACE_BINARY_DIR "/bench/bench_search_rank",
          "bench_search_rank binary, run on the largest SQLite database (empty: skip)");
ABSL_FLAG(std::string, h2load, "h2load", "h2load binary");
ABSL_FLAG(std::string, mode, "full", "Label of this run in the results (full, quick, smoke)");
ABSL_FLAG(std::string, backends, "sqlite",
          "Storage engines to run every scale point on, comma-separated: sqlite, postgresql. "
          "With both, the results also compare them side by side");
ABSL_FLAG(std::string, postgres_url, "",
          "postgresql://user:pass@127.0.0.1:port/db for --backends=postgresql (its public schema "
          "is dropped and recreated at each scale point); default "
          "$CLAIMTRACE_TEST_POSTGRES_URL (set by scripts/with-postgres.sh)");

namespace claimtrace::bench {
namespace {

namespace fs = std::filesystem;
using testing::ServiceProcess;

constexpr char kBaselineMethod[] = "/claimtrace.bench.v1.BaselineService/Empty";
constexpr char kGetClaim[] = "/claimtrace.claims.v1.ClaimsService/GetClaim";
constexpr char kListClaims[] = "/claimtrace.claims.v1.ClaimsService/ListClaims";
constexpr char kSearchClaims[] = "/claimtrace.claims.v1.ClaimsService/SearchClaims";
constexpr char kTraceClaim[] = "/claimtrace.provenance.v1.ProvenanceService/TraceClaim";
constexpr char kIngestArticle[] = "/claimtrace.provenance.v1.ProvenanceService/IngestArticle";
// Bumped whenever the synthetic corpus changes, so cached databases are not reused.
constexpr int kCorpusVersion = 1;

void Log(const std::string& text) {
  std::fprintf(stderr, "[bench %s] %s\n",
               absl::FormatTime("%H:%M:%S", absl::Now(), absl::LocalTimeZone()).c_str(),
               text.c_str());
}

// ---------------------------------------------------------------- results

struct RunRecord {
  std::string scenario;  // "GetClaim"
  std::string tool;      // "h2load" or "client"
  std::string load;      // "c=1", "c=16", "rate=1234/s"
  int concurrency = 1;
  std::string bodies;        // what the requests were
  bool verified = false;     // every counted response was grpc-status 0
  std::string verification;  // how, and what was seen
  std::int64_t requests = 0;
  std::int64_t ok = 0;
  // Open loop: calls not sent because `concurrency` were already
  // outstanding (the server fell behind the schedule).
  std::int64_t skipped = 0;
  std::map<std::string, std::int64_t> codes;
  std::string first_error;
  double qps = 0;
  LatencySummary latency;
  // Open loop: how late the generator started the calls (inside `latency`).
  LatencySummary issue_lag;
  double cpu_us_per_request = 0;  // all server processes involved
  std::map<std::string, double> cpu_us_by_process;
  // The bare baseline server measured next to this run (just before or just
  // after it) with the same tool and load settings (paired, so that noise
  // from other work on the machine hits both alike).
  bool has_baseline = false;
  double baseline_qps = 0;
  LatencySummary baseline_latency;
  LatencySummary baseline_issue_lag;
  double baseline_cpu_us = 0;
  bool baseline_verified = false;
  std::string baseline_verification;
  double qps_ratio = 0, p50_ratio = 0, p99_ratio = 0, cpu_ratio = 0;
  // When the run was measured as several (service, bare) pairs (--pairs):
  // every kept pair's target figure, the QPS ratio of a closed loop or the
  // p99 of an open one, in the order of MeasuredPairs::kept; this record is
  // the median pair.
  std::vector<double> pair_qps_ratios;
  std::vector<double> pair_p99_ms;
  // Percent of the machine's CPU time the hypervisor gave to other guests
  // during this run and during its bare run, warm-up included (-1: not
  // counted). For a target figure:
  // each pair's larger one, the pairs measured again because it was above
  // --max_pair_steal, and those kept all the same when the tries ran out.
  double steal_percent = -1;
  double baseline_steal_percent = -1;
  std::vector<double> pair_steal_percent;
  int pairs_set_aside_for_steal = 0;
  int pairs_kept_despite_steal = 0;
  std::string command;
};

struct ProcessFigures {
  std::int64_t vm_hwm_kb = 0;
  std::int64_t vm_rss_kb = 0;
  double startup_ms = 0;
};

struct ScaleRecord {
  std::string backend = "sqlite";  // or "postgresql"
  std::int64_t target_claims = 0;
  std::int64_t claims_in_store = 0;
  std::string load_method;
  double load_seconds = 0;  // this run's loading (0 when cached)
  bool load_cached = false;
  std::int64_t db_bytes = 0;
  std::string cached_db;  // SQLite: the cached database file the run copied
  std::map<std::string, ProcessFigures> processes;
  std::vector<RunRecord> runs;
  std::vector<std::string> events;  // crashes and restarts
};

struct SeedIngestRecord {
  bool ran = false;
  std::string note;
  int articles = 0;
  std::vector<double> total_ms;  // one per repetition
  double median_total_ms = 0;
  std::int64_t claims = 0, evidence = 0;
  std::vector<std::string> events;
};

struct SearchRankRecord {
  std::int64_t claims = 0;  // in the database it ran on
  std::string json;         // bench_search_rank --json's object; empty when not run
  std::string error;
};

struct MicroRecord {
  std::string name;
  double mb_per_s = 0;
  double ns_per_iteration = 0;
};

// ---------------------------------------------------------------- services

struct Services {
  std::string dir;
  std::string claims_db, provenance_db;
  // The services' --db when not empty (PostgreSQL); otherwise sqlite:<claims_db> etc.
  std::string claims_db_url, provenance_db_url;
  std::string cpus;
  ServiceProcess baseline, claims, provenance;
  bool baseline_up = false, claims_up = false, provenance_up = false;
  std::vector<std::string>* events = nullptr;

  std::vector<std::string> Pinned(const std::string& binary, std::vector<std::string> args) const {
    if (cpus.empty()) return args;
    args.insert(args.begin(), binary);
    args.insert(args.begin(), cpus);
    args.insert(args.begin(), "-c");
    return args;
  }
  std::string Launcher(const std::string& binary) const {
    return cpus.empty() ? binary : "/usr/bin/taskset";
  }

  // Starts `process`; records start-up time. Returns false (and an event) on failure.
  bool StartOne(ServiceProcess& process, const std::string& name, const std::string& binary,
                const std::vector<std::string>& args, double* startup_ms) {
    const std::string log = dir + "/" + name + ".log";
    const auto t0 = std::chrono::steady_clock::now();
    const bool ok =
        process.Start(Launcher(binary), Pinned(binary, args), log, std::chrono::seconds(120));
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (startup_ms != nullptr) *startup_ms = ms;
    if (!ok) {
      const std::string text = testing::ReadFile(log);
      events->push_back(absl::StrCat(
          name, " failed to start: ", text.substr(text.size() > 600 ? text.size() - 600 : 0)));
    }
    return ok;
  }

  bool StartBaseline() {
    baseline_up =
        StartOne(baseline, "bench_baseline_server", testing::BinaryPath("bench_baseline_server"),
                 {"--listen=127.0.0.1:0", "--metrics_listen=127.0.0.1:0"}, nullptr);
    return baseline_up;
  }
  bool StartClaims(double* startup_ms) {
    claims_up =
        StartOne(claims, "claims_service", testing::BinaryPath("claims_service"),
                 {"--listen=127.0.0.1:0", "--metrics_listen=127.0.0.1:0",
                  "--db=" + (claims_db_url.empty() ? "sqlite:" + claims_db : claims_db_url)},
                 startup_ms);
    return claims_up;
  }
  bool StartProvenance(double* startup_ms) {
    provenance_up = StartOne(
        provenance, "provenance_service", testing::BinaryPath("provenance_service"),
        {"--listen=127.0.0.1:0", "--metrics_listen=127.0.0.1:0",
         "--db=" + (provenance_db_url.empty() ? "sqlite:" + provenance_db : provenance_db_url),
         "--claims_addr=" + claims.address()},
        startup_ms);
    return provenance_up;
  }

  // Restarts whatever died (claims first: provenance needs its address).
  void ReviveIfDead(const std::string& before) {
    auto dead = [](ServiceProcess& p, bool up) {
      return up && p.WaitForExit(std::chrono::milliseconds(1)).has_value();
    };
    const bool claims_dead = dead(claims, claims_up);
    const bool provenance_dead = dead(provenance, provenance_up);
    const bool baseline_dead = dead(baseline, baseline_up);
    if (baseline_dead) {
      events->push_back("bench_baseline_server exited before " + before + "; restarted");
      StartBaseline();
    }
    if (claims_dead) {
      const std::string log = claims.log();
      events->push_back(absl::StrCat(
          "claims_service died before ", before,
          "; restarted. Log tail: ", log.substr(log.size() > 800 ? log.size() - 800 : 0)));
      StartClaims(nullptr);
    }
    if (claims_dead || provenance_dead) {
      if (provenance_dead) {
        events->push_back("provenance_service died before " + before + "; restarted");
      }
      if (provenance_up && !provenance_dead) provenance.Stop(SIGTERM);
      StartProvenance(nullptr);
    }
  }

  void StopAll() {
    // Signal all first so they drain in parallel; Stop() then waits.
    for (auto [process, up] : {std::pair<ServiceProcess*, bool>{&provenance, provenance_up},
                               {&claims, claims_up},
                               {&baseline, baseline_up}}) {
      if (up && process->pid() > 0) kill(process->pid(), SIGTERM);
    }
    const auto t0 = std::chrono::steady_clock::now();
    if (provenance_up) provenance.Stop(SIGTERM);
    const auto t1 = std::chrono::steady_clock::now();
    if (claims_up) claims.Stop(SIGTERM);
    const auto t2 = std::chrono::steady_clock::now();
    if (baseline_up) baseline.Stop(SIGTERM);
    const auto t3 = std::chrono::steady_clock::now();
    auto ms = [](auto a, auto b) {
      return std::chrono::duration<double, std::milli>(b - a).count();
    };
    Log(absl::StrFormat("stopped services: provenance %.0f ms, claims %.0f ms, baseline %.0f ms",
                        ms(t0, t1), ms(t1, t2), ms(t2, t3)));
    provenance_up = claims_up = baseline_up = false;
  }
};

// ---------------------------------------------------------------- runs

struct Settings {
  absl::Duration warmup, duration;
  int throughput_concurrency = 16;
  int connections = 2;
  int pairs = 3;                // (service, bare) pairs per target figure (--pairs)
  double max_pair_steal = 2.0;  // percent; a pair above it is measured again
  std::string load_cpus;
  std::string h2load;
  std::string work_dir;
};

struct Target {  // where a scenario's calls go
  std::string address;
  int metrics_port = 0;
  std::vector<std::pair<std::string, pid_t>> processes;  // CPU is charged to these
};

// OK responses between two scrapes; the rest split into calls the load
// tool abandoned when its time was up (CANCELLED, or UNIMPLEMENTED when the
// request message had not arrived yet) and anything else.
std::int64_t OkDelta(const std::map<std::string, std::int64_t>& before,
                     const std::map<std::string, std::int64_t>& after, std::int64_t* cancelled,
                     std::int64_t* other) {
  std::int64_t ok = 0;
  *cancelled = *other = 0;
  for (const auto& [code, n] : after) {
    const auto it = before.find(code);
    const std::int64_t d = n - (it == before.end() ? 0 : it->second);
    if (code == "OK") {
      ok += d;
    } else if (code == "CANCELLED" || code == "UNIMPLEMENTED") {
      // A stream reset before its request message arrived: gRPC's callback
      // handler reports it as UNIMPLEMENTED (no payload to deserialise).
      *cancelled += d;
    } else {
      *other += d;
    }
  }
  return ok;
}

// A steal figure for people: "3.2%", or "not counted" (negative).
std::string StealText(double steal) {
  return steal < 0 ? std::string("not counted") : absl::StrFormat("%.1f%%", steal);
}

// Runs one load (h2load or client) against `target` and fills a record:
// figures, grpc-status verification, CPU per request.
RunRecord Measure(const Settings& settings, const std::string& scenario, const std::string& tool,
                  const Target& target, const std::string& method,
                  const std::vector<std::string>& bodies, const std::string& bodies_note,
                  int concurrency, double rate_qps = 0, bool each_body_once = false,
                  std::int64_t max_requests = 0, absl::Duration warmup = absl::InfiniteDuration()) {
  RunRecord r;
  r.scenario = scenario;
  r.tool = tool;
  r.concurrency = concurrency;
  r.load =
      rate_qps > 0 ? absl::StrFormat("rate=%.0f/s", rate_qps) : absl::StrCat("c=", concurrency);
  r.bodies = bodies_note;
  if (warmup == absl::InfiniteDuration()) warmup = settings.warmup;

  std::map<std::string, double> cpu_before;
  for (const auto& [name, pid] : target.processes)
    cpu_before[name] = SampleProcess(pid).cpu_seconds;
  absl::StatusOr<std::map<std::string, std::int64_t>> counts_before =
      ScrapeRpcCounts(target.metrics_port, method);

  const SystemCpuTimes machine_before = ReadSystemCpuTimes();
  std::int64_t counted_ok_floor = 0;  // OK responses the tool itself saw
  if (tool == "h2load") {
    H2loadOptions o;
    o.h2load = settings.h2load;
    o.cpus = settings.load_cpus;
    o.target = target.address;
    o.method = method;
    o.body = bodies.front();
    const int connections = concurrency == 1 ? 1 : std::max(1, settings.connections);
    o.clients = connections;
    o.streams = std::max(1, concurrency / connections);
    o.warmup = warmup;
    o.duration = settings.duration;
    o.work_dir = settings.work_dir;
    if (rate_qps > 0) o.rps_per_client = rate_qps / connections;
    H2loadResult h = RunH2load(o);
    r.command = h.command;
    r.requests = h.requests;
    r.qps = h.qps;
    r.latency = h.latency;
    counted_ok_floor = h.succeeded;
    if (!h.ran) r.first_error = h.error;
    if (h.failed + h.errored + h.non_2xx > 0) {
      r.codes["HTTP_FAILED"] = h.failed + h.errored + h.non_2xx;
    }
  } else {
    LoadOptions o;
    o.target = target.address;
    o.method = method;
    o.bodies = bodies;
    o.use_each_body_once = each_body_once;
    o.connections = concurrency == 1 ? 1 : std::max(1, settings.connections);
    o.concurrency = rate_qps > 0 ? std::max(64, concurrency) : concurrency;
    o.rate_qps = rate_qps;
    o.warmup = warmup;
    o.duration = settings.duration;
    o.max_requests = max_requests;
    LoadResult l = RunLoad(o);
    r.requests = l.requests;
    r.ok = l.ok;
    r.codes = l.codes;
    r.first_error = l.first_error;
    r.qps = l.qps;
    r.latency = l.latency;
    r.issue_lag = l.issue_lag;
    counted_ok_floor = l.ok;
    r.skipped = l.skipped;
    r.command = absl::StrFormat("grpc_load %s %s connections=%d %s bodies=%d", target.address,
                                method, o.connections, r.load, bodies.size());
  }
  // The warm-up is inside this window: steal then slows the server as the
  // measured calls queue up behind it.
  r.steal_percent = StealPercent(machine_before, ReadSystemCpuTimes());

  absl::StatusOr<std::map<std::string, std::int64_t>> counts_after =
      ScrapeRpcCounts(target.metrics_port, method);
  std::int64_t server_ok = 0, server_cancelled = 0, server_other = 0;
  // h2load resets the streams still open when its time is up; the server
  // counts those as CANCELLED. At most one per outstanding call is expected.
  const std::int64_t cancel_allowance = tool == "h2load" ? std::max(1, concurrency) : 0;
  if (counts_before.ok() && counts_after.ok()) {
    server_ok = OkDelta(*counts_before, *counts_after, &server_cancelled, &server_other);
    if (tool == "h2load") {
      r.ok = std::min(server_ok, counted_ok_floor);
      if (server_other > 0) r.codes["SERVER_NOT_OK"] = server_other;
      if (server_cancelled > cancel_allowance) r.codes["SERVER_ABANDONED"] = server_cancelled;
      r.codes["OK"] = r.ok;
    }
    const bool client_clean = tool == "h2load" ? true : r.ok == r.requests;
    r.verified = r.requests > 0 && server_other == 0 && server_cancelled <= cancel_allowance &&
                 client_clean && server_ok >= counted_ok_floor && counted_ok_floor > 0 &&
                 r.codes.count("HTTP_FAILED") == 0;
    std::string other_codes;
    for (const auto& [code, n] : *counts_after) {
      const auto it = counts_before->find(code);
      const std::int64_t d = n - (it == counts_before->end() ? 0 : it->second);
      if (code != "OK" && d > 0) {
        absl::StrAppend(&other_codes, " ", code, "=", d);
      }
    }
    if (other_codes.empty()) other_codes = " none";
    r.verification = absl::StrFormat(
        "server counted %d OK, %d abandoned (streams open when the load stopped; %d allowed) and "
        "%d other (non-OK:%s) %s responses during the run (incl. warm-up); the load tool counted "
        "%d %s",
        server_ok, server_cancelled, cancel_allowance, server_other, other_codes, method,
        counted_ok_floor,
        tool == "h2load" ? "HTTP 2xx (h2load cannot see grpc-status)" : "grpc-status 0");
  } else {
    r.verified = false;
    r.verification = "metrics endpoint unreadable: " +
                     std::string(counts_after.ok() ? counts_before.status().message()
                                                   : counts_after.status().message());
  }
  const std::int64_t server_non_ok = server_cancelled + server_other;
  // CPU per served request, over the whole run (warm-up included), divided
  // by the requests the entry service served in that time.
  if (server_ok + server_non_ok > 0) {
    double total = 0;
    for (const auto& [name, pid] : target.processes) {
      const double used = SampleProcess(pid).cpu_seconds - cpu_before[name];
      const double per = used * 1e6 / static_cast<double>(server_ok + server_non_ok);
      r.cpu_us_by_process[name] = per;
      total += per;
    }
    r.cpu_us_per_request = total;
  }
  Log(absl::StrFormat(
      "%-13s %-6s %-12s qps=%9.1f p50=%7.3fms p99=%7.3fms cpu=%7.1fus steal=%s %s%s %s", scenario,
      tool, r.load, r.qps, r.latency.p50_ms, r.latency.p99_ms, r.cpu_us_per_request,
      StealText(r.steal_percent), r.verified ? "grpc-ok" : "NOT-VERIFIED",
      r.issue_lag.count > 0 ? absl::StrFormat(" issue-lag p99=%.3fms max=%.3fms skipped=%d",
                                              r.issue_lag.p99_ms, r.issue_lag.max_ms, r.skipped)
                            : std::string(),
      r.first_error.substr(0, 200)));
  return r;
}

// The larger steal of a run and its bare run (-1 when neither was counted).
double PairSteal(const RunRecord& r) { return std::max(r.steal_percent, r.baseline_steal_percent); }

// Attaches the paired baseline run `b` to `r` and computes the ratios.
void AttachBaseline(const RunRecord& b, RunRecord& r) {
  r.has_baseline = true;
  r.baseline_qps = b.qps;
  r.baseline_latency = b.latency;
  r.baseline_issue_lag = b.issue_lag;
  r.baseline_cpu_us = b.cpu_us_per_request;
  r.baseline_verified = b.verified;
  r.baseline_verification = b.verification;
  r.baseline_steal_percent = b.steal_percent;
  if (b.qps > 0) r.qps_ratio = r.qps / b.qps;
  if (b.latency.p50_ms > 0) r.p50_ratio = r.latency.p50_ms / b.latency.p50_ms;
  if (b.latency.p99_ms > 0) r.p99_ratio = r.latency.p99_ms / b.latency.p99_ms;
  if (b.cpu_us_per_request > 0) r.cpu_ratio = r.cpu_us_per_request / b.cpu_us_per_request;
}

// ---------------------------------------------------------------- bodies

std::string Serialize(const google::protobuf::Message& m) {
  std::string s;
  m.SerializeToString(&s);
  return s;
}

std::vector<std::string> GetClaimBodies(const SyntheticCorpus& corpus, std::int64_t loaded_claims,
                                        int n) {
  std::vector<std::string> bodies;
  Rng rng(MixSeed(corpus.options().seed, 0x6E7));
  for (int i = 0; i < n; ++i) {
    claims::v1::GetClaimRequest request;
    request.set_name("claims/" + corpus.ClaimId(static_cast<std::int64_t>(
                                     rng.Below(static_cast<std::uint64_t>(loaded_claims)))));
    bodies.push_back(Serialize(request));
  }
  return bodies;
}

std::string ListFilter(const SyntheticCorpus& corpus, int rank) {
  return absl::StrCat("subject = \"", corpus.OrganisationName(rank), "\" AND kind = QUANTITY");
}

std::vector<std::string> ListBodies(const SyntheticCorpus& corpus, int n) {
  std::vector<std::string> bodies;
  Rng rng(MixSeed(corpus.options().seed, 0x1157));
  for (int i = 0; i < n; ++i) {
    claims::v1::ListClaimsRequest request;
    request.set_page_size(50);
    request.set_filter(ListFilter(corpus, corpus.DrawOrganisationRank(rng)));
    bodies.push_back(Serialize(request));
  }
  return bodies;
}

std::vector<std::string> SearchBodies(const SyntheticCorpus& corpus, int n) {
  std::vector<std::string> bodies;
  for (int i = 0; i < n; ++i) {
    claims::v1::SearchClaimsRequest request;
    request.set_query(corpus.SearchQuery(static_cast<std::uint64_t>(i)));
    request.set_page_size(20);
    bodies.push_back(Serialize(request));
  }
  return bodies;
}

std::vector<std::string> IngestBodies(const SyntheticCorpus& corpus, std::int64_t first, int n) {
  std::vector<std::string> bodies;
  for (int i = 0; i < n; ++i) {
    provenance::v1::IngestArticleRequest request;
    request.set_text(corpus.Article(first + i));
    bodies.push_back(Serialize(request));
  }
  return bodies;
}

// Claim names that have evidence in provenance (from ListEvidence), for TraceClaim.
std::vector<std::string> TracedClaimBodies(const std::string& provenance_address, int limit,
                                           std::string* error) {
  auto channel = grpc::CreateChannel(provenance_address, grpc::InsecureChannelCredentials());
  auto stub = provenance::v1::ProvenanceService::NewStub(channel);
  std::vector<std::string> names;
  std::map<std::string, bool> seen;
  std::string token;
  for (int page = 0; page < 50 && static_cast<int>(names.size()) < limit; ++page) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    provenance::v1::ListEvidenceRequest request;
    request.set_parent("articles/-");
    request.set_page_size(1000);
    request.set_page_token(token);
    provenance::v1::ListEvidenceResponse response;
    grpc::Status status = stub->ListEvidence(&context, request, &response);
    if (!status.ok()) {
      *error = absl::StrCat("ListEvidence: ", GrpcCodeName(status.error_code()), " ",
                            status.error_message());
      break;
    }
    for (const auto& e : response.evidence()) {
      if (seen.emplace(e.claim(), true).second) names.push_back(e.claim());
    }
    token = response.next_page_token();
    if (token.empty()) break;
  }
  std::vector<std::string> bodies;
  for (const std::string& name : names) {
    provenance::v1::TraceClaimRequest request;
    request.set_claim(name);
    bodies.push_back(Serialize(request));
    if (static_cast<int>(bodies.size()) >= limit) break;
  }
  return bodies;
}

// ---------------------------------------------------------------- databases

// A claims database with `target` synthetic claims, built incrementally from
// the largest cached smaller one. Returns its path; fills the record.
absl::StatusOr<std::string> EnsureClaimsDatabase(const SyntheticCorpus& corpus,
                                                 const std::string& cache_dir, std::int64_t target,
                                                 ScaleRecord& record,
                                                 std::int64_t* loaded_claim_indices) {
  const std::string stem =
      absl::StrFormat("claims-v%d-seed%d-c%d", kCorpusVersion, corpus.options().seed,
                      corpus.options().claims_per_article);
  auto db_path = [&](std::int64_t n) { return absl::StrCat(cache_dir, "/", stem, "-", n, ".db"); };
  auto meta_path = [&](std::int64_t n) { return db_path(n) + ".meta"; };
  auto read_meta = [&](std::int64_t n, std::int64_t* next_article, std::int64_t* in_store) {
    std::ifstream in(meta_path(n));
    return static_cast<bool>(in >> *next_article >> *in_store);
  };
  record.load_method =
      "direct: ClaimStore::RecordArticleClaims with synthetic claims (one transaction per "
      "synthetic article of " +
      absl::StrCat(corpus.options().claims_per_article) + " claims + 2 repeats), no extractor";
  std::int64_t next_article = 0, in_store = 0;
  if (fs::exists(db_path(target)) && read_meta(target, &next_article, &in_store)) {
    record.load_cached = true;
    record.claims_in_store = in_store;
    *loaded_claim_indices = next_article * corpus.options().claims_per_article;
    record.db_bytes = static_cast<std::int64_t>(fs::file_size(db_path(target)));
    return db_path(target);
  }
  // Largest cached smaller database to start from.
  std::int64_t from = 0;
  for (const auto& entry : fs::directory_iterator(cache_dir)) {
    const std::string file = entry.path().filename().string();
    if (file.rfind(stem + "-", 0) != 0 || file.size() < 3 ||
        file.substr(file.size() - 3) != ".db") {
      continue;
    }
    std::int64_t n = 0;
    if (!absl::SimpleAtoi(file.substr(stem.size() + 1, file.size() - stem.size() - 4), &n))
      continue;
    std::int64_t a = 0, c = 0;
    if (n < target && n > from && read_meta(n, &a, &c)) from = n;
  }
  const std::string building = db_path(target) + ".building";
  fs::remove(building);
  fs::remove(building + "-wal");
  fs::remove(building + "-shm");
  if (from > 0) {
    fs::copy_file(db_path(from), building);
    read_meta(from, &next_article, &in_store);
  }
  Log(absl::StrFormat("loading %d claims (from cached %d)", target, from));
  double seconds = 0;
  {
    absl::StatusOr<std::unique_ptr<claims::ClaimStore>> store = claims::ClaimStore::Open(building);
    if (!store.ok()) return store.status();
    absl::StatusOr<LoadProgress> progress = LoadClaims(corpus, **store, next_article, target);
    if (!progress.ok()) return progress.status();
    next_article = progress->next_article;
    in_store = progress->claims_in_store;
    seconds = progress->seconds;
  }  // closing checkpoints the WAL into the main file
  fs::rename(building, db_path(target));
  {
    std::ofstream meta(meta_path(target), std::ios::trunc);
    meta << next_article << " " << in_store << "\n";
  }
  record.load_seconds = seconds;
  record.claims_in_store = in_store;
  record.db_bytes = static_cast<std::int64_t>(fs::file_size(db_path(target)));
  *loaded_claim_indices = next_article * corpus.options().claims_per_article;
  Log(absl::StrFormat("loaded %d claims in %.1f s (%.0f claims/s)", in_store, seconds,
                      static_cast<double>(in_store - from) / std::max(seconds, 1e-9)));
  return db_path(target);
}

// A fresh PostgreSQL database of `target` synthetic claims at `url`: drops
// and recreates the public schema (both services' tables live there), then
// loads through ClaimStore::OpenFromUrl like the SQLite loader (not cached:
// the server is usually a throwaway one). Fills the record.
absl::Status LoadPostgresDatabase(const SyntheticCorpus& corpus, const std::string& url,
                                  std::int64_t target, ScaleRecord& record,
                                  std::int64_t* loaded_claim_indices) {
  absl::StatusOr<common::DatabaseUrl> parsed = common::ParseDatabaseUrl(url);
  if (!parsed.ok()) return parsed.status();
  if (parsed->engine != common::DatabaseUrl::Engine::kPostgresql) {
    return absl::InvalidArgumentError("--postgres_url is not a postgresql:// URL");
  }
  common::PostgresOptions options;
  options.pool_size = 1;
  options.application_name = "claimtrace-bench-loader";
  options.statement_timeout = absl::Minutes(10);
  absl::StatusOr<std::unique_ptr<common::PostgresDatabase>> admin =
      common::PostgresDatabase::Open(parsed->target, options);
  if (!admin.ok()) return admin.status();
  absl::Status reset =
      (*admin)->InTransaction(common::PgAccess::kReadWrite, [](common::PgTransaction& t) {
        return t.ExecuteScript("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
      });
  if (!reset.ok()) return reset;
  record.load_method =
      "direct: ClaimStore::OpenFromUrl(postgresql) + RecordArticleClaims with synthetic claims "
      "(one transaction per synthetic article of " +
      absl::StrCat(corpus.options().claims_per_article) +
      " claims + 2 repeats), no extractor; fresh public schema";
  Log(absl::StrFormat("loading %d claims into PostgreSQL", target));
  {
    absl::StatusOr<std::unique_ptr<claims::ClaimStore>> store =
        claims::ClaimStore::OpenFromUrl(*parsed, options);
    if (!store.ok()) return store.status();
    absl::StatusOr<LoadProgress> progress = LoadClaims(corpus, **store, 0, target);
    if (!progress.ok()) return progress.status();
    record.load_seconds = progress->seconds;
    record.claims_in_store = progress->claims_in_store;
    *loaded_claim_indices = progress->next_article * corpus.options().claims_per_article;
  }
  // Fresh statistics, as autovacuum would have them on a long-running server.
  absl::Status analyzed =
      (*admin)->InTransaction(common::PgAccess::kReadWrite,
                              [](common::PgTransaction& t) { return t.ExecuteScript("ANALYZE;"); });
  if (!analyzed.ok()) Log("ANALYZE failed: " + std::string(analyzed.message()));
  (void)(*admin)->InTransaction(common::PgAccess::kReadOnly, [&](common::PgTransaction& t) {
    absl::StatusOr<common::PgResult> size =
        t.Execute("SELECT pg_database_size(current_database())");
    if (size.ok() && size->rows() == 1) record.db_bytes = size->Int(0, 0);
    return absl::OkStatus();
  });
  Log(absl::StrFormat(
      "loaded %d claims into PostgreSQL in %.1f s (%.0f claims/s)", record.claims_in_store,
      record.load_seconds,
      static_cast<double>(record.claims_in_store) / std::max(record.load_seconds, 1e-9)));
  return absl::OkStatus();
}

// ---------------------------------------------------------------- scale point

// One scale point on one backend: "sqlite" (cached database files) or
// "postgresql" (a fresh schema at `postgres_url`, both services on it).
ScaleRecord RunScale(const Settings& settings, const SyntheticCorpus& corpus,
                     const std::string& service_cpus, std::int64_t target, int scale_index,
                     const std::string& backend, const std::string& postgres_url) {
  ScaleRecord record;
  record.backend = backend;
  record.target_claims = target;
  Services services;
  services.events = &record.events;
  services.cpus = service_cpus;
  services.dir =
      absl::StrCat(settings.work_dir, "/run-", target, backend == "sqlite" ? "" : "-" + backend);
  std::int64_t loaded_indices = 0;
  if (backend == "postgresql") {
    absl::Status loaded =
        LoadPostgresDatabase(corpus, postgres_url, target, record, &loaded_indices);
    if (!loaded.ok()) {
      record.events.push_back("loading failed: " + std::string(loaded.message()));
      return record;
    }
    fs::remove_all(services.dir);
    fs::create_directories(services.dir);
    services.claims_db_url = services.provenance_db_url = postgres_url;
  } else {
    const std::string cache_dir = settings.work_dir + "/cache";
    fs::create_directories(cache_dir);
    absl::StatusOr<std::string> cached =
        EnsureClaimsDatabase(corpus, cache_dir, target, record, &loaded_indices);
    if (!cached.ok()) {
      record.events.push_back("loading failed: " + std::string(cached.status().message()));
      return record;
    }
    fs::remove_all(services.dir);
    fs::create_directories(services.dir);
    services.claims_db = services.dir + "/claims.db";
    services.provenance_db = services.dir + "/provenance.db";
    fs::copy_file(*cached, services.claims_db);
    record.cached_db = *cached;
  }

  double claims_startup = 0, provenance_startup = 0;
  if (!services.StartBaseline() || !services.StartClaims(&claims_startup) ||
      !services.StartProvenance(&provenance_startup)) {
    services.StopAll();
    return record;
  }
  record.processes["claims_service"].startup_ms = claims_startup;
  record.processes["provenance_service"].startup_ms = provenance_startup;

  auto baseline_target = [&] {
    return Target{services.baseline.address(),
                  services.baseline.metrics_port(),
                  {{"bench_baseline_server", services.baseline.pid()}}};
  };
  auto claims_target = [&] {
    return Target{services.claims.address(),
                  services.claims.metrics_port(),
                  {{"claims_service", services.claims.pid()}}};
  };
  auto provenance_target = [&] {
    return Target{services.provenance.address(),
                  services.provenance.metrics_port(),
                  {{"provenance_service", services.provenance.pid()},
                   {"claims_service", services.claims.pid()}}};
  };
  const std::vector<std::string> empty_body = {Serialize(bench::v1::EmptyRequest())};
  const int c_max = settings.throughput_concurrency;
  const std::vector<int> concurrencies = {1, c_max};
  const std::vector<std::string> selected =
      absl::StrSplit(absl::GetFlag(FLAGS_scenarios), ',', absl::SkipEmpty());
  auto wanted = [&](std::string_view scenario) {
    if (selected.empty()) return true;
    const std::string_view base = scenario.substr(0, scenario.find('@'));
    return std::find(selected.begin(), selected.end(), base) != selected.end();
  };
  auto run = [&](const std::string& scenario, const std::string& tool,
                 const std::function<Target()>& target_of, const std::string& method,
                 const std::vector<std::string>& bodies, const std::string& note, int c,
                 double rate = 0) {
    if (!wanted(scenario)) return;
    services.ReviveIfDead(scenario + " " + tool);
    if (bodies.empty()) {
      record.events.push_back(scenario + ": no request bodies; skipped");
      return;
    }
    // A figure that is a target is measured several times: one pair's QPS
    // ratio moves by +-0.1 from run to run on a shared 2-core VM, an open
    // loop's p99 by more. The order alternates (bare first, then the
    // service first, ...) so that a drift in the machine's speed during the
    // pairs favours neither side.
    const bool ratio_is_target =
        rate == 0 && c == c_max && (scenario == "GetClaim" || scenario == "TraceClaim");
    const bool p99_is_target =
        rate > 0 && (scenario == "GetClaim@50%" || scenario == "TraceClaim@50%");
    const bool is_target = ratio_is_target || p99_is_target;
    const int pairs = is_target ? settings.pairs : 1;
    const auto target_figure = [&](const RunRecord& r) {
      return p99_is_target ? r.latency.p99_ms : r.qps_ratio;
    };
    // A host's other guests come and go within seconds and hit one side of
    // a pair harder than the other: a pair that lost more than
    // --max_pair_steal of the machine's CPU time to them is measured again.
    const double max_steal = is_target ? settings.max_pair_steal : -1;
    MeasuredPairs<RunRecord> measured = MeasurePairsAvoidingSteal<RunRecord>(
        pairs, max_steal,
        [&](int slot) {
          RunRecord base, service;
          const auto measure_base = [&] {
            base = Measure(settings, "Baseline", tool, baseline_target(), kBaselineMethod,
                           empty_body, "empty request", c, rate);
          };
          const auto measure_service = [&] {
            service = Measure(settings, scenario, tool, target_of(), method, bodies, note, c, rate);
          };
          if (slot % 2 == 0) {
            measure_base();
            measure_service();
          } else {
            measure_service();
            measure_base();
          }
          AttachBaseline(base, service);
          if (max_steal >= 0 && PairSteal(service) > max_steal) {
            Log(absl::StrFormat("that pair lost %.1f%% of the machine to steal",
                                PairSteal(service)));
          }
          return service;
        },
        PairSteal);
    std::vector<RunRecord>& measured_pairs = measured.kept;
    // The median pair stands for the run, every figure of it from that one
    // pair; the other pairs' target figures are kept beside it.
    std::vector<std::size_t> order(measured_pairs.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    // Equal figures: the less disturbed pair stands for them.
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const double fa = target_figure(measured_pairs[a]), fb = target_figure(measured_pairs[b]);
      if (fa != fb) return fa < fb;
      return PairSteal(measured_pairs[a]) < PairSteal(measured_pairs[b]);
    });
    std::vector<double> figures;
    std::vector<double> steals;
    for (const RunRecord& r : measured_pairs) {
      figures.push_back(target_figure(r));
      steals.push_back(PairSteal(r));
    }
    RunRecord chosen = std::move(measured_pairs[order[(order.size() - 1) / 2]]);
    if (pairs > 1) (p99_is_target ? chosen.pair_p99_ms : chosen.pair_qps_ratios) = figures;
    if (is_target) {
      chosen.pair_steal_percent = steals;
      chosen.pairs_set_aside_for_steal = measured.set_aside;
      chosen.pairs_kept_despite_steal = measured.kept_disturbed;
    }
    record.runs.push_back(std::move(chosen));
  };

  // Bodies.
  claims::v1::GetClaimRequest one_claim;
  one_claim.set_name("claims/" + corpus.ClaimId(loaded_indices / 2));
  claims::v1::ListClaimsRequest one_list;
  one_list.set_page_size(50);
  one_list.set_filter(ListFilter(corpus, 0));
  claims::v1::SearchClaimsRequest one_search;
  one_search.set_query(absl::StrCat(
      corpus.OrganisationName(0).substr(0, corpus.OrganisationName(0).find(' ')), " funding"));
  one_search.set_page_size(20);
  const std::vector<std::string> get_bodies = GetClaimBodies(corpus, loaded_indices, 4000);
  const std::vector<std::string> list_bodies = ListBodies(corpus, 1000);
  const std::vector<std::string> search_bodies = SearchBodies(corpus, 1000);

  for (int c : concurrencies) {
    run("GetClaim", "h2load", claims_target, kGetClaim, {Serialize(one_claim)}, "one claim name",
        c);
    run("GetClaim", "client", claims_target, kGetClaim, get_bodies, "4000 random claim names", c);
  }
  for (int c : concurrencies) {
    run("ListClaims", "h2load", claims_target, kListClaims, {Serialize(one_list)},
        absl::StrCat("page 50, filter ", one_list.filter()), c);
    run("ListClaims", "client", claims_target, kListClaims, list_bodies,
        "page 50, 1000 filters subject = <Zipf-drawn org> AND kind = QUANTITY", c);
  }
  for (int c : concurrencies) {
    run("SearchClaims", "h2load", claims_target, kSearchClaims, {Serialize(one_search)},
        absl::StrCat("page 20, query \"", one_search.query(), "\""), c);
    run("SearchClaims", "client", claims_target, kSearchClaims, search_bodies,
        "page 20, 1000 queries <org word> <topic word>", c);
  }
  // IngestArticle: a new synthetic article per call (the same text again
  // would be a no-op), end to end through both services.
  const int ingest_cap = std::max(1, absl::GetFlag(FLAGS_ingest_articles));
  std::int64_t article_base = 1000000000LL + static_cast<std::int64_t>(scale_index) * 10000000LL;
  for (int c : concurrencies) {
    if (!wanted("IngestArticle") && !wanted("TraceClaim")) break;
    services.ReviveIfDead("IngestArticle");
    const std::vector<std::string> bodies = IngestBodies(corpus, article_base, ingest_cap);
    article_base += ingest_cap;
    const RunRecord base = Measure(settings, "Baseline", "client", baseline_target(),
                                   kBaselineMethod, empty_body, "empty request", c);
    RunRecord measured =
        Measure(settings, "IngestArticle", "client", provenance_target(), kIngestArticle, bodies,
                absl::StrFormat("new synthetic article per call (at most %d)", ingest_cap), c, 0,
                /*each_body_once=*/true, 0, /*warmup=*/absl::ZeroDuration());
    AttachBaseline(base, measured);
    if (wanted("IngestArticle")) record.runs.push_back(std::move(measured));
  }
  std::string trace_error;
  std::vector<std::string> trace_bodies;
  if (wanted("TraceClaim")) {
    services.ReviveIfDead("TraceClaim");
    trace_bodies = TracedClaimBodies(services.provenance.address(), 2000, &trace_error);
  }
  if (!trace_error.empty()) record.events.push_back(trace_error);
  for (int c : concurrencies) {
    run("TraceClaim", "client", provenance_target, kTraceClaim, trace_bodies,
        absl::StrFormat("%d claims with evidence (from the ingested articles)",
                        trace_bodies.size()),
        c);
  }
  // p99 at half of peak: open loop at 50% of the measured throughput, with
  // each tool at half of its own c=max peak.
  auto peak_of = [&](const std::string& scenario, const std::string& tool) {
    double peak = 0;
    for (const RunRecord& r : record.runs) {
      if (r.scenario == scenario && r.tool == tool && r.concurrency == c_max) peak = r.qps;
    }
    return peak;
  };
  if (const double peak = peak_of("GetClaim", "h2load"); peak > 0) {
    run("GetClaim@50%", "h2load", claims_target, kGetClaim, get_bodies,
        "one claim name, open loop (--rps) at half the c=max QPS", c_max, peak / 2);
  }
  for (const std::string scenario : {"GetClaim", "TraceClaim"}) {
    const double peak = peak_of(scenario, "client");
    if (peak <= 0) continue;
    if (scenario == "GetClaim") {
      run("GetClaim@50%", "client", claims_target, kGetClaim, get_bodies,
          "4000 random claim names, open loop at half the c=max QPS", c_max, peak / 2);
    } else {
      run("TraceClaim@50%", "client", provenance_target, kTraceClaim, trace_bodies,
          "claims with evidence, open loop at half the c=max QPS", c_max, peak / 2);
    }
  }
  services.ReviveIfDead("the end of the scale point");
  const std::vector<std::pair<std::string, pid_t>> pids = {
      {"bench_baseline_server", services.baseline.pid()},
      {"claims_service", services.claims.pid()},
      {"provenance_service", services.provenance.pid()}};
  for (const auto& [name, pid] : pids) {
    const ProcessSample s = SampleProcess(pid);
    record.processes[name].vm_hwm_kb = s.vm_hwm_kb;
    record.processes[name].vm_rss_kb = s.vm_rss_kb;
  }
  services.StopAll();
  fs::remove_all(services.dir);
  return record;
}

// ---------------------------------------------------------------- seeds

SeedIngestRecord RunSeedIngest(const Settings& settings, const SyntheticCorpus& corpus,
                               const std::string& service_cpus, const std::string& seed_dir) {
  SeedIngestRecord record;
  if (seed_dir.empty() || !fs::is_directory(seed_dir)) {
    record.note = "skipped: no seed folder (set CLAIMTRACE_SEED_DIR or --seed_dir)";
    return record;
  }
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(seed_dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> bodies;
  for (const std::string& file : files) {
    provenance::v1::IngestArticleRequest request;
    request.set_text(testing::ReadFile(file));
    bodies.push_back(Serialize(request));
  }
  record.articles = static_cast<int>(bodies.size());
  if (bodies.empty()) {
    record.note = "skipped: seed folder is empty";
    return record;
  }
  for (int rep = 0; rep < 3; ++rep) {
    Services services;
    services.events = &record.events;
    services.cpus = service_cpus;
    services.dir = absl::StrCat(settings.work_dir, "/seeds-", rep);
    fs::remove_all(services.dir);
    fs::create_directories(services.dir);
    services.claims_db = services.dir + "/claims.db";
    services.provenance_db = services.dir + "/provenance.db";
    if (!services.StartClaims(nullptr) || !services.StartProvenance(nullptr)) {
      services.StopAll();
      record.note = "services did not start";
      return record;
    }
    // One synthetic article first, so connections and caches are warm as
    // they would be in a running service.
    LoadOptions warm;
    warm.target = services.provenance.address();
    warm.method = kIngestArticle;
    warm.bodies = IngestBodies(corpus, 2000000000LL + rep, 1);
    warm.use_each_body_once = true;
    warm.warmup = absl::ZeroDuration();
    warm.duration = absl::Seconds(60);
    RunLoad(warm);

    LoadOptions o;
    o.target = services.provenance.address();
    o.method = kIngestArticle;
    o.bodies = bodies;
    o.use_each_body_once = true;
    o.warmup = absl::ZeroDuration();
    o.duration = absl::Seconds(120);
    const auto t0 = std::chrono::steady_clock::now();
    LoadResult l = RunLoad(o);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (l.ok != static_cast<std::int64_t>(bodies.size())) {
      record.events.push_back(absl::StrFormat("repetition %d: %d of %d ingests OK; first error %s",
                                              rep, l.ok, bodies.size(), l.first_error));
      if (services.claims.WaitForExit(std::chrono::milliseconds(200)).has_value()) {
        const std::string log = services.claims.log();
        record.events.push_back("claims_service crashed ingesting the seeds. Log tail: " +
                                log.substr(log.size() > 800 ? log.size() - 800 : 0));
        services.claims_up = false;
      }
      services.StopAll();
      fs::remove_all(services.dir);
      break;
    }
    record.ran = true;
    record.total_ms.push_back(ms);
    services.StopAll();
    fs::remove_all(services.dir);
  }
  if (!record.total_ms.empty()) {
    std::vector<double> sorted = record.total_ms;
    std::sort(sorted.begin(), sorted.end());
    record.median_total_ms = sorted[sorted.size() / 2];
  }
  return record;
}

// ---------------------------------------------------------------- microbenchmarks

std::vector<MicroRecord> RunMicrobenchmarks(const std::string& binary, const std::string& cpus,
                                            double min_time, std::string* error) {
  std::vector<MicroRecord> out;
  if (binary.empty()) return out;
  if (access(binary.c_str(), X_OK) != 0) {
    *error = "microbenchmark binary not built: " + binary;
    return out;
  }
  std::vector<std::string> argv;
  if (!cpus.empty()) argv = {"taskset", "-c", cpus};
  const std::string json_path = "/tmp/claimtrace-bench-micro.json";
  argv.insert(argv.end(), {binary, "--benchmark_out=" + json_path, "--benchmark_out_format=json",
                           absl::StrFormat("--benchmark_min_time=%.2f", min_time)});
  std::string output;
  const int code = RunAndCapture(argv, &output);
  const std::string json = testing::ReadFile(json_path);
  std::remove(json_path.c_str());
  if (code != 0)
    *error = absl::StrCat("microbenchmarks exited ", code, ": ", output.substr(0, 1500));
  google::protobuf::Struct parsed;
  if (!google::protobuf::util::JsonStringToMessage(json, &parsed).ok()) {
    if (error->empty()) *error = "microbenchmark output is not JSON";
    return out;
  }
  const auto it = parsed.fields().find("benchmarks");
  if (it == parsed.fields().end()) return out;
  for (const auto& b : it->second.list_value().values()) {
    const auto& f = b.struct_value().fields();
    MicroRecord m;
    if (f.count("name")) m.name = f.at("name").string_value();
    if (f.count("bytes_per_second")) m.mb_per_s = f.at("bytes_per_second").number_value() / 1e6;
    if (f.count("cpu_time")) m.ns_per_iteration = f.at("cpu_time").number_value();
    out.push_back(m);
  }
  return out;
}

// ---------------------------------------------------------------- search ranking

// bench_search_rank on the largest SQLite database of the run: the store's
// search against bm25() on the same window.
SearchRankRecord RunSearchRank(const std::string& binary, const std::vector<ScaleRecord>& records,
                               const std::string& cpus) {
  SearchRankRecord out;
  const ScaleRecord* largest = nullptr;
  for (const ScaleRecord& r : records) {
    if (!r.cached_db.empty() &&
        (largest == nullptr || r.claims_in_store > largest->claims_in_store))
      largest = &r;
  }
  if (binary.empty() || largest == nullptr) return out;
  out.claims = largest->claims_in_store;
  if (access(binary.c_str(), X_OK) != 0) {
    out.error = "bench_search_rank not built: " + binary;
    return out;
  }
  std::vector<std::string> argv;
  if (!cpus.empty()) argv = {"taskset", "-c", cpus};
  argv.insert(argv.end(), {binary, "--db=" + largest->cached_db, "--json"});
  std::string output;
  const int code = RunAndCapture(argv, &output);
  google::protobuf::Struct parsed;
  if (code != 0 || !google::protobuf::util::JsonStringToMessage(output, &parsed).ok()) {
    out.error = absl::StrCat("bench_search_rank exited ", code, ": ", output.substr(0, 1500));
    return out;
  }
  out.json = std::string(absl::StripAsciiWhitespace(output));
  return out;
}

// The Markdown section of a SearchRankRecord.
std::string SearchRankMarkdown(const SearchRankRecord& rank) {
  if (rank.json.empty() && rank.error.empty()) return "";
  std::string md =
      absl::StrCat("\n## Search ranking against bm25() (", rank.claims, " claims)\n\n");
  if (!rank.error.empty()) return absl::StrCat(md, "Error: ", rank.error.substr(0, 400), "\n");
  google::protobuf::Struct parsed;
  if (!google::protobuf::util::JsonStringToMessage(rank.json, &parsed).ok()) return md;
  const auto& f = parsed.fields();
  auto number = [](const google::protobuf::Struct& s, const std::string& key) {
    const auto it = s.fields().find(key);
    return it == s.fields().end() ? 0.0 : it->second.number_value();
  };
  const google::protobuf::Struct& store = f.at("store").struct_value();
  const google::protobuf::Struct& reference = f.at("reference_bm25").struct_value();
  absl::StrAppendFormat(&md,
                        "bench_search_rank: %d queries, page %d, each ranked by the store "
                        "(claimtrace_bm25) and by bm25() on the same window, alternating.\n\n"
                        "| ms | p50 | p90 | p99 | mean |\n| --- | ---: | ---: | ---: | ---: |\n",
                        static_cast<int>(number(parsed, "queries")),
                        static_cast<int>(number(parsed, "page")));
  for (const auto& [label, s] :
       {std::pair<const char*, const google::protobuf::Struct*>{"store (claimtrace_bm25)", &store},
        {"reference (bm25)", &reference}}) {
    absl::StrAppendFormat(&md, "| %s | %.3f | %.3f | %.3f | %.3f |\n", label, number(*s, "p50_ms"),
                          number(*s, "p90_ms"), number(*s, "p99_ms"), number(*s, "mean_ms"));
  }
  auto ratio = [&](const std::string& key) {
    const double r = number(reference, key);
    return r > 0 ? number(store, key) / r : 0.0;
  };
  absl::StrAppendFormat(&md, "| store / reference | %.2f | %.2f | %.2f | %.2f |\n\n",
                        ratio("p50_ms"), ratio("p90_ms"), ratio("p99_ms"), ratio("mean_ms"));
  absl::StrAppendFormat(
      &md, "Identical pages: %.1f%%; mean overlap with the reference page: %.2f%%\n",
      100 * number(parsed, "identical_pages"), 100 * number(parsed, "mean_overlap"));
  return md;
}

// ---------------------------------------------------------------- output

std::string Num(double v, int digits = 3) {
  if (!(v == v)) return "null";  // NaN
  return absl::StrFormat("%.*f", digits, v);
}

// The load column: the load, with what an open loop did not send and how
// late our client started its calls (its own lag, inside the latency).
std::string LoadCell(const RunRecord& r) {
  std::string cell = r.load;
  if (r.skipped > 0) absl::StrAppend(&cell, " (", r.skipped, " not sent: cap)");
  if (r.issue_lag.count > 0) {
    absl::StrAppendFormat(&cell, "; start lag p99 %.2f ms (bare run %.2f)", r.issue_lag.p99_ms,
                          r.baseline_issue_lag.p99_ms);
  }
  const auto pairs_cell = [&](const std::vector<double>& figures, const char* label) {
    if (figures.empty()) return;
    std::vector<std::string> shown;
    for (double figure : figures) shown.push_back(Num(figure, 2));
    absl::StrAppend(&cell, "; median of ", figures.size(), " pairs, ", label, " ",
                    absl::StrJoin(shown, " / "));
  };
  pairs_cell(r.pair_qps_ratios, "QPS ×bare");
  pairs_cell(r.pair_p99_ms, "p99 ms");
  if (r.pairs_set_aside_for_steal > 0) {
    absl::StrAppend(&cell, " (", r.pairs_set_aside_for_steal,
                    r.pairs_set_aside_for_steal == 1 ? " pair" : " pairs",
                    " measured again for steal above the limit",
                    r.pairs_kept_despite_steal > 0
                        ? absl::StrCat(", ", r.pairs_kept_despite_steal, " kept above it")
                        : std::string(),
                    ")");
  }
  // Steal worth a mention: the run's figures lost that share of the machine.
  if (PairSteal(r) >= 0.5) {
    absl::StrAppend(&cell, "; steal ", StealText(r.steal_percent), " (bare run ",
                    StealText(r.baseline_steal_percent), ")");
  }
  return cell;
}

// A steal percent for the JSON: null where it was not counted (negative).
std::string PercentOrNull(double steal) { return steal < 0 ? "null" : Num(steal, 2); }

// `,"key":[...]` for a run's per-pair figures, each written by `format`;
// nothing when it had none.
std::string PairFiguresJson(
    const char* key, const std::vector<double>& figures,
    std::string (*format)(double) = [](double v) { return Num(v); }) {
  if (figures.empty()) return std::string();
  std::vector<std::string> shown;
  for (double figure : figures) shown.push_back(format(figure));
  return absl::StrCat(",\"", key, "\":[", absl::StrJoin(shown, ","), "]");
}

std::string RunJson(const RunRecord& r) {
  std::vector<std::string> codes;
  for (const auto& [k, v] : r.codes) codes.push_back(absl::StrCat(JsonQuote(k), ":", v));
  std::vector<std::string> cpu;
  for (const auto& [k, v] : r.cpu_us_by_process)
    cpu.push_back(absl::StrCat(JsonQuote(k), ":", Num(v, 1)));
  return absl::StrCat(
      "{\"scenario\":", JsonQuote(r.scenario), ",\"tool\":", JsonQuote(r.tool),
      ",\"load\":", JsonQuote(r.load), ",\"concurrency\":", r.concurrency,
      ",\"bodies\":", JsonQuote(r.bodies), ",\"requests\":", r.requests, ",\"ok\":", r.ok,
      ",\"skipped\":", r.skipped, ",\"codes\":{", absl::StrJoin(codes, ","), "}",
      ",\"grpc_status_ok_verified\":", r.verified ? "true" : "false",
      ",\"verification\":", JsonQuote(r.verification),
      ",\"first_error\":", JsonQuote(r.first_error), ",\"qps\":", Num(r.qps, 1),
      ",\"latency_ms\":{\"mean\":", Num(r.latency.mean_ms), ",\"p50\":", Num(r.latency.p50_ms),
      ",\"p90\":", Num(r.latency.p90_ms), ",\"p99\":", Num(r.latency.p99_ms),
      ",\"max\":", Num(r.latency.max_ms), ",\"samples\":", r.latency.count, "}",
      r.issue_lag.count > 0
          ? absl::StrCat(",\"issue_lag_ms\":{\"p50\":", Num(r.issue_lag.p50_ms),
                         ",\"p99\":", Num(r.issue_lag.p99_ms), ",\"max\":", Num(r.issue_lag.max_ms),
                         ",\"baseline_p99\":", Num(r.baseline_issue_lag.p99_ms), "}")
          : std::string(),
      ",\"cpu_us_per_request\":", Num(r.cpu_us_per_request, 1),
      ",\"cpu_us_per_request_by_process\":{", absl::StrJoin(cpu, ","), "}",
      ",\"baseline\":{\"qps\":", Num(r.baseline_qps, 1),
      ",\"p50_ms\":", Num(r.baseline_latency.p50_ms),
      ",\"p90_ms\":", Num(r.baseline_latency.p90_ms),
      ",\"p99_ms\":", Num(r.baseline_latency.p99_ms),
      ",\"cpu_us_per_request\":", Num(r.baseline_cpu_us, 1),
      ",\"grpc_status_ok_verified\":", r.baseline_verified ? "true" : "false",
      ",\"verification\":", JsonQuote(r.baseline_verification), "}",
      ",\"vs_baseline\":{\"qps\":", Num(r.qps_ratio), ",\"p50\":", Num(r.p50_ratio),
      ",\"p99\":", Num(r.p99_ratio), ",\"cpu\":", Num(r.cpu_ratio), "}",
      PairFiguresJson("pair_qps_ratios", r.pair_qps_ratios),
      PairFiguresJson("pair_p99_ms", r.pair_p99_ms),
      PairFiguresJson("pair_steal_percent", r.pair_steal_percent, PercentOrNull),
      ",\"steal_percent\":", PercentOrNull(r.steal_percent),
      ",\"baseline_steal_percent\":", PercentOrNull(r.baseline_steal_percent),
      ",\"pairs_set_aside_for_steal\":", r.pairs_set_aside_for_steal,
      ",\"pairs_kept_despite_steal\":", r.pairs_kept_despite_steal,
      ",\"command\":", JsonQuote(r.command), "}");
}

struct TargetCheck {
  std::string name;
  std::string value;
  std::string goal;
  std::string met;  // "yes", "no", "n/a"
};

const RunRecord* Find(const ScaleRecord& s, const std::string& scenario, const std::string& tool,
                      const std::string& load) {
  for (const RunRecord& r : s.runs) {
    if (r.scenario == scenario && r.tool == tool && r.load.rfind(load, 0) == 0) return &r;
  }
  return nullptr;
}

std::vector<TargetCheck> CheckTargets(const std::vector<ScaleRecord>& scales,
                                      const SeedIngestRecord& seeds,
                                      const std::vector<MicroRecord>& micro, int c_max) {
  std::vector<TargetCheck> checks;
  const std::string cm = absl::StrCat("c=", c_max);
  auto yes = [](bool b) { return std::string(b ? "yes" : "no"); };
  if (scales.empty()) return checks;
  const ScaleRecord& small = scales.front();
  const ScaleRecord& large = scales.back();
  for (const ScaleRecord* s : {&small, &large}) {
    const std::string at = absl::StrCat(" (", s->claims_in_store, " claims)");
    if (const RunRecord* r = Find(*s, "GetClaim", "h2load", cm)) {
      checks.push_back({"GetClaim QPS / bare, h2load " + cm + at, Num(r->qps_ratio, 2), ">= 0.80",
                        yes(r->qps_ratio >= 0.8)});
    }
    if (const RunRecord* r = Find(*s, "GetClaim", "client", cm)) {
      checks.push_back({"GetClaim QPS / bare, client " + cm + at, Num(r->qps_ratio, 2), ">= 0.80",
                        yes(r->qps_ratio >= 0.8)});
    }
    if (const RunRecord* r = Find(*s, "TraceClaim", "client", cm)) {
      checks.push_back({"TraceClaim QPS / bare, client " + cm + at, Num(r->qps_ratio, 2), ">= 0.40",
                        yes(r->qps_ratio >= 0.4)});
    }
    for (const auto& [scenario, tool] :
         {std::pair<std::string, std::string>{"GetClaim@50%", "h2load"},
          {"GetClaim@50%", "client"},
          {"TraceClaim@50%", "client"}}) {
      if (const RunRecord* r = Find(*s, scenario, tool, "rate=")) {
        checks.push_back(
            {absl::StrCat(scenario, " p99 at half of peak, ", tool, at, "; bare at the same rate ",
                          Num(r->baseline_latency.p99_ms, 2), " ms"),
             Num(r->latency.p99_ms, 2) + " ms", "<= 2 ms", yes(r->latency.p99_ms <= 2.0)});
      }
    }
    if (s == &small && &small == &large) break;
  }
  const std::string at_large = absl::StrCat(" (", large.claims_in_store, " claims)");
  for (const std::string tool : {"h2load", "client"}) {
    if (const RunRecord* r = Find(large, "ListClaims", tool, "c=1")) {
      checks.push_back({"ListClaims p99, " + tool + " c=1" + at_large,
                        Num(r->latency.p99_ms, 2) + " ms", "<= 5 ms (at 1M)",
                        yes(r->latency.p99_ms <= 5.0)});
    }
    if (const RunRecord* r = Find(large, "SearchClaims", tool, "c=1")) {
      checks.push_back({"SearchClaims p99, " + tool + " c=1" + at_large,
                        Num(r->latency.p99_ms, 2) + " ms", "<= 20 ms (at 1M)",
                        yes(r->latency.p99_ms <= 20.0)});
    }
  }
  if (scales.size() > 1) {
    const RunRecord* a = Find(small, "GetClaim", "client", "c=1");
    const RunRecord* b = Find(large, "GetClaim", "client", "c=1");
    if (a != nullptr && b != nullptr && a->latency.p50_ms > 0) {
      const double growth = b->latency.p50_ms / a->latency.p50_ms;
      checks.push_back({absl::StrFormat("GetClaim p50 growth %d -> %d claims (client c=1)",
                                        small.claims_in_store, large.claims_in_store),
                        Num(growth, 2) + "x", "~1x (flat; <= 1.25x)", yes(growth <= 1.25)});
    }
  }
  for (const MicroRecord& m : micro) {
    if (m.name.find("Extraction") != std::string::npos && m.mb_per_s > 0) {
      checks.push_back({"Extraction throughput, one core: " + m.name, Num(m.mb_per_s, 1) + " MB/s",
                        ">= 20 MB/s", yes(m.mb_per_s >= 20)});
    }
  }
  if (seeds.ran) {
    checks.push_back({absl::StrFormat("Ingest the %d seed articles end to end (median of %d)",
                                      seeds.articles, seeds.total_ms.size()),
                      Num(seeds.median_total_ms, 1) + " ms", "< 100 ms",
                      yes(seeds.median_total_ms < 100)});
  } else {
    checks.push_back({"Ingest the seed articles end to end",
                      seeds.note.empty() ? "failed" : seeds.note, "< 100 ms",
                      seeds.note.rfind("skipped", 0) == 0 ? "n/a" : "no"});
  }
  for (const char* name : {"claims_service", "provenance_service"}) {
    const auto it = large.processes.find(name);
    if (it == large.processes.end()) continue;
    checks.push_back({absl::StrCat("Peak RSS of ", name, at_large),
                      Num(static_cast<double>(it->second.vm_hwm_kb) / 1024.0, 1) + " MiB",
                      "<= 1024 MiB", yes(it->second.vm_hwm_kb <= 1024 * 1024)});
  }
  if (const auto it = large.processes.find("claims_service"); it != large.processes.end()) {
    checks.push_back({"claims_service start-up on the existing database" + at_large,
                      Num(it->second.startup_ms, 0) + " ms", "<= 2000 ms",
                      yes(it->second.startup_ms <= 2000)});
  }
  return checks;
}

// "SQLite vs PostgreSQL": every scenario of each scale point on both
// backends, p50/p99 at c=1 and QPS at c=max (open-loop runs: p50/p99 at
// their rate), with PostgreSQL/SQLite ratios. Empty unless both ran.
std::string SideBySide(const std::vector<ScaleRecord>& all_scales, int c_max) {
  std::map<std::int64_t, const ScaleRecord*> sqlite, postgres;
  for (const ScaleRecord& s : all_scales) {
    (s.backend == "sqlite" ? sqlite : postgres)[s.target_claims] = &s;
  }
  if (sqlite.empty() || postgres.empty()) return "";
  auto find = [](const ScaleRecord& s, const std::string& scenario, const std::string& tool,
                 int concurrency) -> const RunRecord* {
    for (const RunRecord& r : s.runs) {
      if (r.scenario == scenario && r.tool == tool && r.concurrency == concurrency) return &r;
    }
    return nullptr;
  };
  auto ratio = [](double pg, double lite) {
    return lite > 0 && pg > 0 ? absl::StrFormat("%.2f", pg / lite) : std::string("-");
  };
  std::string md = absl::StrFormat(
      "\n## SQLite vs PostgreSQL\n\nThe same scenarios on the same synthetic claims, one backend "
      "after the other at each scale point (PostgreSQL: both services on one throwaway local "
      "server, fsync off, fresh schema per scale point). Each row is one run: p50/p99 latency "
      "and QPS at that load (c=1, c=%d, or open loop at half of each backend's own c=%d peak "
      "for the @50%% rows, so their QPS differ by design). Ratios are PostgreSQL / SQLite: "
      "above 1, PostgreSQL is slower in latency and faster in QPS. The PostgreSQL server "
      "processes are not pinned to the servers' CPU and their CPU time is not in the CPU per "
      "request figures below.\n\n"
      "| claims | scenario | tool | load | SQLite p50 ms | SQLite p99 ms | SQLite QPS | "
      "PostgreSQL p50 ms | PostgreSQL p99 ms | PostgreSQL QPS | p50 PG/SQLite | p99 PG/SQLite | "
      "QPS PG/SQLite |\n| ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
      "| ---: | ---: |\n",
      c_max, c_max);
  std::string notes;  // after the table, which must stay one block
  for (const auto& [target, lite_scale] : sqlite) {
    const auto pg_it = postgres.find(target);
    if (pg_it == postgres.end()) continue;
    const ScaleRecord& pg_scale = *pg_it->second;
    // Rows in the SQLite run's order.
    for (const RunRecord& lite : lite_scale->runs) {
      const RunRecord* pg = find(pg_scale, lite.scenario, lite.tool, lite.concurrency);
      // `decimals` digits after the point; "-" when the run is missing.
      auto cell = [](const RunRecord* r, double v, int decimals) {
        return r == nullptr ? std::string("-") : absl::StrFormat("%.*f", decimals, v);
      };
      const bool pg_verified = pg != nullptr && pg->verified;
      absl::StrAppendFormat(
          &md, "| %d | %s%s | %s | %s | %.3f | %.3f | %.0f | %s | %s | %s | %s | %s | %s |\n",
          lite_scale->claims_in_store, lite.scenario,
          (lite.verified && (pg == nullptr || pg_verified)) ? "" : " (NOT all grpc-status 0)",
          lite.tool,
          lite.concurrency == 1 ? std::string("c=1")
                                : absl::StrCat("c=", lite.concurrency,
                                               lite.load.rfind("rate", 0) == 0 ? " open loop" : ""),
          lite.latency.p50_ms, lite.latency.p99_ms, lite.qps,
          cell(pg, pg ? pg->latency.p50_ms : 0, 3), cell(pg, pg ? pg->latency.p99_ms : 0, 3),
          cell(pg, pg ? pg->qps : 0, 0), ratio(pg ? pg->latency.p50_ms : 0, lite.latency.p50_ms),
          ratio(pg ? pg->latency.p99_ms : 0, lite.latency.p99_ms),
          ratio(pg ? pg->qps : 0, lite.qps));
    }
    absl::StrAppendFormat(
        &notes,
        "- %d claims: loading SQLite %s, PostgreSQL %.1f s; database size SQLite %.1f MiB, "
        "PostgreSQL %.1f MiB\n",
        lite_scale->claims_in_store,
        lite_scale->load_cached ? "cached" : absl::StrFormat("%.1f s", lite_scale->load_seconds),
        pg_scale.load_seconds, static_cast<double>(lite_scale->db_bytes) / (1 << 20),
        static_cast<double>(pg_scale.db_bytes) / (1 << 20));
  }
  absl::StrAppend(&md, "\n", notes);
  return md;
}

std::string Markdown(const std::map<std::string, std::string>& machine, const std::string& date,
                     const std::string& revision, double steal_percent, const std::string& mode,
                     const Settings& settings, const std::vector<ScaleRecord>& scales,
                     const std::vector<ScaleRecord>& all_scales, const SeedIngestRecord& seeds,
                     const std::vector<MicroRecord>& micro, const std::string& micro_error,
                     const SearchRankRecord& search_rank, const std::vector<TargetCheck>& checks,
                     double total_seconds) {
  std::string md = absl::StrCat("# claimtrace benchmark results (", mode, ")\n\n");
  absl::StrAppend(&md, "- date: ", date, "\n- commit: ", revision,
                  "\n- machine: ", machine.at("cpu"), ", ", machine.at("cores"), " cores, ",
                  machine.at("memory"), ", ", machine.at("kernel"), "\n");
  // A VM's host can take a share of the CPU time (steal): the figures of a
  // run with much of it are not comparable with others.
  absl::StrAppend(&md, "- steal time during the run: ",
                  steal_percent < 0 ? std::string("not counted")
                                    : absl::StrFormat("%.1f%% of all CPU time", steal_percent),
                  "\n");
  absl::StrAppendFormat(
      &md,
      "- settings: warm-up %s, measured %s per run; throughput runs c=%d over %d connections; "
      "servers on CPU %s, load on CPU %s; target QPS ratios and p99s: median of %d pairs%s\n"
      "- total time of this run: %.0f s\n\n",
      absl::FormatDuration(settings.warmup), absl::FormatDuration(settings.duration),
      settings.throughput_concurrency, settings.connections, absl::GetFlag(FLAGS_service_cpus),
      settings.load_cpus.empty() ? "(any)" : settings.load_cpus, settings.pairs,
      settings.max_pair_steal >= 0
          ? absl::StrFormat(", a pair with over %.1f%% steal measured again",
                            settings.max_pair_steal)
          : std::string(),
      total_seconds);
  absl::StrAppend(&md,
                  "## Targets\n\n| target | measured | goal | met |\n| --- | --- | --- | --- |\n");
  for (const TargetCheck& c : checks) {
    absl::StrAppend(&md, "| ", c.name, " | ", c.value, " | ", c.goal, " | ", c.met, " |\n");
  }
  if (scales.size() > 1) {
    // How cost grows with size: latency at c=1 and throughput, per scale.
    absl::StrAppend(&md,
                    "\n## Scaling (p50 / p99 ms at c=1; QPS at c=", settings.throughput_concurrency,
                    ")\n\n| scenario | tool |");
    for (const ScaleRecord& s : scales) absl::StrAppend(&md, " ", s.claims_in_store, " claims |");
    absl::StrAppend(&md, "\n| --- | --- |");
    for (size_t i = 0; i < scales.size(); ++i) absl::StrAppend(&md, " ---: |");
    md += "\n";
    const std::string cm = absl::StrCat("c=", settings.throughput_concurrency);
    for (const std::string scenario :
         {"GetClaim", "ListClaims", "SearchClaims", "TraceClaim", "IngestArticle"}) {
      for (const std::string tool : {"h2load", "client"}) {
        if (Find(scales.front(), scenario, tool, "c=1") == nullptr) continue;
        absl::StrAppend(&md, "| ", scenario, " | ", tool, " |");
        for (const ScaleRecord& s : scales) {
          const RunRecord* a = Find(s, scenario, tool, "c=1");
          const RunRecord* b = Find(s, scenario, tool, cm);
          absl::StrAppend(
              &md, " ",
              a ? absl::StrFormat("%.3f / %.3f", a->latency.p50_ms, a->latency.p99_ms) : "-", "; ",
              b ? absl::StrFormat("%.0f QPS", b->qps) : "-", " |");
        }
        md += "\n";
      }
    }
  }
  absl::StrAppend(&md, SideBySide(all_scales, settings.throughput_concurrency));
  const bool several_backends = all_scales.size() > scales.size();
  for (const ScaleRecord& s : all_scales) {
    absl::StrAppendFormat(&md, "\n## %d claims%s\n\n", s.claims_in_store,
                          several_backends ? absl::StrCat(" (", s.backend, ")") : "");
    absl::StrAppendFormat(&md, "Database: %.1f MiB, %s%s.\n",
                          static_cast<double>(s.db_bytes) / (1 << 20),
                          s.load_cached ? "cached from an earlier run"
                                        : absl::StrFormat("loaded in %.1f s", s.load_seconds),
                          "");
    for (const auto& [name, p] : s.processes) {
      absl::StrAppendFormat(&md, "- %s: peak RSS %.1f MiB", name,
                            static_cast<double>(p.vm_hwm_kb) / 1024.0);
      if (p.startup_ms > 0) absl::StrAppendFormat(&md, ", start-up %.0f ms", p.startup_ms);
      md += "\n";
    }
    absl::StrAppend(
        &md,
        "\n| scenario | tool | load | QPS | p50 ms | p90 ms | p99 ms | CPU µs/req | bare QPS | "
        "bare p50 ms | bare p99 ms | QPS ×bare | p50 ×bare | CPU ×bare | grpc-status 0 |\n"
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | "
        "---: | --- |\n");
    for (const RunRecord& r : s.runs) {
      const bool all_ok = r.verified && r.baseline_verified;
      absl::StrAppendFormat(
          &md,
          "| %s | %s | %s | %.0f | %.3f | %.3f | %.3f | %.0f | %.0f | %.3f | %.3f | %s | %s | %s | "
          "%s |\n",
          r.scenario, r.tool, LoadCell(r), r.qps, r.latency.p50_ms, r.latency.p90_ms,
          r.latency.p99_ms, r.cpu_us_per_request, r.baseline_qps, r.baseline_latency.p50_ms,
          r.baseline_latency.p99_ms, Num(r.qps_ratio, 2), Num(r.p50_ratio, 2), Num(r.cpu_ratio, 2),
          all_ok ? "yes"
                 : absl::StrCat("**NO** ", r.verified ? "(baseline) " : "",
                                r.first_error.substr(0, 80)));
    }
    for (const std::string& e : s.events)
      absl::StrAppend(&md, "\n- event: ", e.substr(0, 400), "\n");
  }
  absl::StrAppend(&md, "\n## Seed articles, end to end\n\n");
  if (seeds.ran) {
    absl::StrAppendFormat(&md,
                          "%d articles ingested one after another on fresh databases: %s ms "
                          "(median %.1f ms)\n",
                          seeds.articles,
                          absl::StrJoin(seeds.total_ms, ", ",
                                        [](std::string* out, double v) {
                                          absl::StrAppend(out, absl::StrFormat("%.1f", v));
                                        }),
                          seeds.median_total_ms);
  } else {
    absl::StrAppend(&md, seeds.note.empty() ? "failed" : seeds.note, "\n");
  }
  for (const std::string& e : seeds.events)
    absl::StrAppend(&md, "\n- event: ", e.substr(0, 400), "\n");
  absl::StrAppend(&md, "\n## Microbenchmarks (one core)\n\n");
  if (!micro_error.empty()) absl::StrAppend(&md, "Error: ", micro_error.substr(0, 400), "\n\n");
  if (!micro.empty()) {
    absl::StrAppend(&md, "| benchmark | MB/s | time per iteration |\n| --- | ---: | ---: |\n");
    for (const MicroRecord& m : micro) {
      absl::StrAppendFormat(&md, "| %s | %.1f | %.1f µs |\n", m.name, m.mb_per_s,
                            m.ns_per_iteration / 1000.0);
    }
  }
  absl::StrAppend(&md, SearchRankMarkdown(search_rank));
  return md;
}

std::string DefaultCpu(const std::string& flag, int cpu) {
  if (flag != "auto") return flag;
  const long n = sysconf(_SC_NPROCESSORS_ONLN);
  if (n < 2) return "";
  return absl::StrCat(cpu);
}

int Main() {
  const absl::Time started = absl::Now();
  const SystemCpuTimes cpu_at_start = ReadSystemCpuTimes();
  const std::string revision = SourceRevision(CLAIMTRACE_SOURCE_DIR);
  Settings settings;
  settings.warmup = absl::GetFlag(FLAGS_warmup);
  settings.duration = absl::GetFlag(FLAGS_duration);
  settings.throughput_concurrency = std::max(2, absl::GetFlag(FLAGS_throughput_concurrency));
  settings.connections = std::max(1, absl::GetFlag(FLAGS_connections));
  settings.pairs = std::max(1, absl::GetFlag(FLAGS_pairs));
  settings.max_pair_steal = absl::GetFlag(FLAGS_max_pair_steal);
  settings.h2load = absl::GetFlag(FLAGS_h2load);
  settings.work_dir = absl::GetFlag(FLAGS_work_dir);
  settings.load_cpus = DefaultCpu(absl::GetFlag(FLAGS_load_cpus), 1);
  const std::string service_cpus = DefaultCpu(absl::GetFlag(FLAGS_service_cpus), 0);
  absl::SetFlag(&FLAGS_service_cpus, service_cpus.empty() ? "(any)" : service_cpus);
  fs::create_directories(settings.work_dir);

  // The client load runs in this process: keep it (and its gRPC threads,
  // created later) off the servers' CPU.
  if (!settings.load_cpus.empty()) {
    cpu_set_t set;
    CPU_ZERO(&set);
    for (absl::string_view c : absl::StrSplit(settings.load_cpus, ',')) {
      int cpu = 0;
      if (absl::SimpleAtoi(c, &cpu)) CPU_SET(cpu, &set);
    }
    sched_setaffinity(0, sizeof(set), &set);
  }

  std::vector<std::int64_t> scales;
  for (absl::string_view s : absl::StrSplit(absl::GetFlag(FLAGS_scales), ',', absl::SkipEmpty())) {
    std::int64_t n = 0;
    if (!absl::SimpleAtoi(s, &n) || n <= 0) {
      std::fprintf(stderr, "bad --scales entry: %s\n", std::string(s).c_str());
      return 2;
    }
    scales.push_back(n);
  }
  CorpusOptions corpus_options;
  corpus_options.seed = absl::GetFlag(FLAGS_seed);
  const SyntheticCorpus corpus(corpus_options);

  std::vector<std::string> backends;
  for (absl::string_view b :
       absl::StrSplit(absl::GetFlag(FLAGS_backends), ',', absl::SkipEmpty())) {
    const std::string backend(b.data(), b.size());
    if (backend != "sqlite" && backend != "postgresql") {
      std::fprintf(stderr, "bad --backends entry: %s (sqlite or postgresql)\n", backend.c_str());
      return 2;
    }
    if (std::find(backends.begin(), backends.end(), backend) == backends.end()) {
      backends.push_back(backend);
    }
  }
  if (backends.empty()) backends.push_back("sqlite");
  std::string postgres_url = absl::GetFlag(FLAGS_postgres_url);
  if (postgres_url.empty() && std::getenv("CLAIMTRACE_TEST_POSTGRES_URL") != nullptr) {
    postgres_url = std::getenv("CLAIMTRACE_TEST_POSTGRES_URL");
  }
  if (std::find(backends.begin(), backends.end(), "postgresql") != backends.end() &&
      postgres_url.empty()) {
    std::fprintf(stderr,
                 "--backends includes postgresql but there is no --postgres_url (nor "
                 "$CLAIMTRACE_TEST_POSTGRES_URL); run under scripts/with-postgres.sh\n");
    return 2;
  }

  // Every scale point on each backend in turn (interleaved, so that the
  // machine's load changes hit both alike).
  std::vector<ScaleRecord> records;
  for (size_t i = 0; i < scales.size(); ++i) {
    for (const std::string& backend : backends) {
      Log(absl::StrCat("scale point: ", scales[i], " claims on ", backend));
      records.push_back(RunScale(settings, corpus, service_cpus, scales[i], static_cast<int>(i),
                                 backend, postgres_url));
    }
  }
  // Targets and the scaling table are read off the first backend listed.
  std::vector<ScaleRecord> primary;
  for (const ScaleRecord& r : records) {
    if (r.backend == backends.front()) primary.push_back(r);
  }
  std::string seed_dir = absl::GetFlag(FLAGS_seed_dir);
  if (seed_dir.empty() && std::getenv("CLAIMTRACE_SEED_DIR") != nullptr) {
    seed_dir = std::getenv("CLAIMTRACE_SEED_DIR");
  }
  SeedIngestRecord seeds;
  if (absl::GetFlag(FLAGS_skip_seed_ingest)) {
    seeds.note = "skipped: --skip_seed_ingest";
  } else {
    Log("seed articles end to end");
    seeds = RunSeedIngest(settings, corpus, service_cpus, seed_dir);
  }
  std::string micro_error;
  Log("microbenchmarks");
  const std::vector<MicroRecord> micro =
      RunMicrobenchmarks(absl::GetFlag(FLAGS_microbench), service_cpus,
                         absl::GetFlag(FLAGS_microbench_min_time), &micro_error);
  Log("search ranking against bm25()");
  const SearchRankRecord search_rank =
      RunSearchRank(absl::GetFlag(FLAGS_search_rank), records, service_cpus);
  const std::vector<TargetCheck> checks =
      CheckTargets(primary, seeds, micro, settings.throughput_concurrency);

  const double total_seconds = absl::ToDoubleSeconds(absl::Now() - started);
  const std::string date =
      absl::FormatTime("%Y-%m-%dT%H:%M:%S%Ez", absl::Now(), absl::LocalTimeZone());
  const std::map<std::string, std::string> machine = DescribeMachine();
  const double steal_percent = StealPercent(cpu_at_start, ReadSystemCpuTimes());

  // JSON.
  std::string json = "{\n\"schema\":\"claimtrace-bench/1\",\n";
  absl::StrAppend(&json, "\"mode\":", JsonQuote(absl::GetFlag(FLAGS_mode)),
                  ",\n\"date\":", JsonQuote(date), ",\n\"commit\":", JsonQuote(revision),
                  ",\n\"total_seconds\":", Num(total_seconds, 1), ",\n\"steal_percent\":",
                  steal_percent < 0 ? std::string("null") : Num(steal_percent, 2), ",\n");
  {
    std::vector<std::string> m;
    for (const auto& [k, v] : machine) m.push_back(absl::StrCat(JsonQuote(k), ":", JsonQuote(v)));
    absl::StrAppend(&json, "\"machine\":{", absl::StrJoin(m, ","), "},\n");
  }
  absl::StrAppend(&json, "\"settings\":{\"warmup_s\":", Num(absl::ToDoubleSeconds(settings.warmup)),
                  ",\"duration_s\":", Num(absl::ToDoubleSeconds(settings.duration)),
                  ",\"throughput_concurrency\":", settings.throughput_concurrency,
                  ",\"connections\":", settings.connections,
                  ",\"ratio_target_pairs\":", settings.pairs, ",\"max_pair_steal_percent\":",
                  std::isfinite(settings.max_pair_steal) ? Num(settings.max_pair_steal, 2) : "null",
                  ",\"service_cpus\":", JsonQuote(service_cpus),
                  ",\"load_cpus\":", JsonQuote(settings.load_cpus),
                  ",\"seed\":", corpus_options.seed, ",\"backends\":[",
                  absl::StrJoin(backends, ",",
                                [](std::string* out, const std::string& b) {
                                  absl::StrAppend(out, JsonQuote(b));
                                }),
                  "]", ",\"corpus_version\":", kCorpusVersion, "},\n\"scales\":[\n");
  for (size_t i = 0; i < records.size(); ++i) {
    const ScaleRecord& s = records[i];
    std::vector<std::string> procs, runs, events;
    for (const auto& [name, p] : s.processes) {
      procs.push_back(absl::StrCat(JsonQuote(name), ":{\"vm_hwm_kb\":", p.vm_hwm_kb,
                                   ",\"vm_rss_kb\":", p.vm_rss_kb,
                                   ",\"startup_ms\":", Num(p.startup_ms, 1), "}"));
    }
    for (const RunRecord& r : s.runs) runs.push_back(RunJson(r));
    for (const std::string& e : s.events) events.push_back(JsonQuote(e));
    absl::StrAppend(
        &json, i ? ",\n" : "", "{\"backend\":", JsonQuote(s.backend),
        ",\"target_claims\":", s.target_claims, ",\"claims_in_store\":", s.claims_in_store,
        ",\"load\":{\"method\":", JsonQuote(s.load_method),
        ",\"cached\":", s.load_cached ? "true" : "false", ",\"seconds\":", Num(s.load_seconds, 1),
        ",\"db_bytes\":", s.db_bytes, "}", ",\"processes\":{", absl::StrJoin(procs, ","), "}",
        ",\"events\":[", absl::StrJoin(events, ","), "]", ",\"runs\":[\n",
        absl::StrJoin(runs, ",\n"), "]}");
  }
  absl::StrAppend(
      &json, "\n],\n\"seed_ingest\":{\"ran\":", seeds.ran ? "true" : "false",
      ",\"note\":", JsonQuote(seeds.note), ",\"articles\":", seeds.articles, ",\"total_ms\":[",
      absl::StrJoin(seeds.total_ms, ",",
                    [](std::string* out, double v) { absl::StrAppend(out, Num(v, 1)); }),
      "],\"median_total_ms\":", Num(seeds.median_total_ms, 1), ",\"events\":[",
      absl::StrJoin(
          seeds.events, ",",
          [](std::string* out, const std::string& e) { absl::StrAppend(out, JsonQuote(e)); }),
      "]},\n\"microbenchmarks\":{\"error\":", JsonQuote(micro_error), ",\"results\":[");
  for (size_t i = 0; i < micro.size(); ++i) {
    absl::StrAppend(&json, i ? "," : "", "{\"name\":", JsonQuote(micro[i].name),
                    ",\"mb_per_s\":", Num(micro[i].mb_per_s, 2),
                    ",\"ns_per_iteration\":", Num(micro[i].ns_per_iteration, 0), "}");
  }
  absl::StrAppend(&json, "]},\n\"search_ranking\":{\"claims\":", search_rank.claims,
                  ",\"error\":", JsonQuote(search_rank.error),
                  ",\"results\":", search_rank.json.empty() ? "null" : search_rank.json,
                  "},\n\"targets\":[");
  for (size_t i = 0; i < checks.size(); ++i) {
    absl::StrAppend(&json, i ? ",\n" : "\n", "{\"name\":", JsonQuote(checks[i].name),
                    ",\"measured\":", JsonQuote(checks[i].value),
                    ",\"goal\":", JsonQuote(checks[i].goal), ",\"met\":", JsonQuote(checks[i].met),
                    "}");
  }
  absl::StrAppend(&json, "]\n}\n");

  const std::string out_dir = absl::GetFlag(FLAGS_out_dir);
  fs::create_directories(out_dir);
  const std::string stem = out_dir + "/" + absl::GetFlag(FLAGS_name);
  {
    std::ofstream out(stem + ".json", std::ios::trunc);
    out << json;
  }
  {
    std::ofstream out(stem + ".md", std::ios::trunc);
    out << Markdown(machine, date, revision, steal_percent, absl::GetFlag(FLAGS_mode), settings,
                    primary, records, seeds, micro, micro_error, search_rank, checks,
                    total_seconds);
  }
  Log("wrote " + stem + ".json and " + stem + ".md");
  return 0;
}

}  // namespace
}  // namespace claimtrace::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Runs the claimtrace benchmark suite; see bench/README.md.\n"
      "  bench_runner [--scales=1000,10000] [--duration=5s] [--out_dir=bench/results]");
  absl::ParseCommandLine(argc, argv);
  signal(SIGPIPE, SIG_IGN);
  return claimtrace::bench::Main();
}
