#include "claims_service/extraction/date_recognizer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/functional/function_ref.h"
#include "absl/strings/ascii.h"
#include "absl/time/civil_time.h"
#include "absl/types/span.h"
#include "claims_service/extraction/number_parser.h"
#include "claims_service/extraction/string_views.h"

namespace claimtrace::claims {
namespace {

using scan::DecodeAt;
using scan::IsAsciiDigit;
using scan::IsLetter;

struct Token {
  enum Kind { kWord, kNumber, kAlnum, kPunct };
  Kind kind = kPunct;
  std::size_t start = 0;
  std::size_t end = 0;
  std::string_view lower;  // lower-cased text (words, alnum)
  char32_t punct = 0;      // kPunct
  int value = 0;           // kNumber (saturated), kAlnum ordinal day
  int digits = 0;          // kNumber
  bool space_before = false;
  bool url = false;
  bool capitalised = false;  // first letter upper-case
};

// A sentence's tokens. One scanner is built per sentence and most
// sentences' date windows fit inline, which saves a heap buffer of several
// KB per sentence.
using Tokens = absl::InlinedVector<Token, 96>;

// What Tokenize asks of an ASCII byte, by one table lookup.
enum DateByteClass : std::uint8_t {
  kDateDigitByte = 1,
  kDateLetterByte = 2,
  kDateSpaceByte = 4,  // ' ' and '\t' to '\r'
};
constexpr std::array<std::uint8_t, 128> MakeDateByteClasses() {
  std::array<std::uint8_t, 128> classes{};
  for (int c = 0; c < 128; ++c) {
    if (c >= '0' && c <= '9') classes[c] = kDateDigitByte;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) classes[c] = kDateLetterByte;
    if (c == ' ' || (c >= '\t' && c <= '\r')) classes[c] = kDateSpaceByte;
  }
  return classes;
}
constexpr std::array<std::uint8_t, 128> kDateByteClasses = MakeDateByteClasses();

// Splits the sentence into words, numbers, mixed letter-digit words and
// single punctuation characters; whitespace is dropped.
// Tokenizes [begin, end) of `text` (which must start and end at whitespace
// or the text's ends) and appends to `tokens`. `lower` is the ASCII
// lower-cased text; `urls` its UrlSpans.
void Tokenize(std::string_view text, std::string_view lower, std::size_t begin, std::size_t end,
              const std::vector<std::pair<std::size_t, std::size_t>>& urls, Tokens* out) {
  Tokens& tokens = *out;
  std::size_t url_index = 0;
  std::size_t i = begin;
  const std::size_t n = end;
  bool space_before = true;
  while (i < n) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    std::size_t len = 1;
    char32_t c = b;
    std::uint8_t classes = 0;
    if (b < 0x80) {
      classes = kDateByteClasses[b];
    } else {
      c = DecodeAt(text, i, &len);
    }
    if ((classes & kDateSpaceByte) != 0 || (b >= 0x80 && scan::IsSpace(c))) {
      space_before = true;
      i += len;
      continue;
    }
    Token t;
    t.start = i;
    t.space_before = space_before;
    while (url_index < urls.size() && urls[url_index].second <= i) ++url_index;
    t.url = url_index < urls.size() && urls[url_index].first <= i;
    space_before = false;
    if (classes != 0 || (b >= 0x80 && IsLetter(c))) {
      // The classes of the word's bytes, gathered as they are passed; a
      // letter beyond ASCII counts as a letter.
      std::uint8_t seen = b < 0x80 ? classes : kDateLetterByte;
      std::size_t e = i + len;
      while (e < n) {
        const unsigned char d = static_cast<unsigned char>(text[e]);
        if (d < 0x80) {
          const std::uint8_t byte_classes = kDateByteClasses[d];
          if ((byte_classes & (kDateDigitByte | kDateLetterByte)) == 0) break;
          seen |= byte_classes;
          ++e;
          continue;
        }
        std::size_t l = 0;
        if (!IsLetter(DecodeAt(text, e, &l))) break;
        seen |= kDateLetterByte;
        e += l;
      }
      const bool has_digit = (seen & kDateDigitByte) != 0;
      const bool has_letter = (seen & kDateLetterByte) != 0;
      t.end = e;
      t.lower = lower.substr(i, e - i);
      if (has_digit && !has_letter) {
        t.kind = Token::kNumber;
        t.digits = static_cast<int>(e - i);
        int v = 0;
        for (std::size_t k = i; k < e; ++k) v = v > 100000 ? v : v * 10 + (text[k] - '0');
        t.value = v;
      } else if (has_digit) {
        t.kind = Token::kAlnum;
        // Ordinal day: "1st", "22nd", "24th".
        std::size_t k = i;
        int v = 0;
        while (k < e && IsAsciiDigit(static_cast<unsigned char>(text[k])) && v < 100) {
          v = v * 10 + (text[k] - '0');
          ++k;
        }
        const std::string_view suffix = lower.substr(k, e - k);
        if (k > i && k - i <= 2 &&
            (Is(suffix, "st") || Is(suffix, "nd") || Is(suffix, "rd") || Is(suffix, "th"))) {
          t.value = v;
        }
      } else {
        t.kind = Token::kWord;
        t.capitalised = absl::ascii_isupper(b);
      }
      i = e;
    } else {
      t.kind = Token::kPunct;
      t.punct = c;
      t.end = i + len;
      i += len;
    }
    tokens.push_back(t);
  }
}

const StringViewMap<int>& MonthNames() {
  static const auto* const m = new StringViewMap<int>{
      {"january", 1},   {"february", 2},  {"march", 3},  {"april", 4},     {"may", 5},
      {"june", 6},      {"july", 7},      {"august", 8}, {"september", 9}, {"october", 10},
      {"november", 11}, {"december", 12}, {"jan", 1},    {"feb", 2},       {"mar", 3},
      {"apr", 4},       {"jun", 6},       {"jul", 7},    {"aug", 8},       {"sep", 9},
      {"sept", 9},      {"oct", 10},      {"nov", 11},   {"dec", 12}};
  return *m;
}

