#include "client/text_layout.h"

#include <algorithm>
#include <cstdint>

namespace claimtrace::client {
namespace {

constexpr char kEllipsis[] = "\xE2\x80\xA6";  // …

// Decodes the code point at `pos`; returns its byte length (1 for an invalid
// byte, with *code_point set to U+FFFD).
size_t DecodeUtf8(std::string_view text, size_t pos, char32_t* code_point) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  size_t length = 0;
  char32_t value = 0;
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0 && lead >= 0xC2) {
    length = 2;
    value = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    value = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0 && lead <= 0xF4) {
    length = 4;
    value = lead & 0x07;
  } else {
    *code_point = 0xFFFD;
    return 1;
  }
  if (pos + length > text.size()) {
    *code_point = 0xFFFD;
    return 1;
  }
  for (size_t i = 1; i < length; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) {
      *code_point = 0xFFFD;
      return 1;
    }
    value = (value << 6) | (byte(pos + i) & 0x3F);
  }
  *code_point = value;
  return length;
}

struct Range {
  char32_t first;
  char32_t last;
};

bool InRanges(char32_t c, const Range* ranges, size_t count) {
  const Range* end = ranges + count;
  const Range* it = std::upper_bound(
      ranges, end, c, [](char32_t value, const Range& r) { return value < r.first; });
  return it != ranges && c <= (it - 1)->last;
}

// Sorted, non-overlapping.
constexpr Range kZeroWidth[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD},   {0x0610, 0x061A}, {0x064B, 0x065F},
    {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E},   {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
    {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064},   {0x20D0, 0x20FF}, {0xFE00, 0xFE0F},
    {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

constexpr Range kWide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},
    {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},
    {0xA000, 0xA4CF},   {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},
    {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},
    {0x1F300, 0x1F64F}, {0x1F680, 0x1F6FF}, {0x1F900, 0x1F9FF}, {0x1FA70, 0x1FAFF},
    {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

int CodePointWidth(char32_t c) {
  if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return 0;
  if (c < 0x300) return 1;
  if (InRanges(c, kZeroWidth, sizeof(kZeroWidth) / sizeof(kZeroWidth[0]))) return 0;
  if (InRanges(c, kWide, sizeof(kWide) / sizeof(kWide[0]))) return 2;
  return 1;
}

// Length of an ANSI SGR escape starting at `pos`, or 0.
size_t AnsiEscapeLength(std::string_view text, size_t pos) {
  if (text[pos] != '\x1b' || pos + 1 >= text.size() || text[pos + 1] != '[') return 0;
  size_t i = pos + 2;
  while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == ';')) ++i;
  if (i < text.size() && text[i] == 'm') return i + 1 - pos;
  return 0;
}

bool IsUtf8Boundary(std::string_view text, size_t pos) {
  return pos == text.size() || (static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80;
}

std::string Pad(int count) { return std::string(static_cast<size_t>(std::max(count, 0)), ' '); }

}  // namespace

int DisplayWidth(std::string_view text) {
  int width = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    if (const size_t escape = AnsiEscapeLength(text, pos)) {
      pos += escape;
      continue;
    }
    char32_t c = 0;
    pos += DecodeUtf8(text, pos, &c);
    width += CodePointWidth(c);
  }
  return width;
}

std::string TruncateToWidth(std::string_view text, int width) {
  if (width <= 0) return "";
  if (DisplayWidth(text) <= width) return std::string(text);
  const int budget = width - 1;  // the ellipsis takes one column
  std::string out;
  int used = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t c = 0;
    const size_t length = DecodeUtf8(text, pos, &c);
    const int w = CodePointWidth(c);
    if (used + w > budget) break;
    if (c == 0xFFFD && length == 1) {
      out += '?';
    } else {
      out.append(text.substr(pos, length));
    }
    used += w;
    pos += length;
  }
  out += kEllipsis;
  return out;
}

std::string OneLine(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    out += (u < 0x20 || u == 0x7F) ? ' ' : c;
  }
  return out;
}

