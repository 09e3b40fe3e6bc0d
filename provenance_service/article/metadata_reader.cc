#include "provenance_service/article/metadata_reader.h"

#include <algorithm>
#include <cstddef>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "provenance_service/article/line_text.h"
#include "re2/re2.h"

namespace claimtrace::provenance {
namespace {

// Longest line read as a date line or byline; longer lines are prose.
constexpr std::size_t kMaxDateLineBytes = 160;
constexpr std::size_t kMaxBylineBytes = 160;
constexpr std::size_t kMaxUrlLineBytes = 4096;

#define CLAIMTRACE_MONTHS                                                                   \
  "(january|february|march|april|may|june|july|august|september|october|november|december|" \
  "jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"

const RE2& IsoDateRe() {
  static const RE2* const re = new RE2(WithUnicodeSpaces(
      R"(\b(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?)"));
  return *re;
}
const RE2& MonthDayYearRe() {
  static const RE2* const re = new RE2(WithUnicodeSpaces(
      "(?i)\\b" CLAIMTRACE_MONTHS R"(\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b)"));
  return *re;
}
const RE2& DayMonthYearRe() {
  static const RE2* const re = new RE2(WithUnicodeSpaces(
      R"((?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)" CLAIMTRACE_MONTHS R"(\.?,?\s+(\d{4})\b)"));
  return *re;
}
#undef CLAIMTRACE_MONTHS

const RE2& NumericDateRe() {
  static const RE2* const re =
      new RE2(WithUnicodeSpaces(R"(\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b)"));
  return *re;
}
const RE2& TwelveHourTimeRe() {
  static const RE2* const re = new RE2(
      WithUnicodeSpaces(R"((?i)\b(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2}))?\s*([ap])\.?\s?m\b\.?)"));
  return *re;
}
const RE2& TwentyFourHourTimeRe() {
  static const RE2* const re =
      new RE2(WithUnicodeSpaces(R"(\b([01]?\d|2[0-3])[:.]([0-5]\d)(?::([0-5]\d))?\b)"));
  return *re;
}
// A zone right after a time: an offset ("+05:30", "UTC+8", "Z-5") or a word.
const RE2& ZoneRe() {
  static const RE2* const re = new RE2(WithUnicodeSpaces(
      R"((?i)^\s*\(?\s*(?:(?:utc|gmt|z)?\s*([+-])(\d{1,2})(?::?(\d{2}))?\b|([a-z]{1,5})\b)\)?)"));
  return *re;
}
const RE2& WeekdayRe() {
  static const RE2* const re =
      new RE2(WithUnicodeSpaces(R"((?i)\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|)"
                                R"((?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[.,]))"));
  return *re;
}
// "2 hours ago", "35 mins ago": allowed beside a date ("Updated 2 hours ago").
const RE2& RelativeTimeRe() {
  static const RE2* const re = new RE2(WithUnicodeSpaces(
      R"((?i)\b\d{1,3}\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?)\s+ago\b)"));
  return *re;
}
const RE2& BylinePrefixRe() {
  static const RE2* const re = new RE2(WithUnicodeSpaces(
      R"(^(?i:(?:written |words |text |story |reported |reporting )?by)[\s:]+(.+)$)"));
  return *re;
}
const RE2& BareUrlLineRe() {
  static const RE2* const re = new RE2(WithUnicodeSpaces(R"(^<?(https?://[^\s<>]+?)>?$)"));
  return *re;
}
const RE2& MarkdownLinkLineRe() {
  static const RE2* const re =
      new RE2(WithUnicodeSpaces(R"(^\[[^\]]*\]\(\s*<?(https?://[^\s)>]+)>?(?:\s+"[^"]*")?\s*\)$)"));
  return *re;
}
const RE2& BracketUrlLineRe() {
  static const RE2* const re =
      new RE2(WithUnicodeSpaces(R"(^\[\s*<?(https?://[^\s\]>]+)>?\s*\]$)"));
  return *re;
}
const RE2& LabelledUrlLineRe() {
  static const RE2* const re = new RE2(WithUnicodeSpaces(
      R"(^(?i:source|url|link|permalink|canonical(?: url| link)?|)"
      R"(original(?: article| story| link)?|originally published(?: at| on| in)?|)"
      R"(first published(?: at| on| in)?|published (?:at|on))\s*:?\s*)"
      R"((?:<|\[[^\]]*\]\()?\s*(https?://[^\s<>)\]]+)[>)\]]?$)"));
  return *re;
}
const RE2& AnyUrlRe() {
  static const RE2* const re = new RE2(WithUnicodeSpaces(
      "(https?://[^\\s<>()\\[\\]{}\"'|*\\x{201C}\\x{201D}\\x{2018}\\x{2019}\\x{00AB}\\x{00BB}]+)"));
  return *re;
}

struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// Finds `re` in `text` from `start`; fills `groups[0..n)` (group 0 is the
// whole match). Returns false when there is no match.
bool FindAt(const RE2& re, std::string_view text, std::size_t start, re2::StringPiece* groups,
            int n) {
  if (start > text.size()) return false;
  return re.Match(re2::StringPiece(text.data(), text.size()), start, text.size(), RE2::UNANCHORED,
                  groups, n);
}

Span SpanOf(std::string_view text, re2::StringPiece piece) {
  const std::size_t begin = static_cast<std::size_t>(piece.data() - text.data());
  return Span{begin, begin + piece.size()};
}

int ToInt(re2::StringPiece piece) {
  int value = 0;
  if (!absl::SimpleAtoi(absl::string_view(piece.data(), piece.size()), &value)) return -1;
  return value;
}

int MonthNumber(re2::StringPiece name) {
  const std::string lower = ToAsciiLower(std::string_view(name.data(), name.size()));
  static constexpr std::string_view kPrefixes[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                   "jul", "aug", "sep", "oct", "nov", "dec"};
  for (int i = 0; i < 12; ++i) {
    if (HasPrefix(lower, kPrefixes[i])) return i + 1;
  }
  return 0;
}

bool IsValidDate(int year, int month, int day) {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
  const absl::CivilDay civil(year, month, day);
  return civil.year() == year && civil.month() == month && civil.day() == day;
}

// True when US daylight saving time is in force on `day` (second Sunday of
// March to the first Sunday of November; the hour of the switch is ignored).
bool IsUsDaylightSavingDay(absl::CivilDay day) {
  auto nth_sunday = [](int year, int month, int n) {
    absl::CivilDay first(year, month, 1);
    while (absl::GetWeekday(first) != absl::Weekday::sunday) first += 1;
    return first + 7 * (n - 1);
  };
  const absl::CivilDay start = nth_sunday(static_cast<int>(day.year()), 3, 2);
  const absl::CivilDay end = nth_sunday(static_cast<int>(day.year()), 11, 1);
  return day >= start && day < end;
}

// UTC offset in minutes of a zone abbreviation, or nullopt when unknown.
std::optional<int> ZoneOffsetMinutes(std::string_view name, absl::CivilDay day) {
  const std::string upper = ToAsciiUpper(name);
  struct Zone {
    std::string_view name;
    int minutes;
  };
  static constexpr Zone kZones[] = {
      {"UTC", 0},    {"GMT", 0},     {"Z", 0},       {"WET", 0},    {"BST", 60},   {"CET", 60},
      {"CEST", 120}, {"EET", 120},   {"EEST", 180},  {"MSK", 180},  {"IST", 330},  {"PKT", 300},
      {"ICT", 420},  {"WIB", 420},   {"SGT", 480},   {"HKT", 480},  {"AWST", 480}, {"KST", 540},
      {"JST", 540},  {"AEST", 600},  {"AEDT", 660},  {"NZST", 720}, {"NZDT", 780}, {"EST", -300},
      {"EDT", -240}, {"CST", -360},  {"CDT", -300},  {"MST", -420}, {"MDT", -360}, {"PST", -480},
      {"PDT", -420}, {"AKST", -540}, {"AKDT", -480}, {"HST", -600},
  };
  for (const Zone& zone : kZones) {
    if (upper == zone.name) return zone.minutes;
  }
  // US zones without S/D: standard or daylight time by the date.
  const int daylight = IsUsDaylightSavingDay(day) ? 60 : 0;
  if (upper == "ET") return -300 + daylight;
  if (upper == "CT") return -360 + daylight;
  if (upper == "MT") return -420 + daylight;
  if (upper == "PT") return -480 + daylight;
  return std::nullopt;
}

// Reads a zone starting at `text[start]`; on success sets the offset and
// extends `*span` over it.
void ReadZoneAt(std::string_view text, std::size_t start, absl::CivilDay day, int* offset_minutes,
                Span* span) {
  re2::StringPiece groups[5];
  const std::string_view rest = text.substr(start);
  if (!ZoneRe().Match(re2::StringPiece(rest.data(), rest.size()), 0, rest.size(), RE2::ANCHOR_START,
                      groups, 5)) {
    return;
  }
  if (!groups[1].empty()) {
    const int hours = ToInt(groups[2]);
    const int minutes = groups[3].empty() ? 0 : ToInt(groups[3]);
    if (hours < 0 || hours > 14 || minutes < 0 || minutes > 59) return;
    const int total = hours * 60 + minutes;
    *offset_minutes = groups[1] == "-" ? -total : total;
  } else {
    const std::optional<int> offset =
        ZoneOffsetMinutes(std::string_view(groups[4].data(), groups[4].size()), day);
    if (!offset.has_value()) return;
    *offset_minutes = *offset;
  }
  span->end = start + groups[0].size();
}

// True for separator characters around names and dates: , | · • — – - : ; ( ) [ ] * _ /
bool IsSeparatorToken(std::string_view token) {
  static constexpr std::string_view kSeparators[] = {
      ",", "|", "\u00B7", "\u2022", "\u2014", "\u2013", "-", ":", ";",
      "(", ")", "[",      "]",      "*",      "_",      "/", "&"};
  for (std::string_view s : kSeparators) {
    if (token == s) return true;
  }
  return false;
}

// `token` without surrounding separator punctuation.
std::string_view StripTokenPunctuation(std::string_view token) {
  static constexpr std::string_view kEdges[] = {",", "|", "\u00B7", "\u2022", "\u2014", "\u2013",
                                                "-", ":", ";",      "(",      ")",      "[",
                                                "]", "*", "_",      "/"};
  bool changed = true;
  while (changed && !token.empty()) {
    changed = false;
    for (std::string_view edge : kEdges) {
      if (HasPrefix(token, edge)) {
        token.remove_prefix(edge.size());
        changed = true;
      }
      if (HasSuffix(token, edge) && !token.empty()) {
        token.remove_suffix(edge.size());
        changed = true;
      }
    }
  }
  return token;
}

bool IsDateLabelWord(std::string_view word) {
  static constexpr std::string_view kLabels[] = {
      "published", "updated", "posted", "last",    "modified", "on",    "at",     "date", "time",
      "first",     "dated",   "issued", "created", "am",       "pm",    "edited", "by",   "mon",
      "tue",       "tues",    "wed",    "thu",     "thur",     "thurs", "fri",    "sat",  "sun"};
  for (std::string_view label : kLabels) {
    if (EqualsIgnoreAsciiCase(word, label)) return true;
  }
  return false;
}

bool IsNameConnector(std::string_view word) {
  static constexpr std::string_view kConnectors[] = {
      "and", "de",  "del", "della", "der", "den", "van", "von", "la", "le", "du",  "da", "di",
      "dos", "das", "bin", "ibn",   "al",  "el",  "the", "of",  "y",  "e",  "for", "in", "with"};
  for (std::string_view connector : kConnectors) {
    if (word == connector) return true;
  }
  return false;
}

// Reads the words of one remainder segment of a date line. Returns false when
// the segment holds anything but labels and a name. Sets `*name` to the name
// (original text, separators and labels trimmed), or leaves it empty.
bool ReadDateLineSegment(std::string_view segment, std::string_view* name) {
  std::vector<std::string_view> tokens = SplitWords(segment);
  std::size_t first_content = tokens.size();
  std::size_t last_content = tokens.size();
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::string_view token = TrimBlank(tokens[i]);
    if (token.empty() || IsSeparatorToken(token)) continue;
    const std::string_view word = StripTokenPunctuation(token);
    if (word.empty()) continue;
    if (IsDateLabelWord(word)) continue;
    // A label we do not know ("Photo:") means this is not a date line.
    if (token.back() == ':') return false;
    if (first_content == tokens.size()) first_content = i;
    last_content = i;
  }
  if (first_content == tokens.size()) return true;  // labels only
  const char* begin = tokens[first_content].data();
  const char* end = tokens[last_content].data() + tokens[last_content].size();
  std::string_view text(begin, static_cast<std::size_t>(end - begin));
  // Trailing separators ("Jane Doe |", "News Desk,").
  while (!text.empty() && (text.back() == ',' || text.back() == '|' || text.back() == ';' ||
                           text.back() == ':' || text.back() == '-')) {
    text.remove_suffix(1);
    text = TrimBlank(text);
  }
  if (!IsNameLike(text)) return false;
  *name = text;
  return true;
}

std::string TrimUrlTail(std::string_view url) {
  while (!url.empty() &&
         (url.back() == '.' || url.back() == ',' || url.back() == ';' || url.back() == ':' ||
          url.back() == '!' || url.back() == '?' || url.back() == '_')) {
    url.remove_suffix(1);
  }
  return std::string(url);
}

std::optional<std::string> CheckedUrl(std::string_view url) {
  std::string trimmed = TrimUrlTail(url);
  if (UrlHost(trimmed).empty()) return std::nullopt;
  return trimmed;
}

// Built-in publisher table: the text of data/publisher_hosts.txt, embedded
// at build time.
constexpr std::string_view kBuiltInPublisherHosts =
#include "publisher_hosts_builtin.inc"
    ;

}  // namespace