const StringViewMap<int>& WeekdayNames() {
  // absl::Weekday order: monday = 0.
  static const auto* const m =
      new StringViewMap<int>{{"monday", 0}, {"tuesday", 1},  {"wednesday", 2}, {"thursday", 3},
                             {"friday", 4}, {"saturday", 5}, {"sunday", 6}};
  return *m;
}

// The word lists of DateRecognizer::RelativeAnchorWords and NameAnchorWords:
// the words that start a relative expression ("last week", "yesterday")
// and "ago" ("two weeks ago"); every month and weekday name the scanner
// reads.
// Every word a future cue is or starts with (see FindFutureCues), as the
// scanner lower-cases and splits words: "ll" is the word after the
// apostrophe of "we'll".
const WordSet& FutureCueWords() {
  static const auto* const kWords = new WordSet{
      "will",     "shall", "would", "scheduled", "upcoming", "expected", "expects", "expect",
      "deadline", "ll",    "plans", "plan",      "planning", "set",      "hope",    "hopes",
      "hoping",   "aims",  "aim",   "aiming",    "intends",  "intend",   "going",   "due"};
  return *kWords;
}

const WordSet& RelativeAnchors() {
  static const auto* const kRelative =
      new WordSet{"today",   "tonight", "tomorrow", "yesterday", "last",   "next", "this",
                  "earlier", "later",   "past",     "previous",  "coming", "ago"};
  return *kRelative;
}

const WordSet& NameAnchors() {
  static const auto* const kNames = [] {
    std::vector<std::string_view> names;
    for (const auto& [name, month] : MonthNames()) names.push_back(name);
    for (const auto& [name, weekday] : WeekdayNames()) names.push_back(name);
    return new WordSet(names);
  }();
  return *kNames;
}

// Lower-case words that can start a relative date expression.
bool IsRelativeTrigger(std::string_view w) {
  return !Is(w, "ago") && RelativeAnchors().contains(w);
}

// Whether the ASCII word text[b, e) may anchor a date: a capitalised month
// or weekday name, a relative word ("yesterday", "last", "ago"), any case.
bool IsDateAnchorWord(std::string_view text, std::size_t b, std::size_t e) {
  const std::size_t len = e - b;
  if (len < 3 || len > 9) return false;
  char word[10];
  for (std::size_t k = 0; k < len; ++k) {
    word[k] = absl::ascii_tolower(static_cast<unsigned char>(text[b + k]));
  }
  const std::string_view w(word, len);
  if (RelativeAnchors().contains(w)) return true;
  if (!absl::ascii_isupper(static_cast<unsigned char>(text[b]))) return false;
  return NameAnchors().contains(w);
}

