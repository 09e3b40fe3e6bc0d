#include "claims_service/extraction/word_tokenizer.h"

#include <array>
#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"

namespace claimtrace::claims {
namespace {

unsigned char At(std::string_view text, std::size_t i) {
  return i < text.size() ? static_cast<unsigned char>(text[i]) : 0;
}

// Byte length of the white-space character at `i`, or 0.
std::size_t SpaceLength(std::string_view text, std::size_t i) {
  const unsigned char c = At(text, i);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (c == 0xC2 && At(text, i + 1) == 0xA0) return 2;
  if (c == 0xE2 && At(text, i + 1) == 0x80) {
    const unsigned char d = At(text, i + 2);
    if ((d >= 0x80 && d <= 0x8B) || d == 0xAF) return 3;
  }
  if (c == 0xE3 && At(text, i + 1) == 0x80 && At(text, i + 2) == 0x80) return 3;
  return 0;
}

// Byte length of the punctuation character at `i` (multi-byte aware), or 0
// when the character is part of a word.
std::size_t PunctuationLength(std::string_view text, std::size_t i) {
  const unsigned char c = At(text, i);
  if (c < 0x80) return absl::ascii_ispunct(c) ? 1 : 0;
  if (c == 0xC2) {
    const unsigned char d = At(text, i + 1);
    return (d >= 0xA1 && d <= 0xBF) ? 2 : 0;  // ¡ ¢ £ ¥ « » ° ± ...
  }
  if (c == 0xC3) {
    const unsigned char d = At(text, i + 1);
    return (d == 0x97 || d == 0xB7) ? 2 : 0;  // × ÷
  }
  if (c == 0xE2) {
    const unsigned char d = At(text, i + 1);
    if (d >= 0x80 && d <= 0x83) return 3;  // general punctuation, currency
    if (d >= 0x84 && d <= 0xAF) return 3;  // symbols, arrows, math
    return 0;
  }
  if (c == 0xE3 && At(text, i + 1) == 0x80) return 3;  // CJK punctuation
  if (c == 0xEF && At(text, i + 1) == 0xBC) {
    const unsigned char d = At(text, i + 2);
    if (d == 0x81 || d == 0x8C || d == 0x8E || d == 0x9A || d == 0x9B || d == 0x9F || d == 0x88 ||
        d == 0x89) {
      return 3;  // fullwidth ! , . : ; ? ( )
    }
  }
  return 0;
}

// What the tokenizer asks of a byte, one table lookup instead of a few
// comparisons each: its loops run over every byte of every paragraph.
enum ByteClass : std::uint8_t {
  kAsciiAlnumByte = 1,
  kDigitByte = 2,
  kLetterByte = 4,  // an ASCII letter or any byte >= 0x80 (has_alpha)
  kUpperByte = 8,   // an ASCII capital: the word is lower-cased into the buffer
  kHyphenByte = 16,
  kNotAsciiLetterByte = 32,  // anything but A-Z and a-z
  // The lead byte of U+2019 (and of other three-byte characters): the word
  // is copied, its curly apostrophes becoming "'".
  kE2Byte = 64,
  // An ASCII byte that may continue a word past a letter or digit: the
  // joiners - . & _ and the apostrophe. Any other ASCII byte ends it.
  kMayContinueWordByte = 128,
};

constexpr std::array<std::uint8_t, 256> MakeByteClasses() {
  std::array<std::uint8_t, 256> classes{};
  for (int c = 0; c < 256; ++c) {
    const bool digit = c >= '0' && c <= '9';
    const bool upper = c >= 'A' && c <= 'Z';
    const bool lower = c >= 'a' && c <= 'z';
    std::uint8_t bits = 0;
    if (digit || upper || lower) bits |= kAsciiAlnumByte;
    if (digit) bits |= kDigitByte;
    if (upper || lower || c >= 0x80) bits |= kLetterByte;
    if (upper) bits |= kUpperByte;
    if (c == '-') bits |= kHyphenByte;
    if (!upper && !lower) bits |= kNotAsciiLetterByte;
    if (c == 0xE2) bits |= kE2Byte;
    if (c == '-' || c == '.' || c == '&' || c == '_' || c == '\'') bits |= kMayContinueWordByte;
    classes[c] = bits;
  }
  return classes;
}
constexpr std::array<std::uint8_t, 256> kByteClasses = MakeByteClasses();

bool IsAsciiAlnum(unsigned char c) { return (kByteClasses[c] & kAsciiAlnumByte) != 0; }

// Length of the UTF-8 sequence starting with lead byte `c` (1 for invalid).
std::size_t Utf8Length(unsigned char c) {
  if (c < 0x80) return 1;
  if (c >= 0xF0 && c <= 0xF4) return 4;
  if (c >= 0xE0) return 3;
  if (c >= 0xC2 && c <= 0xDF) return 2;
  return 1;
}

// Word character: ASCII alnum or a non-ASCII character that is neither
// punctuation nor space.
std::size_t WordCharLength(std::string_view text, std::size_t i) {
  if (i >= text.size()) return 0;
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80) return IsAsciiAlnum(c) ? 1 : 0;
  if (SpaceLength(text, i) > 0 || PunctuationLength(text, i) > 0) return 0;
  std::size_t n = Utf8Length(c);
  if (i + n > text.size()) n = text.size() - i;
  return n;
}

// Apostrophe at i: ASCII ' or U+2019; returns its byte length or 0.
std::size_t ApostropheLength(std::string_view text, std::size_t i) {
  if (At(text, i) == '\'') return 1;
  if (At(text, i) == 0xE2 && At(text, i + 1) == 0x80 && At(text, i + 2) == 0x99) return 3;
  return 0;
}

// True when text[start, end) is "U.S" / "e.g" like: single letters joined by
// dots.
bool IsDottedLetters(std::string_view text, std::size_t start, std::size_t end) {
  if (end - start < 3) return false;
  for (std::size_t k = start; k < end; ++k) {
    const bool letter_slot = (k - start) % 2 == 0;
    const unsigned char c = At(text, k);
    if (letter_slot ? !absl::ascii_isalpha(c) : c != '.') return false;
  }
  return true;
}

}  // namespace