std::optional<DateLine> ParseDateLine(std::string_view line) {
  const std::string_view text = StripEmphasis(line);
  if (text.empty() || text.size() > kMaxDateLineBytes) return std::nullopt;
  if (text.find('\n') != std::string_view::npos) return std::nullopt;
  if (std::none_of(text.begin(), text.end(), IsAsciiDigit)) return std::nullopt;

  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  bool has_time = false;
  std::vector<Span> spans;
  Span date_span;
  re2::StringPiece g[7];
  if (FindAt(IsoDateRe(), text, 0, g, 7)) {
    year = ToInt(g[1]);
    month = ToInt(g[2]);
    day = ToInt(g[3]);
    date_span = SpanOf(text, g[0]);
    if (!g[4].empty()) {
      hour = ToInt(g[4]);
      minute = ToInt(g[5]);
      second = g[6].empty() ? 0 : ToInt(g[6]);
      has_time = true;
    }
    if (date_span.end < text.size() && IsAsciiDigit(text[date_span.end])) return std::nullopt;
  } else if (FindAt(MonthDayYearRe(), text, 0, g, 4)) {
    month = MonthNumber(g[1]);
    day = ToInt(g[2]);
    year = ToInt(g[3]);
    date_span = SpanOf(text, g[0]);
  } else if (FindAt(DayMonthYearRe(), text, 0, g, 4)) {
    day = ToInt(g[1]);
    month = MonthNumber(g[2]);
    year = ToInt(g[3]);
    date_span = SpanOf(text, g[0]);
  } else if (FindAt(NumericDateRe(), text, 0, g, 4)) {
    const int first = ToInt(g[1]);
    const int second_part = ToInt(g[2]);
    year = ToInt(g[3]);
    if (first > 12 && second_part <= 12) {
      day = first;
      month = second_part;
    } else if (second_part > 12 && first <= 12) {
      month = first;
      day = second_part;
    } else {
      return std::nullopt;  // ambiguous day/month order
    }
    date_span = SpanOf(text, g[0]);
  } else {
    return std::nullopt;
  }
  if (!IsValidDate(year, month, day)) return std::nullopt;
  const absl::CivilDay civil_day(year, month, day);

  int offset_minutes = 0;
  if (has_time) {
    ReadZoneAt(text, date_span.end, civil_day, &offset_minutes, &date_span);
  }
  spans.push_back(date_span);

  if (!has_time) {
    re2::StringPiece t[5];
    std::optional<Span> time_span;
    for (std::size_t start = 0; start < text.size();) {
      if (!FindAt(TwelveHourTimeRe(), text, start, t, 5)) break;
      const Span span = SpanOf(text, t[0]);
      if (span.begin >= date_span.end || span.end <= date_span.begin) {
        const int h = ToInt(t[1]);
        const int m = t[2].empty() ? 0 : ToInt(t[2]);
        const int s = t[3].empty() ? 0 : ToInt(t[3]);
        if (h >= 1 && h <= 12 && m >= 0 && m <= 59 && s >= 0 && s <= 59) {
          const bool pm = t[4] == "p" || t[4] == "P";
          hour = (h % 12) + (pm ? 12 : 0);
          minute = m;
          second = s;
          time_span = span;
          break;
        }
      }
      start = span.end > start ? span.end : start + 1;
    }
    if (!time_span.has_value()) {
      for (std::size_t start = 0; start < text.size();) {
        if (!FindAt(TwentyFourHourTimeRe(), text, start, t, 4)) break;
        const Span span = SpanOf(text, t[0]);
        if (span.begin >= date_span.end || span.end <= date_span.begin) {
          hour = ToInt(t[1]);
          minute = ToInt(t[2]);
          second = t[3].empty() ? 0 : ToInt(t[3]);
          time_span = span;
          break;
        }
        start = span.end > start ? span.end : start + 1;
      }
    }
    if (time_span.has_value()) {
      has_time = true;
      ReadZoneAt(text, time_span->end, civil_day, &offset_minutes, &*time_span);
      spans.push_back(*time_span);
    }
  }

  // Weekday names and relative times are allowed anywhere.
  for (const RE2* re : {&WeekdayRe(), &RelativeTimeRe()}) {
    re2::StringPiece w[1];
    for (std::size_t start = 0; FindAt(*re, text, start, w, 1);) {
      const Span span = SpanOf(text, w[0]);
      if (span.begin >= date_span.end || span.end <= date_span.begin) spans.push_back(span);
      start = span.end > start ? span.end : start + 1;
    }
  }

  // Everything else must be labels, separators and at most one name.
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  DateLine result;
  std::size_t cursor = 0;
  for (std::size_t i = 0; i <= spans.size(); ++i) {
    const std::size_t segment_end = i < spans.size() ? spans[i].begin : text.size();
    if (segment_end > cursor) {
      std::string_view name;
      if (!ReadDateLineSegment(text.substr(cursor, segment_end - cursor), &name)) {
        return std::nullopt;
      }
      if (!name.empty() && result.byline.empty()) result.byline = std::string(name);
    }
    if (i < spans.size()) cursor = std::max(cursor, spans[i].end);
  }
  if (!result.byline.empty()) {
    std::string_view byline = result.byline;
    re2::StringPiece b[2];
    if (BylinePrefixRe().Match(re2::StringPiece(byline.data(), byline.size()), 0, byline.size(),
                               RE2::ANCHOR_BOTH, b, 2)) {
      result.byline = std::string(b[1].data(), b[1].size());
    }
  }
  result.has_time_of_day = has_time;
  result.time = absl::FromCivil(absl::CivilSecond(year, month, day, hour, minute, second),
                                absl::UTCTimeZone()) -
                absl::Minutes(offset_minutes);
  return result;
}

