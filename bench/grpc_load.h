// Our own asynchronous gRPC load generator, for what h2load cannot express:
// varied request bodies (a different claim per call, a new article per
// ingest) and checking every call's real gRPC status. Requests are
// pre-serialised protobuf messages sent through grpc::GenericStub on the
// callback API, so the client costs the same whichever service it calls.
//
// Two modes:
//   closed loop: `concurrency` calls always outstanding (throughput, c=1
//                latency);
//   open loop:   `rate_qps` > 0: calls start on a fixed schedule, latency is
//                measured from the scheduled start (no coordinated omission),
//                at most `concurrency` outstanding (late calls are counted as
//                `skipped`). The issuing thread sleeps with a 1 ns timer
//                slack (Linux's default 50 us would make every sleep at
//                tens of thousands of calls a second late, and the calls
//                then leave in bursts), and how late each call started is
//                reported (`issue_lag`).
// Every run is bounded: by `duration` (after `warmup`) and by
// `max_requests`, and, with `use_each_body_once`, by the number of bodies.
#ifndef CLAIMTRACE_BENCH_GRPC_LOAD_H_
#define CLAIMTRACE_BENCH_GRPC_LOAD_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace claimtrace::bench {

struct LoadOptions {
  std::string target;  // "127.0.0.1:PORT"
  std::string method;  // "/claimtrace.claims.v1.ClaimsService/GetClaim"
  // Serialised request messages; call i sends bodies[i % size] (or each
  // once). At least one.
  std::vector<std::string> bodies;
  bool use_each_body_once = false;
  int connections = 1;  // separate channels (TCP connections), calls spread round robin
  int concurrency = 1;  // outstanding calls (closed loop) or the cap (open loop)
  double rate_qps = 0;  // > 0: open loop
  absl::Duration warmup = absl::Seconds(1);    // calls made then are not measured
  absl::Duration duration = absl::Seconds(5);  // measured period
  std::int64_t max_requests = 0;               // measured calls; 0: no cap
  absl::Duration call_deadline = absl::Seconds(30);
};

struct LatencySummary {
  std::int64_t count = 0;
  double mean_ms = 0, p50_ms = 0, p90_ms = 0, p99_ms = 0, max_ms = 0;
};

// Percentiles (nearest rank) of `micros`; sorts it.
LatencySummary SummariseMicros(std::vector<std::int64_t>& micros);

struct LoadResult {
  std::int64_t requests = 0;  // measured calls completed
  std::int64_t ok = 0;        // of which grpc-status 0
  std::int64_t skipped = 0;   // open loop: scheduled calls not started (cap reached)
  std::map<std::string, std::int64_t> codes;  // status code name -> count (all measured calls)
  std::string first_error;                    // "CODE: message" of the first failure
  double seconds = 0;                         // measured wall time
  double qps = 0;                             // requests / seconds
  double response_bytes_mean = 0;
  LatencySummary latency;
  // Open loop: how late each measured call started against its schedule
  // (the generator's own lag, already inside `latency`). A p99 here near
  // `latency`'s says the load generator, not the server, set the tail.
  LatencySummary issue_lag;
};

// Runs the load and returns what was measured. Blocks until done.
LoadResult RunLoad(const LoadOptions& options);

// "OK", "NOT_FOUND", ...
const char* GrpcCodeName(int code);

}  // namespace claimtrace::bench

#endif  // CLAIMTRACE_BENCH_GRPC_LOAD_H_
