#include "claims_service/extraction/number_parser.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"

namespace claimtrace::claims {
namespace {

struct ByteTable {
  bool v[256] = {};
  constexpr bool operator[](unsigned char c) const { return v[c]; }
};
constexpr ByteTable MakeTable(const char* chars) {
  ByteTable t;
  for (const char* p = chars; *p != 0; ++p) t.v[static_cast<unsigned char>(*p)] = true;
  return t;
}
constexpr ByteTable kAsciiAlnum =
    MakeTable("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
constexpr ByteTable kAsciiAlpha = MakeTable("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
// First letters of English numerals ("a dozen", "eighty", "half", "zero").
constexpr ByteTable kNumeralInitial = MakeTable("adefhnoqstzADEFHNOQSTZ");

}  // namespace

bool DecimalDigitsToDouble(std::string_view digits, double* value) {
  static constexpr double kPowersOfTen[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                            1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  std::uint64_t mantissa = 0;
  int digit_count = 0;
  int fraction_digits = 0;
  bool seen_point = false;
  for (const char c : digits) {
    if (c == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') return false;
    mantissa = mantissa * 10 + static_cast<std::uint64_t>(c - '0');
    ++digit_count;
    if (seen_point) ++fraction_digits;
  }
  if (digit_count == 0) return false;
  if (digit_count > 15) {
    // Beyond 15 digits the mantissa may not be an exact double.
    return absl::SimpleAtod(absl::string_view(digits.data(), digits.size()), value);
  }
  // Below 10^15 < 2^53 both operands are exact; the quotient is rounded once.
  *value = static_cast<double>(mantissa) / kPowersOfTen[fraction_digits];
  return true;
}

namespace scan {

char32_t DecodeAt(std::string_view text, std::size_t pos, std::size_t* length) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  const std::size_t n = text.size();
  const std::uint8_t c = s[pos];
  if (c < 0x80) {
    *length = 1;
    return c;
  }
  std::size_t len;
  char32_t cp;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07;
  } else {
    *length = 1;
    return 0xFFFD;
  }
  if (pos + len > n) {
    *length = 1;
    return 0xFFFD;
  }
  for (std::size_t k = 1; k < len; ++k) {
    if ((s[pos + k] & 0xC0) != 0x80) {
      *length = 1;
      return 0xFFFD;
    }
    cp = (cp << 6) | (s[pos + k] & 0x3F);
  }
  *length = len;
  return cp;
}

char32_t DecodeBefore(std::string_view text, std::size_t pos, std::size_t* length) {
  std::size_t start = pos - 1;
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  int steps = 0;
  while (start > 0 && steps < 3 && (s[start] & 0xC0) == 0x80) {
    --start;
    ++steps;
  }
  std::size_t len = 0;
  const char32_t cp = DecodeAt(text, start, &len);
  if (start + len != pos) {  // invalid sequence: treat the last byte alone
    *length = 1;
    return 0xFFFD;
  }
  *length = len;
  return cp;
}

bool IsLetter(char32_t c) {
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  if (c >= 0x2E80) return false;  // CJK and later blocks: not word letters here
  return u_isalpha(static_cast<UChar32>(c)) != 0;
}

bool IsSpace(char32_t c) {
  switch (c) {
    case ' ':
    case '\t':
    case '\n':
    case '\r':
    case '\f':
    case '\v':
    case 0xA0:
    case 0x1680:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

bool IsHyphen(char32_t c) { return c == '-' || c == 0x2010 || c == 0x2011; }
bool IsDash(char32_t c) { return c == 0x2013 || c == 0x2014 || c == 0x2212; }
bool IsApostrophe(char32_t c) { return c == '\'' || c == 0x2019; }

std::size_t SkipSpaces(std::string_view text, std::size_t pos) {
  while (pos < text.size()) {
    const unsigned char b = static_cast<unsigned char>(text[pos]);
    if (b == ' ') {
      ++pos;
      continue;
    }
    if (b < 0x80 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != '\v') break;
    std::size_t len = 0;
    if (!IsSpace(DecodeAt(text, pos, &len))) break;
    pos += len;
  }
  return pos;
}

std::size_t SkipSpacesBack(std::string_view text, std::size_t pos) {
  while (pos > 0) {
    std::size_t len = 0;
    if (!IsSpace(DecodeBefore(text, pos, &len))) break;
    pos -= len;
  }
  return pos;
}

std::size_t WordEndBeyondAscii(std::string_view text, std::size_t pos) {
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  const char* p = begin + std::min(pos, text.size());
  for (;;) {
    while (p < end && kAsciiAlnum[static_cast<unsigned char>(*p)]) ++p;
    if (p == end || static_cast<unsigned char>(*p) < 0x80) break;
    std::size_t len = 0;
    const char32_t c = DecodeAt(text, static_cast<std::size_t>(p - begin), &len);
    if (!IsLetter(c)) break;
    p += len;
  }
  return static_cast<std::size_t>(p - begin);
}

std::size_t WordStart(std::string_view text, std::size_t pos) {
  while (pos > 0) {
    // ASCII bytes are letters or digits by table, without decoding.
    const auto last = static_cast<unsigned char>(text[pos - 1]);
    if (last < 0x80) {
      if (!kAsciiAlnum[last]) break;
      --pos;
      continue;
    }
    std::size_t len = 0;
    const char32_t c = DecodeBefore(text, pos, &len);
    if (!IsLetter(c) && !IsAsciiDigit(c)) break;
    pos -= len;
  }
  return pos;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = absl::ascii_tolower(static_cast<unsigned char>(c));
  return out;
}

bool MatchesLowerAt(std::string_view text, std::size_t pos, std::string_view lower) {
  if (pos > text.size() || text.size() - pos < lower.size()) return false;
  for (std::size_t k = 0; k < lower.size(); ++k) {
    if (absl::ascii_tolower(static_cast<unsigned char>(text[pos + k])) != lower[k]) return false;
  }
  return true;
}

bool ChunkIsUrl(std::string_view chunk) {
  if (chunk.find("://") != std::string_view::npos || chunk.find("www.") != std::string_view::npos ||
      chunk.find('@') != std::string_view::npos) {
    return true;
  }
  // "example.com/2024/05": a dotted host name directly followed by a path.
  const std::size_t slash = chunk.find('/');
  if (slash == std::string_view::npos) return false;
  const std::size_t dot = chunk.substr(0, slash).rfind('.');
  return dot != std::string_view::npos && dot > 0 && dot + 1 < slash &&
         absl::ascii_isalpha(static_cast<unsigned char>(chunk[dot - 1])) &&
         absl::ascii_isalpha(static_cast<unsigned char>(chunk[dot + 1]));
}

std::vector<std::pair<std::size_t, std::size_t>> UrlSpans(std::string_view text) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  std::size_t covered = 0;  // chunks before this offset were examined
  auto examine = [&](std::size_t at) {
    if (at < covered) return;
    std::size_t s = at;
    while (s > 0) {
      std::size_t len = 0;
      if (IsSpace(DecodeBefore(text, s, &len))) break;
      s -= len;
    }
    std::size_t e = at;
    while (e < text.size()) {
      std::size_t len = 0;
      if (IsSpace(DecodeAt(text, e, &len))) break;
      e += len;
    }
    covered = e;
    if (ChunkIsUrl(text.substr(s, e - s))) spans.push_back({s, e});
  };
  // Positions of the trigger characters, found with memchr-based searches.
  std::vector<std::size_t> triggers;
  for (char c : {'/', '@'}) {
    for (std::size_t p = text.find(c); p != std::string_view::npos; p = text.find(c, p + 1)) {
      triggers.push_back(p);
    }
  }
  for (std::size_t p = text.find("www."); p != std::string_view::npos;
       p = text.find("www.", p + 4)) {
    triggers.push_back(p);
  }
  if (triggers.empty()) return spans;
  std::sort(triggers.begin(), triggers.end());
  for (std::size_t p : triggers) examine(p);
  return spans;
}

WordsBeforeList WordsBefore(std::string_view text, std::size_t pos, int max_words) {
  WordsBeforeList words;
  while (static_cast<int>(words.size()) < max_words) {
    const std::size_t end = SkipSpacesBack(text, pos);
    if (end == pos && !words.empty()) break;  // words must be separated by spaces
    const std::size_t start = WordStart(text, end);
    if (start == end) break;
    words.push_back({start, end});
    pos = start;
  }
  std::reverse(words.begin(), words.end());
  return words;
}

}  // namespace scan

namespace {

using scan::DecodeAt;
using scan::DecodeBefore;
using scan::IsAsciiDigit;
using scan::IsLetter;

bool IsAsciiLetterByte(char c) { return absl::ascii_isalpha(static_cast<unsigned char>(c)); }
bool IsDigitAt(std::string_view text, std::size_t pos) {
  return pos < text.size() && absl::ascii_isdigit(static_cast<unsigned char>(text[pos]));
}
bool IsWordCharAt(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return false;
  std::size_t len = 0;
  const char32_t c = DecodeAt(text, pos, &len);
  return IsLetter(c) || IsAsciiDigit(c);
}
std::size_t AsciiLetterRunEnd(std::string_view text, std::size_t pos) {
  while (pos < text.size() && IsAsciiLetterByte(text[pos])) ++pos;
  return pos;
}

// absl::string_view (a distinct type here) for heterogeneous look-ups.
absl::string_view Key(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// Spelled-out numerals.
struct NumberWord {
  enum Kind { kUnit, kTens, kHundred, kDozen, kDenominator };
  Kind kind;
  double value;
  bool plural = false;  // "thirds"
};

const StringKeyMap<NumberWord>& NumberWords() {
  static const auto* const words = [] {
    auto* m = new StringKeyMap<NumberWord>();
    const char* units[] = {"zero",    "one",     "two",       "three",    "four",
                           "five",    "six",     "seven",     "eight",    "nine",
                           "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                           "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
    for (int k = 0; k < 20; ++k) (*m)[units[k]] = {NumberWord::kUnit, double(k)};
    const char* tens[] = {"twenty", "thirty",  "forty",  "fifty",
                          "sixty",  "seventy", "eighty", "ninety"};
    for (int k = 0; k < 8; ++k) (*m)[tens[k]] = {NumberWord::kTens, double(20 + 10 * k)};
    (*m)["hundred"] = {NumberWord::kHundred, 100};
    (*m)["dozen"] = {NumberWord::kDozen, 12};
    const std::pair<const char*, int> denominators[] = {{"third", 3}, {"quarter", 4}, {"fifth", 5},
                                                        {"sixth", 6}, {"seventh", 7}, {"eighth", 8},
                                                        {"ninth", 9}, {"tenth", 10}};
    for (const auto& [word, d] : denominators) {
      (*m)[word] = {NumberWord::kDenominator, double(d), false};
      (*m)[std::string(word) + "s"] = {NumberWord::kDenominator, double(d), true};
    }
    (*m)["halves"] = {NumberWord::kDenominator, 2, true};
    return m;
  }();
  return *words;
}

// Every word a spelled-out number can start with but "a" and "an": the
// numerals, "half", the multipliers ("twice", "tenfold", ...).
std::vector<std::string> SpelledOutStarts() {
  std::vector<std::string> words = {"half", "twice", "thrice"};
  for (const auto& [word, number] : NumberWords()) {
    words.push_back(word);
    if (number.kind == NumberWord::kUnit || number.kind == NumberWord::kTens ||
        number.kind == NumberWord::kHundred) {
      words.push_back(word + "fold");
    }
  }
  words.push_back("thousandfold");
  return words;
}

// Every word a spelled-out number can start with ("six", "a", "half",
// "twice", "tenfold", ...), bucketed by first letter and length so most
// ordinary words are rejected with no hashing.
class NumeralStarts {
 public:
  static const NumeralStarts& Get() {
    static const NumeralStarts* const starts = new NumeralStarts();
    return *starts;
  }
  // `word` is ASCII letters, any case.
  bool Contains(std::string_view word) const {
    if (word.empty() || word.size() > kMaxLength) return false;
    const int letter = absl::ascii_tolower(static_cast<unsigned char>(word[0])) - 'a';
    if (letter < 0 || letter >= 26) return false;
    for (const std::string& candidate : buckets_[letter][word.size()]) {
      bool equal = true;
      for (std::size_t k = 1; k < word.size() && equal; ++k) {
        equal = absl::ascii_tolower(static_cast<unsigned char>(word[k])) == candidate[k];
      }
      if (equal) return true;
    }
    return false;
  }

 private:
  static constexpr std::size_t kMaxLength = 12;
  NumeralStarts() {
    std::vector<std::string> words = SpelledOutStarts();
    words.push_back("a");
    words.push_back("an");
    for (const std::string& w : words) {
      if (w.size() <= kMaxLength) buckets_[w[0] - 'a'][w.size()].push_back(w);
    }
  }
  std::vector<std::string> buckets_[26][kMaxLength + 1];
};

// "tenfold" and friends.
std::optional<double> FoldWordValue(std::string_view lower) {
  constexpr std::string_view kFold = "fold";
  if (lower.size() <= kFold.size() || lower.substr(lower.size() - kFold.size()) != kFold) {
    return std::nullopt;
  }
  const std::string head(lower.substr(0, lower.size() - kFold.size()));
  const auto& words = NumberWords();
  auto it = words.find(Key(head));
  if (it == words.end()) {
    if (head == "thousand") return 1000;
    return std::nullopt;
  }
  if (it->second.kind == NumberWord::kUnit || it->second.kind == NumberWord::kTens ||
      it->second.kind == NumberWord::kHundred) {
    return it->second.value;
  }
  return std::nullopt;
}

// A word in a run of spelled-out numbers.
struct WordToken {
  std::size_t start = 0;
  std::size_t end = 0;
  std::string_view lower;      // into the scanner's lower-cased copy of the text
  bool hyphen_before = false;  // joined to the previous word by a hyphen
};

using scan::LowerBuffer;

// Lower-cases [b, e) of `lower` (a copy of the text) in place and returns it.
std::string_view LowerRange(LowerBuffer* lower, std::size_t b, std::size_t e) {
  for (std::size_t k = b; k < e; ++k) {
    (*lower)[k] = absl::ascii_tolower(static_cast<unsigned char>((*lower)[k]));
  }
  return std::string_view(lower->data() + b, e - b);
}

// The ASCII letter word starting at or after `pos` when only whitespace (or,
// with allow_hyphen, a single hyphen) separates it; empty `lower` otherwise.
WordToken NextWord(std::string_view text, LowerBuffer* lower, std::size_t pos, bool allow_hyphen) {
  WordToken w;
  std::size_t p = pos;
  if (allow_hyphen && p < text.size() && text[p] == '-') {
    ++p;
    w.hyphen_before = true;
  } else {
    p = scan::SkipSpaces(text, pos);
    if (p == pos) return w;
  }
  const std::size_t e = AsciiLetterRunEnd(text, p);
  if (e == p || IsWordCharAt(text, e)) return w;
  w.start = p;
  w.end = e;
  w.lower = LowerRange(lower, p, e);
  return w;
}

WordToken WordAt(std::string_view text, LowerBuffer* lower, std::size_t pos) {
  WordToken w;
  const std::size_t e = AsciiLetterRunEnd(text, pos);
  if (e == pos || IsWordCharAt(text, e)) return w;
  w.start = pos;
  w.end = e;
  w.lower = LowerRange(lower, pos, e);
  return w;
}

class Scanner {
 public:
  Scanner(std::string_view text, const NumberGrammar& grammar)
      : text_(text), lower_(text.begin(), text.end()), grammar_(grammar) {}

  std::vector<NumberMatch> Run() {
    std::vector<NumberMatch> out;
    std::size_t i = 0;
    const std::size_t n = text_.size();
    while (i < n) {
      const unsigned char c = static_cast<unsigned char>(text_[i]);
      if (c >= '0' && c <= '9') {
        std::size_t next = i + 1;
        if (auto m = ScanDigits(i, &next)) out.push_back(*m);
        i = std::max(next, i + 1);
        continue;
      }
      if (c == '#' || c == '@') {  // hashtags, handles
        i = scan::WordEnd(text_, i + 1);
        if (i == 0) i = 1;
        continue;
      }
      if (c < 0x80) {
        if (!kAsciiAlpha[c]) {
          ++i;
          continue;
        }
        const std::size_t e = scan::WordEnd(text_, i);
        // Quick reject on the first letter and length: numerals start with
        // one of a d e f h n o q s t z and have at most 12 letters.
        if (kNumeralInitial[c] && e - i <= 12) {
          std::size_t next = e;
          if (auto m = ScanWords(i, &next)) {
            out.push_back(*m);
            i = std::max(next, i + 1);
            continue;
          }
        }
        i = e;
        continue;
      }
      std::size_t len = 1;
      const char32_t cp = DecodeAt(text_, i, &len);
      i = IsLetter(cp) ? scan::WordEnd(text_, i) : i + len;
    }
    return out;
  }

  // Parses the whole text as one number.
  std::optional<double> ParseWhole() {
    const std::size_t b = scan::SkipSpaces(text_, 0);
    std::size_t e = text_.size();
    e = scan::SkipSpacesBack(text_, e);
    if (b >= e) return std::nullopt;
    std::size_t next = b;
    std::optional<NumberMatch> m;
    if (IsDigitAt(text_, b)) {
      m = ScanDigits(b, &next);
    } else {
      m = ScanWords(b, &next);
    }
    if (!m || m->start != b || m->end != e) return std::nullopt;
    return m->value;
  }

 private:
  // True when `pos` is inside a URL or e-mail address; then token_end_ is
  // its end. Positions are asked in increasing order.
  bool InUrl(std::size_t pos) {
    if (!urls_computed_) {
      urls_ = scan::UrlSpans(text_);
      urls_computed_ = true;
    }
    while (url_index_ < urls_.size() && urls_[url_index_].second <= pos) ++url_index_;
    if (url_index_ < urls_.size() && urls_[url_index_].first <= pos) {
      token_end_ = urls_[url_index_].second;
      return true;
    }
    return false;
  }

  // Skips a chain of digit groups joined by any of `joiners` starting at pos.
  std::size_t SkipChain(std::size_t pos, std::string_view joiners) const {
    while (pos < text_.size()) {
      if (IsDigitAt(text_, pos) || IsAsciiLetterByte(text_[pos])) {
        ++pos;
      } else if (joiners.find(text_[pos]) != std::string_view::npos && IsDigitAt(text_, pos + 1)) {
        ++pos;
      } else {
        break;
      }
    }
    return pos;
  }

  std::optional<NumberMatch> ScanDigits(std::size_t i, std::size_t* next) {
    const std::size_t n = text_.size();
    // Context before the digits.
    if (i > 0) {
      std::size_t len = 0;
      const char32_t before = DecodeBefore(text_, i, &len);
      if (IsLetter(before) || before == '_') {  // "H800", "R1", "o1"
        *next = scan::WordEnd(text_, i);
        return std::nullopt;
      }
      if ((before == '-' || before == '.' || before == '/' || before == ':') && i > len) {
        // "GPT-4o", "COVID-19", "v.2": joined to a word. After a digit, the
        // digit chain was handled already ("50-70" keeps "70").
        std::size_t len2 = 0;
        const char32_t before2 = DecodeBefore(text_, i - len, &len2);
        if (IsLetter(before2) || (before != '-' && IsAsciiDigit(before2))) {
          *next = SkipChain(scan::WordEnd(text_, i), "-./:");
          return std::nullopt;
        }
      }
    }
    if (InUrl(i)) {
      *next = token_end_;
      return std::nullopt;
    }
    NumberMatch m;
    m.start = i;
    std::size_t j = i;
    while (IsDigitAt(text_, j)) ++j;
    std::string digits(text_.substr(i, j - i));
    if (j - i <= 3) {
      while (j < n && text_[j] == ',' && IsDigitAt(text_, j + 1) && IsDigitAt(text_, j + 2) &&
             IsDigitAt(text_, j + 3) && !IsDigitAt(text_, j + 4)) {
        digits.append(text_.substr(j + 1, 3));
        j += 4;
        m.has_grouping = true;
      }
    }
    if (j + 1 < n && text_[j] == '.' && IsDigitAt(text_, j + 1)) {
      std::size_t k = j + 1;
      while (IsDigitAt(text_, k)) ++k;
      if (k + 1 < n && text_[k] == '.' && IsDigitAt(text_, k + 1)) {  // "1.2.3"
        *next = SkipChain(k, ".");
        return std::nullopt;
      }
      digits.append(text_.substr(j, k - j));
      m.has_decimals = true;
      j = k;
    }
    // Context after the numeral.
    if (j + 1 < n && text_[j] == '.' && IsAsciiLetterByte(text_[j + 1])) {
      *next = scan::WordEnd(text_, j + 1);  // "01.AI", "3.js"
      return std::nullopt;
    }
    if (j + 1 < n && (text_[j] == ':' || text_[j] == '/') && IsDigitAt(text_, j + 1)) {
      *next = SkipChain(j, ":/.");  // "01:26", "24/7", "1/24/2025"
      return std::nullopt;
    }
    if (j + 1 < n && text_[j] == '-' && IsDigitAt(text_, j + 1)) {
      // Count the parts of a hyphen chain: three or more is a date, phone
      // number or code, not an amount.
      std::size_t k = j;
      int parts = 1;
      while (k + 1 < n && text_[k] == '-' && IsDigitAt(text_, k + 1)) {
        ++parts;
        ++k;
        while (IsDigitAt(text_, k)) ++k;
      }
      if (parts >= 3) {
        *next = scan::WordEnd(text_, k);
        return std::nullopt;
      }
    }
    double value = 0;
    if (!DecimalDigitsToDouble(digits, &value) || !std::isfinite(value)) {
      *next = j;
      return std::nullopt;
    }
    m.value = value;
    m.digits_end = j;
    m.end = j;
    *next = j;

    // Attached suffixes: scale ("1.5bn"), multiplier ("3x"), units ("10GB").
    if (j < n && IsAsciiLetterByte(text_[j])) {
      const std::size_t e = AsciiLetterRunEnd(text_, j);
      const std::string_view lower = LowerRange(&lower_, j, e);
      *next = scan::WordEnd(text_, j);
      if (IsWordCharAt(text_, e)) return std::nullopt;  // "4o1", "3dB2"
      if (auto it = grammar_.scale_suffixes.find(Key(lower)); it != grammar_.scale_suffixes.end()) {
        ApplyScale(&m, it->second, e);
      } else if (lower == "x") {
        m.is_multiplier = true;
        m.end = e;
      } else if (lower == "fold") {
        m.is_multiplier = true;
        m.end = e;
      } else if (grammar_.unit_suffixes.contains(Key(lower))) {
        // The unit is not part of the number.
      } else {
        // Ordinals ("24th"), decades ("1990s"), identifiers ("4o", "5G").
        return std::nullopt;
      }
      *next = m.end;
      if (!m.is_multiplier) MaybeTimes(&m);
      *next = m.end;
      return m;
    }
    if (j + 1 < n && static_cast<unsigned char>(text_[j]) == 0xC3 &&
        static_cast<unsigned char>(text_[j + 1]) == 0x97 && !IsWordCharAt(text_, j + 2)) {
      m.is_multiplier = true;  // "3×"
      m.end = j + 2;
      *next = m.end;
      return m;
    }
    if (j < n && text_[j] == '-') {
      const WordToken w = NextWord(text_, &lower_, j, /*allow_hyphen=*/true);
      if (!w.lower.empty()) {
        if (auto it = grammar_.scale_words.find(Key(w.lower)); it != grammar_.scale_words.end()) {
          ApplyScale(&m, it->second, w.end);
        } else if (w.lower == "fold") {
          m.is_multiplier = true;
          m.end = w.end;
        }
      }
      *next = m.end;
      return m;
    }
    // "3 and a half (million)". The word after the digits is also the one a
    // scale word and "times" are looked for in, unless "and a half" moves j.
    const std::size_t digits_word_at = j;
    const WordToken digits_word = NextWord(text_, &lower_, j, /*allow_hyphen=*/false);
    {
      const WordToken& and_word = digits_word;
      if (and_word.lower == "and") {
        const WordToken a_word = NextWord(text_, &lower_, and_word.end, false);
        if (a_word.lower == "a") {
          const WordToken half = NextWord(text_, &lower_, a_word.end, false);
          if (half.lower == "half") {
            m.value += 0.5;
            m.end = m.digits_end = half.end;
            j = half.end;
          }
        }
      }
    }
    // Spaced scale word: "6 million", "1.5 bn"; a larger one after it
    // compounds: "1.62 lakh crore" (1e5 x 1e7), "62 thousand crore".
    const WordToken w =
        j == digits_word_at ? digits_word : NextWord(text_, &lower_, j, /*allow_hyphen=*/false);
    if (!w.lower.empty()) {
      if (auto it = grammar_.scale_words.find(Key(w.lower)); it != grammar_.scale_words.end()) {
        ApplyScale(&m, it->second, w.end);
        const WordToken w2 = NextWord(text_, &lower_, w.end, /*allow_hyphen=*/false);
        if (auto it2 = grammar_.scale_words.find(Key(w2.lower));
            !w2.lower.empty() && it2 != grammar_.scale_words.end() && it2->second > it->second) {
          m.value *= it2->second;
          m.scale *= it2->second;
          m.end = w2.end;
        }
      }
    }
    MaybeTimes(&m, m.end == j ? &w : nullptr);
    *next = m.end;
    return m;
  }

  // After a singular fraction ("a third"): "of" or punctuation must follow,
  // else it is an ordinal ("a third party", "one quarter century").
  bool FractionEndsHere(std::size_t end) {
    const WordToken next_word = NextWord(text_, &lower_, end, /*allow_hyphen=*/false);
    if (next_word.lower.empty()) return !IsWordCharAt(text_, scan::SkipSpaces(text_, end));
    return next_word.lower == "of";
  }

  static void ApplyScale(NumberMatch* m, double factor, std::size_t end) {
    m->value *= factor;
    m->scale = factor;
    m->has_scale = true;
    m->end = end;
  }

  // "four times", "2.5 times": a multiplier. `word_at_end`, when given, is
  // NextWord(m->end) without a hyphen, read already.
  void MaybeTimes(NumberMatch* m, const WordToken* word_at_end = nullptr) {
    const bool hyphen = m->end < text_.size() && text_[m->end] == '-';
    const WordToken w = word_at_end != nullptr && !hyphen
                            ? *word_at_end
                            : NextWord(text_, &lower_, m->end, /*allow_hyphen=*/true);
    if (w.lower.empty()) return;
    if ((!w.hyphen_before && w.lower == "times") || (w.hyphen_before && w.lower == "fold")) {
      m->is_multiplier = true;
      m->end = w.end;
    }
  }

  // Spelled-out numbers starting with the ASCII word at `i`.
  std::optional<NumberMatch> ScanWords(std::size_t i, std::size_t* next) {
    if (*next <= i) *next = scan::WordEnd(text_, i);
    // Quick reject: most words are not numerals.
    if (!kNumeralInitial[static_cast<unsigned char>(text_[i])] || *next - i > 12 ||
        !NumeralStarts::Get().Contains(text_.substr(i, *next - i))) {
      return std::nullopt;
    }
    const WordToken first = WordAt(text_, &lower_, i);
    if (first.lower.empty()) return std::nullopt;
    const auto& words = NumberWords();
    // "R1-Zero", "Formula-One": a numeral joined to a name by a hyphen.
    if (i >= 2 && text_[i - 1] == '-' && IsWordCharAt(text_, i - 2)) {
      return std::nullopt;
    }
    if (InUrl(i)) {
      *next = token_end_;
      return std::nullopt;
    }
    NumberMatch m;
    m.start = i;
    m.from_words = true;
    if (first.lower == "twice" || first.lower == "thrice") {
      m.value = first.lower == "twice" ? 2 : 3;
      m.is_multiplier = true;
      m.end = first.end;
      m.digits_end = first.end;
      *next = m.end;
      return m;
    }
    if (auto fold = FoldWordValue(first.lower)) {
      m.value = *fold;
      m.is_multiplier = true;
      m.end = m.digits_end = first.end;
      *next = m.end;
      return m;
    }
    if (first.lower == "half") {
      // "half a million", "half a dozen" are amounts; "half" alone a fraction.
      const WordToken article = NextWord(text_, &lower_, first.end, false);
      if (article.lower == "a") {
        const WordToken scale_word = NextWord(text_, &lower_, article.end, false);
        if (scale_word.lower == "dozen") {
          m.value = 6;
          m.end = m.digits_end = scale_word.end;
          *next = m.end;
          return m;
        }
        if (auto it = grammar_.scale_words.find(Key(scale_word.lower));
            it != grammar_.scale_words.end() && it->second >= 1000) {
          m.value = 0.5 * it->second;
          m.has_scale = true;
          m.scale = it->second;
          m.digits_end = first.end;
          m.end = scale_word.end;
          *next = m.end;
          return m;
        }
      }
      m.value = 0.5;
      m.is_fraction = true;
      m.end = m.digits_end = first.end;
      *next = m.end;
      return m;
    }

    // General grammar: [a|an] units/tens/hundred/scale words, "and",
    // "and a half", fractions ("two-thirds", "a quarter"), "times".
    enum Last { kNone, kArticle, kUnit, kTens, kHundred, kScale, kDozen };
    Last last = kNone;
    double total = 0;
    double current = 0;
    double last_scale = 0;
    std::size_t end = i;
    WordToken w = first;
    while (!w.lower.empty()) {
      if (w.lower == "a" || w.lower == "an") {
        if (last != kNone) break;
        // Only a numeral when a multiplier word or fraction follows.
        const WordToken after = NextWord(text_, &lower_, w.end, false);
        if (after.lower.empty()) break;
        auto it = words.find(Key(after.lower));
        const bool numeral_follows =
            (it != words.end() &&
             (it->second.kind == NumberWord::kHundred || it->second.kind == NumberWord::kDozen ||
              (it->second.kind == NumberWord::kDenominator && !it->second.plural))) ||
            grammar_.scale_words.contains(Key(after.lower)) || after.lower == "half";
        if (!numeral_follows) break;
        if (after.lower == "half") {
          m.value = 0.5;
          m.is_fraction = true;
          m.end = m.digits_end = after.end;
          *next = m.end;
          return m;
        }
        if (it != words.end() && it->second.kind == NumberWord::kDenominator) {
          // "a third of", "cut by a quarter.", but not "a third party".
          if (!FractionEndsHere(after.end)) break;
          m.value = 1.0 / it->second.value;
          m.is_fraction = true;
          m.end = m.digits_end = after.end;
          *next = m.end;
          return m;
        }
        last = kArticle;
        current = 1;
        w = after;
        continue;
      }
      auto it = words.find(Key(w.lower));
      if (it != words.end()) {
        const NumberWord& nw = it->second;
        bool ok = false;
        switch (nw.kind) {
          case NumberWord::kUnit:
            // "ninety-four", "twenty one", "two hundred five"; a hyphen only
            // after tens.
            ok = (last == kNone && !w.hyphen_before) ||
                 ((last == kHundred || last == kScale) && !w.hyphen_before) ||
                 (last == kTens && nw.value >= 1 && nw.value <= 9);
            if (ok) current += nw.value;
            break;
          case NumberWord::kTens:
            ok = (last == kNone || last == kHundred || last == kScale) && !w.hyphen_before;
            if (ok) current += nw.value;
            break;
          case NumberWord::kHundred:
            ok = (last == kArticle || last == kUnit || last == kTens) && !w.hyphen_before &&
                 current >= 1 && current < 100;
            if (ok) current *= 100;
            break;
          case NumberWord::kDozen:
            ok = (last == kArticle || last == kUnit || last == kTens) && !w.hyphen_before;
            if (ok) current *= 12;
            break;
          case NumberWord::kDenominator:
            // "two-thirds", "three quarters", "one fifth": a fraction.
            if (last == kUnit && total == 0 && current >= 1 && current <= 9 &&
                (nw.plural == (current > 1)) && (nw.plural || FractionEndsHere(w.end))) {
              m.value = current / nw.value;
              m.is_fraction = true;
              m.end = m.digits_end = w.end;
              *next = m.end;
              return m;
            }
            ok = false;
            break;
        }
        if (!ok) break;
        switch (nw.kind) {
          case NumberWord::kUnit:
            last = kUnit;
            break;
          case NumberWord::kTens:
            last = kTens;
            break;
          case NumberWord::kHundred:
            last = kHundred;
            break;
          case NumberWord::kDozen:
            last = kDozen;
            break;
          case NumberWord::kDenominator:
            break;
        }
        end = w.end;
        w = NextWord(text_, &lower_, w.end, /*allow_hyphen=*/true);
        continue;
      }
      if (auto sit = grammar_.scale_words.find(Key(w.lower));
          sit != grammar_.scale_words.end() && !w.hyphen_before && sit->second >= 1000) {
        if (!(last == kArticle || last == kUnit || last == kTens || last == kHundred ||
              last == kDozen)) {
          break;
        }
        if (last_scale != 0 && sit->second >= last_scale) break;  // "thousand million"
        total += current * sit->second;
        current = 0;
        last_scale = sit->second;
        last = kScale;
        m.has_scale = true;
        end = w.end;
        w = NextWord(text_, &lower_, w.end, /*allow_hyphen=*/true);
        continue;
      }
      if (w.lower == "and" && !w.hyphen_before &&
          (last == kHundred || last == kScale || last == kUnit || last == kTens)) {
        const WordToken after = NextWord(text_, &lower_, w.end, false);
        auto ait = words.find(Key(after.lower));
        if ((last == kHundred || last == kScale) && ait != words.end() &&
            (ait->second.kind == NumberWord::kUnit || ait->second.kind == NumberWord::kTens)) {
          last = kScale;  // "one hundred and five": units/tens may follow
          w = after;
          continue;
        }
        if (after.lower == "a") {
          const WordToken half = NextWord(text_, &lower_, after.end, false);
          if (half.lower == "half") {
            // "two and a half", "two and a half million".
            current += 0.5;
            end = half.end;
            const WordToken scale_word = NextWord(text_, &lower_, half.end, false);
            if (auto sit2 = grammar_.scale_words.find(Key(scale_word.lower));
                sit2 != grammar_.scale_words.end() && sit2->second >= 1000 &&
                (last_scale == 0 || sit2->second < last_scale)) {
              total += current * sit2->second;
              current = 0;
              m.has_scale = true;
              end = scale_word.end;
            }
            last = kScale;
            break;
          }
        }
      }
      break;
    }
    if (last == kNone || last == kArticle || end == i) return std::nullopt;
    m.value = total + current;
    m.end = m.digits_end = end;
    if (m.has_scale) m.scale = last_scale;
    MaybeTimes(&m);
    *next = m.end;
    return m;
  }

  std::string_view text_;
  // A copy of the text; words are ASCII-lower-cased in place when examined.
  LowerBuffer lower_;
  const NumberGrammar& grammar_;
  std::vector<std::pair<std::size_t, std::size_t>> urls_;
  bool urls_computed_ = false;
  std::size_t url_index_ = 0;
  std::size_t token_end_ = 0;
};

}  // namespace

const NumberGrammar& NumberGrammar::Default() {
  static const NumberGrammar* const grammar = [] {
    auto* g = new NumberGrammar();
    g->scale_words = {{"thousand", 1e3},  {"million", 1e6}, {"billion", 1e9},
                      {"trillion", 1e12}, {"mn", 1e6},      {"mln", 1e6},
                      {"bn", 1e9},        {"tn", 1e12},     {"trn", 1e12}};
    g->scale_suffixes = {{"k", 1e3}, {"m", 1e6},  {"mn", 1e6},  {"mln", 1e6},
                         {"b", 1e9}, {"bn", 1e9}, {"tn", 1e12}, {"trn", 1e12}};
    return g;
  }();
  return *grammar;
}

std::optional<double> ParseNumber(std::string_view text) {
  Scanner scanner(text, NumberGrammar::Default());
  return scanner.ParseWhole();
}

std::vector<NumberMatch> FindNumbers(std::string_view text) {
  return FindNumbers(text, NumberGrammar::Default());
}

std::vector<NumberMatch> FindNumbers(std::string_view text, const NumberGrammar& grammar) {
  Scanner scanner(text, grammar);
  return scanner.Run();
}

std::vector<std::string> NumeralWords(const NumberGrammar& grammar) {
  // A spelled-out number starts with one of SpelledOutStarts, or with "a" or
  // "an" followed by "half", "hundred", "dozen", a singular denominator (all
  // among them) or a scale word (ScanWords).
  std::vector<std::string> words = SpelledOutStarts();
  for (const auto& [word, factor] : grammar.scale_words) words.push_back(word);
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

}  // namespace claimtrace::claims
