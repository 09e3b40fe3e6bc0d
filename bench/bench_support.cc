#include "bench/bench_support.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace claimtrace::bench {
namespace {

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

absl::string_view Absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// The integer after `key` in `text` (e.g. "requests: 61728 total").
std::int64_t NumberAfter(const std::string& text, const std::string& key) {
  const size_t at = text.find(key);
  if (at == std::string::npos) return 0;
  return std::strtoll(text.c_str() + at + key.size(), nullptr, 10);
}

// The integer before `suffix` on the line that starts with `line_prefix`
// ("requests: 10 total, 10 started, 9 done, 9 succeeded, 1 failed").
std::int64_t CountBefore(const std::string& text, const std::string& line_prefix,
                         const std::string& suffix) {
  const size_t line = text.find(line_prefix);
  if (line == std::string::npos) return 0;
  const size_t eol = text.find('\n', line);
  const std::string l =
      text.substr(line, eol == std::string::npos ? std::string::npos : eol - line);
  const size_t at = l.find(suffix);
  if (at == std::string::npos) return 0;
  size_t start = at;
  while (start > 0 && (std::isdigit(static_cast<unsigned char>(l[start - 1])) != 0)) --start;
  return std::strtoll(l.c_str() + start, nullptr, 10);
}

}  // namespace

std::string GrpcFrame(const std::string& message) {
  std::string framed(5, '\0');
  const std::uint32_t n = static_cast<std::uint32_t>(message.size());
  framed[1] = static_cast<char>((n >> 24) & 0xff);
  framed[2] = static_cast<char>((n >> 16) & 0xff);
  framed[3] = static_cast<char>((n >> 8) & 0xff);
  framed[4] = static_cast<char>(n & 0xff);
  return framed + message;
}

