// claimctl: command-line client for claims_service and provenance_service.
// See `claimctl --help`.
#include <iostream>
#include <string>
#include <vector>

#include "client/commands.h"
#include "client/terminal.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> args(argv + 1, argv + argc);
  claimtrace::client::CommandIo io{std::cout, std::cerr, std::cin,
                                   claimtrace::client::DetectTerminal()};
  const int code = claimtrace::client::RunClaimctl(args, io);
  std::cout.flush();
  std::cerr.flush();
  return code;
}
