#include "common/json_log.h"

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace claimtrace::common {

void LogJson(std::string_view level, std::string_view message,
             const std::vector<JsonField>& fields) {
  std::string line = absl::StrCat(
      "{\"time\":\"", absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()),
      "\",\"level\":", JsonString(level), ",\"msg\":", JsonString(message));
  for (const JsonField& field : fields) {
    absl::StrAppend(&line, ",", JsonString(field.key), ":", field.json_value);
  }
  line += "}\n";
  // One write(2) per line: atomic enough for stderr pipes and files.
  const char* data = line.data();
  size_t left = line.size();
  while (left > 0) {
    const ssize_t written = ::write(STDERR_FILENO, data, left);
    if (written <= 0) break;
    data += written;
    left -= static_cast<size_t>(written);
  }
}

}  // namespace claimtrace::common
