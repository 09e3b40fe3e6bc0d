// A value's encoding made at most once and kept beside it. Values that are
// cached and served many times (a trace, a claim) are shared immutably; the
// first caller that needs their wire form makes it here and every later one
// reuses it, instead of building and serialising the same message per call.
#ifndef CLAIMTRACE_COMMON_ENCODED_ONCE_H_
#define CLAIMTRACE_COMMON_ENCODED_ONCE_H_

#include <mutex>
#include <string>

#include "absl/functional/function_ref.h"

namespace claimtrace::common {

// Thread-safe. Neither copied nor moved: it belongs to one immutable value
// (held through a shared_ptr<const ...>), and a copy of that value could be
// changed, so it would need an encoding of its own.
class EncodedOnce {
 public:
  EncodedOnce() = default;
  EncodedOnce(const EncodedOnce&) = delete;
  EncodedOnce& operator=(const EncodedOnce&) = delete;

  // The encoding, made by `encode` on the first call only; concurrent first
  // calls wait for the one that encodes. The reference lives as long as this.
  const std::string& Get(absl::FunctionRef<std::string()> encode) const {
    std::call_once(once_, [&] { encoded_ = encode(); });
    return encoded_;
  }

 private:
  mutable std::once_flag once_;
  mutable std::string encoded_;
};

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_ENCODED_ONCE_H_
