// claimctl's commands: each reads its flags, calls the services through an
// RpcSession, and writes a table, JSON or JSON lines to `out`. Errors are
// one line on `err` ("claimctl: ..."); the return value is the exit code
// (see ExitCode in command_line.h).
#ifndef CLAIMTRACE_CLIENT_COMMANDS_H_
#define CLAIMTRACE_CLIENT_COMMANDS_H_

#include <istream>
#include <ostream>

#include "client/command_line.h"
#include "client/rpc_session.h"
#include "client/terminal.h"

namespace claimtrace::client {

struct CommandIo {
  std::ostream& out;
  std::ostream& err;
  std::istream& in;
  TerminalInfo terminal;
};

// Runs the parsed command (parsed.command non-null, parsed.help false).
int RunCommand(const ParsedCommandLine& parsed, RpcSession& rpc, CommandIo& io);

// The whole program: parses `args` (after argv[0]), prints help or runs the
// command with addresses from the flags, the environment or the defaults.
int RunClaimctl(const std::vector<std::string>& args, CommandIo& io);

}  // namespace claimtrace::client

#endif  // CLAIMTRACE_CLIENT_COMMANDS_H_