bool IsNameLike(std::string_view text) {
  text = TrimBlank(text);
  if (text.empty() || text.size() > kMaxBylineBytes) return false;
  std::vector<std::string_view> tokens = SplitWords(text);
  int words = 0;
  int capitalised = 0;
  for (std::string_view token : tokens) {
    token = TrimBlank(token);
    if (token.empty() || IsSeparatorToken(token)) continue;
    if (token.front() == '"' || HasPrefix(token, "\u201C")) return false;
    if (token.back() == ':' || token.back() == '!' || token.back() == '?') return false;
    if (std::any_of(token.begin(), token.end(), IsAsciiDigit)) return false;
    std::string_view word = token;
    while (!word.empty() && (word.back() == ',' || word.back() == ';' || word.back() == '|')) {
      word.remove_suffix(1);
    }
    if (word.empty()) continue;
    // A full stop ends a sentence unless the word is an initial or "Jr.".
    if (word.back() == '.' && word.size() > 3) return false;
    ++words;
    if (IsNameConnector(word)) continue;
    const unsigned char first = static_cast<unsigned char>(word.front());
    if (IsAsciiUpper(word.front()) || first >= 0x80) {
      ++capitalised;
    } else {
      return false;
    }
  }
  return capitalised > 0 && words <= 10;
}

