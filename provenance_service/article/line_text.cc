#include "provenance_service/article/line_text.h"

#include <cstddef>

namespace claimtrace::provenance {
namespace {

// Length of the white-space character starting at `text[i]`, or 0 when the
// character there is not white space. `include_newlines` adds \n and \r.
std::size_t SpaceLengthAt(std::string_view text, std::size_t i, bool include_newlines) {
  const unsigned char c = static_cast<unsigned char>(text[i]);
  if (c == ' ' || c == '\t' || c == '\f' || c == '\v') return 1;
  if (include_newlines && (c == '\n' || c == '\r')) return 1;
  if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
    return 2;  // U+00A0
  }
  if (i + 2 < text.size()) {
    const unsigned char c1 = static_cast<unsigned char>(text[i + 1]);
    const unsigned char c2 = static_cast<unsigned char>(text[i + 2]);
    if (c == 0xE2 && c1 == 0x80 && c2 == 0x8B) return 3;  // U+200B
    if (c == 0xEF && c1 == 0xBB && c2 == 0xBF) return 3;  // U+FEFF
  }
  return 0;
}

// Length of the white-space character ending at `text[end - 1]`, or 0.
std::size_t SpaceLengthBefore(std::string_view text, std::size_t end) {
  for (std::size_t length = 1; length <= 3 && length <= end; ++length) {
    const std::size_t start = end - length;
    const unsigned char lead = static_cast<unsigned char>(text[start]);
    if (length > 1 && (lead & 0xC0) == 0x80) continue;  // continuation byte
    return SpaceLengthAt(text, start, true) == length ? length : 0;
  }
  return 0;
}

}  // namespace

bool IsBlankLine(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size()) {
    const std::size_t length = SpaceLengthAt(line, i, false);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

std::string_view TrimBlank(std::string_view text) {
  std::size_t begin = 0;
  while (begin < text.size()) {
    const std::size_t length = SpaceLengthAt(text, begin, true);
    if (length == 0) break;
    begin += length;
  }
  std::size_t end = text.size();
  while (end > begin) {
    const std::size_t length = SpaceLengthBefore(text, end);
    if (length == 0) break;
    end -= length;
  }
  return text.substr(begin, end - begin);
}

std::string_view StripEmphasis(std::string_view text) {
  text = TrimBlank(text);
  std::size_t begin = 0;
  while (begin < text.size() && (text[begin] == '*' || text[begin] == '_')) ++begin;
  std::size_t end = text.size();
  while (end > begin && (text[end - 1] == '*' || text[end - 1] == '_')) --end;
  return TrimBlank(text.substr(begin, end - begin));
}

bool ListItemText(std::string_view line, std::string_view* item) {
  line = TrimBlank(line);
  static constexpr std::string_view kMarkers[] = {"-",      "*",      "+",     "\u2022",
                                                  "\u25E6", "\u25AA", "\u2023"};
  for (std::string_view marker : kMarkers) {
    if (line.size() > marker.size() + 1 && line.substr(0, marker.size()) == marker &&
        (line[marker.size()] == ' ' || line[marker.size()] == '\t')) {
      const std::string_view rest = TrimBlank(line.substr(marker.size()));
      if (rest.empty()) return false;
      *item = rest;
      return true;
    }
  }
  return false;
}

bool IsBlockQuoteLine(std::string_view line) {
  line = TrimBlank(line);
  return !line.empty() && line[0] == '>';
}

bool MarkdownHeadingText(std::string_view line, std::string_view* heading) {
  line = TrimBlank(line);
  std::size_t level = 0;
  while (level < line.size() && line[level] == '#') ++level;
  if (level == 0 || level > 6 || level == line.size()) return false;
  if (line[level] != ' ' && line[level] != '\t') return false;
  std::string_view text = TrimBlank(line.substr(level));
  while (!text.empty() && text.back() == '#') text.remove_suffix(1);  // closing #s
  text = TrimBlank(text);
  if (text.empty()) return false;
  *heading = text;
  return true;
}

std::string_view LinkLabelOrSelf(std::string_view text) {
  text = TrimBlank(text);
  if (text.size() < 4 || text.front() != '[' || text.back() != ')') return text;
  const std::size_t close = text.find("](");
  if (close == std::string_view::npos) return text;
  // A single link only: no second "](" after the first.
  if (text.find("](", close + 2) != std::string_view::npos) return text;
  return TrimBlank(text.substr(1, close - 1));
}

bool HasPrefix(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && text.compare(0, prefix.size(), prefix) == 0;
}

bool HasSuffix(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

namespace {
char LowerAscii(char c) { return IsAsciiUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
char UpperAscii(char c) { return IsAsciiLower(c) ? static_cast<char>(c - 'a' + 'A') : c; }
}  // namespace

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

std::string ToAsciiLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = LowerAscii(c);
  return lower;
}

std::string ToAsciiUpper(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) c = UpperAscii(c);
  return upper;
}

namespace {
// Length of the word separator at text[i]: 1 for space, tab or newline, 2 for
// U+00A0, else 0.
std::size_t WordSeparatorLength(std::string_view text, std::size_t i) {
  const char c = text[i];
  if (c == ' ' || c == '\t' || c == '\n') return 1;
  if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') return 2;
  return 0;
}

// Calls on_word(piece) for each piece of `text` between word separators, in
// order (none empty): the one scan behind SplitWords and CountWords.
template <typename OnWord>
void ForEachWord(std::string_view text, OnWord on_word) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t length;
    while (i < text.size() && (length = WordSeparatorLength(text, i)) > 0) i += length;
    const std::size_t begin = i;
    while (i < text.size() && WordSeparatorLength(text, i) == 0) ++i;
    if (i > begin) on_word(text.substr(begin, i - begin));
  }
}
}  // namespace

std::vector<std::string_view> SplitWords(std::string_view text) {
  std::vector<std::string_view> words;
  ForEachWord(text, [&](std::string_view word) { words.push_back(word); });
  return words;
}

int CountWords(std::string_view text) {
  int words = 0;
  ForEachWord(text, [&](std::string_view) { ++words; });
  return words;
}

std::string WithUnicodeSpaces(std::string_view pattern) {
  static constexpr std::string_view kExtra = "\\x{00A0}\\x{2007}\\x{2009}\\x{202F}";
  std::string out;
  out.reserve(pattern.size() + 64);
  bool in_class = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      if (pattern[i + 1] == 's') {
        if (in_class) {
          out.append("\\s").append(kExtra);
        } else {
          out.append("[\\s").append(kExtra).append("]");
        }
      } else {
        out.push_back(c);
        out.push_back(pattern[i + 1]);
      }
      ++i;
      continue;
    }
    if (c == '[' && !in_class) {
      in_class = true;
      out.push_back(c);
      // A ']' or '^]' right after '[' is a literal.
      if (i + 1 < pattern.size() && pattern[i + 1] == '^') out.push_back(pattern[++i]);
      if (i + 1 < pattern.size() && pattern[i + 1] == ']') out.push_back(pattern[++i]);
      continue;
    }
    if (c == ']' && in_class) in_class = false;
    out.push_back(c);
  }
  return out;
}

std::vector<std::string_view> SplitOn(std::string_view text, char separator) {
  std::vector<std::string_view> pieces;
  std::size_t begin = 0;
  while (true) {
    const std::size_t end = text.find(separator, begin);
    if (end == std::string_view::npos) {
      pieces.push_back(text.substr(begin));
      return pieces;
    }
    pieces.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
}

}  // namespace claimtrace::provenance
