#include "claims_service/extraction/quantity_recognizer.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "claims_service/extraction/string_views.h"

namespace claimtrace::claims {

// data/units.tsv, compiled in by CMake (embedded_data.cc.in).
extern const char kEmbeddedUnitsTsv[];

namespace {

using scan::DecodeAt;
using scan::DecodeBefore;
using scan::IsLetter;

bool IsAsciiLetterByte(char c) { return absl::ascii_isalpha(static_cast<unsigned char>(c)); }
bool IsWordCharAt(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return false;
  std::size_t len = 0;
  const char32_t c = DecodeAt(text, pos, &len);
  return IsLetter(c) || scan::IsAsciiDigit(c);
}
bool IsWordCharBefore(std::string_view text, std::size_t pos) {
  if (pos == 0) return false;
  std::size_t len = 0;
  const char32_t c = DecodeBefore(text, pos, &len);
  return IsLetter(c) || scan::IsAsciiDigit(c);
}

bool CaseInsensitiveKind(UnitEntry::Kind kind) {
  return kind == UnitEntry::Kind::kCurrencyWord || kind == UnitEntry::Kind::kScale ||
         kind == UnitEntry::Kind::kScaleSuffix || kind == UnitEntry::Kind::kUnit;
}

bool IsCurrency(const UnitEntry& e) {
  return e.kind == UnitEntry::Kind::kCurrencySymbol || e.kind == UnitEntry::Kind::kCurrencyCode ||
         e.kind == UnitEntry::Kind::kCurrencyWord;
}

// Matches `surface` at `pos`; a space in the surface matches a whitespace
// run or a single hyphen ("basis-point"). Returns the end, or npos.
std::size_t MatchSurfaceAt(std::string_view text, std::size_t pos, std::string_view surface,
                           bool case_insensitive) {
  std::size_t p = pos;
  for (std::size_t k = 0; k < surface.size(); ++k) {
    const char s = surface[k];
    if (s == ' ') {
      if (p < text.size() && text[p] == '-') {
        ++p;
        continue;
      }
      const std::size_t q = scan::SkipSpaces(text, p);
      if (q == p) return std::string_view::npos;
      p = q;
      continue;
    }
    if (p >= text.size()) return std::string_view::npos;
    const char t = text[p];
    if (case_insensitive ? absl::ascii_tolower(static_cast<unsigned char>(t)) !=
                               absl::ascii_tolower(static_cast<unsigned char>(s))
                         : t != s) {
      return std::string_view::npos;
    }
    ++p;
  }
  return p;
}

std::optional<UnitEntry::Kind> ParseKind(std::string_view name) {
  if (Is(name, "currency_symbol")) return UnitEntry::Kind::kCurrencySymbol;
  if (Is(name, "currency_code")) return UnitEntry::Kind::kCurrencyCode;
  if (Is(name, "currency_word")) return UnitEntry::Kind::kCurrencyWord;
  if (Is(name, "scale")) return UnitEntry::Kind::kScale;
  if (Is(name, "scale_suffix")) return UnitEntry::Kind::kScaleSuffix;
  if (Is(name, "unit")) return UnitEntry::Kind::kUnit;
  return std::nullopt;
}

// --- Word lists for the recogniser -------------------------------------

const StringKeyMap<Bound>& BoundPhrases() {
  static const auto* const phrases = new StringKeyMap<Bound>{
      // Inclusive lower bounds.
      {"at least", Bound::kAtLeast},
      {"no fewer than", Bound::kAtLeast},
      {"no less than", Bound::kAtLeast},
      {"not less than", Bound::kAtLeast},
      {"not fewer than", Bound::kAtLeast},
      {"a minimum of", Bound::kAtLeast},
      {"minimum of", Bound::kAtLeast},
      {"as few as", Bound::kAtLeast},
      {"as little as", Bound::kAtLeast},
      // Exclusive lower bounds.
      {"more than", Bound::kMoreThan},
      {"over", Bound::kMoreThan},
      {"just over", Bound::kMoreThan},
      {"well over", Bound::kMoreThan},
      {"above", Bound::kMoreThan},
      {"in excess of", Bound::kMoreThan},
      {"upwards of", Bound::kMoreThan},
      {"upward of", Bound::kMoreThan},
      {"greater than", Bound::kMoreThan},
      {"north of", Bound::kMoreThan},
      // Inclusive upper bounds.
      {"up to", Bound::kAtMost},
      {"at most", Bound::kAtMost},
      {"no more than", Bound::kAtMost},
      {"not more than", Bound::kAtMost},
      {"a maximum of", Bound::kAtMost},
      {"maximum of", Bound::kAtMost},
      {"as many as", Bound::kAtMost},
      {"as much as", Bound::kAtMost},
      {"within", Bound::kAtMost},
      {"capped at", Bound::kAtMost},
      // Exclusive upper bounds.
      {"less than", Bound::kLessThan},
      {"fewer than", Bound::kLessThan},
      {"under", Bound::kLessThan},
      {"just under", Bound::kLessThan},
      {"below", Bound::kLessThan},
      {"just below", Bound::kLessThan},
      {"shy of", Bound::kLessThan},
      {"just shy of", Bound::kLessThan},
      // Approximations.
      {"nearly", Bound::kApproximate},
      {"almost", Bound::kApproximate},
      {"about", Bound::kApproximate},
      {"approximately", Bound::kApproximate},
      {"approx", Bound::kApproximate},
      {"roughly", Bound::kApproximate},
      {"around", Bound::kApproximate},
      {"some", Bound::kApproximate},
      {"an estimated", Bound::kApproximate},
      {"estimated", Bound::kApproximate},
      {"close to", Bound::kApproximate},
      {"circa", Bound::kApproximate},
      {"just about", Bound::kApproximate},
      {"an approximate", Bound::kApproximate},
  };
  return *phrases;
}

// The last words of BoundPhrases, and "between" and "from": a number whose
// word before is none of them has no bound phrase, and the phrase look-ups
// (one per phrase length) are skipped.
const WordSet& BoundPhraseLastWords() {
  static const auto* const words = [] {
    std::vector<std::string_view> last = {"between", "from"};
    for (const auto& [phrase, bound] : BoundPhrases()) {
      const std::string_view p = phrase;
      const std::size_t space = p.rfind(' ');
      last.push_back(space == std::string_view::npos ? p : p.substr(space + 1));
    }
    return new WordSet(last);
  }();
  return *words;
}

// The words before a position, scanned once for the several look-behinds of
// one number (a label word, "minus", a bound phrase, a verb of change):
// WordsBefore(at, k) is the last k words of WordsBefore(at, kMaxWords).
class WordsBeforeCache {
 public:
  static constexpr int kMaxWords = 4;
  explicit WordsBeforeCache(std::string_view text) : text_(text) {}
  scan::WordsBeforeList Get(std::size_t at, int max_words) {
    if (max_words > kMaxWords) return scan::WordsBefore(text_, at, max_words);
    if (at != at_) {
      words_ = scan::WordsBefore(text_, at, kMaxWords);
      at_ = at;
    }
    const auto k = static_cast<std::size_t>(max_words);
    if (words_.size() <= k) return words_;
    return scan::WordsBeforeList(words_.end() - k, words_.end());
  }

