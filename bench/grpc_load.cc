#include "bench/grpc_load.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <sys/prctl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"

namespace claimtrace::bench {
namespace {

using Clock = std::chrono::steady_clock;

std::int64_t MicrosBetween(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration_cast<std::chrono::microseconds>(b - a).count();
}

class LoadRun {
 public:
  explicit LoadRun(const LoadOptions& options) : options_(options) {
    for (const std::string& body : options_.bodies) {
      grpc::Slice slice(body);
      buffers_.emplace_back(&slice, 1);
    }
    for (int i = 0; i < std::max(1, options_.connections); ++i) {
      grpc::ChannelArguments args;
      args.SetMaxReceiveMessageSize(64 << 20);
      args.SetMaxSendMessageSize(64 << 20);
      // Distinct arguments and a local pool: one TCP connection per channel.
      args.SetInt("claimtrace.bench.connection", i);
      args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
      channels_.push_back(
          grpc::CreateCustomChannel(options_.target, grpc::InsecureChannelCredentials(), args));
      stubs_.push_back(std::make_unique<grpc::GenericStub>(channels_.back()));
    }
  }

  LoadResult Run() {
    LoadResult result;
    for (auto& channel : channels_) {
      if (!channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(10))) {
        result.first_error = "UNAVAILABLE: cannot connect to " + options_.target;
        result.codes["UNAVAILABLE"] = 1;
        return result;
      }
    }
    start_ = Clock::now();
    measure_start_ = start_ + absl::ToChronoNanoseconds(options_.warmup);
    measure_end_ = measure_start_ + absl::ToChronoNanoseconds(options_.duration);
    latencies_.reserve(1 << 16);
    if (options_.rate_qps > 0) {
      RunOpenLoop();
    } else {
      const int n = std::max(1, options_.concurrency);
      {
        std::lock_guard<std::mutex> lock(mu_);
        active_ = n;
      }
      for (int i = 0; i < n; ++i) {
        if (!IssueNext(Clock::now())) Retire();
      }
    }
    {
      std::unique_lock<std::mutex> lock(mu_);
      done_.wait(lock, [&] { return active_ == 0; });
    }
    const Clock::time_point end = std::min(Clock::now(), measure_end_);
    const Clock::time_point first = measure_start_;
    result.seconds = std::max(1e-9, std::chrono::duration<double>(end - first).count());
    if (stopped_early_) {
      result.seconds =
          std::max(1e-9, std::chrono::duration<double>(last_measured_end_ - first).count());
    }
    result.requests = measured_;
    result.ok = ok_;
    result.skipped = skipped_;
    result.codes = codes_;
    result.first_error = first_error_;
    result.qps = static_cast<double>(measured_) / result.seconds;
    result.response_bytes_mean =
        measured_ > 0 ? static_cast<double>(response_bytes_) / static_cast<double>(measured_) : 0;
    result.latency = SummariseMicros(latencies_);
    result.issue_lag = SummariseMicros(issue_lags_);
    return result;
  }

 private:
  struct Call {
    grpc::ClientContext context;
    grpc::ByteBuffer request;
    grpc::ByteBuffer response;
    Clock::time_point start;  // scheduled (open loop) or actual start
    bool measured = false;
  };

  // Closed loop: starts the next call unless the run is over. False when it
  // did not start one.
  bool IssueNext(Clock::time_point now) {
    if (now >= measure_end_) return false;
    const bool measured = now >= measure_start_;
    if (measured && options_.max_requests > 0 &&
        issued_measured_.fetch_add(1) >= options_.max_requests) {
      stopped_early_ = true;
      return false;
    }
    const std::int64_t index = next_body_.fetch_add(1);
    if (options_.use_each_body_once && index >= static_cast<std::int64_t>(buffers_.size())) {
      stopped_early_ = true;
      return false;
    }
    Start(index, now, measured);
    return true;
  }

  void Start(std::int64_t index, Clock::time_point scheduled, bool measured) {
    auto* call = new Call;
    call->request = buffers_[static_cast<size_t>(index) % buffers_.size()];
    call->start = scheduled;
    call->measured = measured;
    call->context.set_deadline(std::chrono::system_clock::now() +
                               absl::ToChronoNanoseconds(options_.call_deadline));
    grpc::GenericStub& stub = *stubs_[static_cast<size_t>(index) % stubs_.size()];
    stub.UnaryCall(&call->context, options_.method, grpc::StubOptions(), &call->request,
                   &call->response, [this, call](grpc::Status status) { Finish(call, status); });
  }

