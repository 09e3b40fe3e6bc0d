// SHA-256 digests as lower-case hex, via OpenSSL.
#ifndef CLAIMTRACE_COMMON_SHA256_H_
#define CLAIMTRACE_COMMON_SHA256_H_

#include <string>
#include <string_view>

namespace claimtrace::common {

// Lower-case hex SHA-256 of `data` (64 characters).
std::string Sha256Hex(std::string_view data);

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_SHA256_H_