int RunAndCapture(const std::vector<std::string>& argv, std::string* output) {
  char path[] = "/tmp/claimtrace-bench-out-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return -1;
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    const int null_fd = open("/dev/null", O_RDONLY);
    dup2(null_fd, STDIN_FILENO);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(fd);
  int status = 0;
  waitpid(pid, &status, 0);
  if (output != nullptr) *output = ReadWholeFile(path);
  unlink(path);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

H2loadResult RunH2load(const H2loadOptions& options) {
  H2loadResult result;
  const std::string body_path = options.work_dir + "/h2load-body.bin";
  const std::string log_path = options.work_dir + "/h2load-requests.tsv";
  {
    std::ofstream out(body_path, std::ios::binary | std::ios::trunc);
    out << GrpcFrame(options.body);
  }
  std::remove(log_path.c_str());
  std::vector<std::string> argv;
  if (!options.cpus.empty()) argv = {"taskset", "-c", options.cpus};
  // h2load takes whole numbers with a unit.
  const std::string duration =
      absl::StrCat(std::max<int64_t>(1, absl::ToInt64Milliseconds(options.duration)), "ms");
  const std::string warmup = absl::StrCat(absl::ToInt64Milliseconds(options.warmup), "ms");
  std::vector<std::string> h2load_args = {
      options.h2load,
      "--clients=" + absl::StrCat(options.clients),
      "--max-concurrent-streams=" + absl::StrCat(options.streams),
      "--threads=1",
      "--duration=" + duration,
      "--warm-up-time=" + warmup,
      "--data=" + body_path,
      "--header=content-type: application/grpc",
      "--header=te: trailers",
      "--log-file=" + log_path,
  };
  if (options.rps_per_client > 0) {
    h2load_args.push_back(absl::StrFormat("--rps=%.3f", options.rps_per_client));
  }
  h2load_args.push_back(absl::StrCat("http://", options.target, options.method));
  argv.insert(argv.end(), h2load_args.begin(), h2load_args.end());
  for (const std::string& a : argv) {
    absl::StrAppend(&result.command, result.command.empty() ? "" : " ",
                    a.find(' ') != std::string::npos ? "'" + a + "'" : a);
  }
  std::string output;
  const int code = RunAndCapture(argv, &output);
  if (code != 0 || output.find("finished in") == std::string::npos) {
    result.error = absl::StrCat("h2load exited ", code, ": ", output.substr(0, 2000));
    return result;
  }
  result.ran = true;
  // "finished in 5.00s, 12345.60 req/s, 1.23MB/s" (or "812.31ms, ...").
  {
    const size_t at = output.find("finished in ") + 12;
    char* end = nullptr;
    double seconds = std::strtod(output.c_str() + at, &end);
    if (end != nullptr && end[0] == 'm' && end[1] == 's') seconds /= 1000.0;
    const size_t comma = output.find(", ", at);
    result.seconds = seconds;
    if (comma != std::string::npos) result.qps = std::strtod(output.c_str() + comma + 2, nullptr);
  }
  result.requests = NumberAfter(output, "requests: ");
  result.succeeded = CountBefore(output, "requests:", " succeeded");
  result.failed = CountBefore(output, "requests:", " failed");
  result.errored = CountBefore(output, "requests:", " errored");
  const std::int64_t ok_2xx = CountBefore(output, "status codes:", " 2xx");
  result.non_2xx = CountBefore(output, "status codes:", " 3xx") +
                   CountBefore(output, "status codes:", " 4xx") +
                   CountBefore(output, "status codes:", " 5xx");
  (void)ok_2xx;

  std::vector<std::int64_t> micros;
  std::ifstream log(log_path);
  std::string line;
  while (std::getline(log, line)) {
    std::vector<absl::string_view> cols = absl::StrSplit(line, '\t');
    if (cols.size() < 3) continue;
    std::int64_t status = 0, latency = 0;
    if (!absl::SimpleAtoi(cols[1], &status) || !absl::SimpleAtoi(cols[2], &latency)) continue;
    if (status != 200) continue;
    micros.push_back(latency);
  }
  result.latency = SummariseMicros(micros);
  return result;
}

absl::StatusOr<std::map<std::string, std::int64_t>> ScrapeRpcCounts(int metrics_port,
                                                                    const std::string& method) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::UnavailableError("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(metrics_port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return absl::UnavailableError(absl::StrCat("cannot connect to metrics port ", metrics_port));
  }
  const std::string request =
      "GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
    close(fd);
    return absl::UnavailableError("cannot send metrics request");
  }
  std::string response;
  char buffer[16384];
  while (true) {
    const ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n <= 0) break;
    response.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  std::map<std::string, std::int64_t> counts;
  const std::string method_label = absl::StrCat("method=\"", method, "\"");
  for (absl::string_view line : absl::StrSplit(response, '\n')) {
    if (!absl::StartsWith(line, "claimtrace_rpc_requests_total{")) continue;
    if (line.find(Absl(method_label)) == absl::string_view::npos) continue;
    const size_t code_at = line.find("code=\"");
    const size_t close_brace = line.rfind('}');
    if (code_at == absl::string_view::npos || close_brace == absl::string_view::npos) continue;
    const size_t code_end = line.find('"', code_at + 6);
    const std::string code(line.substr(code_at + 6, code_end - code_at - 6));
    double value = 0;
    if (!absl::SimpleAtod(absl::StripAsciiWhitespace(line.substr(close_brace + 1)), &value)) {
      continue;
    }
    counts[code] += static_cast<std::int64_t>(value);
  }
  if (response.find("HTTP/1.") != 0) {
    return absl::UnavailableError("metrics endpoint did not answer over HTTP");
  }
  return counts;
}

