// Plain C++ model of a normalised claim, shared by extraction, the claim store
// and the gRPC adapter. Knows nothing of protobuf or gRPC.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_CLAIM_MODEL_H_
#define CLAIMTRACE_CLAIMS_SERVICE_CLAIM_MODEL_H_

#include <cstddef>
#include <optional>
#include <string>

namespace claimtrace::claims {

// Mirrors claimtrace.claims.v1.Bound. Inclusive and exclusive bounds differ.
enum class Bound {
  kExact,
  kApproximate,  // nearly, almost, about, approximately, roughly, around, some
  kAtLeast,      // at least, no fewer than, no less than   (value <= x)
  kMoreThan,     // more than, over, above, in excess of    (value <  x)
  kAtMost,       // up to, at most, no more than            (x <= value)
  kLessThan,     // less than, under, below, fewer than     (x <  value)
  kRange,        // value <= x <= upper_value
};

enum class ClaimKind { kQuantity, kDate, kLocation, kComparison, kQuote };

enum class DatePrecision { kYear, kMonth, kDay };

// A machine-readable amount. For money, `value` is in whole units of the
// currency and `unit` its ISO 4217 code ("$6 million" -> 6e6, "USD").
// Percentages use unit "percent" (value 36 for "36%"); multipliers "times".
// Otherwise `unit` is the canonical entity id of what is counted
// ("nvidia-h800") or a plain lower-case plural noun ("languages").
struct Quantity {
  double value = 0;
  double upper_value = 0;  // == value unless bound == kRange
  std::string unit;
  Bound bound = Bound::kExact;
};

struct CalendarDate {
  int year = 0;
  int month = 0;  // 0 when precision is kYear
  int day = 0;    // 0 unless precision is kDay
  DatePrecision precision = DatePrecision::kYear;
};

// `id` is a lower-case ASCII slug ("voltaris", "nvidia-a100", "dana-whitfield").
struct Entity {
  std::string id;
  std::string name;
  std::string affiliation;  // "Port Alder Transit"; empty when not given
};

// The identity-bearing, normalised content of a claim. Two mentions with
// equal content (see ClaimId) are the same claim.
struct ClaimContent {
  ClaimKind kind = ClaimKind::kQuantity;
  Entity subject;
  std::string predicate;             // lower_snake_case: "training_cost", "founded"
  std::optional<Quantity> quantity;  // set for kQuantity
  std::optional<CalendarDate> date;  // set for kDate
  Entity object;                     // the place (kLocation), the compared thing (kComparison)
  // For kQuote, the normalised quoted words (whitespace folded); part of
  // identity so different quotes by one speaker are different claims.
  std::string quote_text;
  // One normalised English sentence, e.g.
  // "Voltaris spent about 2,100,000,000 USD on its plant." Not identity.
  std::string statement;
};

// Where one mention of a claim is, and who asserts it there.
struct Mention {
  int paragraph_index = 0;
  std::size_t start_offset = 0;  // UTF-8 byte offsets into the paragraph,
  std::size_t end_offset = 0;    // end exclusive
  Entity claimant;               // name as written; the publication by default
  std::string cue;               // "said", "according to"; empty for default
  std::string method;            // "quantity-recognizer", "location-pattern", ...
};

struct ExtractedClaim {
  ClaimContent content;
  Mention mention;
};

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_CLAIM_MODEL_H_
