// UTF-8 validation and boundary helpers for byte-offset spans.
#ifndef CLAIMTRACE_COMMON_UTF8_H_
#define CLAIMTRACE_COMMON_UTF8_H_

#include <cstddef>
#include <optional>
#include <string_view>

namespace claimtrace::common {

// Byte offset of the first invalid UTF-8 sequence (overlong forms, surrogates
// and code points above U+10FFFF are invalid), or nullopt when `text` is valid.
std::optional<std::size_t> FindInvalidUtf8(std::string_view text);

// True when `offset` is 0, text.size(), or the start of a UTF-8 character.
bool IsUtf8Boundary(std::string_view text, std::size_t offset);

// Moves `offset` back to the nearest character start (at most 3 bytes).
std::size_t AlignUtf8Start(std::string_view text, std::size_t offset);

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_UTF8_H_
