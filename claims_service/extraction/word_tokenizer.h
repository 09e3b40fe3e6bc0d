// Splits paragraph text into word and punctuation tokens with UTF-8 byte
// spans. Shared by the entity table, attribution and claim assembly so the
// paragraph is scanned once.
//
// Words keep internal hyphens, dots and digits ("Kai-Fu", "GPT-4", "01.AI",
// "U.S.", "Hangzhou-based"). A trailing possessive ("'s", "’s", or a bare
// apostrophe after a final s) is not part of the word: it sets `possessive`.
// Bytes >= 0x80 that are not known punctuation or spaces count as letters, so
// accented and CJK words stay whole.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_WORD_TOKENIZER_H_
#define CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_WORD_TOKENIZER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/string_view.h"
#include "claims_service/extraction/string_views.h"

namespace claimtrace::claims {

// Debian's Abseil keeps absl::string_view distinct from std::string_view;
// these convert at calls into Abseil.
inline absl::string_view ToAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}
inline std::string_view ToStd(absl::string_view s) { return std::string_view(s.data(), s.size()); }

enum class TokenKind {
  kWord,         // letters/digits, possibly with internal - . & '
  kPunctuation,  // one punctuation character (ASCII or multi-byte)
};

struct Token {
  std::size_t start = 0;  // byte span in the paragraph, end exclusive
  std::size_t end = 0;
  TokenKind kind = TokenKind::kWord;
  bool capitalised = false;   // starts with an ASCII upper-case letter
  bool starts_lower = false;  // starts with an ASCII lower-case letter
  bool has_digit = false;
  bool has_alpha = false;
  bool has_upper = false;     // an ASCII capital anywhere in the word ("iPhone")
  bool has_hyphen = false;    // a word with an ASCII '-' inside ("Hangzhou-based")
  bool space_before = false;  // white space (or paragraph start) precedes
  bool possessive = false;    // followed by a possessive 's / ’s / '
  // A word whose bytes over [start, end) are all ASCII letters.
  bool ascii_letters_only = false;
  // Word-list membership bits, filled by the paragraph analysis (one lookup
  // per word instead of one per list).
  std::uint32_t classes = 0;
  // ASCII-lower-cased text of the token (without the possessive; a curly
  // apostrophe inside becomes "'"); for punctuation the character itself,
  // with curly quotes and dashes kept. A view into the tokenised text or
  // into the buffer given to TokenizeWords.
  std::string_view lower;
};

// Tokens of `text` in order. Never fails. Each token's `lower` views into
// `text` when the token is lower case already, else into `*lower_text`,
// which receives the lower-cased copies (cleared first; it never holds more
// than text.size() bytes and is not reallocated while tokenising): keep both
// alive and unchanged while the tokens are used.
std::vector<Token> TokenizeWords(std::string_view text, std::string* lower_text);

// Helpers on punctuation tokens, inline: they are asked about most tokens.
// “ ‘ (and " ' by position)
inline bool IsOpeningQuote(std::string_view punct) {
  return Is(punct, "\xE2\x80\x9C") || Is(punct, "\xE2\x80\x98") || Is(punct, "\xC2\xAB");
}
// ” ’
inline bool IsClosingQuote(std::string_view punct) {
  return Is(punct, "\xE2\x80\x9D") || Is(punct, "\xE2\x80\x99") || Is(punct, "\xC2\xBB");
}
// — – and a spaced ASCII hyphen
inline bool IsDash(std::string_view punct) {
  return Is(punct, "\xE2\x80\x94") || Is(punct, "\xE2\x80\x93") || Is(punct, "\xE2\x80\x95");
}

// Lower-case ASCII slug of a name: ASCII letters and digits kept, every other
// run becomes one '-', no leading/trailing '-'. Latin-1 accented letters are
// transliterated ("Zürich" -> "zurich"); other non-ASCII text is dropped, and
// a name with nothing left gets "x-" plus 12 hex characters of its SHA-256.
std::string Slugify(std::string_view name);

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_WORD_TOKENIZER_H_
