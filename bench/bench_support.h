// Pieces of the benchmark harness that are not load generation: driving
// h2load, reading a process's CPU time and peak RSS from /proc, reading the
// services' Prometheus status counters, and describing the machine.
#ifndef CLAIMTRACE_BENCH_BENCH_SUPPORT_H_
#define CLAIMTRACE_BENCH_BENCH_SUPPORT_H_

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bench/grpc_load.h"
#include "common/json_string.h"

namespace claimtrace::bench {

// A serialised message framed as one gRPC message: a zero compression flag,
// a 4-byte big-endian length, the bytes.
std::string GrpcFrame(const std::string& message);

struct H2loadOptions {
  std::string h2load = "h2load";
  std::string cpus;    // taskset CPU list for h2load; empty: not pinned
  std::string target;  // "127.0.0.1:PORT"
  std::string method;  // "/pkg.Service/Method"
  std::string body;    // serialised request message (framed here)
  int clients = 1;     // connections
  int streams = 1;     // max concurrent streams per connection
  absl::Duration warmup = absl::Seconds(1);
  absl::Duration duration = absl::Seconds(5);
  double rps_per_client = 0;  // > 0: --rps
  std::string work_dir;       // body file and per-request log go here
};

struct H2loadResult {
  bool ran = false;  // h2load started and printed its summary
  std::int64_t requests = 0;
  std::int64_t succeeded = 0;  // HTTP 2xx, as h2load counts them
  std::int64_t failed = 0;
  std::int64_t errored = 0;
  std::int64_t non_2xx = 0;
  double seconds = 0;
  double qps = 0;
  LatencySummary latency;  // from the per-request log
  std::string error;       // why it did not run, or its stderr
  std::string command;     // what was run, for the report
};

// Runs h2load against a gRPC method with `content-type: application/grpc`
// and `te: trailers`, and reads its summary and per-request log. h2load
// does not read trailers: check grpc-status separately (ScrapeRpcCounts).
H2loadResult RunH2load(const H2loadOptions& options);

// claimtrace_rpc_requests_total{method=`method`} by code, scraped from
// http://127.0.0.1:`metrics_port`/metrics.
absl::StatusOr<std::map<std::string, std::int64_t>> ScrapeRpcCounts(int metrics_port,
                                                                    const std::string& method);

struct ProcessSample {
  double cpu_seconds = 0;      // utime + stime
  std::int64_t vm_hwm_kb = 0;  // peak resident set
  std::int64_t vm_rss_kb = 0;
  bool alive = false;
};
// From /proc/PID/stat and /proc/PID/status.
ProcessSample SampleProcess(pid_t pid);

// CPU model, cores, memory, kernel, as one line each.
std::map<std::string, std::string> DescribeMachine();

// The whole machine's CPU time so far, from /proc/stat's "cpu" line, in
// clock ticks: all of it, and the part a hypervisor gave to other guests
// (steal). Zeros where /proc/stat cannot be read.
struct SystemCpuTimes {
  std::uint64_t total = 0;
  std::uint64_t steal = 0;
};
SystemCpuTimes ReadSystemCpuTimes();
// Percent of the CPU time between `before` and `after` that was stolen, or
// -1 when nothing was counted.
double StealPercent(const SystemCpuTimes& before, const SystemCpuTimes& after);

// The checkout's commit, abbreviated, with "+modified" when tracked files
// differ from it; "unknown" when `source_dir` is not a git checkout (or git
// is missing).
std::string SourceRevision(const std::string& source_dir);

// Runs `argv`, waits, returns exit code (-1 if it could not start) and
// stdout+stderr in `output`.
int RunAndCapture(const std::vector<std::string>& argv, std::string* output);

// A JSON string literal for `text`.

// JSON string literal (common/json_string.h).
inline std::string JsonQuote(std::string_view text) { return common::JsonString(text); }

}  // namespace claimtrace::bench

#endif  // CLAIMTRACE_BENCH_BENCH_SUPPORT_H_
