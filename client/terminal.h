// What claimctl knows about where its output goes: whether stdout and stderr
// are terminals, how wide the output may be, and whether colour is allowed.
#ifndef CLAIMTRACE_CLIENT_TERMINAL_H_
#define CLAIMTRACE_CLIENT_TERMINAL_H_

#include <string>

namespace claimtrace::client {

inline constexpr int kDefaultOutputWidth = 100;

struct TerminalInfo {
  bool stdout_is_tty = false;
  bool stderr_is_tty = false;
  // ANSI colour/bold on stdout.
  bool colour = false;
  // Columns available for tables and wrapped text.
  int width = kDefaultOutputWidth;
};

// Width from the terminal (`ioctl_columns`, 0 when unknown), else from
// $COLUMNS (`columns_env`, may be null; must be a positive number), else
// kDefaultOutputWidth.
int ResolveOutputWidth(int ioctl_columns, const char* columns_env);

// Colour only on a terminal, and never when NO_COLOR is set to anything
// (`no_color_env` non-null, even empty).
bool ColourAllowed(bool is_tty, const char* no_color_env);

// Looks at the real file descriptors and environment.
TerminalInfo DetectTerminal();

}  // namespace claimtrace::client

#endif  // CLAIMTRACE_CLIENT_TERMINAL_H_
