#include "client/terminal.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>

namespace claimtrace::client {

int ResolveOutputWidth(int ioctl_columns, const char* columns_env) {
  if (ioctl_columns > 0) return ioctl_columns;
  if (columns_env != nullptr && *columns_env != '\0') {
    char* end = nullptr;
    const long value = std::strtol(columns_env, &end, 10);
    if (end != nullptr && *end == '\0' && value > 0 && value < 1000000)
      return static_cast<int>(value);
  }
  return kDefaultOutputWidth;
}

bool ColourAllowed(bool is_tty, const char* no_color_env) {
  return is_tty && no_color_env == nullptr;
}

TerminalInfo DetectTerminal() {
  TerminalInfo info;
  info.stdout_is_tty = isatty(STDOUT_FILENO) == 1;
  info.stderr_is_tty = isatty(STDERR_FILENO) == 1;
  int columns = 0;
  if (info.stdout_is_tty) {
    struct winsize size {};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) columns = size.ws_col;
  }
  info.width = ResolveOutputWidth(columns, std::getenv("COLUMNS"));
  info.colour = ColourAllowed(info.stdout_is_tty, std::getenv("NO_COLOR"));
  return info;
}

}  // namespace claimtrace::client