  void Finish(Call* call, const grpc::Status& status) {
    const Clock::time_point now = Clock::now();
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (call->measured) {
        ++measured_;
        latencies_.push_back(MicrosBetween(call->start, now));
        response_bytes_ += static_cast<std::int64_t>(call->response.Length());
        ++codes_[GrpcCodeName(status.error_code())];
        if (status.ok()) {
          ++ok_;
        } else if (first_error_.empty()) {
          first_error_ =
              absl::StrCat(GrpcCodeName(status.error_code()), ": ", status.error_message());
        }
        last_measured_end_ = std::max(last_measured_end_, now);
      }
    }
    delete call;
    if (options_.rate_qps > 0) {
      Retire();
    } else if (!IssueNext(now)) {
      Retire();
    }
  }

  void Retire() {
    std::lock_guard<std::mutex> lock(mu_);
    if (--active_ == 0) done_.notify_all();
  }

  void RunOpenLoop() {
    const auto interval =
        std::chrono::nanoseconds(static_cast<std::int64_t>(1e9 / options_.rate_qps));
    const int cap = std::max(1, options_.concurrency);
    // Timer slack is per thread; this one is the caller's, so put it back.
    const int previous_slack = prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0);
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
    issue_lags_.reserve(static_cast<std::size_t>(
        options_.rate_qps * absl::ToDoubleSeconds(options_.duration) + 16));
    std::int64_t index = 0;
    for (Clock::time_point at = start_; at < measure_end_; at += interval) {
      std::this_thread::sleep_until(at);
      const bool measured = at >= measure_start_;
      if (measured && options_.max_requests > 0 &&
          issued_measured_.load() >= options_.max_requests) {
        break;
      }
      if (options_.use_each_body_once && index >= static_cast<std::int64_t>(buffers_.size())) {
        break;
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (active_ >= cap) {
          if (measured) ++skipped_;
          continue;
        }
        ++active_;
      }
      if (measured) {
        issued_measured_.fetch_add(1);
        issue_lags_.push_back(MicrosBetween(at, Clock::now()));
      }
      Start(index++, at, measured);
    }
    if (previous_slack > 0)
      prctl(PR_SET_TIMERSLACK, static_cast<unsigned long>(previous_slack), 0, 0, 0);
    // Every started call retires itself; wait for them in Run().
  }

  const LoadOptions& options_;
  std::vector<grpc::ByteBuffer> buffers_;
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
  std::vector<std::unique_ptr<grpc::GenericStub>> stubs_;
  Clock::time_point start_, measure_start_, measure_end_;
  Clock::time_point last_measured_end_{};
  std::atomic<std::int64_t> next_body_{0};
  std::atomic<std::int64_t> issued_measured_{0};
  std::atomic<bool> stopped_early_{false};

  std::mutex mu_;
  std::condition_variable done_;
  int active_ = 0;
  std::int64_t measured_ = 0, ok_ = 0, skipped_ = 0, response_bytes_ = 0;
  std::map<std::string, std::int64_t> codes_;
  std::string first_error_;
  std::vector<std::int64_t> latencies_;
  std::vector<std::int64_t> issue_lags_;  // open loop, measured calls; the issuing thread's only
};

}  // namespace

LatencySummary SummariseMicros(std::vector<std::int64_t>& micros) {
  LatencySummary s;
  s.count = static_cast<std::int64_t>(micros.size());
  if (micros.empty()) return s;
  std::sort(micros.begin(), micros.end());
  auto rank = [&](double q) {
    size_t i = static_cast<size_t>(std::ceil(q * static_cast<double>(micros.size())));
    i = std::min(std::max<size_t>(i, 1), micros.size());
    return static_cast<double>(micros[i - 1]) / 1000.0;
  };
  double sum = 0;
  for (std::int64_t m : micros) sum += static_cast<double>(m);
  s.mean_ms = sum / static_cast<double>(micros.size()) / 1000.0;
  s.p50_ms = rank(0.50);
  s.p90_ms = rank(0.90);
  s.p99_ms = rank(0.99);
  s.max_ms = static_cast<double>(micros.back()) / 1000.0;
  return s;
}

LoadResult RunLoad(const LoadOptions& options) {
  if (options.bodies.empty()) {
    LoadResult r;
    r.first_error = "INVALID_ARGUMENT: no request bodies";
    return r;
  }
  LoadRun run(options);
  return run.Run();
}

const char* GrpcCodeName(int code) {
  static constexpr const char* kNames[] = {"OK",
                                           "CANCELLED",
                                           "UNKNOWN",
                                           "INVALID_ARGUMENT",
                                           "DEADLINE_EXCEEDED",
                                           "NOT_FOUND",
                                           "ALREADY_EXISTS",
                                           "PERMISSION_DENIED",
                                           "RESOURCE_EXHAUSTED",
                                           "FAILED_PRECONDITION",
                                           "ABORTED",
                                           "OUT_OF_RANGE",
                                           "UNIMPLEMENTED",
                                           "INTERNAL",
                                           "UNAVAILABLE",
                                           "DATA_LOSS",
                                           "UNAUTHENTICATED"};
  if (code < 0 || code > 16) return "UNKNOWN";
  return kNames[code];
}

}  // namespace claimtrace::bench
