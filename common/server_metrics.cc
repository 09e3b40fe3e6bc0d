#include "common/server_metrics.h"

namespace claimtrace::common {

ServerMetrics::ServerMetrics(std::string service_name)
    : service_name_(std::move(service_name)),
      registry_(std::make_shared<prometheus::Registry>()),
      requests_(prometheus::BuildCounter()
                    .Name("claimtrace_rpc_requests_total")
                    .Help("RPCs served, by method and gRPC status code")
                    .Labels({{"service", service_name_}})
                    .Register(*registry_)),
      latency_(prometheus::BuildHistogram()
                   .Name("claimtrace_rpc_latency_seconds")
                   .Help("RPC latency from first byte received to status sent, by method")
                   .Labels({{"service", service_name_}})
                   .Register(*registry_)),
      in_flight_(prometheus::BuildGauge()
                     .Name("claimtrace_rpc_in_flight")
                     .Help("RPCs currently being served")
                     .Labels({{"service", service_name_}})
                     .Register(*registry_)
                     .Add({})),
      store_rows_(prometheus::BuildGauge()
                      .Name("claimtrace_store_rows")
                      .Help("Rows in the service's store, by table")
                      .Labels({{"service", service_name_}})
                      .Register(*registry_)) {}

void ServerMetrics::RpcStarted() { in_flight_.Increment(); }

void ServerMetrics::RpcFinished(std::string_view method, int code, std::string_view code_name,
                                double seconds) {
  in_flight_.Decrement();
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
      0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};
  prometheus::Counter* requests;
  prometheus::Histogram* latency;
  {
    absl::MutexLock lock(&series_mutex_);
    auto it = series_by_method_.find(absl::string_view(method.data(), method.size()));
    if (it == series_by_method_.end()) {
      it = series_by_method_.try_emplace(std::string(method)).first;
      it->second.latency = &latency_.Add({{"method", std::string(method)}}, kBuckets);
    }
    prometheus::Counter*& counter = it->second.requests_by_code[code];
    if (counter == nullptr) {
      counter = &requests_.Add({{"method", std::string(method)}, {"code", std::string(code_name)}});
    }
    requests = counter;
    latency = it->second.latency;
  }
  requests->Increment();
  latency->Observe(seconds);
}

void ServerMetrics::SetStoreRows(std::string_view table, double rows) {
  store_rows_.Add({{"table", std::string(table)}}).Set(rows);
}

}  // namespace claimtrace::common