std::optional<std::string> ParseBylineLine(std::string_view line) {
  const std::string_view text = StripEmphasis(line);
  if (text.size() < 4 || text.size() > kMaxBylineBytes) return std::nullopt;
  if (text.find('\n') != std::string_view::npos) return std::nullopt;
  re2::StringPiece g[2];
  if (!BylinePrefixRe().Match(re2::StringPiece(text.data(), text.size()), 0, text.size(),
                              RE2::ANCHOR_BOTH, g, 2)) {
    return std::nullopt;
  }
  std::string_view names(g[1].data(), g[1].size());
  names = TrimBlank(names);
  while (!names.empty() && (names.back() == ',' || names.back() == '|' || names.back() == ';')) {
    names.remove_suffix(1);
    names = TrimBlank(names);
  }
  if (!IsNameLike(names)) return std::nullopt;
  return std::string(names);
}

std::optional<std::string> ParseUrlLine(std::string_view line) {
  const std::string_view text = StripEmphasis(line);
  if (text.size() < 10 || text.size() > kMaxUrlLineBytes) return std::nullopt;
  if (text.find('\n') != std::string_view::npos) return std::nullopt;
  const re2::StringPiece piece(text.data(), text.size());
  re2::StringPiece url;
  if (RE2::FullMatch(piece, BareUrlLineRe(), &url) ||
      RE2::FullMatch(piece, MarkdownLinkLineRe(), &url) ||
      RE2::FullMatch(piece, BracketUrlLineRe(), &url) ||
      RE2::FullMatch(piece, LabelledUrlLineRe(), &url)) {
    return CheckedUrl(std::string_view(url.data(), url.size()));
  }
  return std::nullopt;
}

