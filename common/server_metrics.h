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
  // `code_name` is the name of `code` (StatusCodeName), used for the label.
  void RpcFinished(std::string_view method, int code, std::string_view code_name, double seconds);

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
  // method and code are looked up once and kept here, by method name and
  // code number (no key is built per call).
  struct MethodSeries {
    prometheus::Histogram* latency = nullptr;
    absl::flat_hash_map<int, prometheus::Counter*> requests_by_code;
  };
  absl::Mutex series_mutex_;
  absl::flat_hash_map<std::string, MethodSeries> series_by_method_ ABSL_GUARDED_BY(series_mutex_);
};

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_SERVER_METRICS_H_