std::vector<int> FitColumnWidths(const std::vector<TableColumn>& columns,
                                 const std::vector<std::vector<std::string>>& rows, int width) {
  const size_t n = columns.size();
  std::vector<int> natural(n, 0);
  for (size_t i = 0; i < n; ++i) natural[i] = DisplayWidth(columns[i].header);
  for (const auto& row : rows) {
    for (size_t i = 0; i < n && i < row.size(); ++i) {
      natural[i] = std::max(natural[i], DisplayWidth(OneLine(row[i])));
    }
  }
  const int gaps = n > 0 ? 2 * static_cast<int>(n - 1) : 0;
  int total = gaps;
  for (const int w : natural) total += w;
  if (total <= width) return natural;

  // Water-filling: the largest cap such that the shrinkable columns, each
  // at min(natural, max(cap * weight, minimum)), fit the space the others
  // leave.
  int available = width - gaps;
  std::vector<int> minimum(n, 0);
  for (size_t i = 0; i < n; ++i) {
    if (!columns[i].shrinkable) {
      available -= natural[i];
    } else {
      minimum[i] = std::min(natural[i], std::max(columns[i].min_width, 1));
    }
  }
  const auto width_at = [&](size_t i, int cap) {
    return std::min(natural[i], std::max(cap * std::max(columns[i].weight, 1), minimum[i]));
  };
  const auto used_at = [&](int cap) {
    int used = 0;
    for (size_t i = 0; i < n; ++i) {
      if (columns[i].shrinkable) used += width_at(i, cap);
    }
    return used;
  };
  int low = 0, high = 0;
  for (const int w : natural) high = std::max(high, w);
  while (low < high) {  // largest cap with used_at(cap) <= available
    const int mid = (low + high + 1) / 2;
    if (used_at(mid) <= available) {
      low = mid;
    } else {
      high = mid - 1;
    }
  }
  std::vector<int> widths = natural;
  for (size_t i = 0; i < n; ++i) {
    if (columns[i].shrinkable) widths[i] = width_at(i, low);
  }
  // Even the minimums do not fit: take columns off the widest shrinkable
  // cells, down to one column each.
  int excess = used_at(low) - available;
  while (excess > 0) {
    size_t widest = n;
    for (size_t i = 0; i < n; ++i) {
      if (columns[i].shrinkable && widths[i] > 1 && (widest == n || widths[i] > widths[widest])) {
        widest = i;
      }
    }
    if (widest == n) break;  // the fixed columns alone are too wide
    --widths[widest];
    --excess;
  }
  // Hand the columns left over by the integer cap to the capped columns.
  int spare = available - used_at(low);
  for (size_t i = 0; i < n && spare > 0; ++i) {
    if (columns[i].shrinkable && widths[i] < natural[i]) {
      ++widths[i];
      --spare;
    }
  }
  return widths;
}

