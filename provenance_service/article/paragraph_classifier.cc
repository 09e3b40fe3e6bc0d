#include "provenance_service/article/paragraph_classifier.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "provenance_service/article/line_text.h"
#include "re2/re2.h"

namespace claimtrace::provenance {
namespace {

// Size limits: longer paragraphs are prose without further tests, which keeps
// the cost per paragraph bounded and stops long body text from matching.
constexpr std::size_t kMaxStructuralBytes = 600;      // URL/date/byline/boilerplate tests
constexpr std::size_t kMaxPrefixPhraseBytes = 300;    // "phrase" entries
constexpr std::size_t kMaxAnywherePhraseBytes = 600;  // "~ phrase" entries
constexpr std::size_t kMaxCaptionBytes = 400;         // caption credit rule
constexpr std::size_t kMaxHeadingBytes = 120;
constexpr std::size_t kMaxTitleBytes = 300;
constexpr int kMaxHeadingWords = 10;
constexpr int kMaxTitleCaseHeadingWords = 16;
constexpr int kMaxTitleWords = 30;

constexpr std::string_view kBuiltInBoilerplatePhrases =
#include "boilerplate_phrases_builtin.inc"
    ;

RE2::Options PatternOptions() {
  RE2::Options options;
  options.set_case_sensitive(false);
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  return options;
}

// "© 2025 …", "Copyright 2025 …", "Copyright © …", "(c) 2025 …".
const RE2& CopyrightRe() {
  static const RE2* const re = new RE2(
      WithUnicodeSpaces(R"((?i)^(?:copyright\b.{0,40}\b(?:19|20)\d\d\b|copyright\s*(?:©|\(c\))|)"
                        R"(©|\(c\)\s*(?:19|20)\d\d))"));
  return *re;
}
const RE2& MinutesReadRe() {
  static const RE2* const re =
      new RE2(WithUnicodeSpaces(R"((?i)^\d{1,3}\s*-?\s*min(?:ute)?s?\.?\s+read$)"));
  return *re;
}
const RE2& CommentCountRe() {
  static const RE2* const re = new RE2(WithUnicodeSpaces(R"((?i)^\d[\d,.]*\s*k?\s+comments?$)"));
  return *re;
}
// A photo credit closing a short caption, after a sentence or a parenthesis:
// "… January 30, 2023. AGENCY/Jane Roe/Illustration", "… (Jane Roe/Agency)".
const RE2& CaptionCreditRe() {
  static const RE2* const re = new RE2(
      WithUnicodeSpaces(R"([.)]\s+\(?\p{Lu}[\p{L}.'’-]*(?:\s\p{Lu}[\p{L}.'’-]*)*)"  // ". Jane Roe"
                        R"(/\p{Lu}[\p{L}.'’/ -]*\)?(?:\s*\([^()]*\))?$)"));  // "/Agency (Pool)"
  return *re;
}

// A phrase as a pattern: words quoted, white space generalised, whole words.
std::string PhrasePattern(std::string_view phrase) {
  std::vector<std::string> words;
  for (std::string_view word : SplitWords(phrase)) {
    words.push_back(RE2::QuoteMeta(re2::StringPiece(word.data(), word.size())));
  }
  std::string pattern = absl::StrJoin(words, R"(\s+)");
  if (absl::ascii_isalnum(static_cast<unsigned char>(phrase.front()))) {
    pattern = absl::StrCat(R"(\b)", pattern);
  }
  if (absl::ascii_isalnum(static_cast<unsigned char>(phrase.back()))) {
    absl::StrAppend(&pattern, R"(\b)");
  }
  return pattern;
}

absl::StatusOr<std::unique_ptr<RE2>> CompileAlternatives(const std::vector<std::string>& phrases,
                                                         std::string_view what) {
  if (phrases.empty()) return std::unique_ptr<RE2>();
  std::vector<std::string> patterns;
  patterns.reserve(phrases.size());
  for (const std::string& phrase : phrases) patterns.push_back(PhrasePattern(phrase));
  auto re = std::make_unique<RE2>(
      WithUnicodeSpaces(absl::StrCat("(?:", absl::StrJoin(patterns, "|"), ")")), PatternOptions());
  if (!re->ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot compile ", std::string(what), " boilerplate phrases: ", re->error()));
  }
  return re;
}

bool FullMatches(const std::unique_ptr<RE2>& re, std::string_view text) {
  return re != nullptr && RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *re);
}
bool MatchesAtStart(const std::unique_ptr<RE2>& re, std::string_view text) {
  return re != nullptr && re->Match(re2::StringPiece(text.data(), text.size()), 0, text.size(),
                                    RE2::ANCHOR_START, nullptr, 0);
}
bool MatchesAnywhere(const std::unique_ptr<RE2>& re, std::string_view text) {
  return re != nullptr && RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re);
}

