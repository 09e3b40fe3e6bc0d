// Parses English numerals: digits with separators and scale words ("10,000",
// "2.5", "6 million", "21bn"), number words ("six", "eighty", "five hundred
// twelve", "two hundred ninety-four thousand"), fractions and multipliers
// ("half" -> 0.5, "twice" -> 2, "four times" -> 4 with is_multiplier).
//
// Also holds the small UTF-8 scanning helpers shared by the recognisers
// (namespace `scan`), so number, amount and date recognition agree on what a
// letter, a space and a word boundary are.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_NUMBER_PARSER_H_
#define CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_NUMBER_PARSER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/ascii.h"
#include "claims_service/extraction/string_views.h"

namespace claimtrace::claims {

struct NumberMatch {
  std::size_t start = 0;  // UTF-8 byte span in the scanned text, end exclusive
  std::size_t end = 0;
  double value = 0;
  bool is_multiplier = false;  // "twice", "four times", "3x", "tenfold"
  bool from_words = false;     // spelled out ("six"), not digits
  bool has_scale = false;      // "million", "bn", "thousand" applied
  // "half", "a third of", "two-thirds" (value < 1). A singular fraction
  // after "a"/"one" needs "of" or punctuation next ("a third party" is not
  // one); "half a million" is 500000, not a fraction.
  bool is_fraction = false;
  bool has_grouping = false;   // digits written with thousands separators ("2,048")
  bool has_decimals = false;   // digits with a decimal point ("2.5")
  double scale = 1;            // the factor applied when has_scale (1e6 for "6 million")
  std::size_t digits_end = 0;  // end of the numeral before any scale word or suffix
};

// Scale words and attachable suffixes FindNumbers understands. The unit
// lexicon (data/units.tsv) builds one from its `scale`, `scale_suffix` and
// `unit` rows; Default() holds the built-in English ones.
struct NumberGrammar {
  // Lower-case word -> factor, after the number and whitespace or a hyphen
  // ("6 million", "1.5 bn", "5-million"), and inside spelled-out numbers
  // ("two hundred ninety-four thousand").
  StringKeyMap<double> scale_words;
  // Lower-case suffix -> factor, attached to the digits ("3.2m", "1.5bn").
  StringKeyMap<double> scale_suffixes;
  // Lower-case letter suffixes that may be attached to digits without turning
  // them into an identifier ("10gb", "5km"). The suffix is not part of the
  // number's span.
  StringKeySet unit_suffixes;