 private:
  std::string_view text_;
  std::size_t at_ = std::string_view::npos;
  scan::WordsBeforeList words_;
};

// Words after which a plain number is a label, not an amount ("version 2").
bool IsLabelWord(std::string_view lower) {
  static const auto* const words = new WordSet{
      "version", "v",        "model",     "number",  "no",         "nos",    "chapter",
      "section", "article",  "page",      "pages",   "pp",         "p",      "room",
      "flight",  "route",    "gate",      "level",   "phase",      "stage",  "season",
      "episode", "grade",    "category",  "type",    "class",      "series", "generation",
      "gen",     "tier",     "step",      "figure",  "fig",        "table",  "item",
      "line",    "platform", "terminal",  "row",     "seat",       "block",  "lot",
      "act",     "verse",    "volume",    "vol",     "issue",      "part",   "round",
      "week",    "day",      "game",      "clause",  "paragraph",  "rule",   "proposition",
      "ward",    "district", "precinct",  "highway", "interstate", "exit",   "track",
      "channel", "code",     "id",        "rank",    "ranked",     "number", "size",
      "hole",    "lane",     "apartment", "unit",    "suite",      "floor",  "storey",
      "mark",    "series",   "batch"};
  return words->contains(lower);
}

// Capitalised words that do not make a following number a name ("In 2015",
// "About 300", "The 10").
bool IsFunctionWord(std::string_view lower) {
  static const auto* const words = new WordSet{"the",       "a",
                                               "an",        "in",
                                               "on",        "at",
                                               "by",        "for",
                                               "from",      "with",
                                               "of",        "and",
                                               "but",       "or",
                                               "nor",       "so",
                                               "yet",       "only",
                                               "just",      "about",
                                               "some",      "nearly",
                                               "almost",    "around",
                                               "roughly",   "approximately",
                                               "over",      "under",
                                               "more",      "less",
                                               "fewer",     "another",
                                               "those",     "these",
                                               "all",       "its",
                                               "their",     "his",
                                               "her",       "our",
                                               "my",        "your",
                                               "up",        "between",
                                               "since",     "after",
                                               "before",    "during",
                                               "until",     "exactly",
                                               "precisely", "estimated",
                                               "barely",    "fully",
                                               "still",     "even",
                                               "each",      "every",
                                               "top",       "first",
                                               "last",      "next",
                                               "past",      "final",
                                               "another",   "than",
                                               "to",        "into",
                                               "per",       "as",
                                               "like",      "nearly",
                                               "while",     "when",
                                               "if",        "although",
                                               "though",    "because",
                                               "whereas",   "then",
                                               "now",       "today",
                                               "yesterday", "also",
                                               "and",       "another",
                                               "both",      "other",
                                               "we",        "they",
                                               "he",        "she",
                                               "it",        "i",
                                               "you",       "there",
                                               "here",      "where",
                                               "what",      "which",
                                               "who",       "why",
                                               "how",       "that",
                                               "this",      "some",
                                               "many",      "most",
                                               "approx",    "circa",
                                               "above",     "below",
                                               "least",     "most",
                                               "within",    "across",
                                               "among",     "against",
                                               "through",   "toward",
                                               "towards",   "without",
                                               "via",       "including",
                                               "excluding", "total",
                                               "overall",   "combined"};
  return words->contains(lower);
}

// Words that end or cannot start a counted noun phrase.
bool IsNounStopWord(std::string_view lower) {
  static const auto* const words = new WordSet{
      "the",      "a",       "an",       "of",        "in",      "on",       "at",
      "by",       "for",     "from",     "with",      "without", "to",       "into",
      "onto",     "over",    "under",    "across",    "after",   "before",   "since",
      "during",   "per",     "than",     "as",        "via",     "about",    "between",
      "among",    "through", "against",  "toward",    "towards", "around",   "including",
      "within",   "and",     "or",       "but",       "nor",     "so",       "yet",
      "is",       "are",     "was",      "were",      "be",      "been",     "being",
      "has",      "have",    "had",      "do",        "does",    "did",      "will",
      "would",    "can",     "could",    "may",       "might",   "must",     "shall",
      "should",   "that",    "which",    "who",       "whom",    "whose",    "where",
      "when",     "while",   "this",     "these",     "those",   "it",       "its",
      "their",    "his",     "her",      "our",       "my",      "your",     "they",
      "them",     "he",      "she",      "we",        "i",       "you",      "ago",
      "earlier",  "later",   "more",     "less",      "fewer",   "each",     "every",
      "said",     "says",    "say",      "according", "alone",   "apiece",   "respectively",
      "not",      "no",      "if",       "then",      "than",    "too",      "also",
      "up",       "down",    "out",      "off",       "times",   "instead",  "until",
      "unless",   "because", "although", "though",    "whether", "all",      "both",
      "either",   "neither", "there",    "here",      "now",     "today",    "yesterday",
      "tomorrow", "or",      "plus",     "minus",     "a year",  "annually", "just",
      "only",     "even",    "still",    "already",   "some",    "any",      "such",
      "what",     "rather",  "well",     "ago",       "again",   "each",     "apart",
      "away",     "back"};
  return words->contains(lower);
}

// Verbs of change: "rose from 10 to 20" is a change, not a range.
bool IsChangeWord(std::string_view lower) {
  static const auto* const words = new WordSet{
      "rose",      "rise",     "rising",     "risen",     "rises",    "fell",       "fall",
      "falling",   "fallen",   "falls",      "increased", "increase", "increasing", "increases",
      "decreased", "decrease", "decreasing", "grew",      "grow",     "growing",    "grown",
      "jumped",    "jump",     "jumps",      "dropped",   "drop",     "drops",      "climbed",
      "climb",     "climbs",   "declined",   "decline",   "declines", "soared",     "soar",
      "plunged",   "plunge",   "slipped",    "slid",      "surged",   "surge",      "up",
      "down",      "cut",      "cuts",       "raised",    "raise",    "raises",     "lowered",
      "lower",     "reduced",  "reduce",     "boosted",   "boost",    "doubled",    "tripled",
      "halved",    "expanded", "shrank",     "shrunk",    "changed",  "moved",      "went",
      "gone",      "tumbled",  "slumped",    "sank",      "dipped",   "eased",      "widened",
      "narrowed",  "swelled",  "ballooned",  "revised",   "upgraded", "downgraded", "trimmed",
      "hiked",     "slashed",  "shifted"};
  return words->contains(lower);
}

bool IsIrregularPlural(std::string_view lower) {
  return Is(lower, "people") || Is(lower, "children") || Is(lower, "men") || Is(lower, "women") ||
         Is(lower, "staff") || Is(lower, "personnel") || Is(lower, "police") || Is(lower, "feet") ||
         Is(lower, "teeth") || Is(lower, "mice") || Is(lower, "geese") || Is(lower, "cattle") ||
         Is(lower, "sheep") || Is(lower, "fish") || Is(lower, "deer") || Is(lower, "data") ||
         Is(lower, "media") || Is(lower, "criteria") || Is(lower, "phenomena") ||
         Is(lower, "aircraft") || Is(lower, "spacecraft") || Is(lower, "livestock") ||
         Is(lower, "offspring") || Is(lower, "crew") || Is(lower, "troops") || Is(lower, "persons");
}

bool LooksPlural(std::string_view word) {
  // "chips", "H800s", "languages", "GPUs"; not "gas", "bus", "analysis".
  if (word.size() < 2) return false;
  const char last = word.back();
  if (last != 's') return false;
  const char before = word[word.size() - 2];
  if (word.size() == 2) return absl::ascii_isupper(static_cast<unsigned char>(before));
  const char lb = absl::ascii_tolower(static_cast<unsigned char>(before));
  if (lb == 's' || lb == 'u' || lb == 'i') {
    // "analyses", "buses" end in -es; "status", "basis", "gas(s)" are singular.
    return false;
  }
  return true;
}

// After "half the" (at `pos`): a measure of something named after "of"
// ("speed of its top products", "cost of a new plant"), so the fraction
// scales a comparand instead of taking a share of a whole.
bool ScalesAComparand(std::string_view sentence, std::size_t pos) {
  static const auto* const kMeasures = new WordSet{
      "speed", "size",   "cost",   "price",  "level",    "rate",   "pace",        "value",
      "power", "weight", "length", "height", "capacity", "output", "performance", "energy"};
  const std::size_t a = scan::SkipSpaces(sentence, pos);
  const std::size_t ae = scan::WordEnd(sentence, a);
  const std::size_t b = scan::SkipSpaces(sentence, ae);
  const std::size_t be = scan::WordEnd(sentence, b);
  return kMeasures->contains(scan::AsciiLower(sentence.substr(a, ae - a))) &&
         scan::AsciiLower(sentence.substr(b, be - b)) == "of";
}

bool IsSentenceStartBefore(std::string_view text, std::size_t pos) {
  const std::size_t p = scan::SkipSpacesBack(text, pos);
  if (p == 0) return true;
  std::size_t len = 0;
  const char32_t c = DecodeBefore(text, p, &len);
  return c == '.' || c == '!' || c == '?' || c == ':' || c == ';' || c == '"' || c == '(' ||
         c == '[' || c == 0x201C || c == 0x2018 || c == 0x2014 || c == '\n' || c == '*' ||
         c == '#' || c == '-' || c == 0x2022;
}

}  // namespace

// --- UnitLexicon ---------------------------------------------------------

absl::StatusOr<std::shared_ptr<const UnitLexicon>> UnitLexicon::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read unit lexicon ", path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return Parse(buffer.str(), path);
}

