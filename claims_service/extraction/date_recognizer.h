// Recognises dates in a sentence with their precision: "2015", "July 2023",
// "January 24, 2025", "24 January 2025", "2025-01-24", and relative ones
// ("on Monday", "last week", "two weeks ago", "yesterday", "last year")
// resolved against a reference time (the article's publish time) when known.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_DATE_RECOGNIZER_H_
#define CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_DATE_RECOGNIZER_H_

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "claims_service/claim_model.h"

namespace claimtrace::claims {

struct DateMatch {
  std::size_t start = 0;  // UTF-8 byte span, end exclusive
  std::size_t end = 0;
  CalendarDate date;
  bool relative = false;  // resolved from a relative expression
};

class DateRecognizer {
 public:
  // Every date in `sentence`, left to right. Relative expressions are only
  // returned when `reference` is set. Bare 4-digit numbers count as years
  // only in plausible contexts ("in 2015", "since 2019", "2022's") and in the
  // range 1900-2100. Thread-safe.
  std::vector<DateMatch> Find(std::string_view sentence,
                              std::optional<absl::Time> reference) const;
};

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_DATE_RECOGNIZER_H_
