// Whole numbers as text with their thousands grouped, shared by the claim
// statements, the conflict descriptions and claimctl (each formats other
// numbers its own way).
#ifndef CLAIMTRACE_COMMON_NUMBER_TEXT_H_
#define CLAIMTRACE_COMMON_NUMBER_TEXT_H_

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

namespace claimtrace::common {

// Whether AppendGroupedWholeNumber takes `value`: whole, with a magnitude
// below 1e15 (so exact in an integer). False for NaN and infinities.
inline bool IsGroupableWholeNumber(double value) {
  return std::fabs(value) < 1e15 && value == std::floor(value);
}

// Appends `value` (IsGroupableWholeNumber) with its thousands grouped:
// "705,900,000", "-1,234", "0" (also for -0). Written from the last digit
// back, without temporary strings.
inline void AppendGroupedWholeNumber(double value, std::string* out) {
  char buffer[32];  // 15 digits, 4 commas and a sign at most
  char* const end = buffer + sizeof(buffer);
  char* p = end;
  auto digits = static_cast<std::uint64_t>(std::fabs(value));
  int written = 0;
  do {
    if (written > 0 && written % 3 == 0) *--p = ',';
    *--p = static_cast<char>('0' + digits % 10);
    digits /= 10;
    ++written;
  } while (digits != 0);
  if (value < 0) *--p = '-';
  out->append(p, static_cast<std::size_t>(end - p));
}

inline std::string GroupedWholeNumber(double value) {
  std::string out;
  AppendGroupedWholeNumber(value, &out);
  return out;
}

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_NUMBER_TEXT_H_