std::vector<Token> TokenizeWords(std::string_view text, std::string* lower_text) {
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 5 + 4);
  // Lower-casing never lengthens text, so the buffer is sized once, written
  // through a pointer and cut to what was written at the end: the views into
  // it stay valid.
  std::string& lower = *lower_text;
  lower.clear();
  lower.resize(text.size());
  char* const lower_begin = lower.data();
  char* lower_end = lower_begin;
  bool space_before = true;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    // Most tokens start with an ASCII letter or digit: neither a space nor
    // punctuation, a word character of one byte.
    std::size_t word_char = 1;
    if (!IsAsciiAlnum(static_cast<unsigned char>(text[i]))) {
      if (const std::size_t s = SpaceLength(text, i); s > 0) {
        i += s;
        space_before = true;
        continue;
      }
      word_char = WordCharLength(text, i);
    }
    if (word_char == 0) {
      std::size_t p = PunctuationLength(text, i);
      if (p == 0) p = Utf8Length(At(text, i));
      if (i + p > n) p = n - i;
      Token token;
      token.start = i;
      token.end = i + p;
      token.kind = TokenKind::kPunctuation;
      token.space_before = space_before;
      token.lower = text.substr(i, p);
      tokens.push_back(token);
      i += p;
      space_before = false;
      continue;
    }
    Token token;
    token.start = i;
    token.space_before = space_before;
    // The byte classes of the word, gathered as its bytes are passed (the
    // possessive's apostrophe and s are not part of it).
    std::uint8_t classes = 0;
    auto take = [&](std::size_t from, std::size_t to) {
      for (std::size_t k = from; k < to; ++k) {
        classes |= kByteClasses[static_cast<unsigned char>(text[k])];
      }
    };
    take(i, i + word_char);
    std::size_t j = i + word_char;
    while (j < n) {
      const auto byte = static_cast<unsigned char>(text[j]);
      const std::uint8_t byte_classes = kByteClasses[byte];
      if ((byte_classes & kAsciiAlnumByte) != 0) {
        classes |= byte_classes;
        ++j;
        continue;
      }
      // A space or other punctuation: the common end of a word.
      if (byte < 0x80 && (byte_classes & kMayContinueWordByte) == 0) break;
      // Other ASCII bytes are no word characters.
      if (const std::size_t w = byte >= 0x80 ? WordCharLength(text, j) : 0; w > 0) {
        take(j, j + w);
        j += w;
        continue;
      }
      const unsigned char c = At(text, j);
      const unsigned char next = At(text, j + 1);
      if ((c == '-' || c == '.' || c == '&' || c == '_') && j + 1 < n &&
          WordCharLength(text, j + 1) > 0) {
        classes |= kByteClasses[c];
        j += 1;
        continue;
      }
      if (const std::size_t a = ApostropheLength(text, j); a > 0) {
        const unsigned char after = At(text, j + a);
        const bool s_then_boundary =
            (after == 's' || after == 'S') && WordCharLength(text, j + a + 1) == 0;
        if (s_then_boundary) {
          token.possessive = true;
          token.end = j;
          j += a + 1;
          break;
        }
        if (j + a < n && WordCharLength(text, j + a) > 0 && absl::ascii_isalpha(after)) {
          take(j, j + a);
          j += a;  // "don't", "O'Brien"
          continue;
        }
        // Plural possessive ("analysts' notes") when the word ends in s.
        const unsigned char last = At(text, j - 1);
        if ((last == 's' || last == 'S') && a == 1 && (after == ' ' || after == 0)) {
          token.possessive = true;
          token.end = j;
          j += a;
          break;
        }
        break;
      }
      // Trailing dot of an initialism: "U.S.", "e.g.".
      if (c == '.' && IsDottedLetters(text, i, j)) {
        classes |= kByteClasses['.'];
        j += 1;
        break;
      }
      // A single capital initial: "J. Smith".
      if (c == '.' && j == i + 1 && absl::ascii_isupper(At(text, i)) && next == ' ' &&
          absl::ascii_isupper(At(text, j + 2))) {
        classes |= kByteClasses['.'];
        j += 1;
        break;
      }
      break;
    }
    if (!token.possessive) token.end = j;
    token.kind = TokenKind::kWord;
    const unsigned char first = At(text, token.start);
    token.capitalised = absl::ascii_isupper(first);
    token.starts_lower = absl::ascii_islower(first);
    // Most words are already lower case: they view the text itself; the
    // others are lower-cased into the buffer.
    token.has_digit = (classes & kDigitByte) != 0;
    token.has_alpha = (classes & kLetterByte) != 0;
    token.has_hyphen = (classes & kHyphenByte) != 0;
    token.has_upper = (classes & kUpperByte) != 0;
    token.ascii_letters_only = (classes & kNotAsciiLetterByte) == 0;
    if ((classes & (kUpperByte | kE2Byte)) == 0) {
      token.lower = text.substr(token.start, token.end - token.start);
    } else {
      char* const from = lower_end;
      if ((classes & kE2Byte) == 0) {
        for (std::size_t k = token.start; k < token.end; ++k) {
          *lower_end++ = absl::ascii_tolower(static_cast<unsigned char>(text[k]));
        }
      } else {
        for (std::size_t k = token.start; k < token.end; ++k) {
          const auto c = static_cast<unsigned char>(text[k]);
          if (c == 0xE2 && At(text, k + 1) == 0x80 && At(text, k + 2) == 0x99) {
            *lower_end++ = '\'';
            k += 2;
            continue;
          }
          *lower_end++ = absl::ascii_tolower(c);
        }
      }
      token.lower = std::string_view(from, static_cast<std::size_t>(lower_end - from));
    }
    tokens.push_back(token);
    i = j;
    space_before = false;
  }
  lower.resize(static_cast<std::size_t>(lower_end - lower_begin));
  return tokens;
}