ProcessSample SampleProcess(pid_t pid) {
  ProcessSample sample;
  const std::string stat = ReadWholeFile(absl::StrCat("/proc/", pid, "/stat"));
  // Fields after the ")" of the command name: state is field 3, utime 14,
  // stime 15 (1-based).
  const size_t paren = stat.rfind(')');
  if (paren == std::string::npos) return sample;
  std::vector<absl::string_view> fields =
      absl::StrSplit(absl::string_view(stat).substr(paren + 2), ' ');
  if (fields.size() < 13) return sample;
  sample.alive = fields[0] != "Z" && fields[0] != "X";
  std::int64_t utime = 0, stime = 0;
  absl::SimpleAtoi(fields[11], &utime);
  absl::SimpleAtoi(fields[12], &stime);
  sample.cpu_seconds =
      static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
  const std::string status = ReadWholeFile(absl::StrCat("/proc/", pid, "/status"));
  for (absl::string_view line : absl::StrSplit(status, '\n')) {
    std::int64_t* target = nullptr;
    if (absl::ConsumePrefix(&line, "VmHWM:")) target = &sample.vm_hwm_kb;
    if (absl::ConsumePrefix(&line, "VmRSS:")) target = &sample.vm_rss_kb;
    if (target == nullptr) continue;
    absl::ConsumeSuffix(&line, "kB");
    absl::SimpleAtoi(absl::StripAsciiWhitespace(line), target);
  }
  return sample;
}

std::map<std::string, std::string> DescribeMachine() {
  std::map<std::string, std::string> info;
  const std::string cpuinfo = ReadWholeFile("/proc/cpuinfo");
  int cores = 0;
  for (absl::string_view line : absl::StrSplit(cpuinfo, '\n')) {
    if (absl::StartsWith(line, "model name") && info.count("cpu") == 0) {
      const size_t colon = line.find(':');
      info["cpu"] = std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)));
    }
    if (absl::StartsWith(line, "processor")) ++cores;
  }
  info["cores"] = absl::StrCat(cores);
  const std::string meminfo = ReadWholeFile("/proc/meminfo");
  const std::int64_t mem_kb = NumberAfter(meminfo, "MemTotal:");
  info["memory"] = absl::StrFormat("%.1f GiB", static_cast<double>(mem_kb) / (1024.0 * 1024.0));
  utsname u{};
  if (uname(&u) == 0) info["kernel"] = absl::StrCat(u.sysname, " ", u.release, " ", u.machine);
  return info;
}

SystemCpuTimes ReadSystemCpuTimes() {
  SystemCpuTimes times;
  const std::string stat = ReadWholeFile("/proc/stat");
  // cpu  user nice system idle iowait irq softirq steal guest guest_nice;
  // guest time is already counted in user and nice.
  if (!absl::StartsWith(stat, "cpu ")) return times;
  const absl::string_view line = absl::string_view(stat).substr(0, stat.find('\n'));
  std::vector<absl::string_view> fields = absl::StrSplit(line, ' ', absl::SkipEmpty());
  for (std::size_t i = 1; i < fields.size() && i <= 8; ++i) {
    std::uint64_t ticks = 0;
    if (!absl::SimpleAtoi(fields[i], &ticks)) return SystemCpuTimes{};
    times.total += ticks;
    if (i == 8) times.steal = ticks;
  }
  return times;
}

double StealPercent(const SystemCpuTimes& before, const SystemCpuTimes& after) {
  if (after.total <= before.total || after.steal < before.steal) return -1;
  return 100.0 * static_cast<double>(after.steal - before.steal) /
         static_cast<double>(after.total - before.total);
}

std::string SourceRevision(const std::string& source_dir) {
  std::string head;
  if (RunAndCapture({"git", "-C", source_dir, "rev-parse", "--short=7", "HEAD"}, &head) != 0) {
    return "unknown";
  }
  std::string revision(absl::StripAsciiWhitespace(head));
  if (revision.empty()) return "unknown";
  std::string changes;
  // The suite's own results are tracked too: a run that rewrote them is
  // still a run of this commit.
  if (RunAndCapture({"git", "-C", source_dir, "status", "--porcelain", "--untracked-files=no", "--",
                     ".", ":(exclude)bench/results"},
                    &changes) == 0 &&
      !absl::StripAsciiWhitespace(changes).empty()) {
    absl::StrAppend(&revision, "+modified");
  }
  return revision;
}

}  // namespace claimtrace::bench
