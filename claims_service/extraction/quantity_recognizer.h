// Recognises amounts in a sentence and normalises them: money (with ISO 4217
// codes), percentages, multipliers, counts, ranges and bounds.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_QUANTITY_RECOGNIZER_H_
#define CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_QUANTITY_RECOGNIZER_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "claims_service/claim_model.h"
#include "claims_service/extraction/date_recognizer.h"
#include "claims_service/extraction/number_parser.h"
#include "claims_service/extraction/string_views.h"

namespace claimtrace::claims {

struct QuantityMatch {
  // UTF-8 byte span of the whole expression in the scanned text, including
  // bound words and currency: "nearly $6 million", "between 3 and 5",
  // "up to 70%", "50-70%", "300 or more".
  std::size_t start = 0;
  std::size_t end = 0;
  // Normalised amount. `unit` is set for money ("USD", "CNY", "EUR", "GBP",
  // ...), percentages ("percent"; "percentage-points" for "percentage
  // points"), multipliers ("times") and the measurement units of the lexicon
  // ("km", "GB", "MW", ...); empty for bare counts, whose counted noun phrase
  // is in [noun_start, noun_end).
  // Spelled-out fractions of something ("half the staff", "two-thirds of
  // members") and proportions ("one in five", "nine out of 10") are
  // percentages (50, 66.67, 20, 90); a fraction of a unit takes the unit ("a
  // quarter of a percentage point" -> 0.25 percentage-points); "half an
  // hour" is a count of 0.5.
  Quantity quantity;
  // The counted noun phrase right after the amount, if any ("H800 chips" in
  // "2,048 H800 chips", "languages" in "29 languages", "units" in "10,000
  // units in stock", "H800s" in "50,000 of Nvidia's H800s": after "of", a
  // determiner or possessive is skipped). At most four words; it stops at
  // punctuation, function words and after the last plural-looking word.
  // noun_start == noun_end when there is none; always empty for money,
  // percentages and multipliers.
  std::size_t noun_start = 0;
  std::size_t noun_end = 0;
};

// One entry of the unit lexicon (one line of data/units.tsv).
struct UnitEntry {
  enum class Kind {
    kCurrencySymbol,  // "$", "US$", "€": before or after the number
    kCurrencyCode,    // "USD", "RMB": before or after, case-sensitive, whole word
    kCurrencyWord,    // "dollars", "US dollars": after the number, any case
    kScale,           // "million", "bn": a word after the number
    kScaleSuffix,     // "bn", "m", "k": attached to the digits ("1.5bn")
    kUnit,            // "%", "percent", "km": after the number, attached or spaced
  };
  Kind kind = Kind::kUnit;
  std::string surface;
  // ISO 4217 code for currencies, unit name for units; empty for scales.
  std::string code;
  // Scale factor for scales; for currencies the value of one surface unit in
  // the currency ("cents" -> 0.01 USD); 1 for units.
  double factor = 1;

  bool operator==(const UnitEntry& other) const {
    return kind == other.kind && surface == other.surface && code == other.code &&
           factor == other.factor;
  }
};

// Words and symbols for currencies and units, loaded from a data file so
// users can extend them.
//
// File format (data/units.tsv): UTF-8, one entry per line,
//   kind<TAB>surface<TAB>value[<TAB>factor]
// with kind one of currency_symbol, currency_code, currency_word, scale,
// scale_suffix, unit. For currencies `value` is the ISO 4217 code and the
// optional `factor` the worth of one surface unit (default 1); for scale and
// scale_suffix `value` is the factor ("1e6"); for unit `value` is the unit
// name. Blank lines and lines starting with '#' are ignored.
class UnitLexicon {
 public:
  // Loads the TSV file at `path`. NOT_FOUND when it cannot be read,
  // INVALID_ARGUMENT (with file and line) when a line is malformed.
  static absl::StatusOr<std::shared_ptr<const UnitLexicon>> Load(const std::string& path);
  // Parses TSV `content`; `source_name` is used in error messages.
  static absl::StatusOr<std::shared_ptr<const UnitLexicon>> Parse(std::string_view content,
                                                                  std::string_view source_name);
  // A lexicon with the built-in defaults: data/units.tsv as it was when the
  // build was configured (compiled in through embedded_data.cc.in); a test
  // checks that the two are identical.
  static std::shared_ptr<const UnitLexicon> Default();
  // The built-in TSV text behind Default().
  static std::string_view DefaultTsv();

