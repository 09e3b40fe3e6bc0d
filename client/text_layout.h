// Plain-text layout for claimctl's human output: display widths of UTF-8
// text (East Asian wide characters take two columns, combining marks none),
// truncation with "…", aligned tables that fit a width, word wrapping, and
// highlighting a byte span with ANSI escapes or [[…]] markers.
#ifndef CLAIMTRACE_CLIENT_TEXT_LAYOUT_H_
#define CLAIMTRACE_CLIENT_TEXT_LAYOUT_H_

#include <string>
#include <string_view>
#include <vector>

namespace claimtrace::client {

// Columns a terminal uses to show `text`. Invalid UTF-8 bytes count one
// column each; ANSI SGR escapes (ESC [ ... m) count none.
int DisplayWidth(std::string_view text);

// `text` cut to at most `width` columns, ending in "…" when anything was
// cut. Never splits a UTF-8 sequence. Empty when width <= 0.
std::string TruncateToWidth(std::string_view text, int width);

// `text` with tabs, newlines and other control characters replaced by
// spaces, so that it stays on one table line.
std::string OneLine(std::string_view text);

struct TableColumn {
  std::string header;
  // False for columns that must keep their full width (names, numbers).
  bool shrinkable = true;
  bool align_right = false;
  // A shrinkable column is not made narrower than this (or its natural
  // width, when that is smaller).
  int min_width = 6;
};

struct TableStyle {
  // Total columns available.
  int width = 100;
  // Headers in bold (ANSI); only when writing to a colour terminal.
  bool colour = false;
};

// Header row and rows, each row one line, columns two spaces apart. When the
// natural widths do not fit `style.width`, the widest shrinkable columns are
// narrowed first and their cells truncated with "…". Cells are made one
// line (OneLine). No trailing spaces. Rows shorter than the header are
// padded with empty cells.
std::string RenderTable(const std::vector<TableColumn>& columns,
                        const std::vector<std::vector<std::string>>& rows, const TableStyle& style);

// Column widths RenderTable would use (exposed for tests).
std::vector<int> FitColumnWidths(const std::vector<TableColumn>& columns,
                                 const std::vector<std::vector<std::string>>& rows, int width);

// `text` wrapped at word boundaries to lines of at most `width` display
// columns (a longer word gets a line of its own), each line prefixed with
// `indent`. Existing newlines are kept. ANSI escapes take no width.
std::string WrapText(std::string_view text, int width, std::string_view indent);

enum class HighlightStyle {
  kMarkers,  // [[quoted span]]
  kAnsi,     // bold yellow, then reset
};

inline constexpr char kAnsiHighlightStart[] = "\x1b[1;33m";
inline constexpr char kAnsiBold[] = "\x1b[1m";
inline constexpr char kAnsiReset[] = "\x1b[0m";

// `text` with bytes [start, end) marked. A span outside the text, reversed,
// or not on UTF-8 character boundaries is returned unmarked.
std::string HighlightSpan(std::string_view text, int start, int end, HighlightStyle style);

}  // namespace claimtrace::client

#endif  // CLAIMTRACE_CLIENT_TEXT_LAYOUT_H_