std::string RenderTable(const std::vector<TableColumn>& all_columns,
                        const std::vector<std::vector<std::string>>& all_rows,
                        const TableStyle& style) {
  // Leave out droppable columns while the narrowest layout is too wide.
  std::vector<size_t> shown;
  for (size_t i = 0; i < all_columns.size(); ++i) shown.push_back(i);
  const auto narrowest = [&]() {
    int total = 2 * (static_cast<int>(shown.size()) - 1);
    for (const size_t i : shown) {
      int natural = DisplayWidth(all_columns[i].header);
      for (const auto& row : all_rows) {
        if (i < row.size()) natural = std::max(natural, DisplayWidth(OneLine(row[i])));
      }
      total += all_columns[i].shrinkable ? std::min(natural, std::max(all_columns[i].min_width, 1))
                                         : natural;
    }
    return total;
  };
  while (shown.size() > 1 && narrowest() > style.width) {
    auto drop = shown.end();
    for (auto it = shown.begin(); it != shown.end(); ++it) {
      const int priority = all_columns[*it].drop_priority;
      if (priority > 0 && (drop == shown.end() || priority > all_columns[*drop].drop_priority))
        drop = it;
    }
    if (drop == shown.end()) break;
    shown.erase(drop);
  }
  std::vector<TableColumn> columns;
  for (const size_t i : shown) columns.push_back(all_columns[i]);
  std::vector<std::vector<std::string>> rows;
  rows.reserve(all_rows.size());
  for (const auto& row : all_rows) {
    std::vector<std::string> cells;
    for (const size_t i : shown) cells.push_back(i < row.size() ? row[i] : "");
    rows.push_back(std::move(cells));
  }
  const std::vector<int> widths = FitColumnWidths(columns, rows, style.width);
  const size_t n = columns.size();
  std::string out;
  const auto append_row = [&](const std::vector<std::string>& cells, bool header) {
    std::string line;
    for (size_t i = 0; i < n; ++i) {
      const std::string cell =
          TruncateToWidth(OneLine(i < cells.size() ? cells[i] : ""), widths[i]);
      const int pad = widths[i] - DisplayWidth(cell);
      const bool last = i + 1 == n;
      if (i > 0) line += "  ";
      std::string padded;
      if (columns[i].align_right) {
        padded = Pad(pad) + cell;
      } else {
        padded = last ? cell : cell + Pad(pad);
      }
      const char* colour = nullptr;
      if (style.colour) {
        colour = header                   ? kAnsiBold
                 : columns[i].cell_colour ? columns[i].cell_colour(cell)
                                          : nullptr;
      }
      if (colour != nullptr) {
        line += colour + padded + kAnsiReset;
      } else {
        line += padded;
      }
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line;
    out += '\n';
  };
  std::vector<std::string> headers;
  for (const TableColumn& column : columns) headers.push_back(column.header);
  append_row(headers, true);
  for (const auto& row : rows) append_row(row, false);
  return out;
}

std::string WrapText(std::string_view text, int width, std::string_view indent) {
  width = std::max(width, 10);
  std::string out;
  size_t line_start = 0;
  while (line_start <= text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    const std::string_view line = text.substr(line_start, line_end - line_start);
    std::string current;
    int current_width = 0;
    size_t pos = 0;
    while (pos < line.size()) {
      while (pos < line.size() && line[pos] == ' ') ++pos;
      if (pos >= line.size()) break;
      size_t end = line.find(' ', pos);
      if (end == std::string_view::npos) end = line.size();
      const std::string_view word = line.substr(pos, end - pos);
      const int w = DisplayWidth(word);
      if (current_width > 0 && current_width + 1 + w > width) {
        out.append(indent);
        out += current;
        out += '\n';
        current.clear();
        current_width = 0;
      }
      if (current_width > 0) {
        current += ' ';
        ++current_width;
      }
      current.append(word);
      current_width += w;
      pos = end;
    }
    out.append(indent);
    out += current;
    out += '\n';
    if (line_end == text.size()) break;
    line_start = line_end + 1;
  }
  // No trailing spaces on blank lines.
  std::string trimmed;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    std::string_view l(out.data() + start, end - start);
    while (!l.empty() && l.back() == ' ') l.remove_suffix(1);
    trimmed.append(l);
    trimmed += '\n';
    start = end + 1;
  }
  return trimmed;
}

std::string HighlightSpan(std::string_view text, int start, int end, HighlightStyle style) {
  if (start < 0 || end < start || static_cast<size_t>(end) > text.size() ||
      !IsUtf8Boundary(text, static_cast<size_t>(start)) ||
      !IsUtf8Boundary(text, static_cast<size_t>(end))) {
    return std::string(text);
  }
  const char* open = style == HighlightStyle::kAnsi ? kAnsiHighlightStart : "[[";
  const char* close = style == HighlightStyle::kAnsi ? kAnsiReset : "]]";
  std::string out;
  out.reserve(text.size() + 12);
  out.append(text.substr(0, start));
  out += open;
  out.append(text.substr(start, end - start));
  out += close;
  out.append(text.substr(end));
  return out;
}

}  // namespace claimtrace::client