  static const NumberGrammar& Default();
};

// Parses `text` as exactly one number (surrounding whitespace allowed).
std::optional<double> ParseNumber(std::string_view text);

// The value of ASCII digits with at most one '.' ("705900000", "3.25",
// ".5"), the same double absl::SimpleAtod gives (correctly rounded), or
// false when `digits` is not of that form. Up to 15 digits the value is
// exact integer arithmetic and one division by an exact power of ten, which
// IEEE rounds correctly; longer runs go to SimpleAtod.
bool DecimalDigitsToDouble(std::string_view digits, double* value);

// Finds every number in `text`, left to right, non-overlapping, longest
// match ("two hundred ninety-four thousand" is one match; a scale word or
// suffix and a following "times" belong to the match). Digits inside words
// or identifiers ("H800", "R1", "GPT-4o", "o1", "COVID-19", "01.AI"), number
// words joined to a name ("R1-Zero"), numbers inside URLs, e-mail addresses
// and hashtags, times ("01:26"), slash or dot chains ("24/7", "1.2.3"),
// hyphen chains of three or more numbers ("2025-01-24", "1-800-555-0199"),
// ordinals ("24th") and decades ("1990s") are not numbers. "a" alone is not
// a number; "a dozen", "a million" are. Context-dependent exclusions (years,
// "Windows 11") are the QuantityRecognizer's job.
std::vector<NumberMatch> FindNumbers(std::string_view text);
std::vector<NumberMatch> FindNumbers(std::string_view text, const NumberGrammar& grammar);

// The words (ASCII lower case) one of which a spelled-out number
// FindNumbers(text, grammar) finds must hold as a whole run of ASCII letters:
// the numerals ("six", "ninety", "dozen", "thirds", "halves"), "half", the
// multipliers ("twice", "tenfold") and the grammar's scale words ("a
// million"); "a" and "an" start numbers only before one of these. A text
// with no ASCII digit and none of these words holds no number, so a caller
// with the text's words at hand can skip the scan
// (ParagraphAnalysis::SentenceMayHoldNumber). Sorted, no duplicates.
std::vector<std::string> NumeralWords(const NumberGrammar& grammar);

// UTF-8 scanning helpers shared by the recognisers. All positions are byte
// offsets; the helpers never read outside `text` and tolerate invalid UTF-8
// (an invalid byte decodes as U+FFFD of length 1).
namespace scan {

// A copy of a sentence that a scanner lower-cases piecemeal as it reads; a
// sentence fits inline, so scanning one allocates nothing.
using LowerBuffer = absl::InlinedVector<char, 320>;

// The code point starting at `pos` (pos < text.size()); sets `*length`.
char32_t DecodeAt(std::string_view text, std::size_t pos, std::size_t* length);
// The code point ending right before `pos` (pos > 0); sets `*length`.
char32_t DecodeBefore(std::string_view text, std::size_t pos, std::size_t* length);

// Letters of alphabetic scripts (Latin, Greek, Cyrillic, ...). CJK and other
// ideographs are not letters here: digits next to them are still numbers.
bool IsLetter(char32_t c);
inline bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }
// ASCII whitespace, no-break space U+00A0, and the U+2000-U+200A, U+202F,
// U+205F, U+3000 spaces.
bool IsSpace(char32_t c);
// Hyphen-minus, U+2010 hyphen, U+2011 non-breaking hyphen.
bool IsHyphen(char32_t c);
// U+2013 en dash, U+2014 em dash, U+2212 minus.
bool IsDash(char32_t c);
// ' and U+2019.
bool IsApostrophe(char32_t c);

// Index after the whitespace run starting at `pos` (== pos when none).
std::size_t SkipSpaces(std::string_view text, std::size_t pos);
// Index of the start of the whitespace run ending at `pos` (== pos when none).
std::size_t SkipSpacesBack(std::string_view text, std::size_t pos);

// WordEnd's general case, for a run that goes on past ASCII; call WordEnd.
std::size_t WordEndBeyondAscii(std::string_view text, std::size_t pos);
// End of the run of letters and digits starting at `pos`. The ASCII part is
// inline: the recognisers ask for the end of nearly every word they pass.
inline std::size_t WordEnd(std::string_view text, std::size_t pos) {
  const std::size_t n = text.size();
  if (pos > n) pos = n;
  while (pos < n && absl::ascii_isalnum(static_cast<unsigned char>(text[pos]))) ++pos;
  if (pos < n && static_cast<unsigned char>(text[pos]) >= 0x80)
    return WordEndBeyondAscii(text, pos);
  return pos;
}
// Start of the run of letters and digits ending at `pos`.
std::size_t WordStart(std::string_view text, std::size_t pos);

// ASCII lower-casing (non-ASCII bytes are kept).
std::string AsciiLower(std::string_view s);
// Case-insensitive (ASCII) comparison of text.substr(pos, s.size()) with the
// lower-case `lower`.
bool MatchesLowerAt(std::string_view text, std::size_t pos, std::string_view lower);

// True for a whitespace-free chunk that is a URL, e-mail address or web
// path ("https://...", "www.x.org", "a@b.com", "example.com/2024/05").
bool ChunkIsUrl(std::string_view chunk);
// The whitespace-delimited chunks of `text` for which ChunkIsUrl holds, in
// order, as [start, end) byte spans. Cost is linear in the text.
std::vector<std::pair<std::size_t, std::size_t>> UrlSpans(std::string_view text);

// A run of letters and digits.
struct Word {
  std::size_t start = 0;
  std::size_t end = 0;
};
// Up to `max_words` words that end right before `pos`, separated only by
// whitespace, nearest last. Stops at punctuation. Callers ask for a few
// words, which stay inline (no allocation).
using WordsBeforeList = absl::InlinedVector<Word, 4>;
WordsBeforeList WordsBefore(std::string_view text, std::size_t pos, int max_words);

}  // namespace scan

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_NUMBER_PARSER_H_