// The text phrases are matched against: trimmed, without a list marker,
// the brackets of a single link, emphasis or surrounding square brackets.
std::string_view PhraseText(std::string_view paragraph) {
  std::string_view text = TrimBlank(paragraph);
  std::string_view item;
  if (ListItemText(text, &item)) text = item;
  text = StripEmphasis(LinkLabelOrSelf(text));
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = StripEmphasis(text.substr(1, text.size() - 2));
  }
  return text;
}

// `text` without trailing punctuation and arrows, for "= phrase" entries.
std::string_view WholeText(std::string_view text) {
  static constexpr std::string_view kTrailers[] = {".",      ":",      "!", "\u2026", "\u2192",
                                                   "\u203A", "\u00BB", ">", "|"};
  bool changed = true;
  while (changed) {
    changed = false;
    text = TrimBlank(text);
    for (std::string_view trailer : kTrailers) {
      if (HasSuffix(text, trailer)) {
        text.remove_suffix(trailer.size());
        changed = true;
      }
    }
  }
  return text;
}

bool HasLetterOrDigit(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (absl::ascii_isalnum(c)) return true;
    if (c >= 0xC0) {
      // A multi-byte character: count it unless it is punctuation or a
      // symbol from the General Punctuation, Arrows, Box Drawing, Geometric
      // Shapes or Dingbats blocks (U+2000-U+27BF), or Latin-1 punctuation.
      if (c == 0xC2) continue;  // U+0080-U+00BF: symbols and punctuation
      if (c == 0xE2 && i + 1 < text.size()) {
        const unsigned char c1 = static_cast<unsigned char>(text[i + 1]);
        if (c1 >= 0x80 && c1 <= 0x9E) continue;
      }
      if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBB &&
          static_cast<unsigned char>(text[i + 2]) == 0xBF) {
        continue;  // BOM
      }
      return true;
    }
  }
  return false;
}

bool IsAllAsciiLowerWord(std::string_view word) {
  if (word.empty()) return false;
  return std::all_of(word.begin(), word.end(), [](char c) { return IsAsciiLower(c); });
}

std::string_view FirstWord(std::string_view text) {
  const std::size_t end = text.find_first_of(" \t\n");
  std::string_view word = text.substr(0, end);
  // Ignore punctuation glued to the word ("however," -> "however").
  while (!word.empty() && !IsLetterByte(word.back()) && !IsAsciiDigit(word.back())) {
    word.remove_suffix(1);
  }
  return word;
}

bool StartsWithOpeningQuote(std::string_view text) {
  return HasPrefix(text, "\"") || HasPrefix(text, "\u201C") || HasPrefix(text, "\u2018") ||
         HasPrefix(text, "\u00AB") || HasPrefix(text, "'");
}

// How a line ends, for heading and title tests.
enum class LineEnd { kOpen, kFullStop, kComma, kColon, kQuestionOrExclamation, kClosingQuote };

