#include "common/json_log.h"

#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "absl/time/clock.h"

namespace claimtrace::common {
namespace {

// One write(2) per call: atomic enough for stderr pipes and files.
void WriteAll(int fd, const std::string& bytes) {
  const char* data = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    const ssize_t written = ::write(fd, data, left);
    if (written <= 0) break;
    data += written;
    left -= static_cast<size_t>(written);
  }
}

}  // namespace

void AppendLogLineStart(std::string* line, absl::Time time, std::string_view level,
                        std::string_view message) {
  // "YYYY-MM-DDTHH:MM:SS" changes once a second: format it once per second
  // and thread (absl::FormatTime costs a microsecond).
  thread_local std::int64_t cached_second = -1;
  thread_local char cached_prefix[32];
  const std::int64_t micros = absl::ToUnixMicros(time);
  std::int64_t second = micros / 1000000;
  std::int64_t millis = (micros % 1000000) / 1000;
  if (millis < 0) {
    millis += 1000;
    second -= 1;
  }
  if (second != cached_second) {
    const time_t t = static_cast<time_t>(second);
    struct tm parts;
    gmtime_r(&t, &parts);
    std::strftime(cached_prefix, sizeof(cached_prefix), "%Y-%m-%dT%H:%M:%S", &parts);
    cached_second = second;
  }
  const char fraction[6] = {'.',
                            static_cast<char>('0' + millis / 100),
                            static_cast<char>('0' + millis / 10 % 10),
                            static_cast<char>('0' + millis % 10),
                            'Z',
                            '\0'};
  line->append("{\"time\":\"");
  line->append(cached_prefix);
  line->append(fraction);
  line->append("\",\"level\":");
  AppendJsonString(line, level);
  line->append(",\"msg\":");
  AppendJsonString(line, message);
}

std::string FormatLogLine(absl::Time time, std::string_view level, std::string_view message,
                          const std::vector<JsonField>& fields) {
  std::string line;
  AppendLogLineStart(&line, time, level, message);
  for (const JsonField& field : fields) {
    line.push_back(',');
    AppendJsonString(&line, field.key);
    line.push_back(':');
    line.append(field.json_value);
  }
  line += "}\n";
  return line;
}

void LogJson(std::string_view level, std::string_view message,
             const std::vector<JsonField>& fields) {
  WriteAll(STDERR_FILENO, FormatLogLine(absl::Now(), level, message, fields));
}

BufferedLogWriter::BufferedLogWriter(int fd, absl::Duration flush_interval, std::size_t batch_bytes)
    : fd_(fd), flush_interval_(flush_interval), batch_bytes_(batch_bytes) {
  pending_.reserve(ReservedBytes());
  batch_.reserve(ReservedBytes());
  thread_ = std::thread([this] { Run(); });
}

BufferedLogWriter::~BufferedLogWriter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void BufferedLogWriter::Write(std::string_view line) {
  bool wake = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    pending_.append(line.data(), line.size());
    wake = pending_.size() >= batch_bytes_;
  }
  if (wake) wake_.notify_one();
}

void BufferedLogWriter::Flush() {
  std::lock_guard<std::mutex> write_lock(write_mu_);
  {
    // The emptied batch buffer becomes the pending one: both keep their
    // capacity, so queueing does not grow a buffer from empty each batch.
    std::lock_guard<std::mutex> lock(mu_);
    batch_.swap(pending_);
  }
  WriteAll(fd_, batch_);
  batch_.clear();
  // A burst (or a slow reader of the descriptor) can grow a batch far past
  // `batch_bytes`: its memory is not kept for good.
  if (batch_.capacity() > 4 * ReservedBytes()) {
    std::string().swap(batch_);
    batch_.reserve(ReservedBytes());
  }
}

std::size_t BufferedLogWriter::ReservedBytes() const {
  return std::min<std::size_t>(batch_bytes_, 1 << 20);
}

void BufferedLogWriter::Run() {
  const auto interval = absl::ToChronoNanoseconds(flush_interval_);
  while (true) {
    bool stopping = false;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait_for(lock, interval,
                     [this] { return stopping_ || pending_.size() >= batch_bytes_; });
      stopping = stopping_;
    }
    Flush();
    if (stopping) return;
  }
}

}  // namespace claimtrace::common
