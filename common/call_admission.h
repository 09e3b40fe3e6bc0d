// Decides whether a call may run: the caller's token (RequestAuthorizer) and
// a bound on calls in flight, so that overload sheds with
// RESOURCE_EXHAUSTED instead of queuing without bound.
#ifndef CLAIMTRACE_COMMON_CALL_ADMISSION_H_
#define CLAIMTRACE_COMMON_CALL_ADMISSION_H_

#include <grpcpp/server_context.h>

#include <atomic>

#include "absl/status/statusor.h"
#include "common/request_authorizer.h"

namespace claimtrace::common {

class CallAdmission;

// Holds one in-flight slot until destroyed. Movable, so an asynchronous call
// can keep it until it finishes.
class AdmissionTicket {
 public:
  AdmissionTicket() = default;
  explicit AdmissionTicket(std::atomic<int>* in_flight) : in_flight_(in_flight) {}
  AdmissionTicket(AdmissionTicket&& other) noexcept : in_flight_(other.in_flight_) {
    other.in_flight_ = nullptr;
  }
  AdmissionTicket& operator=(AdmissionTicket&& other) noexcept {
    Release();
    in_flight_ = other.in_flight_;
    other.in_flight_ = nullptr;
    return *this;
  }
  AdmissionTicket(const AdmissionTicket&) = delete;
  ~AdmissionTicket() { Release(); }

 private:
  void Release() {
    if (in_flight_ != nullptr) in_flight_->fetch_sub(1, std::memory_order_relaxed);
    in_flight_ = nullptr;
  }
  std::atomic<int>* in_flight_ = nullptr;
};

class CallAdmission {
 public:
  // `max_in_flight` <= 0 means no bound.
  CallAdmission(RequestAuthorizer authorizer, int max_in_flight)
      : authorizer_(std::move(authorizer)), max_in_flight_(max_in_flight) {}

  // A ticket, or UNAUTHENTICATED / PERMISSION_DENIED (token) or
  // RESOURCE_EXHAUSTED (too many calls in flight; retry with backoff).
  absl::StatusOr<AdmissionTicket> Admit(const grpc::ServerContextBase& context, Access access);

  int in_flight() const { return in_flight_.load(std::memory_order_relaxed); }

 private:
  RequestAuthorizer authorizer_;
  int max_in_flight_;
  std::atomic<int> in_flight_{0};
};

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_CALL_ADMISSION_H_
