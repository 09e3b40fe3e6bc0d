// Prometheus metrics every claimtrace server exports on its metrics port:
// requests by method and status code, latency by method, in-flight calls,
// and store sizes.
#ifndef CLAIMTRACE_COMMON_SERVER_METRICS_H_
#define CLAIMTRACE_COMMON_SERVER_METRICS_H_

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"

namespace claimtrace::common {

class ServerMetrics {
 public:
  explicit ServerMetrics(std::string service_name);

  // Called by ObservedCall for every call a handler serves.
  void RpcStarted();
  void RpcFinished(std::string_view method, std::string_view code, double seconds);

  // Sets claimtrace_store_rows{table=...}.
  void SetStoreRows(std::string_view table, double rows);

  std::shared_ptr<prometheus::Registry> registry() const { return registry_; }
  const std::string& service_name() const { return service_name_; }

 private:
  std::string service_name_;
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& latency_;
  prometheus::Gauge& in_flight_;
  prometheus::Family<prometheus::Gauge>& store_rows_;
  // Family::Add hashes a label map on every call: the series of each
  // method and code are looked up once and kept here.
  absl::Mutex series_mutex_;
  absl::flat_hash_map<std::string, prometheus::Counter*> requests_by_method_code_
      ABSL_GUARDED_BY(series_mutex_);
  absl::flat_hash_map<std::string, prometheus::Histogram*> latency_by_method_
      ABSL_GUARDED_BY(series_mutex_);
};

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_SERVER_METRICS_H_
