// Recognises amounts in a sentence and normalises them: money (with ISO 4217
// codes), percentages, multipliers, counts, ranges and bounds.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_QUANTITY_RECOGNIZER_H_
#define CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_QUANTITY_RECOGNIZER_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "claims_service/claim_model.h"

namespace claimtrace::claims {

struct QuantityMatch {
  // UTF-8 byte span of the whole expression in the scanned text, including
  // bound words and currency: "nearly $6 million", "between 3 and 5",
  // "up to 70%", "50-70%".
  std::size_t start = 0;
  std::size_t end = 0;
  // Normalised amount. `unit` is set for money ("USD", "CNY", "EUR", "GBP",
  // ...), percentages ("percent") and multipliers ("times"); empty for bare
  // counts, whose counted noun phrase is in [noun_start, noun_end).
  Quantity quantity;
  // The counted noun phrase right after the number, if any ("H800 chips" in
  // "2,048 H800 chips", "languages" in "29 languages", "units" in "10,000
  // units in stock"); noun_start == noun_end when there is none.
  std::size_t noun_start = 0;
  std::size_t noun_end = 0;
  // True when the number looks like a calendar year ("in 2015") or is part of
  // a date; such matches are left to the DateRecognizer and not returned.
};

// Words and symbols for currencies and units, loaded from a data file so
// users can extend them (see data/units.tsv for the format).
class UnitLexicon {
 public:
  // Loads the TSV file at `path`.
  static absl::StatusOr<std::shared_ptr<const UnitLexicon>> Load(const std::string& path);
  // A lexicon with the built-in defaults (the same content as data/units.tsv).
  static std::shared_ptr<const UnitLexicon> Default();
  // ... (implementation-defined accessors)
};

class QuantityRecognizer {
 public:
  explicit QuantityRecognizer(std::shared_ptr<const UnitLexicon> units);
  // All amounts in `sentence`, left to right, non-overlapping. Years and
  // numbers inside names/identifiers ("H800", "Windows 11", "COVID-19") and
  // inside URLs are not returned. Thread-safe.
  std::vector<QuantityMatch> Find(std::string_view sentence) const;

 private:
  std::shared_ptr<const UnitLexicon> units_;
};

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_QUANTITY_RECOGNIZER_H_