absl::StatusOr<std::shared_ptr<const UnitLexicon>> UnitLexicon::Parse(
    std::string_view content, std::string_view source_name) {
  auto lexicon = std::shared_ptr<UnitLexicon>(new UnitLexicon());
  // absl::string_view is a distinct type from std::string_view in this
  // Abseil build.
  const absl::string_view text(content.data(), content.size());
  const std::string source(source_name);
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (absl::StripAsciiWhitespace(line).empty() || line.front() == '#') continue;
    const std::vector<absl::string_view> fields = absl::StrSplit(line, '\t');
    auto error = [&](const std::string& what) {
      return absl::InvalidArgumentError(
          absl::StrCat(source, ":", line_number, ": ", what, ": \"", line, "\""));
    };
    if (fields.size() < 3 || fields.size() > 4) {
      return error("expected kind<TAB>surface<TAB>value[<TAB>factor]");
    }
    const std::optional<UnitEntry::Kind> kind = ParseKind(std::string(fields[0]));
    if (!kind) return error(absl::StrCat("unknown kind \"", fields[0], "\""));
    UnitEntry entry;
    entry.kind = *kind;
    entry.surface = std::string(fields[1]);
    if (entry.surface.empty() || entry.surface.front() == ' ' || entry.surface.back() == ' ') {
      return error("empty or padded surface");
    }
    if (entry.kind == UnitEntry::Kind::kScale || entry.kind == UnitEntry::Kind::kScaleSuffix) {
      if (fields.size() != 3) return error("scale entries take no factor column");
      double factor = 0;
      if (!absl::SimpleAtod(fields[2], &factor) || !(factor > 0) || !std::isfinite(factor)) {
        return error("scale value must be a positive number");
      }
      entry.factor = factor;
      if (entry.kind == UnitEntry::Kind::kScaleSuffix) {
        for (char c : entry.surface) {
          if (!IsAsciiLetterByte(c)) return error("scale suffixes must be ASCII letters");
        }
      }
    } else {
      entry.code = std::string(fields[2]);
      if (entry.code.empty()) return error("empty value");
      if (fields.size() == 4) {
        if (!IsCurrency(entry)) return error("only currencies take a factor column");
        double factor = 0;
        if (!absl::SimpleAtod(fields[3], &factor) || !(factor > 0) || !std::isfinite(factor)) {
          return error("factor must be a positive number");
        }
        entry.factor = factor;
      }
    }
    lexicon->entries_.push_back(std::move(entry));
  }

  // Derived look-up structures.
  NumberGrammar& grammar = lexicon->grammar_;
  for (std::size_t k = 0; k < lexicon->entries_.size(); ++k) {
    const UnitEntry& e = lexicon->entries_[k];
    switch (e.kind) {
      case UnitEntry::Kind::kScale:
        grammar.scale_words[scan::AsciiLower(e.surface)] = e.factor;
        break;
      case UnitEntry::Kind::kScaleSuffix:
        grammar.scale_suffixes[scan::AsciiLower(e.surface)] = e.factor;
        break;
      case UnitEntry::Kind::kUnit: {
        const bool letters = std::all_of(e.surface.begin(), e.surface.end(), IsAsciiLetterByte);
        if (letters) grammar.unit_suffixes.insert(scan::AsciiLower(e.surface));
        lexicon->suffix_entries_.push_back(k);
        break;
      }
      case UnitEntry::Kind::kCurrencySymbol:
      case UnitEntry::Kind::kCurrencyCode:
        lexicon->prefix_entries_.push_back(k);
        lexicon->suffix_entries_.push_back(k);
        break;
      case UnitEntry::Kind::kCurrencyWord:
        lexicon->suffix_entries_.push_back(k);
        break;
    }
  }
  auto longest_first = [&](std::size_t a, std::size_t b) {
    const auto& ea = lexicon->entries_[a];
    const auto& eb = lexicon->entries_[b];
    if (ea.surface.size() != eb.surface.size()) return ea.surface.size() > eb.surface.size();
    return a < b;
  };
  std::sort(lexicon->prefix_entries_.begin(), lexicon->prefix_entries_.end(), longest_first);
  std::sort(lexicon->suffix_entries_.begin(), lexicon->suffix_entries_.end(), longest_first);
  for (std::size_t k : lexicon->suffix_entries_) {
    const UnitEntry& e = lexicon->entries_[k];
    const unsigned char first = static_cast<unsigned char>(e.surface.front());
    if (CaseInsensitiveKind(e.kind) && absl::ascii_isalpha(first)) {
      lexicon->suffix_by_first_byte_[static_cast<unsigned char>(absl::ascii_tolower(first))]
          .push_back(k);
      lexicon->suffix_by_first_byte_[static_cast<unsigned char>(absl::ascii_toupper(first))]
          .push_back(k);
    } else {
      lexicon->suffix_by_first_byte_[first].push_back(k);
    }
  }
  for (std::size_t k : lexicon->prefix_entries_) {
    const UnitEntry& e = lexicon->entries_[k];
    lexicon->prefix_by_last_byte_[static_cast<unsigned char>(e.surface.back())].push_back(k);
  }
  return std::shared_ptr<const UnitLexicon>(std::move(lexicon));
}

