// Parses English numerals: digits with separators and scale words ("10,000",
// "2.5", "6 million", "21bn"), number words ("six", "eighty", "five hundred
// twelve", "two hundred ninety-four thousand"), fractions and multipliers
// ("half" -> 0.5, "twice" -> 2, "four times" -> 4 with is_multiplier).
#ifndef CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_NUMBER_PARSER_H_
#define CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_NUMBER_PARSER_H_

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace claimtrace::claims {

struct NumberMatch {
  std::size_t start = 0;  // UTF-8 byte span in the scanned text, end exclusive
  std::size_t end = 0;
  double value = 0;
  bool is_multiplier = false;  // "twice", "four times", "3x"
  bool from_words = false;     // spelled out ("six"), not digits
  bool has_scale = false;      // "million", "bn", "thousand" applied
};

// Parses `text` as exactly one number (surrounding whitespace allowed).
std::optional<double> ParseNumber(std::string_view text);

// Finds every number in `text`, left to right, non-overlapping, longest
// match ("two hundred ninety-four thousand" is one match). Digits inside
// words or identifiers ("H800", "R1", "GPT-4o", "o1") are not numbers.
std::vector<NumberMatch> FindNumbers(std::string_view text);

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_NUMBER_PARSER_H_
