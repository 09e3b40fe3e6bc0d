// Small text helpers shared by the article parser, paragraph classifier and
// metadata reader: blank-line tests, trimming and light-Markdown stripping.
// All functions take and return views into the caller's text; none allocate.
#ifndef CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_LINE_TEXT_H_
#define CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_LINE_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

namespace claimtrace::provenance {

// True when `line` holds only horizontal white space: space, tab, \f, \v,
// U+00A0 NO-BREAK SPACE, U+200B ZERO WIDTH SPACE or U+FEFF (byte-order mark).
bool IsBlankLine(std::string_view line);

// `text` without leading and trailing white space (the characters above plus
// \n and \r).
std::string_view TrimBlank(std::string_view text);

// `text` trimmed, without surrounding Markdown emphasis markers (`*`, `_`)
// and then trimmed again: "*01:26 PM*" -> "01:26 PM", "**Note**" -> "Note".
// Does not look at list markers: call ListItemText first.
std::string_view StripEmphasis(std::string_view text);

// When `line` (trimmed) starts with a bullet list marker ("- ", "* ", "+ ",
// "• ", "◦ ", "▪ ", "‣ ") sets `*item` to the text after it and returns true.
bool ListItemText(std::string_view line, std::string_view* item);

// True when `line` (trimmed) starts with a Markdown block-quote marker '>'.
bool IsBlockQuoteLine(std::string_view line);

// When `line` (trimmed) is an ATX Markdown heading ("# Title", "## Part ##")
// sets `*heading` to its text (without the #s) and returns true.
bool MarkdownHeadingText(std::string_view line, std::string_view* heading);

// When `text` (trimmed) is a single Markdown link "[label](target)" returns
// the label; otherwise `text` unchanged.
std::string_view LinkLabelOrSelf(std::string_view text);

// True for ASCII letters and for any byte of a multi-byte UTF-8 sequence
// (treated as a letter: the parser never needs Unicode classes to be exact).
inline bool IsLetterByte(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}
// std::string_view helpers (Debian's Abseil has its own absl::string_view,
// so absl::StrSplit and friends do not take std::string_view).
bool HasPrefix(std::string_view text, std::string_view prefix);
bool HasSuffix(std::string_view text, std::string_view suffix);
bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b);
std::string ToAsciiLower(std::string_view text);
std::string ToAsciiUpper(std::string_view text);
// Pieces of `text` between runs of spaces, tabs, newlines and U+00A0 (none
// empty).
std::vector<std::string_view> SplitWords(std::string_view text);
// SplitWords(text).size(), without making the pieces.
int CountWords(std::string_view text);
// Pieces of `text` between `separator` characters (may be empty).
std::vector<std::string_view> SplitOn(std::string_view text, char separator);

// `pattern` (RE2 syntax) with each \s widened to also match U+00A0, U+2007,
// U+2009 and U+202F, inside and outside character classes: scraped text
// often has no-break spaces between words.
std::string WithUnicodeSpaces(std::string_view pattern);

inline bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAsciiLower(char c) { return c >= 'a' && c <= 'z'; }
inline bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }

}  // namespace claimtrace::provenance

#endif  // CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_LINE_TEXT_H_