bool IsAsciiSpaceByte(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// The run of ASCII digits at `pos` has exactly four of them.
bool IsFourDigitRun(std::string_view text, std::size_t pos) {
  std::size_t end = pos;
  while (end < text.size() && end - pos <= 4 && IsAsciiDigit(static_cast<unsigned char>(text[end])))
    ++end;
  return end - pos == 4;
}

// Whether a date anchor starts at text[i], and where the scan for the next
// one resumes (`*next`, after i): the words are runs of letters and digits
// (scan::WordEnd). Without names, a number is a date only with four digits
// in it: a year ("2025", "2020-21") or a numeric date ("2025-01-24",
// "24/01/2025"), whose other parts lie within the window. A day or a count
// ("24 January", "3 days ago") is found from its month or "ago".
bool IsAnchorAt(std::string_view text, std::size_t i, bool numerals_only, std::size_t* next) {
  const unsigned char b = static_cast<unsigned char>(text[i]);
  *next = i + 1;
  bool anchor = false;
  if (b >= '0' && b <= '9') {
    *next = scan::WordEnd(text, i);
    anchor = numerals_only || IsFourDigitRun(text, i);
  } else if (absl::ascii_isalpha(b)) {
    *next = scan::WordEnd(text, i);
    anchor = numerals_only ? *next - i == 3 && scan::MatchesLowerAt(text, i, "ago")
                           : IsDateAnchorWord(text, i, *next);
  }
  *next = std::max(*next, i + 1);
  return anchor;
}

// The offsets of a sentence's date anchors, in order; a few, kept inline.
using Anchors = absl::InlinedVector<std::size_t, 16>;

// Appends the anchors in text[begin, end) to `anchors`: a run of letters and
// digits is read from `begin`, and each run to its end, past `end`.
template <typename AnchorList>
void AppendAnchorsIn(std::string_view text, std::size_t begin, std::size_t end, bool numerals_only,
                     AnchorList* anchors) {
  end = std::min(end, text.size());
  std::size_t i = begin;
  while (i < end) {
    std::size_t next = 0;
    if (IsAnchorAt(text, i, numerals_only, &next)) anchors->push_back(i);
    i = next;
  }
}

// Byte ranges around the date anchors (four-digit numbers, month and
// weekday names, relative words), widened to whitespace and merged. Text
// outside them cannot hold a date, so only these are tokenized. With
// `numerals_only`, only dates that contain a number are wanted: the anchors
// are digits and "ago" ("two weeks ago").
// A sentence has a few windows: kept inline, as the scanner's other buffers.
using Windows = absl::InlinedVector<std::pair<std::size_t, std::size_t>, 8>;

Windows WindowsAround(std::string_view text, absl::Span<const std::size_t> anchors) {
  constexpr std::size_t kBefore = 48;  // "earlier this", "the 3rd of", "mid-"
  constexpr std::size_t kAfter = 96;   // "Friday, September 24th, 2025"
  Windows windows;
  const std::size_t n = text.size();
  for (const std::size_t anchor : anchors) {
    if (anchor >= n) break;  // not the sentence's: anchors are in order
    const std::size_t floor = windows.empty() ? 0 : windows.back().second;
    std::size_t start = anchor > kBefore ? anchor - kBefore : 0;
    if (start < floor) start = floor;
    while (start > floor && !IsAsciiSpaceByte(text[start - 1])) --start;
    // A window starts at the previous one's end at the earliest, so the
    // whole pass stays linear.
    std::size_t end = std::max(std::min(n, anchor + kAfter), floor);
    while (end < n && !IsAsciiSpaceByte(text[end])) ++end;
    if (!windows.empty() && start <= windows.back().second) {
      windows.back().second = std::max(windows.back().second, end);
    } else {
      windows.push_back({start, end});
    }
  }
  return windows;
}

Windows DateWindows(std::string_view text, bool numerals_only) {
  Anchors anchors;
  AppendAnchorsIn(text, 0, text.size(), numerals_only, &anchors);
  return WindowsAround(text, anchors);
}

const StringViewMap<int>& SmallNumberWords() {
  static const auto* const m = new StringViewMap<int>{
      {"a", 1},         {"an", 1},       {"one", 1},     {"two", 2},     {"three", 3},
      {"four", 4},      {"five", 5},     {"six", 6},     {"seven", 7},   {"eight", 8},
      {"nine", 9},      {"ten", 10},     {"eleven", 11}, {"twelve", 12}, {"thirteen", 13},
      {"fourteen", 14}, {"fifteen", 15}, {"twenty", 20}, {"thirty", 30}, {"forty", 40},
      {"fifty", 50}};
  return *m;
}

// Words after which a capitalised month or bare year is a date.
bool IsTemporalContextWord(std::string_view w) {
  static const auto* const words = new WordSet{
      "in",      "since",  "by",     "until",     "till",    "through", "during", "from",
      "to",      "of",     "before", "after",     "early",   "mid",     "late",   "last",
      "this",    "next",   "on",     "around",    "between", "and",     "or",     "circa",
      "spring",  "summer", "autumn", "fall",      "winter",  "fiscal",  "year",   "the",
      "q1",      "q2",     "q3",     "q4",        "h1",      "h2",      "for",    "at",
      "against", "than",   "end",    "beginning", "start",   "as",      "within", "throughout",
      "that",    "when",   "while",  "but",       "so",      "yet",     "with",   "over",
      "about",   "only",   "also",   "even",      "already", "back",    "not",    "season"};
  return words->contains(w);
}

// Determiners and pronouns: capitalised at a sentence start, never names.
bool IsDeterminer(std::string_view w) {
  static const auto* const words =
      new WordSet{"its",    "their", "his",     "her",  "our",   "my",    "your", "these", "those",
                  "every",  "each",  "another", "both", "all",   "no",    "some", "a",     "an",
                  "in",     "it",    "we",      "they", "he",    "she",   "i",    "since", "until",
                  "unlike", "like",  "per",     "what", "which", "whose", "how",  "why"};
  return words->contains(w);
}

// Words right before a month name that make it a date ("in March").
bool IsMonthContextWord(std::string_view w) {
  static const auto* const words =
      new WordSet{"in",   "since",  "by",    "until",  "till",    "through",   "during",
                  "from", "before", "after", "early",  "mid",     "late",      "last",
                  "this", "next",   "of",    "around", "between", "throughout"};
  return words->contains(w);
}

// Scale words and units that make a 4-digit number an amount.
bool IsAmountWord(std::string_view w) {
  static const auto* const words = new WordSet{
      "thousand", "million", "billion", "trillion", "percent", "per",        "times", "people",
      "staff",    "yuan",    "yen",     "won",      "rand",    "bn",         "mn",    "km",
      "kg",       "mw",      "gw",      "usd",      "eur",     "gbp",        "cny",   "rmb",
      "more",     "fewer",   "less",    "other",    "new",     "additional", "extra"};
  return words->contains(w);
}

bool LooksPlural(std::string_view w) {
  if (w.size() < 3 || w.back() != 's') return false;
  const char before = w[w.size() - 2];
  return before != 's' && before != 'u' && before != 'i' && before != '\'';
}

bool IsCurrencySymbol(char32_t c) {
  return c == '$' || c == 0xA3 || c == 0xA5 || c == 0x20AC || c == 0x20B9 || c == 0x20A9 ||
         c == 0x20BD || c == 0x20BA || c == 0x20A6 || c == 0x20B1 || c == '~' || c == '#';
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2) {
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

CalendarDate Day(absl::CivilDay d) {
  return {static_cast<int>(d.year()), d.month(), d.day(), DatePrecision::kDay};
}
CalendarDate Month(absl::CivilMonth m) {
  return {static_cast<int>(m.year()), m.month(), 0, DatePrecision::kMonth};
}
CalendarDate Year(int y) { return {y, 0, 0, DatePrecision::kYear}; }

class DateScanner {
 public:
  // `numerals_only`: only expressions with a number in them are needed.
  DateScanner(std::string_view text, std::optional<absl::Time> reference, bool numerals_only)
      : DateScanner(text, reference, DateWindows(text, numerals_only)) {}

  DateScanner(std::string_view text, std::optional<absl::Time> reference, const Windows& windows)
      : text_(text) {
    if (!windows.empty()) {
      lower_.assign(text_.begin(), text_.end());
      // Roughly one token per five bytes of English text.
      tokens_.reserve(text_.size() / 5 + windows.size() + 4);
      const auto urls = scan::UrlSpans(text_);
      char* const lower = lower_.data();
      for (const auto& [begin, end] : windows) {
        for (std::size_t k = begin; k < end; ++k) {
          lower[k] = absl::ascii_tolower(static_cast<unsigned char>(lower[k]));
        }
        if (!tokens_.empty()) {
          Token barrier;  // keeps patterns from spanning two windows
          barrier.start = barrier.end = begin;
          barrier.space_before = true;
          tokens_.push_back(barrier);
        }
        Tokenize(text_, std::string_view(lower_.data(), lower_.size()), begin, end, urls, &tokens_);
      }
    }
    // Only date tokens read the reference day; most sentences have none.
    if (reference && !tokens_.empty()) {
      // Every sentence of an article has the same reference: the time zone
      // lookup is done once per article, not once per sentence.
      thread_local bool cached = false;
      thread_local absl::Time cached_time;
      thread_local absl::CivilDay cached_day;
      if (!cached || *reference != cached_time) {
        cached_day = absl::ToCivilDay(*reference, absl::UTCTimeZone());
        cached_time = *reference;
        cached = true;
      }
      ref_ = cached_day;
      has_ref_ = true;
    }
  }

  // `may_hold_future_cue` (kept by reference: it must outlive the scanner)
  // returning false says no word of the text is one of FutureCueWords(): the
  // tense check then reads no words.
  void SetMayHoldFutureCue(absl::FunctionRef<bool()> may_hold_future_cue) {
    may_hold_future_cue_.emplace(may_hold_future_cue);
  }

  void Run(std::vector<DateMatch>* dates, std::vector<std::pair<std::size_t, std::size_t>>* spans) {
    std::size_t k = 0;
    while (k < tokens_.size()) {
      Found f;
      if (!tokens_[k].url && Match(k, &f)) {
        const std::size_t first = f.first == SIZE_MAX ? k : f.first;
        spans->push_back({tokens_[first].start, tokens_[f.last].end});
        for (DateMatch& m : f.dates) {
          if (dates != nullptr) dates->push_back(m);
        }
        k = f.last + 1;
        continue;
      }
      ++k;
    }
  }

 private:
  // Future cues: "will", "'ll", "shall", "would", "scheduled", "upcoming",
  // "expected"/"expects", "deadline", "plans to", "hopes to", "aims to",
  // "intends to", "going to", "is set to", "is due". Found on first use.
  void FindFutureCues() {
    cues_found_ = true;
    // The caller may know from the sentence's words that none is a cue.
    if (may_hold_future_cue_ && !(*may_hold_future_cue_)()) return;
    // The whole sentence, not just the date windows.
    const std::string lower = scan::AsciiLower(text_);
    Tokens all;
    Tokenize(text_, lower, 0, text_.size(), {}, &all);
    auto word_at = [&](std::size_t k) -> std::string_view {
      if (k >= all.size() || all[k].kind != Token::kWord) return {};
      return all[k].lower;
    };
    for (std::size_t k = 0; k < all.size(); ++k) {
      const Token& t = all[k];
      if (t.kind != Token::kWord) continue;
      const std::string_view w = t.lower;
      if (!FutureCueWords().contains(w)) continue;  // every cue starts with one
      bool cue = Is(w, "will") || Is(w, "shall") || Is(w, "would") || Is(w, "scheduled") ||
                 Is(w, "upcoming") || Is(w, "expected") || Is(w, "expects") || Is(w, "expect") ||
                 Is(w, "deadline");
      if (Is(w, "ll") && k > 0 && all[k - 1].kind == Token::kPunct &&
          scan::IsApostrophe(all[k - 1].punct)) {
        cue = true;
      }
      if ((Is(w, "plans") || Is(w, "plan") || Is(w, "planning") || Is(w, "set") || Is(w, "hope") ||
           Is(w, "hopes") || Is(w, "hoping") || Is(w, "aims") || Is(w, "aim") || Is(w, "aiming") ||
           Is(w, "intends") || Is(w, "intend") || Is(w, "going")) &&
          word_at(k + 1) == "to") {
        cue = !Is(w, "set") || word_at(k - 1) == "is" || word_at(k - 1) == "are";
      }
      if (Is(w, "due") && (word_at(k - 1) == "is" || word_at(k - 1) == "are")) cue = true;
      if (cue) future_cues_.push_back(t.start);
    }
  }

  struct Found {
    std::size_t first = SIZE_MAX;  // index of the first token; the match start when unset
    std::size_t last = 0;          // index of the last token of the expression
    std::vector<DateMatch> dates;
  };

  std::string_view WordAt(std::size_t k) const {
    if (k >= tokens_.size() || tokens_[k].kind != Token::kWord) return {};
    return tokens_[k].lower;
  }
  bool IsPunct(std::size_t k, char32_t c) const {
    return k < tokens_.size() && tokens_[k].kind == Token::kPunct && tokens_[k].punct == c;
  }
  // Touching: no whitespace between tokens k-1 and k.
  bool Touching(std::size_t k) const { return k < tokens_.size() && !tokens_[k].space_before; }

  int MonthAt(std::size_t k) const {
    if (k >= tokens_.size()) return 0;
    const Token& t = tokens_[k];
    if (t.kind != Token::kWord || !t.capitalised) return 0;
    auto it = MonthNames().find(t.lower);
    return it == MonthNames().end() ? 0 : it->second;
  }
  // Index after a month name and its optional abbreviation dot.
  std::size_t AfterMonth(std::size_t k) const {
    if (IsAbbreviatedMonth(k) && IsPunct(k + 1, '.') && Touching(k + 1)) return k + 2;
    return k + 1;
  }
  // "Jan", "Sept": not "May", "June", "July".
  bool IsAbbreviatedMonth(std::size_t k) const {
    const std::string_view w = tokens_[k].lower;
    return w.size() <= 4 && !Is(w, "may") && !Is(w, "june") && !Is(w, "july");
  }
  int DayAt(std::size_t k) const {
    if (k >= tokens_.size()) return 0;
    const Token& t = tokens_[k];
    if (t.kind == Token::kNumber && t.digits <= 2 && t.value >= 1 && t.value <= 31) return t.value;
    if (t.kind == Token::kAlnum && t.value >= 1 && t.value <= 31) return t.value;
    return 0;
  }
  // A 4-digit year in an explicit date.
  int YearAt(std::size_t k) const {
    if (k >= tokens_.size()) return 0;
    const Token& t = tokens_[k];
    if (t.kind != Token::kNumber || t.digits != 4 || t.value < 1000 || t.value > 2999) return 0;
    // "2,048" is not a year: a year is not followed by ",ddd".
    if (IsPunct(k + 1, ',') && Touching(k + 1) && k + 2 < tokens_.size() &&
        tokens_[k + 2].kind == Token::kNumber && Touching(k + 2)) {
      return 0;
    }
    if (IsPunct(k + 1, '.') && Touching(k + 1) && k + 2 < tokens_.size() &&
        tokens_[k + 2].kind == Token::kNumber && Touching(k + 2)) {
      return 0;  // "2015.5"
    }
    return t.value;
  }
  // Whether tokens [k] is preceded by a comma (optional) to skip.
  std::size_t SkipComma(std::size_t k) const { return IsPunct(k, ',') ? k + 1 : k; }

  bool FutureBefore(std::size_t pos) {
    if (!cues_found_) FindFutureCues();
    for (std::size_t p : future_cues_) {
      if (p < pos) return true;
    }
    return false;
  }

  void Emit(Found* f, std::size_t first, std::size_t last, CalendarDate date, bool relative) {
    f->first = first;
    f->last = last;
    if (relative && !has_ref_) return;
    DateMatch m;
    m.start = tokens_[first].start;
    m.end = tokens_[last].end;
    m.date = date;
    m.relative = relative;
    f->dates.push_back(m);
  }

  // A month-day without a year, resolved against the reference.
  void EmitMonthDay(Found* f, std::size_t first, std::size_t last, int month, int day) {
    f->first = first;
    f->last = last;
    if (!has_ref_) return;
    int year = static_cast<int>(ref_.year());
    if (day > DaysInMonth(year, month)) return;
    absl::CivilDay d(year, month, day);
    const bool future = FutureBefore(tokens_[first].start);
    if (!future && d > ref_ + 1) d = absl::CivilDay(year - 1, month, day);
    if (future && d < ref_) d = absl::CivilDay(year + 1, month, day);
    if (d.day() != day) return;  // Feb 29 in a non-leap year
    Emit(f, first, last, Day(d), /*relative=*/true);
  }

  bool Match(std::size_t k, Found* f) {
    if (k >= tokens_.size()) return false;
    const Token& t = tokens_[k];
    switch (t.kind) {
      case Token::kNumber:
        return MatchNumeric(k, f) || MatchDayFirst(k, f) || MatchBareYear(k, f) ||
               (WordAt(k + 2) == "ago" && MatchAgo(k, f));
      case Token::kAlnum:
        return MatchDayFirst(k, f);
      case Token::kWord:
        if (t.capitalised) {
          if (MatchWeekdayDate(k, f) || MatchMonthFirst(k, f)) return true;
        }
        if (Is(t.lower, "the")) return MatchDayFirst(k, f);
        if ((WordAt(k + 2) == "ago" || WordAt(k + 4) == "ago") && MatchAgo(k, f)) return true;
        return (t.capitalised || IsRelativeTrigger(t.lower)) && MatchRelative(k, f);
      case Token::kPunct:
        return false;
    }
    return false;
  }

  // "2025-01-24", "2025/01/24", "24/01/2025", "1/24/2025".
  bool MatchNumeric(std::size_t k, Found* f) {
    if (k + 4 >= tokens_.size()) return false;
    const Token& a = tokens_[k];
    const Token& sep1 = tokens_[k + 1];
    const Token& b = tokens_[k + 2];
    const Token& sep2 = tokens_[k + 3];
    const Token& c = tokens_[k + 4];
    if (sep1.kind != Token::kPunct || sep2.kind != Token::kPunct || b.kind != Token::kNumber ||
        c.kind != Token::kNumber || !Touching(k + 1) || !Touching(k + 2) || !Touching(k + 3) ||
        !Touching(k + 4) || sep1.punct != sep2.punct ||
        (sep1.punct != '-' && sep1.punct != '/' && sep1.punct != '.')) {
      return false;
    }
    if (k > 0 && Touching(k) && tokens_[k - 1].kind != Token::kPunct) return false;
    if (k + 5 < tokens_.size() && Touching(k + 5) && tokens_[k + 5].kind != Token::kPunct) {
      return false;
    }
    if (a.digits == 4 && b.digits <= 2 && c.digits <= 2) {
      const int y = a.value, mo = b.value, d = c.value;
      f->last = k + 4;
      if (mo < 1 || mo > 12 || d < 1 || d > DaysInMonth(y, mo)) return true;  // no such day
      Emit(f, k, k + 4, {y, mo, d, DatePrecision::kDay}, false);
      return true;
    }
    if (a.digits <= 2 && b.digits <= 2 && c.digits == 4 && sep1.punct != '-') {
      const int y = c.value;
      int mo = 0, d = 0;
      if (a.value > 12 && b.value >= 1 && b.value <= 12) {
        d = a.value;
        mo = b.value;
      } else if (b.value > 12 && a.value >= 1 && a.value <= 12) {
        mo = a.value;
        d = b.value;
      } else if (a.value == b.value && a.value >= 1 && a.value <= 12) {
        mo = d = a.value;
      }
      f->last = k + 4;
      if (mo == 0) return a.value >= 1 && b.value >= 1 && a.value <= 12 && b.value <= 12;
      if (d > DaysInMonth(y, mo)) return true;  // no such day
      Emit(f, k, k + 4, {y, mo, d, DatePrecision::kDay}, false);
      return true;
    }
    return false;
  }

  // "Friday, January 24, 2025": the weekday joins the date's span.
  bool MatchWeekdayDate(std::size_t k, Found* f) {
    if (k >= tokens_.size()) return false;
    const Token& t = tokens_[k];
    if (!t.capitalised || !WeekdayNames().contains(t.lower)) return false;
    const std::size_t j = SkipComma(k + 1);
    Found inner;
    if (!(MatchMonthFirst(j, &inner) || MatchDayFirst(j, &inner))) return false;
    f->first = k;
    f->last = inner.last;
    f->dates = std::move(inner.dates);
    for (DateMatch& m : f->dates) m.start = t.start;
    return true;
  }

  // "January 24, 2025", "Jan. 24 2025", "January 24th", "July 2023",
  // "July of 2023", and a month alone in a temporal context ("in March").
  bool MatchMonthFirst(std::size_t k, Found* f) {
    const int month = MonthAt(k);
    if (month == 0) return false;
    const std::size_t j = AfterMonth(k);
    if (const int day = DayAt(j); day != 0 && !(j < tokens_.size() && tokens_[j].digits == 4)) {
      std::size_t last = j;
      // "January 24-26, 2025": a day range keeps the first day.
      if (j + 2 < tokens_.size() && tokens_[j + 1].kind == Token::kPunct &&
          (scan::IsHyphen(tokens_[j + 1].punct) || scan::IsDash(tokens_[j + 1].punct)) &&
          DayAt(j + 2) != 0) {
        last = j + 2;
      }
      const std::size_t y = SkipComma(last + 1);
      if (const int year = YearAt(y); year != 0) {
        f->last = y;
        if (day > DaysInMonth(year, month)) return true;  // no such day
        Emit(f, k, y, {year, month, day, DatePrecision::kDay}, false);
        return true;
      }
      if (day > 29 && month == 2) return false;
      EmitMonthDay(f, k, last, month, day);
      return true;
    }
    std::size_t y = SkipComma(j);
    if (WordAt(y) == "of") ++y;
    if (const int year = YearAt(y); year != 0) {
      Emit(f, k, y, {year, month, 0, DatePrecision::kMonth}, false);
      return true;
    }
    return MatchMonthAlone(k, month, f);
  }

  // "in March", "last March", "mid-March", "by May".
  bool MatchMonthAlone(std::size_t k, int month, Found* f) {
    std::size_t first = k;
    std::string_view context;
    if (k >= 2 && tokens_[k - 1].kind == Token::kPunct && scan::IsHyphen(tokens_[k - 1].punct) &&
        Touching(k) && Touching(k - 1) && WordAt(k - 2) == "mid") {
      context = "mid";
    } else if (k >= 1) {
      context = WordAt(k - 1);
    }
    // Abbreviations need their dot; "May" and "March" need context.
    if (tokens_[k].lower.size() <= 4 && !Is(tokens_[k].lower, "may") &&
        !Is(tokens_[k].lower, "june") && !Is(tokens_[k].lower, "july") && AfterMonth(k) == k + 1) {
      return false;
    }
    if (!IsMonthContextWord(context)) return false;
    const std::size_t last = AfterMonth(k) - 1;
    if (Is(context, "last") || Is(context, "this") || Is(context, "next")) first = k - 1;
    f->first = first;
    f->last = last;
    if (!has_ref_) return true;
    const int ref_month = ref_.month();
    int year = static_cast<int>(ref_.year());
    if (Is(context, "last")) {
      if (month >= ref_month) --year;
    } else if (Is(context, "next")) {
      if (month <= ref_month) ++year;
    } else if (Is(context, "this")) {
      // the reference year
    } else if (FutureBefore(tokens_[k].start)) {
      if (month < ref_month) ++year;
    } else if (month > ref_month) {
      --year;
    }
    Emit(f, first, last, Month(absl::CivilMonth(year, month)), true);
    return true;
  }

  // "24 January 2025", "24th of January, 2025", "the 3rd of March".
  bool MatchDayFirst(std::size_t k, Found* f) {
    if (k >= tokens_.size()) return false;
    std::size_t j = k;
    if (WordAt(j) == "the" && j + 1 < tokens_.size() && tokens_[j + 1].kind == Token::kAlnum) {
      ++j;
    } else if (tokens_[j].kind == Token::kWord) {
      return false;
    }
    const int day = DayAt(j);
    if (day == 0) return false;
    if (tokens_[j].kind == Token::kNumber && tokens_[j].digits > 2) return false;
    std::size_t m = j + 1;
    // "12-14 November 2024": a day range keeps the first day.
    if (m + 1 < tokens_.size() && tokens_[m].kind == Token::kPunct && Touching(m) &&
        (scan::IsHyphen(tokens_[m].punct) || scan::IsDash(tokens_[m].punct)) && DayAt(m + 1) != 0 &&
        tokens_[m + 1].digits <= 2) {
      m += 2;
    }
    if (WordAt(m) == "of") ++m;
    const int month = MonthAt(m);
    if (month == 0) return false;
    const std::size_t first = j;
    const std::size_t after = AfterMonth(m);
    const std::size_t y = SkipComma(after);
    // An abbreviation without its dot ("3 Mar") needs a year after it.
    if (IsAbbreviatedMonth(m) && after == m + 1 && YearAt(y) == 0) return false;
    if (const int year = YearAt(y); year != 0) {
      f->first = first;
      f->last = y;
      if (day > DaysInMonth(year, month)) return true;  // no such day
      Emit(f, first, y, {year, month, day, DatePrecision::kDay}, false);
      return true;
    }
    if (month == 2 && day > 29) return false;
    EmitMonthDay(f, first, after - 1, month, day);
    return true;
  }

  bool NameBefore(std::size_t k) const {
    if (k == 0) return false;
    const Token& p = tokens_[k - 1];
    if (p.kind == Token::kAlnum) return !IsTemporalContextWord(p.lower);
    if (p.kind != Token::kWord || !p.capitalised) return false;
    if (MonthAt(k - 1) != 0 || IsTemporalContextWord(p.lower) || IsDeterminer(p.lower)) {
      return false;
    }
    return true;
  }

  // A bare year, "2020-21", "2020–2022".
  bool MatchBareYear(std::size_t k, Found* f) {
    const Token& t = tokens_[k];
    if (t.digits != 4 || t.value < 1900 || t.value > 2100 || YearAt(k) == 0) return false;
    // Joined to letters or numbers ("FY2024" is one token already): "1,2015",
    // "-2015" after a number.
    if (k > 0 && Touching(k)) {
      const Token& p = tokens_[k - 1];
      if (p.kind == Token::kPunct) {
        if (IsCurrencySymbol(p.punct)) return false;
        if ((p.punct == ',' || p.punct == '.' || p.punct == '/' || p.punct == ':') && k > 1 &&
            Touching(k - 1) && tokens_[k - 2].kind == Token::kNumber) {
          return false;
        }
      } else {
        return false;
      }
    }
    if (k > 1 && tokens_[k - 1].kind == Token::kPunct && IsCurrencySymbol(tokens_[k - 1].punct)) {
      return false;  // "$ 2000"
    }
    if (NameBefore(k)) return false;
    if (LooksLikeAmountAfter(k)) return false;
    std::size_t last = k;
    Emit(f, k, k, Year(t.value), false);
    // "2020-21", "2020–2022", "2020/21".
    if (k + 2 < tokens_.size() && tokens_[k + 1].kind == Token::kPunct && Touching(k + 1) &&
        Touching(k + 2) &&
        (scan::IsHyphen(tokens_[k + 1].punct) || scan::IsDash(tokens_[k + 1].punct) ||
         tokens_[k + 1].punct == '/') &&
        tokens_[k + 2].kind == Token::kNumber) {
      const Token& s = tokens_[k + 2];
      int second = 0;
      if (s.digits == 2) second = t.value / 100 * 100 + s.value;
      if (s.digits == 4) second = s.value;
      if (second > t.value && second <= 2100) {
        last = k + 2;
        DateMatch m;
        m.start = s.start;
        m.end = s.end;
        m.date = Year(second);
        f->dates.push_back(m);
      }
    }
    f->last = last;
    return true;
  }

  bool LooksLikeAmountAfter(std::size_t k) const {
    const std::size_t j = k + 1;
    if (j >= tokens_.size()) return false;
    const Token& n = tokens_[j];
    if (n.kind == Token::kPunct) {
      if (n.punct == '%' || n.punct == '+' || n.punct == 0xD7) return true;
      if (IsCurrencySymbol(n.punct) && n.punct != '#' && n.punct != '~') return true;
      return false;
    }
    if (n.kind == Token::kAlnum) return false;
    if (n.kind == Token::kNumber) return false;
    if (IsAmountWord(n.lower)) return true;
    // "2048 chips" but not "in 2015 sales rose" or "2015 Chinese models".
    if (n.capitalised) return false;
    if (LooksPlural(n.lower) || Is(n.lower, "people") || Is(n.lower, "children") ||
        Is(n.lower, "men") || Is(n.lower, "women")) {
      if (k > 0 && tokens_[k - 1].kind == Token::kWord &&
          IsTemporalContextWord(tokens_[k - 1].lower) && !Is(tokens_[k - 1].lower, "than") &&
          !Is(tokens_[k - 1].lower, "about") && !Is(tokens_[k - 1].lower, "over") &&
          !Is(tokens_[k - 1].lower, "only") && !Is(tokens_[k - 1].lower, "the")) {
        return false;
      }
      return true;
    }
    return false;
  }

  // today, yesterday, tomorrow, tonight, last night, this morning, weekdays,
  // last/this/next week/month/year, earlier/later this ...
  bool MatchRelative(std::size_t k, Found* f) {
    const Token& t = tokens_[k];
    const std::string_view w = t.lower;
    if (Is(w, "today") || Is(w, "tonight") || Is(w, "yesterday") || Is(w, "tomorrow")) {
      int offset = Is(w, "yesterday") ? -1 : (Is(w, "tomorrow") ? 1 : 0);
      Emit(f, k, k, Day(ref_ + offset), true);
      return true;
    }
    if (Is(w, "last") && WordAt(k + 1) == "night") {
      Emit(f, k, k + 1, Day(ref_ - 1), true);
      return true;
    }
    if (Is(w, "this") && (WordAt(k + 1) == "morning" || WordAt(k + 1) == "afternoon" ||
                          WordAt(k + 1) == "evening")) {
      Emit(f, k, k + 1, Day(ref_), true);
      return true;
    }
    std::size_t j = k;
    std::string_view modifier;
    if (Is(w, "earlier") || Is(w, "later")) {
      if (WordAt(k + 1) != "this") return false;
      modifier = "this";
      j = k + 2;
    } else if (Is(w, "last") || Is(w, "this") || Is(w, "next") || Is(w, "past") ||
               Is(w, "previous") || Is(w, "coming")) {
      modifier = w;
      j = k + 1;
    }
    if (j < tokens_.size() && tokens_[j].kind == Token::kWord && tokens_[j].capitalised) {
      auto it = WeekdayNames().find(tokens_[j].lower);
      if (it != WeekdayNames().end()) {
        if (Is(modifier, "past") || Is(modifier, "previous")) modifier = "last";
        if (Is(modifier, "coming")) modifier = "next";
        // Not the start of "Friday, January 24, 2025" (matched before).
        const absl::Weekday target = static_cast<absl::Weekday>(it->second);
        absl::CivilDay d = ref_;
        if (has_ref_) {
          const bool future =
              Is(modifier, "next") || (!Is(modifier, "last") && FutureBefore(tokens_[j].start));
          if (future) {
            d = absl::NextWeekday(Is(modifier, "next") ? ref_ : ref_ - 1, target);
          } else {
            d = absl::PrevWeekday(Is(modifier, "last") ? ref_ : ref_ + 1, target);
          }
        }
        Emit(f, modifier.empty() ? j : k, j, Day(d), true);
        return true;
      }
    }
    if (modifier.empty() || Is(modifier, "past") || Is(modifier, "previous") ||
        Is(modifier, "coming")) {
      return false;
    }
    const std::string_view unit = WordAt(j);
    const int delta = Is(modifier, "last") ? -1 : (Is(modifier, "next") ? 1 : 0);
    if (Is(unit, "week")) {
      Emit(f, k, j, Month(absl::CivilMonth(ref_ + 7 * delta)), true);
      return true;
    }
    if (Is(unit, "month")) {
      Emit(f, k, j, Month(absl::CivilMonth(ref_) + delta), true);
      return true;
    }
    if (Is(unit, "year")) {
      Emit(f, k, j, Year(static_cast<int>(ref_.year()) + delta), true);
      return true;
    }
    return false;
  }

  // "two weeks ago", "3 days ago", "a year ago".
  bool MatchAgo(std::size_t k, Found* f) {
    if (k >= tokens_.size()) return false;
    const Token& t = tokens_[k];
    int n = 0;
    std::size_t j = k + 1;
    if (t.kind == Token::kNumber) {
      if (t.digits > 3) return false;
      n = t.value;
    } else {
      auto it = SmallNumberWords().find(t.lower);
      if (it == SmallNumberWords().end()) return false;
      n = it->second;
      if (Is(t.lower, "a") && WordAt(j) == "couple" && WordAt(j + 1) == "of") {
        n = 2;
        j += 2;
      }
    }
    std::string_view unit = WordAt(j);
    if (WordAt(j + 1) != "ago") return false;
    if (unit.size() > 1 && unit.back() == 's') unit.remove_suffix(1);
    if (Is(unit, "day")) {
      Emit(f, k, j + 1, Day(ref_ - n), true);
    } else if (Is(unit, "week")) {
      Emit(f, k, j + 1, Day(ref_ - 7 * n), true);
    } else if (Is(unit, "month")) {
      Emit(f, k, j + 1, Month(absl::CivilMonth(ref_) - n), true);
    } else if (Is(unit, "year")) {
      Emit(f, k, j + 1, Year(static_cast<int>(ref_.year()) - n), true);
    } else if (Is(unit, "decade")) {
      Emit(f, k, j + 1, Year(static_cast<int>(ref_.year()) - 10 * n), true);
    } else {
      return false;
    }
    return true;
  }

  std::string_view text_;
  // The text with its date windows lower-cased.
  scan::LowerBuffer lower_;
  Tokens tokens_;
  absl::CivilDay ref_;
  bool has_ref_ = false;
  std::vector<std::size_t> future_cues_;
  bool cues_found_ = false;
  std::optional<absl::FunctionRef<bool()>> may_hold_future_cue_;
};

}  // namespace

std::vector<DateMatch> DateRecognizer::Find(std::string_view sentence,
                                            std::optional<absl::Time> reference) const {
  std::vector<DateMatch> dates;
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  DateScanner scanner(sentence, reference, /*numerals_only=*/false);
  scanner.Run(&dates, &spans);
  return dates;
}

std::vector<std::pair<std::size_t, std::size_t>> DateRecognizer::FindSpans(
    std::string_view sentence) const {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  DateScanner scanner(sentence, std::nullopt, /*numerals_only=*/false);
  scanner.Run(nullptr, &spans);
  return spans;
}

const WordSet& DateRecognizer::RelativeAnchorWords() { return RelativeAnchors(); }
const WordSet& DateRecognizer::NameAnchorWords() { return NameAnchors(); }
const WordSet& DateRecognizer::FutureCueWords() { return claims::FutureCueWords(); }

void DateRecognizer::AppendAnchors(std::string_view sentence, std::size_t begin, std::size_t end,
                                   std::vector<std::size_t>* anchors) {
  AppendAnchorsIn(sentence, begin, end, /*numerals_only=*/false, anchors);
}

void DateRecognizer::FindWithSpans(std::string_view sentence, std::optional<absl::Time> reference,
                                   absl::Span<const std::size_t> anchors,
                                   std::vector<DateMatch>* dates,
                                   std::vector<std::pair<std::size_t, std::size_t>>* spans) const {
  if (anchors.empty()) return;
  DateScanner scanner(sentence, reference, WindowsAround(sentence, anchors));
  scanner.Run(dates, spans);
}

void DateRecognizer::FindWithSpans(std::string_view sentence, std::optional<absl::Time> reference,
                                   absl::Span<const std::size_t> anchors,
                                   absl::FunctionRef<bool()> may_hold_future_cue,
                                   std::vector<DateMatch>* dates,
                                   std::vector<std::pair<std::size_t, std::size_t>>* spans) const {
  if (anchors.empty()) return;
  DateScanner scanner(sentence, reference, WindowsAround(sentence, anchors));
  scanner.SetMayHoldFutureCue(may_hold_future_cue);
  scanner.Run(dates, spans);
}

std::vector<std::pair<std::size_t, std::size_t>> DateRecognizer::FindSpansWithNumbers(
    std::string_view sentence) const {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  DateScanner scanner(sentence, std::nullopt, /*numerals_only=*/true);
  scanner.Run(nullptr, &spans);
  // The windows may also hold expressions without a number ("last year").
  spans.erase(std::remove_if(spans.begin(), spans.end(),
                             [&](const std::pair<std::size_t, std::size_t>& span) {
                               const std::string_view covered =
                                   sentence.substr(span.first, span.second - span.first);
                               return covered.find_first_of("0123456789") == covered.npos &&
                                      covered.find("ago") == covered.npos;
                             }),
              spans.end());
  return spans;
}

}  // namespace claimtrace::claims