std::string Slugify(std::string_view name) {
  // Latin-1 Supplement letters U+00C0..U+00FF, second byte after 0xC3.
  static constexpr const char* kLatin1[64] = {
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
      "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
      "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y"};
  // The slug is never longer than the name (a transliteration is at most as
  // long as its two bytes, a '-' stands for at least one dropped byte), so
  // it is written through a pointer into a buffer sized once.
  std::string slug(name.size(), '\0');
  char* const begin = slug.data();
  char* out = begin;
  bool pending_dash = false;
  // Before a kept piece: the '-' for any run of dropped characters.
  auto separate = [&] {
    if (pending_dash && out != begin) *out++ = '-';
    pending_dash = false;
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (IsAsciiAlnum(c)) {
      // The common case, one byte.
      separate();
      *out++ = absl::ascii_tolower(c);
      continue;
    }
    std::string_view piece;
    if (c == 0xC3 && i + 1 < name.size()) {
      const auto d = static_cast<unsigned char>(name[i + 1]);
      if (d >= 0x80 && d <= 0xBF) piece = kLatin1[d - 0x80];
      ++i;
      if (piece.empty()) continue;
    } else if (c == '\'' || (c == 0xE2 && i + 2 < name.size() &&
                             static_cast<unsigned char>(name[i + 1]) == 0x80 &&
                             static_cast<unsigned char>(name[i + 2]) == 0x99)) {
      if (c == 0xE2) i += 2;
      continue;  // "O'Brien" -> "obrien"
    } else if (c >= 0x80) {
      // Skip the rest of a non-Latin-1 character; it separates like a space.
      while (i + 1 < name.size() && (static_cast<unsigned char>(name[i + 1]) & 0xC0) == 0x80) ++i;
      pending_dash = true;
      continue;
    } else {
      pending_dash = true;
      continue;
    }
    separate();
    for (const char p : piece) *out++ = p;
  }
  slug.resize(static_cast<std::size_t>(out - begin));
  if (slug.empty() && !name.empty()) {
    slug = absl::StrCat("x-", common::Sha256Hex(name).substr(0, 12));
  }
  return slug;
}

}  // namespace claimtrace::claims