std::optional<std::string> FindFirstHttpUrl(std::string_view text) {
  re2::StringPiece g[2];
  for (std::size_t start = 0; FindAt(AnyUrlRe(), text, start, g, 2);) {
    std::optional<std::string> url = CheckedUrl(std::string_view(g[1].data(), g[1].size()));
    if (url.has_value()) return url;
    start = SpanOf(text, g[0]).end;
  }
  return std::nullopt;
}

std::string UrlHost(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  const std::size_t at = rest.rfind('@');
  if (at != std::string_view::npos) rest.remove_prefix(at + 1);
  if (!rest.empty() && rest.front() == '[') return "";  // IPv6 literals are not publishers
  rest = rest.substr(0, rest.find(':'));
  while (!rest.empty() && rest.back() == '.') rest.remove_suffix(1);
  for (char c : rest) {
    const bool ok = absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' ||
                    static_cast<unsigned char>(c) >= 0x80;
    if (!ok) return "";
  }
  return ToAsciiLower(rest);
}

const PublisherTable& PublisherTable::BuiltIn() {
  static const PublisherTable* const table = [] {
    absl::StatusOr<PublisherTable> parsed = Parse(kBuiltInPublisherHosts);
    return new PublisherTable(parsed.ok() ? *std::move(parsed) : PublisherTable());
  }();
  return *table;
}

