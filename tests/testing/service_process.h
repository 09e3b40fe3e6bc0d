// Starts a real claimtrace binary for a test, on free loopback ports, and
// stops it with a signal. The binary's stderr (its JSON log) goes to a file
// in the test's temporary directory; the `serving` line gives the ports.
#ifndef CLAIMTRACE_TESTS_TESTING_SERVICE_PROCESS_H_
#define CLAIMTRACE_TESTS_TESTING_SERVICE_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace claimtrace::testing {

// Path of a binary built in this tree, e.g. BinaryPath("claims_service").
std::string BinaryPath(const std::string& name);

// A fresh temporary directory under $TMPDIR, removed by the caller if wanted.
std::string MakeTempDir(const std::string& prefix);

// The text of a file ("" if unreadable).
std::string ReadFile(const std::string& path);

class ServiceProcess {
 public:
  ServiceProcess() = default;
  ServiceProcess(const ServiceProcess&) = delete;
  ServiceProcess& operator=(const ServiceProcess&) = delete;
  ~ServiceProcess();  // SIGKILLs the process if still running

  // Starts `binary` with `args`, stderr to `log_path`; waits up to `timeout`
  // for its `serving` log line. False (with the log kept) if it exits or
  // never serves. The process is SIGKILLed if the calling thread dies first
  // (a crashed or killed test leaves no service behind).
  bool Start(const std::string& binary, const std::vector<std::string>& args,
             const std::string& log_path,
             std::chrono::milliseconds timeout = std::chrono::seconds(30));

  // Sends `signal` and waits up to `timeout` for the exit. Returns the exit
  // code (128+signal if killed by one), or nullopt if it did not exit.
  std::optional<int> Stop(int signal, std::chrono::milliseconds timeout = std::chrono::seconds(20));

  // Waits for the process to exit by itself (e.g. a start-up failure).
  std::optional<int> WaitForExit(std::chrono::milliseconds timeout);

  int grpc_port() const { return grpc_port_; }
  int metrics_port() const { return metrics_port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(grpc_port_); }
  pid_t pid() const { return pid_; }
  std::string log() const { return ReadFile(log_path_); }

 private:
  pid_t pid_ = -1;
  int grpc_port_ = 0;
  int metrics_port_ = 0;
  std::string log_path_;
};

// Runs a command to completion, capturing stdout and stderr separately.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::vector<std::string>& extra_env = {},
                         const std::string& stdin_text = "");

}  // namespace claimtrace::testing

#endif  // CLAIMTRACE_TESTS_TESTING_SERVICE_PROCESS_H_