std::string_view UnitLexicon::DefaultTsv() { return kEmbeddedUnitsTsv; }

std::shared_ptr<const UnitLexicon> UnitLexicon::Default() {
  static const auto* const lexicon = [] {
    auto parsed = Parse(kEmbeddedUnitsTsv, "<built-in units.tsv>");
    // The built-in table is covered by tests; it always parses.
    return new std::shared_ptr<const UnitLexicon>(std::move(parsed).value());
  }();
  return *lexicon;
}

std::optional<UnitLexicon::Hit> UnitLexicon::CurrencyBefore(std::string_view text,
                                                            std::size_t end) const {
  const std::size_t p = scan::SkipSpacesBack(text, end);
  if (p == 0) return std::nullopt;
  const auto& candidates = prefix_by_last_byte_[static_cast<unsigned char>(text[p - 1])];
  for (std::size_t k : candidates) {
    const UnitEntry& e = entries_[k];
    const std::size_t len = e.surface.size();
    if (len > p || text.compare(p - len, len, e.surface) != 0) continue;
    const std::size_t start = p - len;
    if (IsAsciiLetterByte(e.surface.front()) && IsWordCharBefore(text, start)) continue;
    if (e.kind == UnitEntry::Kind::kCurrencyCode && p == end) continue;  // "USD5"? needs a space
    return Hit{start, p, &e};
  }
  return std::nullopt;
}

std::optional<UnitLexicon::Hit> UnitLexicon::UnitAfter(std::string_view text,
                                                       std::size_t pos) const {
  const std::size_t q = scan::SkipSpaces(text, pos);
  if (q >= text.size()) return std::nullopt;
  const auto& candidates = suffix_by_first_byte_[static_cast<unsigned char>(text[q])];
  for (std::size_t k : candidates) {
    const UnitEntry& e = entries_[k];
    const std::size_t end = MatchSurfaceAt(text, q, e.surface, CaseInsensitiveKind(e.kind));
    if (end == std::string_view::npos) continue;
    const bool ends_in_letter = IsAsciiLetterByte(e.surface.back()) || e.surface.back() == '.';
    if (ends_in_letter && IsWordCharAt(text, end)) continue;
    // Words and codes need a space or nothing before them, but attached
    // letter units ("10GB") and symbols ("5€") are fine.
    if (e.kind == UnitEntry::Kind::kCurrencyWord && q == pos) continue;
    if (e.kind == UnitEntry::Kind::kCurrencyCode && q == pos) continue;
    return Hit{q, end, &e};
  }
  return std::nullopt;
}

// --- QuantityRecognizer ----------------------------------------------------

QuantityRecognizer::QuantityRecognizer(std::shared_ptr<const UnitLexicon> units)
    : units_(units ? std::move(units) : UnitLexicon::Default()),
      numeral_words_(std::make_shared<const OwnedWordSet>(NumeralWords(units_->number_grammar()))) {
}

namespace {

struct Candidate {
  NumberMatch number;
  std::size_t start = 0;  // including currency prefix and bound words
  std::size_t end = 0;    // including units and postfix bounds
  double value = 0;
  double unit_factor = 1;
  std::string unit;
  bool has_unit = false;  // currency, unit or multiplier
  bool has_currency = false;
  Bound bound = Bound::kExact;
  bool prefix_bound = false;
  bool postfix_bound = false;
  std::size_t range_open_start = std::string_view::npos;  // "between"/"from" start
  std::string range_open;                                 // "between" or "from"
  bool change_before = false;                             // a verb of change precedes ("rose from")
  bool count_after_article = false;  // "half an hour": the noun follows "a"/"an"
  double upper_value = 0;            // set for ranges
  bool dropped = false;
};

}  // namespace

std::vector<QuantityMatch> QuantityRecognizer::Find(std::string_view sentence) const {
  return FindAmounts(sentence, nullptr);
}

std::vector<QuantityMatch> QuantityRecognizer::Find(
    std::string_view sentence,
    const std::vector<std::pair<std::size_t, std::size_t>>& date_spans) const {
  return FindAmounts(sentence, &date_spans);
}