absl::StatusOr<PublisherTable> PublisherTable::Parse(std::string_view file_text) {
  PublisherTable table;
  int line_number = 0;
  for (std::string_view line : SplitOn(file_text, '\n')) {
    ++line_number;
    line = TrimBlank(line);
    if (line.empty() || line.front() == '#') continue;
    const std::size_t space = line.find_first_of(" \t");
    if (space == std::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("publisher hosts line ", line_number, ": expected a domain and a name"));
    }
    std::string domain = ToAsciiLower(line.substr(0, space));
    if (HasPrefix(domain, "www.")) domain.erase(0, 4);
    const std::string_view name = TrimBlank(line.substr(space));
    table.names_by_domain_[domain] = std::string(name);
  }
  return table;
}

absl::StatusOr<PublisherTable> PublisherTable::Load(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(absl::StrCat("cannot read publisher hosts file ", path));
  std::ostringstream contents;
  contents << file.rdbuf();
  return Parse(contents.str());
}

std::string PublisherTable::PublisherForHost(std::string_view host) const {
  std::string lower = ToAsciiLower(host);
  if (HasPrefix(lower, "www.")) lower.erase(0, 4);
  std::string_view candidate = lower;
  while (candidate.find('.') != std::string_view::npos) {
    const auto it = names_by_domain_.find(std::string(candidate));
    if (it != names_by_domain_.end()) return it->second;
    candidate.remove_prefix(candidate.find('.') + 1);
  }
  return lower;
}

}  // namespace claimtrace::provenance