LineEnd EndOf(std::string_view text) {
  if (text.empty()) return LineEnd::kOpen;
  const char last = text.back();
  if (last == '.' || HasSuffix(text, "\u2026") || HasSuffix(text, "\u3002")) {
    return LineEnd::kFullStop;
  }
  if (last == ',' || last == ';' || HasSuffix(text, "\uFF0C") || HasSuffix(text, "\u3001")) {
    return LineEnd::kComma;
  }
  if (last == ':' || HasSuffix(text, "\uFF1A")) return LineEnd::kColon;
  if (last == '?' || last == '!' || HasSuffix(text, "\uFF1F") || HasSuffix(text, "\uFF01")) {
    return LineEnd::kQuestionOrExclamation;
  }
  if (last == '"' || last == '\'' || HasSuffix(text, "\u201D") || HasSuffix(text, "\u2019") ||
      HasSuffix(text, "\u00BB")) {
    return LineEnd::kClosingQuote;
  }
  return LineEnd::kOpen;
}

// Small words that title case leaves in lower case.
bool IsMinorWord(std::string_view word) {
  static constexpr std::string_view kMinor[] = {
      "a",   "an",   "the", "and",  "or",   "but", "nor", "for", "of",   "in",   "on",
      "at",  "to",   "by",  "from", "with", "as",  "vs",  "via", "into", "amid", "over",
      "per", "than", "up",  "out",  "off",  "is",  "are", "be",  "its",  "their"};
  for (std::string_view minor : kMinor) {
    if (EqualsIgnoreAsciiCase(word, minor)) return true;
  }
  return false;
}

bool IsTitleCase(std::string_view text) {
  int capitalised = 0;
  int lower = 0;
  for (std::string_view word : SplitWords(text)) {
    if (IsMinorWord(word) || !IsLetterByte(word.front())) continue;
    if (IsAsciiLower(word.front())) {
      ++lower;
    } else {
      ++capitalised;
    }
  }
  return capitalised > 0 && capitalised >= 3 * lower;
}

// True when `text` states a quantity ("Revenue: $4.2 billion", "Turnout
// 61%"): such short lines are data, not headings.
bool StatesAQuantity(std::string_view text) {
  static constexpr std::string_view kSymbols[] = {"%", "$", "\u20AC", "\u00A3", "\u00A5"};
  for (std::string_view symbol : kSymbols) {
    if (text.find(symbol) != std::string_view::npos) return true;
  }
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    if ((text[i] == '.' || text[i] == ',') && IsAsciiDigit(text[i - 1]) &&
        IsAsciiDigit(text[i + 1])) {
      return true;
    }
  }
  return false;
}

void SetProseFlags(std::string_view paragraph, ParagraphShape* shape) {
  if (!shape->single_line) return;
  const std::string_view text = StripEmphasis(paragraph);
  if (text.empty() || text.size() > kMaxTitleBytes) return;
  shape->word_count = CountWords(text);
  if (!HasLetterOrDigit(text)) return;
  if (IsAllAsciiLowerWord(FirstWord(text))) return;  // continues a sentence
  const LineEnd end = EndOf(text);
  const int words = shape->word_count;
  shape->title_like = words <= kMaxTitleWords && end != LineEnd::kFullStop &&
                      end != LineEnd::kComma && end != LineEnd::kColon;
  if (text.size() > kMaxHeadingBytes || StartsWithOpeningQuote(text)) return;
  bool end_ok = false;
  switch (end) {
    case LineEnd::kOpen:
      end_ok = true;
      break;
    case LineEnd::kQuestionOrExclamation:
      end_ok = text.back() == '?' && words <= kMaxHeadingWords;
      break;
    case LineEnd::kColon:
      end_ok = words <= 8;
      break;
    default:
      end_ok = false;
  }
  shape->name_like = end == LineEnd::kOpen && IsNameLike(text);
  shape->heading_like =
      end_ok && !StatesAQuantity(text) &&
      (words <= kMaxHeadingWords || (words <= kMaxTitleCaseHeadingWords && IsTitleCase(text)));
}

}  // namespace