std::vector<QuantityMatch> QuantityRecognizer::FindAmounts(
    std::string_view sentence,
    const std::vector<std::pair<std::size_t, std::size_t>>* known_date_spans) const {
  std::vector<QuantityMatch> out;
  const std::vector<NumberMatch> numbers = FindNumbers(sentence, units_->number_grammar());
  if (numbers.empty()) return out;
  std::vector<std::pair<std::size_t, std::size_t>> scanned_date_spans;
  if (known_date_spans == nullptr) scanned_date_spans = dates_.FindSpansWithNumbers(sentence);
  const auto& date_spans = known_date_spans != nullptr ? *known_date_spans : scanned_date_spans;

  std::vector<Candidate> cands;
  cands.reserve(numbers.size());
  WordsBeforeCache words_before(sentence);
  std::size_t date_index = 0;
  std::size_t previous_end = 0;
  for (const NumberMatch& n : numbers) {
    // Numbers in dates belong to the DateRecognizer.
    while (date_index < date_spans.size() && date_spans[date_index].second <= n.start) {
      ++date_index;
    }
    if (date_index < date_spans.size() && date_spans[date_index].first < n.end) continue;

    Candidate c;
    c.number = n;
    c.start = n.start;
    c.end = n.end;
    c.value = n.value;

    // Currency before the number: "$", "US$", "RMB ".
    if (auto hit = units_->CurrencyBefore(sentence, n.start);
        hit && hit->start >= previous_end && !n.is_fraction) {
      c.start = hit->start;
      c.unit = hit->entry->code;
      c.unit_factor = hit->entry->factor;
      c.has_unit = c.has_currency = true;
    }
    if (n.is_multiplier) {
      c.unit = "times";
      c.has_unit = true;
    } else if (!n.is_fraction) {
      // Unit or currency after the number: "%", " percent", " dollars", "€".
      if (auto hit = units_->UnitAfter(sentence, n.end)) {
        const UnitEntry& e = *hit->entry;
        if (IsCurrency(e)) {
          if (!c.has_currency) {
            c.unit = e.code;
            c.unit_factor = e.factor;
            c.has_unit = c.has_currency = true;
            c.end = hit->end;
          } else if (e.code == c.unit && e.kind == UnitEntry::Kind::kCurrencyWord) {
            c.end = hit->end;  // "$5 million dollars"
          }
        } else if (!c.has_currency) {
          c.unit = e.code;
          c.has_unit = true;
          c.end = hit->end;
        }
      }
    }
    c.value = n.value * c.unit_factor;

    // Fractions: "half the staff" -> 50 percent; "half an hour" -> 0.5 (count).
    if (n.is_fraction) {
      const auto prev = words_before.Get(n.start, 1);
      if (!prev.empty()) {
        const std::string p = scan::AsciiLower(
            sentence.substr(prev.back().start, prev.back().end - prev.back().start));
        if (Is(p, "first") || Is(p, "second") || Is(p, "latter") || Is(p, "former") ||
            Is(p, "other") || Is(p, "back") || Is(p, "front") || Is(p, "top") || Is(p, "bottom") ||
            Is(p, "lower") || Is(p, "upper") || Is(p, "northern") || Is(p, "southern") ||
            Is(p, "eastern") || Is(p, "western") || Is(p, "the") || Is(p, "this") ||
            Is(p, "that") || Is(p, "each") || Is(p, "one") || Is(p, "opening") ||
            Is(p, "closing")) {
          continue;  // "the first half of 2024", "the other half"
        }
      }
      if (n.end < sentence.size() && scan::IsHyphen(sentence[n.end])) continue;  // "half-time"
      std::size_t q = scan::SkipSpaces(sentence, n.end);
      std::size_t we = scan::WordEnd(sentence, q);
      std::string next = scan::AsciiLower(sentence.substr(q, we - q));
      // "a quarter of a percentage point", "half a cent": a fraction of a unit.
      std::optional<UnitLexicon::Hit> unit_hit;
      {
        std::size_t r = q;
        std::string word = next;
        if (Is(word, "of")) {
          r = scan::SkipSpaces(sentence, we);
          const std::size_t re = scan::WordEnd(sentence, r);
          word = scan::AsciiLower(sentence.substr(r, re - r));
          if (Is(word, "a") || Is(word, "an")) unit_hit = units_->UnitAfter(sentence, re);
        } else if (Is(word, "a") || Is(word, "an")) {
          unit_hit = units_->UnitAfter(sentence, we);
        }
      }
      if (unit_hit && unit_hit->entry->kind != UnitEntry::Kind::kCurrencySymbol &&
          unit_hit->entry->kind != UnitEntry::Kind::kCurrencyCode) {
        c.unit = unit_hit->entry->code;
        c.unit_factor = unit_hit->entry->factor;
        c.has_unit = true;
        c.has_currency = IsCurrency(*unit_hit->entry);
        c.value = n.value * c.unit_factor;
        c.end = unit_hit->end;
      } else if (Is(next, "a") || Is(next, "an")) {
        c.count_after_article = true;
      } else if (Is(next, "the") && ScalesAComparand(sentence, we)) {
        c.unit = "times";  // "half the speed of its rivals": a multiplier
        c.has_unit = true;
      } else {
        c.unit = "percent";
        c.has_unit = true;
        c.value = n.value * 100;
      }
    }

    const bool plain = !c.has_unit && !n.has_scale && !n.is_fraction && !n.is_multiplier;

    // Clock times: "3 a.m.", "11 pm".
    if (plain && !n.from_words) {
      const std::size_t q = scan::SkipSpaces(sentence, n.end);
      if (q > n.end) {
        for (std::string_view clock : {"a.m.", "p.m.", "a.m", "p.m", "am", "pm"}) {
          if (scan::MatchesLowerAt(sentence, q, clock) &&
              !IsWordCharAt(sentence, q + clock.size())) {
            c.dropped = true;
            break;
          }
        }
      }
      if (c.dropped) continue;
    }

    // Names and labels: "Windows 11", "iPhone 15", "version 2", "No. 5".
    if (plain && !n.from_words && !n.has_grouping) {
      const auto prev = words_before.Get(n.start, 1);
      if (!prev.empty()) {
        const std::string_view word =
            sentence.substr(prev.back().start, prev.back().end - prev.back().start);
        const std::string lower = scan::AsciiLower(word);
        const bool has_upper = std::any_of(word.begin(), word.end(), [](char ch) {
          return absl::ascii_isupper(static_cast<unsigned char>(ch));
        });
        if (IsLabelWord(lower) || (has_upper && !IsFunctionWord(lower))) continue;
      }
      // "No. 5", "Vol. 2", "#1" (FindNumbers drops hashtags already).
      const std::size_t p = scan::SkipSpacesBack(sentence, n.start);
      if (p > 0 && sentence[p - 1] == '.') {
        const std::size_t ws = scan::WordStart(sentence, p - 1);
        const std::string lower = scan::AsciiLower(sentence.substr(ws, p - 1 - ws));
        if (Is(lower, "no") || Is(lower, "nos") || Is(lower, "vol") || Is(lower, "fig") ||
            Is(lower, "p") || Is(lower, "pp") || Is(lower, "art") || Is(lower, "ch") ||
            Is(lower, "v") || Is(lower, "sec")) {
          continue;
        }
      }
    }
    // List markers: "1. Efficiency", "2) Costs" at the start of a line or
    // sentence.
    if (plain && !n.from_words && !n.has_decimals && n.end + 1 < sentence.size() &&
        (sentence[n.end] == '.' || sentence[n.end] == ')') &&
        scan::SkipSpaces(sentence, n.end + 1) > n.end + 1 &&
        IsSentenceStartBefore(sentence, n.start)) {
      continue;
    }
    // Capitalised number words mid-sentence are names: "Formula One".
    if (n.from_words && absl::ascii_isupper(static_cast<unsigned char>(sentence[n.start])) &&
        !IsSentenceStartBefore(sentence, n.start) && !c.has_unit && !n.has_scale) {
      continue;
    }

    // A sign: "minus 40", "-0.3%", "−5" (not "50-70": the hyphen must
    // follow a space or an opening bracket).
    {
      const std::size_t p = c.start;
      std::size_t len = 0;
      const char32_t ch = p > 0 ? DecodeBefore(sentence, p, &len) : 0;
      bool negative = false;
      if ((ch == '-' || ch == 0x2212) && p - len >= previous_end) {
        std::size_t len2 = 0;
        const char32_t before = p - len > 0 ? DecodeBefore(sentence, p - len, &len2) : ' ';
        // Not the joiner of a spaced range ("10 - 20").
        const bool joins_previous =
            !cands.empty() && scan::SkipSpacesBack(sentence, p - len) == previous_end;
        if ((scan::IsSpace(before) || before == '(' || before == '[') && !joins_previous) {
          negative = true;
          c.start -= len;
        }
      } else {
        const auto prev = words_before.Get(c.start, 3);
        auto word = [&](std::size_t from_end) {
          const auto& w = prev[prev.size() - from_end];
          return scan::AsciiLower(sentence.substr(w.start, w.end - w.start));
        };
        // "plus or minus 2.2" is a margin, not a negative number.
        const bool margin = prev.size() >= 3 && word(2) == "or" && word(3) == "plus";
        if (!prev.empty() && prev.back().start >= previous_end && word(1) == "minus" && !margin) {
          negative = true;
          c.start = prev.back().start;
        }
      }
      if (negative) c.value = -c.value;
    }

    // Bound words before: "at least", "more than", "nearly", "~".
    {
      const std::size_t p = scan::SkipSpacesBack(sentence, c.start);
      if (p > 0 && p >= previous_end) {
        std::size_t len = 0;
        const char32_t ch = DecodeBefore(sentence, p, &len);
        if (ch == '~' || ch == 0x2248) {  // "~$5m", "≈ 30%"
          c.bound = Bound::kApproximate;
          c.prefix_bound = true;
          c.start = p - len;
        }
      }
      if (!c.prefix_bound) {
        const auto words = words_before.Get(c.start, 4);
        // Every phrase ends with the last word: most numbers stop here.
        bool may_be_bound = !words.empty();
        if (may_be_bound) {
          const scan::Word& last = words.back();
          char lower[16];
          const std::size_t length = last.end - last.start;
          if (length <= sizeof lower) {
            for (std::size_t k = 0; k < length; ++k) {
              lower[k] = absl::ascii_tolower(static_cast<unsigned char>(sentence[last.start + k]));
            }
            may_be_bound = BoundPhraseLastWords().contains(std::string_view(lower, length));
          }
        }
        // The words lower-cased and joined by single spaces, once: the phrase
        // of the last `take` words is a suffix of it.
        std::string joined;
        absl::InlinedVector<std::size_t, 4> phrase_start;
        if (may_be_bound) {
          for (const scan::Word& w : words) {
            if (!joined.empty()) joined.push_back(' ');
            phrase_start.push_back(joined.size());
            for (std::size_t k = w.start; k < w.end; ++k) {
              joined.push_back(absl::ascii_tolower(static_cast<unsigned char>(sentence[k])));
            }
          }
        }
        // Longest phrase first.
        const std::size_t longest = may_be_bound ? std::min<std::size_t>(4, words.size()) : 0;
        for (std::size_t take = longest; take >= 1; --take) {
          const std::size_t first = words.size() - take;
          if (words[first].start < previous_end) continue;
          const absl::string_view phrase = absl::string_view(joined).substr(phrase_start[first]);
          if (auto it = BoundPhrases().find(phrase); it != BoundPhrases().end()) {
            c.bound = it->second;
            c.prefix_bound = true;
            c.start = words[first].start;
            break;
          }
          if (take == 1 && (phrase == "between" || phrase == "from")) {
            c.range_open = std::string(phrase);
            c.range_open_start = words[first].start;
          }
        }
        // A verb of change before the number or before "from": "rose from 5".
        const std::size_t anchor = c.range_open.empty() ? c.start : c.range_open_start;
        const auto before = words_before.Get(anchor, 1);
        if (!before.empty()) {
          const std::string lower = scan::AsciiLower(
              sentence.substr(before.back().start, before.back().end - before.back().start));
          c.change_before = IsChangeWord(lower);
        }
      }
    }

    // Postfix bounds: "300 or more", "$5m or so", "300-plus", "300+".
    if (!c.prefix_bound) {
      const std::size_t e = c.end;
      if (e < sentence.size() && sentence[e] == '+' && !IsWordCharAt(sentence, e + 1) &&
          !(e + 1 < sentence.size() && scan::IsAsciiDigit(sentence[e + 1]))) {
        c.bound = Bound::kAtLeast;
        c.postfix_bound = true;
        c.end = e + 1;
      } else if (e + 5 <= sentence.size() && sentence[e] == '-' &&
                 scan::MatchesLowerAt(sentence, e + 1, "plus") && !IsWordCharAt(sentence, e + 5)) {
        c.bound = Bound::kAtLeast;
        c.postfix_bound = true;
        c.end = e + 5;
      } else {
        const std::size_t q = scan::SkipSpaces(sentence, e);
        if (q > e && scan::MatchesLowerAt(sentence, q, "or") && !IsWordCharAt(sentence, q + 2)) {
          const std::size_t r = scan::SkipSpaces(sentence, q + 2);
          const std::size_t we = scan::WordEnd(sentence, r);
          const std::string w = scan::AsciiLower(sentence.substr(r, we - r));
          std::optional<Bound> b;
          if (Is(w, "more") || Is(w, "higher") || Is(w, "above") || Is(w, "greater") ||
              Is(w, "over")) {
            b = Bound::kAtLeast;
          } else if (Is(w, "less") || Is(w, "fewer") || Is(w, "lower") || Is(w, "below") ||
                     Is(w, "under")) {
            b = Bound::kAtMost;
          } else if (Is(w, "so") || Is(w, "thereabouts")) {
            b = Bound::kApproximate;
          }
          // Not "5 or more than 6": the bound word must not start a comparison.
          const std::size_t after = scan::SkipSpaces(sentence, we);
          if (b && !scan::MatchesLowerAt(sentence, after, "than") && r > q + 2) {
            c.bound = *b;
            c.postfix_bound = true;
            c.end = we;
          }
        }
      }
    }
    previous_end = c.end;
    cands.push_back(std::move(c));
  }

  // Ranges: "7 to 21 billion", "$7bn-$21bn", "50-70%", "between 3 and 5",
  // "from 10 to 20" (not after a verb of change).
  std::vector<Candidate> merged;
  merged.reserve(cands.size());
  for (std::size_t i = 0; i < cands.size(); ++i) {
    Candidate& a = cands[i];
    if (i + 1 < cands.size()) {
      Candidate& b = cands[i + 1];
      bool joined = false;
      // "one in five adults", "nine out of 10": a proportion, as a percentage.
      if (!a.postfix_bound && !b.prefix_bound && a.bound != Bound::kRange && !a.has_unit &&
          !b.has_unit && !a.number.has_scale && !b.number.has_scale && !a.number.is_fraction &&
          !b.number.is_fraction && !a.number.is_multiplier && !b.number.is_multiplier &&
          !b.number.has_decimals && a.value >= 1 && b.value > a.value) {
        const std::size_t p = scan::SkipSpaces(sentence, a.end);
        const std::size_t q = scan::SkipSpacesBack(sentence, b.start);
        const std::string joiner =
            p < q ? scan::AsciiLower(sentence.substr(p, q - p)) : std::string();
        bool ratio = Is(joiner, "in");
        if (!ratio && joiner.size() > 4 && joiner.compare(0, 3, "out") == 0 &&
            joiner.compare(joiner.size() - 2, 2, "of") == 0) {
          ratio = scan::SkipSpaces(joiner, 3) == joiner.size() - 2;  // "out of"
        }
        if (ratio) {
          Candidate r = b;
          r.start = a.start;
          r.value = a.value / b.value * 100;
          r.unit = "percent";
          r.has_unit = true;
          r.bound = a.bound;
          r.prefix_bound = a.prefix_bound;
          merged.push_back(std::move(r));
          ++i;
          continue;
        }
      }
      if (!a.postfix_bound && !b.prefix_bound &&
          (a.bound == Bound::kExact || a.bound == Bound::kApproximate) && !a.number.is_fraction &&
          !b.number.is_fraction && !a.count_after_article) {
        // The joiner between a's end and b's start.
        const std::size_t p = scan::SkipSpaces(sentence, a.end);
        const std::size_t q = scan::SkipSpacesBack(sentence, b.start);
        std::string_view joiner;
        if (p <= q) joiner = sentence.substr(p, q - p);
        bool ok = false;
        const bool a_plain = !a.has_unit && !a.number.has_scale && !a.number.is_fraction &&
                             !a.number.is_multiplier && !a.number.has_decimals;
        const bool b_plain = !b.has_unit && !b.number.has_scale && !b.number.is_fraction &&
                             !b.number.is_multiplier && !b.number.has_decimals;
        if (Is(joiner, "-") || Is(joiner, "\xE2\x80\x93") /* en dash */ ||
            Is(joiner, "\xE2\x80\x90") /* hyphen */) {
          ok = !Is(a.range_open, "between");
          // "won 6-4", "passed 52-48": a score or tally, not an amount.
          if (a_plain && b_plain && a.end == p && q == b.start && a.value >= b.value &&
              !a.number.from_words && !b.number.from_words) {
            ++i;
            continue;
          }
        } else {
          const std::string lower = scan::AsciiLower(joiner);
          if (Is(lower, "to") || Is(lower, "through")) ok = !Is(a.range_open, "between");
          if (Is(lower, "and")) ok = Is(a.range_open, "between");
        }
        // "rose from 10 to 20 million", "rose 5 to 7%": a change from one level
        // to another, not a range; the first still takes the second's unit
        // and scale.
        const bool change =
            ok && a.change_before &&
            (Is(a.range_open, "from") ||
             (a.range_open.empty() && !Is(joiner, "-") && !Is(joiner, "\xE2\x80\x93")));
        if (ok && a.has_unit && b.has_unit && a.unit != b.unit) ok = false;
        // "$5 to 10 people" is no range; "€90–110 million" is one.
        const bool shared_currency = a.has_currency && !b.has_unit && b.number.has_scale;
        if (ok && a.has_unit && !b.has_unit && !shared_currency) ok = false;
        if (ok) {
          double low = a.value;
          if (!a.has_unit && b.has_unit) low *= b.unit_factor;
          const double b_unscaled =
              b.number.has_scale ? b.number.value / b.number.scale : b.number.value;
          if (!a.number.has_scale && b.number.has_scale && a.number.value < b_unscaled) {
            low *= b.number.scale;
          }
          if (change) {
            a.value = low;
            if (!a.has_unit && b.has_unit) {
              a.unit = b.unit;
              a.has_unit = true;
            }
          } else if (low <= b.value) {
            Candidate r = b;
            if (shared_currency) {
              r.unit = a.unit;
              r.has_unit = r.has_currency = true;
              r.upper_value = b.value * a.unit_factor;
            }
            r.start = a.range_open.empty() ? a.start : a.range_open_start;
            r.value = low;
            if (!shared_currency) r.upper_value = b.value;
            r.bound = Bound::kRange;
            r.prefix_bound = true;
            merged.push_back(std::move(r));
            ++i;
            joined = true;
          }
        }
      }
      if (joined) continue;
    }
    merged.push_back(std::move(a));  // cands[i] is not read again
  }

  // Emit, with counted nouns for bare counts.
  out.reserve(merged.size());
  std::size_t last_end = 0;
  for (std::size_t idx = 0; idx < merged.size(); ++idx) {
    const Candidate& c = merged[idx];
    QuantityMatch m;
    m.start = std::max(c.start, last_end);
    m.end = c.end;
    if (m.start >= m.end) continue;
    m.quantity.value = c.value;
    m.quantity.upper_value = c.bound == Bound::kRange ? c.upper_value : c.value;
    m.quantity.unit = c.unit;
    m.quantity.bound = c.bound;
    if (!std::isfinite(m.quantity.value) || !std::isfinite(m.quantity.upper_value)) continue;

    const std::size_t next_start =
        idx + 1 < merged.size() ? merged[idx + 1].start : sentence.size();
    bool drop = false;
    if (!c.has_unit) {
      // The counted noun phrase.
      std::size_t p = c.end;
      bool hyphenated = false;  // "8-bit", "a 3-day meeting": one word only
      if (p < sentence.size() && scan::IsHyphen(sentence[p]) && IsWordCharAt(sentence, p + 1)) {
        ++p;
        hyphenated = true;
      } else {
        p = scan::SkipSpaces(sentence, p);
        if (p == c.end && IsWordCharAt(sentence, p)) p = sentence.size();  // touching letters
      }
      struct NounWord {
        std::size_t start, end;
        bool plural;
      };
      std::vector<NounWord> words;
      bool after_of = false;
      auto read_word = [&](std::size_t at, std::size_t* word_end) -> std::size_t {
        // A word: letters/digits with inner hyphens ("state-of-the-art").
        std::size_t e = scan::WordEnd(sentence, at);
        while (e + 1 < sentence.size() && scan::IsHyphen(sentence[e]) &&
               IsWordCharAt(sentence, e + 1)) {
          e = scan::WordEnd(sentence, e + 1);
        }
        *word_end = e;
        return e - at;
      };
      if (c.count_after_article) {
        std::size_t we = 0;
        read_word(p, &we);
        p = scan::SkipSpaces(sentence, we);
      }
      for (int guard = 0; guard < 8 && words.size() < 4 && p < next_start; ++guard) {
        std::size_t we = 0;
        if (read_word(p, &we) == 0) break;
        const std::string_view word = sentence.substr(p, we - p);
        const std::string lower = scan::AsciiLower(word);
        if (words.empty() && !after_of && Is(lower, "of")) {
          // "50,000 of Nvidia's H800s", "3 million of the chips".
          std::size_t r = scan::SkipSpaces(sentence, we);
          std::size_t de = 0;
          read_word(r, &de);
          const std::string det = scan::AsciiLower(sentence.substr(r, de - r));
          if (Is(det, "the") || Is(det, "its") || Is(det, "their") || Is(det, "his") ||
              Is(det, "her") || Is(det, "our") || Is(det, "these") || Is(det, "those") ||
              Is(det, "all") || Is(det, "your") || Is(det, "my")) {
            r = scan::SkipSpaces(sentence, de);
          } else if (de > r && de < sentence.size()) {
            std::size_t len = 0;
            const char32_t ch = DecodeAt(sentence, de, &len);
            if (scan::IsApostrophe(ch) && de + len < sentence.size() &&
                (sentence[de + len] == 's' || sentence[de + len] == 'S') &&
                !IsWordCharAt(sentence, de + len + 1)) {
              r = scan::SkipSpaces(sentence, de + len + 1);
            }
          }
          after_of = true;
          p = r;
          continue;
        }
        if (IsNounStopWord(lower)) break;
        if (std::all_of(word.begin(), word.end(), [](char ch) {
              return absl::ascii_isdigit(static_cast<unsigned char>(ch));
            })) {
          break;
        }
        // Adverbs and participles end the phrase once it has a noun.
        const bool adverb = lower.size() > 4 && lower.compare(lower.size() - 2, 2, "ly") == 0;
        if (adverb) break;
        if (hyphenated) {
          // "a 3-year-old bond": the first piece ("year") is what is counted.
          const std::size_t piece = scan::WordEnd(sentence, p);
          words.push_back({p, piece, false});
          break;
        }
        words.push_back({p, we, LooksPlural(word) || IsIrregularPlural(lower)});
        // Possessive or punctuation right after the word ends the phrase.
        std::size_t space_len = 0;
        if (we >= sentence.size() || !scan::IsSpace(DecodeAt(sentence, we, &space_len))) break;
        p = scan::SkipSpaces(sentence, we);
      }
      if (!words.empty()) {
        int last = -1;
        for (int k = 0; k < static_cast<int>(words.size()); ++k) {
          if (words[k].plural) last = k;
        }
        // Without a plural, a single count ("one model", "half an hour") or a
        // hyphenated modifier ("8-bit") keeps the first word; other counts
        // need a plural noun ("12 ride free" has none).
        const bool singular_ok =
            hyphenated || c.count_after_article || std::fabs(c.value - 1) < 1e-9;
        if (last < 0 && singular_ok) last = 0;
        if (last >= 0) {
          m.noun_start = words[0].start;
          m.noun_end = words[last].end;
        }
      }
      if (m.noun_start == m.noun_end) {
        m.noun_start = m.noun_end = 0;
      }
      // Model names: "a 747 landed", "the 737 MAX" (a plain number with no
      // counted noun after "a"/"an" or before a capitalised word).
      if (!c.number.from_words && !c.number.has_grouping && !c.number.has_decimals &&
          !c.number.has_scale && m.noun_start == m.noun_end && c.bound == Bound::kExact) {
        const auto prev = scan::WordsBefore(sentence, c.start, 1);
        std::string before;
        if (!prev.empty()) {
          before = scan::AsciiLower(
              sentence.substr(prev.back().start, prev.back().end - prev.back().start));
        }
        const std::size_t q = scan::SkipSpaces(sentence, c.end);
        const bool capital_next = q > c.end && q < sentence.size() &&
                                  absl::ascii_isupper(static_cast<unsigned char>(sentence[q]));
        if (Is(before, "a") || Is(before, "an") || capital_next) drop = true;
      }
      // "one" is mostly a pronoun: keep it only with a counted noun.
      if (c.number.from_words && c.number.value == 1 && !c.number.has_scale &&
          c.bound == Bound::kExact) {
        const std::string noun =
            scan::AsciiLower(sentence.substr(m.noun_start, m.noun_end - m.noun_start));
        const auto prev = scan::WordsBefore(sentence, c.start, 1);
        std::string before;
        if (!prev.empty()) {
          before = scan::AsciiLower(
              sentence.substr(prev.back().start, prev.back().end - prev.back().start));
        }
        if (noun.empty() || Is(noun, "day") || Is(noun, "time") || Is(noun, "point") ||
            Is(noun, "way") || Is(noun, "thing") || Is(noun, "hand") || Is(noun, "side") ||
            Is(noun, "another") || after_of || Is(before, "the") || Is(before, "no") ||
            Is(before, "any") || Is(before, "every") || Is(before, "each") || Is(before, "this") ||
            Is(before, "that") || Is(before, "which") || Is(before, "some") ||
            Is(before, "someone")) {
          drop = true;
        }
      }
    }
    if (drop) continue;
    last_end = m.end;
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace claimtrace::claims
