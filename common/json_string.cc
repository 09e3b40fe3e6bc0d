#include "common/json_string.h"

#include <array>
#include <cstdio>

namespace claimtrace::common {

std::string JsonString(std::string_view s) {
  std::string out;
  AppendJsonString(&out, s);
  return out;
}

void AppendJsonString(std::string* out_string, std::string_view s) {
  // Every access log line quotes a few strings that need no escaping: copy
  // runs of plain bytes whole instead of one byte at a time.
  static constexpr auto kPlain = [] {
    std::array<bool, 256> plain{};
    for (int c = 0; c < 256; ++c) plain[c] = c >= 0x20 && c != '"' && c != '\\';
    return plain;
  }();
  std::string& out = *out_string;
  out.reserve(out.size() + s.size() + 2);
  out.push_back('"');
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t run = i;
    while (run < s.size() && kPlain[static_cast<unsigned char>(s[run])]) ++run;
    out.append(s.data() + i, run - i);
    if (run == s.size()) break;
    const char c = s[run];
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default: {
        char buffer[8];
        std::snprintf(buffer, sizeof(buffer), "\\u%04x", static_cast<int>(c));
        out += buffer;
      }
    }
    i = run + 1;
  }
  out.push_back('"');
}

}  // namespace claimtrace::common