absl::StatusOr<BoilerplatePhrases> ParseBoilerplatePhrases(std::string_view file_text) {
  BoilerplatePhrases phrases;
  int line_number = 0;
  for (std::string_view line : SplitOn(file_text, '\n')) {
    ++line_number;
    line = TrimBlank(line);
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string>* list = &phrases.prefix;
    const char marker = line.front();
    if ((marker == '=' || marker == '~' || marker == '!') &&
        (line.size() == 1 || line[1] == ' ' || line[1] == '\t')) {
      list = marker == '='   ? &phrases.whole
             : marker == '~' ? &phrases.anywhere
                             : &phrases.section_start;
      line = TrimBlank(line.substr(1));
      if (line.empty()) {
        return absl::InvalidArgumentError(absl::StrCat("boilerplate phrases line ", line_number,
                                                       ": marker '", std::string(1, marker),
                                                       "' without a phrase"));
      }
    }
    list->push_back(ToAsciiLower(line));
  }
  return phrases;
}

absl::StatusOr<BoilerplatePhrases> LoadBoilerplatePhrases(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file)
    return absl::NotFoundError(absl::StrCat("cannot read boilerplate phrases file ", path));
  std::ostringstream contents;
  contents << file.rdbuf();
  return ParseBoilerplatePhrases(contents.str());
}

const BoilerplatePhrases& BuiltInBoilerplatePhrases() {
  static const BoilerplatePhrases* const phrases = [] {
    absl::StatusOr<BoilerplatePhrases> parsed = ParseBoilerplatePhrases(kBuiltInBoilerplatePhrases);
    return new BoilerplatePhrases(parsed.ok() ? *std::move(parsed) : BoilerplatePhrases());
  }();
  return *phrases;
}

bool StandsAlone(const ParagraphShape& shape) {
  switch (shape.form) {
    case ParagraphForm::kMarkdownHeading:
    case ParagraphForm::kUrlLine:
    case ParagraphForm::kDateLine:
    case ParagraphForm::kBylineLine:
    case ParagraphForm::kBoilerplate:
    case ParagraphForm::kSectionStart:
      return true;
    case ParagraphForm::kProse:
    case ParagraphForm::kListOrQuote:
      return false;
  }
  return false;
}

absl::StatusOr<std::unique_ptr<ParagraphClassifier>> ParagraphClassifier::Create(
    const BoilerplatePhrases& phrases) {
  std::unique_ptr<ParagraphClassifier> classifier(new ParagraphClassifier());
  auto prefix = CompileAlternatives(phrases.prefix, "prefix");
  if (!prefix.ok()) return prefix.status();
  auto whole = CompileAlternatives(phrases.whole, "whole-paragraph");
  if (!whole.ok()) return whole.status();
  auto anywhere = CompileAlternatives(phrases.anywhere, "anywhere");
  if (!anywhere.ok()) return anywhere.status();
  auto section_start = CompileAlternatives(phrases.section_start, "section-start");
  if (!section_start.ok()) return section_start.status();
  classifier->prefix_re_ = *std::move(prefix);
  classifier->whole_re_ = *std::move(whole);
  classifier->anywhere_re_ = *std::move(anywhere);
  classifier->section_start_re_ = *std::move(section_start);
  return classifier;
}

ParagraphClassifier::~ParagraphClassifier() = default;

bool ParagraphClassifier::IsSectionStart(std::string_view phrase_text) const {
  const std::string_view whole = WholeText(phrase_text);
  return FullMatches(section_start_re_, whole) ||
         RE2::FullMatch(re2::StringPiece(whole.data(), whole.size()), CommentCountRe());
}

