// Plain-text layout for claimctl's human output: display widths of UTF-8
// text (East Asian wide characters take two columns, combining marks none),
// truncation with "…", aligned tables that fit a width, word wrapping, and
// highlighting a byte span with ANSI escapes or [[…]] markers.
#ifndef CLAIMTRACE_CLIENT_TEXT_LAYOUT_H_
#define CLAIMTRACE_CLIENT_TEXT_LAYOUT_H_

#include <functional>
#include <string>
#include <string_view>
#include <utility>
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
  // How much room a shrinkable column keeps relative to the others when
  // space is short: each gets up to weight * the common cap.
  int weight = 1;
  // 0: always shown. Otherwise the column may be left out when the table
  // cannot fit the width even with every shrinkable column at its minimum;
  // the highest priority goes first.
  int drop_priority = 0;
  // On a colour terminal: the ANSI escape to show a (laid out) cell in, or
  // null for none. Applied after truncation and padding, so service data
  // never carries escapes of its own into the output.
  std::function<const char*(std::string_view cell)> cell_colour;
};

// A column shown in full (names, numbers); with a drop priority, left out
// of tables too narrow for it.
inline TableColumn FixedColumn(std::string header, bool align_right = false,
                               int drop_priority = 0) {
  TableColumn column;
  column.header = std::move(header);
  column.shrinkable = false;
  column.align_right = align_right;
  column.drop_priority = drop_priority;
  return column;
}

// A column that is narrowed (down to `min_width`) when the table is too wide.
inline TableColumn FlexibleColumn(std::string header, int min_width = 6, int weight = 1) {
  TableColumn column;
  column.header = std::move(header);
  column.min_width = min_width;
  column.weight = weight;
  return column;
}

struct TableStyle {
  // Total columns available.
  int width = 100;
  // Headers in bold (ANSI); only when writing to a colour terminal.
  bool colour = false;
};

// Header row and rows, each row one line, columns two spaces apart. When the
// natural widths do not fit `style.width`, the widest shrinkable columns are
// narrowed first (each to at most weight * a common cap, never below its
// minimum) and their cells truncated with "…"; columns with a drop priority
// are left out first if even the minimums do not fit. Cells are made one
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
