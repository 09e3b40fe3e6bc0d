// Structured logging: one JSON object per line on stderr, written with a
// single write so lines from concurrent threads never interleave.
#ifndef CLAIMTRACE_COMMON_JSON_LOG_H_
#define CLAIMTRACE_COMMON_JSON_LOG_H_

#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "common/json_string.h"

namespace claimtrace::common {

// A field value already rendered as JSON (use JsonString for strings).
struct JsonField {
  std::string key;
  std::string json_value;
};

// Appends {"time":"<RFC 3339 UTC, milliseconds>","level":level,"msg":message
// to `line`: the start every log line shares. The caller appends its fields
// (",\"key\":value") and "}\n".
void AppendLogLineStart(std::string* line, absl::Time time, std::string_view level,
                        std::string_view message);

// The whole line for LogJson.
std::string FormatLogLine(absl::Time time, std::string_view level, std::string_view message,
                          const std::vector<JsonField>& fields);

// Writes {"time": RFC 3339 UTC, "level": level, "msg": message, fields...}
// now (events: start-up, health changes, warnings).
void LogJson(std::string_view level, std::string_view message,
             const std::vector<JsonField>& fields = {});

// Collects whole lines and writes them to a file descriptor in batches, from
// a thread of its own: at least every `flush_interval`, sooner when
// `batch_bytes` have gathered, and on Flush and destruction. For the one line
// per RPC, where a write(2) per line was a tenth of a GetClaim's CPU time. A
// process killed outright loses at most the last interval's lines.
class BufferedLogWriter {
 public:
  explicit BufferedLogWriter(int fd, absl::Duration flush_interval = absl::Milliseconds(20),
                             std::size_t batch_bytes = 64 << 10);
  ~BufferedLogWriter();
  BufferedLogWriter(const BufferedLogWriter&) = delete;
  BufferedLogWriter& operator=(const BufferedLogWriter&) = delete;

  // Queues `line` (which ends in '\n').
  void Write(std::string_view line);
  // Writes everything queued so far before returning.
  void Flush();

 private:
  void Run();
  // What each buffer keeps reserved: a batch's size, up to 1 MiB.
  std::size_t ReservedBytes() const;

  const int fd_;
  const absl::Duration flush_interval_;
  const std::size_t batch_bytes_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::string pending_;    // guarded by mu_
  bool stopping_ = false;  // guarded by mu_
  std::mutex write_mu_;    // one batch written at a time, in order
  std::string batch_;      // guarded by write_mu_: the batch being written
  std::thread thread_;
};

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_JSON_LOG_H_