bool ParagraphClassifier::IsBoilerplate(std::string_view paragraph,
                                        std::string_view phrase_text) const {
  const std::string_view whole = WholeText(phrase_text);
  if (FullMatches(whole_re_, whole)) return true;
  if (phrase_text.size() <= kMaxPrefixPhraseBytes && MatchesAtStart(prefix_re_, phrase_text)) {
    return true;
  }
  if (paragraph.size() <= kMaxAnywherePhraseBytes && MatchesAnywhere(anywhere_re_, paragraph)) {
    return true;
  }
  const re2::StringPiece phrase_piece(phrase_text.data(), phrase_text.size());
  if (RE2::PartialMatch(phrase_piece, CopyrightRe())) return true;
  if (RE2::FullMatch(re2::StringPiece(whole.data(), whole.size()), MinutesReadRe())) return true;
  if (paragraph.size() <= kMaxCaptionBytes &&
      RE2::PartialMatch(re2::StringPiece(paragraph.data(), paragraph.size()), CaptionCreditRe())) {
    return true;
  }
  return false;
}

ParagraphShape ParagraphClassifier::Shape(std::string_view paragraph) const {
  ParagraphShape shape;
  const std::string_view text = TrimBlank(paragraph);
  shape.single_line = text.find('\n') == std::string_view::npos;
  const bool short_text = text.size() <= kMaxStructuralBytes;

  if (short_text && !HasLetterOrDigit(text)) {
    shape.form = ParagraphForm::kBoilerplate;  // rules, separators, stray symbols
    return shape;
  }
  std::string_view heading;
  if (shape.single_line && MarkdownHeadingText(text, &heading)) {
    shape.form = ParagraphForm::kMarkdownHeading;
    shape.heading_text = heading;
    return shape;
  }
  if (shape.single_line && HasPrefix(text, "![")) {
    shape.form = ParagraphForm::kBoilerplate;  // Markdown image embed
    return shape;
  }
  std::string_view item;
  const bool list_item = ListItemText(text, &item);
  if (IsBlockQuoteLine(text) || list_item) {
    if (list_item && short_text && shape.single_line) {
      const std::string_view phrase_text = PhraseText(text);
      if (IsBoilerplate(item, phrase_text) || ParseUrlLine(item).has_value()) {
        shape.form = ParagraphForm::kBoilerplate;  // "- Share on …", "- [link](…)"
        return shape;
      }
    }
    shape.form = ParagraphForm::kListOrQuote;
    return shape;
  }
  if (short_text) {
    const std::string_view phrase_text = PhraseText(text);
    if (shape.single_line && IsSectionStart(phrase_text)) {
      shape.form = ParagraphForm::kSectionStart;
      return shape;
    }
    if (RE2::PartialMatch(re2::StringPiece(phrase_text.data(), phrase_text.size()),
                          CopyrightRe())) {
      shape.form = ParagraphForm::kBoilerplate;
      return shape;
    }
    if (shape.single_line) {
      // A link whose label is a prompt ("[Read more](…)") is boilerplate,
      // not the article's URL.
      if (LinkLabelOrSelf(text) != text && IsBoilerplate(phrase_text, phrase_text)) {
        shape.form = ParagraphForm::kBoilerplate;
        return shape;
      }
      if ((shape.url = ParseUrlLine(text)).has_value()) {
        shape.form = ParagraphForm::kUrlLine;
        return shape;
      }
      if ((shape.date = ParseDateLine(text)).has_value()) {
        shape.form = ParagraphForm::kDateLine;
        return shape;
      }
      if ((shape.byline = ParseBylineLine(text)).has_value()) {
        shape.form = ParagraphForm::kBylineLine;
        return shape;
      }
    }
    if (IsBoilerplate(text, phrase_text)) {
      shape.form = ParagraphForm::kBoilerplate;
      return shape;
    }
  }
  SetProseFlags(text, &shape);
  return shape;
}