  // A currency or unit matched in text.
  struct Hit {
    std::size_t start = 0;
    std::size_t end = 0;
    const UnitEntry* entry = nullptr;
  };

  // All entries, in file order.
  const std::vector<UnitEntry>& entries() const { return entries_; }
  // The grammar FindNumbers uses with this lexicon's scale words/suffixes and
  // letter units.
  const NumberGrammar& number_grammar() const { return grammar_; }

  // The longest currency symbol or code that ends at `end` (whitespace
  // between it and `end` allowed), e.g. "US$" in "US$5".
  std::optional<Hit> CurrencyBefore(std::string_view text, std::size_t end) const;
  // The longest currency (symbol, code or word) or unit that starts at `pos`
  // or after whitespace following it, e.g. " percent" or "€".
  std::optional<Hit> UnitAfter(std::string_view text, std::size_t pos) const;

 private:
  std::vector<UnitEntry> entries_;
  NumberGrammar grammar_;
  // Indices into entries_, longest surface first.
  std::vector<std::size_t> prefix_entries_;  // symbols and codes
  std::vector<std::size_t> suffix_entries_;  // all currencies and units
  // The same, bucketed by the byte a surface starts (suffixes, both cases for
  // case-insensitive ones) or ends (prefixes) with.
  std::vector<std::size_t> suffix_by_first_byte_[256];
  std::vector<std::size_t> prefix_by_last_byte_[256];
};

class QuantityRecognizer {
 public:
  // `units` null means UnitLexicon::Default().
  explicit QuantityRecognizer(std::shared_ptr<const UnitLexicon> units);
  // All amounts in `sentence`, left to right, non-overlapping.
  //
  // Ranges ("7 to 21 billion", "$7bn-$21bn", "50-70%", "between 3 and 5",
  // "from 10 to 20") are one match with bound kRange; the first end takes
  // the second's unit and, when it is smaller, its scale. After a verb of
  // change ("rose from 10 to 20 million", "fell 5% to 7%") the two amounts
  // stay separate (each kExact, the first still taking the unit and scale).
  // Bound words before the amount ("at least", "more than", "up to", "less
  // than", "nearly", "~", ...) and after it ("or more", "or so", "-plus",
  // "+") are part of the span.
  //
  // Not returned: years and other parts of dates ("in 2015", "January 24",
  // "two weeks ago"); numbers inside names, labels or identifiers ("H800",
  // "Windows 11", "iPhone 15", "COVID-19", "version 2", "No. 5", "Formula
  // One"); numbers inside URLs; clock times ("3 a.m."); scores and tallies
  // ("won 6-4", "passed 52-48"); list markers ("1. Costs"); the pronoun
  // "one" ("one of the", "no one"). Thread-safe.
  std::vector<QuantityMatch> Find(std::string_view sentence) const;
  // The same with the sentence's date expressions already found
  // (DateRecognizer::FindSpans or FindWithSpans), so a caller that needs the
  // dates anyway scans the sentence for them once.
  std::vector<QuantityMatch> Find(
      std::string_view sentence,
      const std::vector<std::pair<std::size_t, std::size_t>>& date_spans) const;
  // A sentence with no ASCII digit and none of these words as a whole run of
  // ASCII letters holds no amount: NumeralWords of the lexicon's grammar.
  const WordSet& numeral_words() const { return numeral_words_->set(); }

 private:
  std::vector<QuantityMatch> FindAmounts(
      std::string_view sentence,
      const std::vector<std::pair<std::size_t, std::size_t>>* known_date_spans) const;

  std::shared_ptr<const UnitLexicon> units_;
  std::shared_ptr<const OwnedWordSet> numeral_words_;
  DateRecognizer dates_;
};

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_QUANTITY_RECOGNIZER_H_
