#include "common/call_admission.h"

#include "absl/strings/str_cat.h"

namespace claimtrace::common {

absl::StatusOr<AdmissionTicket> CallAdmission::Admit(const grpc::ServerContextBase& context,
                                                     Access access) {
  const absl::Status authorized = authorizer_.Authorize(context, access);
  if (!authorized.ok()) return authorized;
  const int now = in_flight_.fetch_add(1, std::memory_order_relaxed) + 1;
  AdmissionTicket ticket(&in_flight_);
  if (max_in_flight_ > 0 && now > max_in_flight_) {
    return absl::ResourceExhaustedError(absl::StrCat("server busy: more than ", max_in_flight_,
                                                     " calls in flight; retry with backoff"));
  }
  return ticket;
}

}  // namespace claimtrace::common