ArticleClassification ClassifyParagraphs(const std::vector<ParagraphShape>& shapes) {
  ArticleClassification result;
  const std::size_t n = shapes.size();
  auto is_body_candidate = [&](std::size_t i) {
    const ParagraphShape& s = shapes[i];
    return s.form == ParagraphForm::kProse && !s.heading_like && !s.title_like;
  };

  // The head: paragraphs before the third body paragraph, capped.
  result.head_end = std::min(n, kMaxHeadParagraphs);
  for (std::size_t i = 0, body = 0; i < result.head_end; ++i) {
    if (is_body_candidate(i) && ++body == 3) {
      result.head_end = i;
      break;
    }
  }

  // The title: the first title-like paragraph of the head before body text.
  // One- and two-word lines (section labels such as "Technology", menu
  // items) give way to a later title-like line of three or more words.
  int short_candidate = -1;
  for (std::size_t i = 0; i < result.head_end; ++i) {
    const ParagraphShape& s = shapes[i];
    if (s.form == ParagraphForm::kMarkdownHeading) {
      result.title_index = static_cast<int>(i);
      break;
    }
    if (s.form != ParagraphForm::kProse) continue;
    if (!s.title_like) break;  // body text before any title
    if (s.word_count <= 2) {
      if (short_candidate < 0) short_candidate = static_cast<int>(i);
      continue;
    }
    result.title_index = static_cast<int>(i);
    break;
  }
  if (result.title_index < 0) result.title_index = short_candidate;

  // A name line directly above a date line of the head, when the date line
  // names nobody itself: "Ana Ruiz in Madrid" / "Sun 9 Mar 2025 14.30 CET".
  for (std::size_t i = 1; i < result.head_end; ++i) {
    const ParagraphShape& above = shapes[i - 1];
    if (shapes[i].form == ParagraphForm::kDateLine && shapes[i].date->byline.empty() &&
        above.form == ParagraphForm::kProse && above.heading_like && above.name_like &&
        static_cast<int>(i - 1) != result.title_index) {
      result.byline_index = static_cast<int>(i - 1);
      break;
    }
  }

  result.kinds.resize(n, ParagraphKind::kBody);
  bool seen_body = false;
  bool in_trailing_section = false;
  for (std::size_t i = 0; i < n; ++i) {
    const ParagraphShape& s = shapes[i];
    ParagraphKind& kind = result.kinds[i];
    if (in_trailing_section) {
      kind = ParagraphKind::kBoilerplate;
      continue;
    }
    const bool is_title = static_cast<int>(i) == result.title_index;
    const bool is_byline = static_cast<int>(i) == result.byline_index;
    switch (s.form) {
      case ParagraphForm::kMarkdownHeading:
        kind = is_title ? ParagraphKind::kMetadata : ParagraphKind::kHeading;
        break;
      case ParagraphForm::kListOrQuote:
        kind = ParagraphKind::kQuoteBlock;
        break;
      case ParagraphForm::kUrlLine:
      case ParagraphForm::kDateLine:
      case ParagraphForm::kBylineLine:
        kind = ParagraphKind::kMetadata;
        break;
      case ParagraphForm::kBoilerplate:
        kind = ParagraphKind::kBoilerplate;
        break;
      case ParagraphForm::kSectionStart:
        kind = ParagraphKind::kBoilerplate;
        in_trailing_section = seen_body;
        break;
      case ParagraphForm::kProse:
        if (is_title || is_byline) {
          kind = ParagraphKind::kMetadata;
        } else if (s.heading_like) {
          // A heading with nothing after it heads nothing: a trailing label.
          const bool last = i + 1 == n && i >= result.head_end;
          kind = last ? ParagraphKind::kBoilerplate : ParagraphKind::kHeading;
        } else {
          kind = ParagraphKind::kBody;
          seen_body = true;
        }
        break;
    }
  }
  return result;
}

}  // namespace claimtrace::provenance
