// claimctl's command line: the table of commands with their flags, help
// texts and examples, and a small parser for
//   claimctl [GLOBAL FLAGS] COMMAND [SUBCOMMAND] [FLAGS] [ARGS]
// Global flags may come before or after the command; command flags after
// it or before it (they are checked once the command is known). Flags are
// `--name value` or `--name=value`; `--` ends the flags. Usage errors carry
// one line with a hint (e.g. the closest known flag).
#ifndef CLAIMTRACE_CLIENT_COMMAND_LINE_H_
#define CLAIMTRACE_CLIENT_COMMAND_LINE_H_

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace claimtrace::client {

// Exit codes, as documented in `claimctl --help`.
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,
  kExitUsage = 2,
  kExitNotFound = 3,
  kExitInvalidArgument = 4,
  kExitUnavailable = 5,
};

enum class OutputFormat { kTable, kJson, kJsonl };

struct GlobalOptions {
  // As given by --claims / --provenance; empty when not given.
  std::string claims_address;
  std::string provenance_address;
  // Deadline of each call.
  std::chrono::milliseconds timeout{10000};
  OutputFormat output = OutputFormat::kTable;
  bool verbose = false;
};

struct FlagSpec {
  std::string name;        // without dashes: "subject"
  std::string value_name;  // "ID"; empty for a boolean flag
  std::string help;
};

struct CommandSpec {
  std::string path;       // "claims list"
  std::string arguments;  // "NAME", "FILE...", ""
  std::string summary;    // one line
  std::string description;
  std::vector<FlagSpec> flags;
  std::vector<std::string> examples;
  int min_args = 0;
  int max_args = 0;  // -1: no limit
};

// Every command, in help order.
const std::vector<CommandSpec>& CommandTable();
// Flags every command takes.
const std::vector<FlagSpec>& GlobalFlagTable();
// The command with this path ("claims list"), or null.
const CommandSpec* FindCommand(std::string_view path);

struct ParsedCommandLine {
  // The command to run; null when help was asked for without one, or for a
  // group ("claims").
  const CommandSpec* command = nullptr;
  // Set when help was asked for a group, e.g. "claims".
  std::string group;
  bool help = false;
  std::vector<std::string> args;
  // Command flags given, by name ("subject"); boolean flags map to "".
  std::map<std::string, std::string> flags;
  GlobalOptions global;

  bool has(const std::string& flag) const { return flags.count(flag) > 0; }
  std::optional<std::string> get(const std::string& flag) const {
    const auto it = flags.find(flag);
    if (it == flags.end()) return std::nullopt;
    return it->second;
  }
};

// Parses the arguments after argv[0]. INVALID_ARGUMENT with a one-line
// message (without the "claimctl: " prefix) for unknown commands or flags,
// missing flag values, bad --output or --timeout values, and wrong numbers
// of arguments.
absl::StatusOr<ParsedCommandLine> ParseCommandLine(const std::vector<std::string>& args);

// "10s", "500ms", "1m", "1.5s" or a plain number of seconds.
absl::StatusOr<std::chrono::milliseconds> ParseTimeout(std::string_view text);

// Help texts.
std::string TopLevelHelp();
std::string GroupHelp(std::string_view group);
std::string CommandHelp(const CommandSpec& command);
// The help ParseCommandLine asked for (parsed.help set).
std::string HelpFor(const ParsedCommandLine& parsed);

}  // namespace claimtrace::client

#endif  // CLAIMTRACE_CLIENT_COMMAND_LINE_H_
