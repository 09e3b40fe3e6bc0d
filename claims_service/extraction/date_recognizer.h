// Recognises dates in a sentence with their precision: "2015", "July 2023",
// "January 24, 2025", "24 January 2025", "2025-01-24", and relative ones
// ("on Monday", "last week", "two weeks ago", "yesterday", "last year")
// resolved against a reference time (the article's publish time) when known.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_DATE_RECOGNIZER_H_
#define CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_DATE_RECOGNIZER_H_

#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "claims_service/claim_model.h"
#include "claims_service/extraction/string_views.h"

namespace claimtrace::claims {

struct DateMatch {
  std::size_t start = 0;  // UTF-8 byte span, end exclusive
  std::size_t end = 0;
  CalendarDate date;
  bool relative = false;  // resolved from a relative expression
};

class DateRecognizer {
 public:
  // Every date in `sentence`, left to right, non-overlapping.
  //
  // Absolute dates: "January 24, 2025", "Jan. 24 2025", "24th January 2025",
  // "the 3rd of May, 2020", "2025-01-24", "24/01/2025" (numeric day/month only
  // when one part is above 12), "July 2023", and bare years. A day range
  // ("12-14 November 2024", "January 24-26, 2025") yields its first day; a
  // year range ("2020-21", "2018–2022") yields both years. Impossible dates
  // ("February 30, 2025") yield nothing. Bare 4-digit numbers count as years
  // only in the range 1900-2100 and in plausible contexts: not inside
  // identifiers or URLs ("FY2024", "/2025/"), not after a capitalised name
  // ("Windows 2000"), and not when they read as an amount ("2048 chips",
  // "$2000", "2000%"); "in 2015", "since 2019", "2022's", "the 2024 election"
  // are years. Decades ("the 1990s") are not returned.
  //
  // Relative dates, and month-day dates without a year ("on March 3"), are
  // only returned when `reference` is set (relative == true); they are
  // resolved against its UTC calendar day. "today", "yesterday", "last
  // night", "N days ago", "N weeks ago" and weekdays have precision kDay;
  // "last/this/next week" (the month of that week), "last/this/next month",
  // "earlier this month", "N months ago" and a month alone ("in March") have
  // kMonth; "last/this/next year", "N years ago", "a decade ago" have kYear.
  // "last Tuesday" is the latest Tuesday before the reference day, "next
  // Tuesday" the first after it. A bare weekday, month or month-day is the
  // latest one on or before the reference day, or the next one when a
  // future cue ("will", "'ll", "would", "expected", "plans/hopes/aims to",
  // "scheduled", "upcoming") comes before it in the sentence.
  //
  // Spans cover the words that fix the date: "Friday, January 24, 2025",
  // "last Tuesday", "two weeks ago", "earlier this month", "Monday" (not a
  // leading "on"/"in"). Thread-safe.
  std::vector<DateMatch> Find(std::string_view sentence, std::optional<absl::Time> reference) const;

  // Byte spans of every date expression in `sentence`, left to right,
  // including relative ones and ambiguous ones ("3/4/2025") that Find cannot
  // resolve. The QuantityRecognizer uses them to leave numbers in dates
  // alone ("two weeks ago", "March 3").
  std::vector<std::pair<std::size_t, std::size_t>> FindSpans(std::string_view sentence) const;

  // What FindWithSpans needs to find any date: an anchor, around which it
  // reads the sentence. An anchor is a run of letters and digits (as
  // scan::WordEnd delimits them, read left to right from the sentence's
  // start) that starts with exactly four ASCII digits ("2024", "2020-21",
  // "1990s"), or is one of RelativeAnchorWords() in any case or one of
  // NameAnchorWords() capitalised. A sentence without one holds no date. The
  // word lists are ASCII lower case.
  static const WordSet& RelativeAnchorWords();  // "yesterday", "last", "ago"
  static const WordSet& NameAnchorWords();      // "march", "sept", "monday"
  // Every word a future cue ("will", "plans to", "is due") is or starts
  // with, ASCII lower case; "ll" is the word after the apostrophe of "we'll".
  static const WordSet& FutureCueWords();
  // Appends the offsets of the anchors in sentence[begin, end): the scan
  // starts at `begin` as it starts at a sentence's first byte, and reads
  // each run to its end, past `end`. Over the whole sentence, these are the
  // anchors FindWithSpans needs.
  static void AppendAnchors(std::string_view sentence, std::size_t begin, std::size_t end,
                            std::vector<std::size_t>* anchors);
  // Find and FindSpans in one pass over the sentence (what the claim
  // extractor needs for every sentence), given its anchors: exactly those
  // AppendAnchors finds over the whole sentence, in order (the extractor has
  // them from ParagraphAnalysis::SentenceDateAnchors, without a scan).
  // `dates` as Find returns them, `spans` as FindSpans does.
  void FindWithSpans(std::string_view sentence, std::optional<absl::Time> reference,
                     absl::Span<const std::size_t> anchors, std::vector<DateMatch>* dates,
                     std::vector<std::pair<std::size_t, std::size_t>>* spans) const;
  // The same, told whether the sentence may hold a future cue: when
  // `may_hold_future_cue` returns false, no word of the sentence, as the
  // recogniser splits and lower-cases words, is one of FutureCueWords(), and
  // the tense check reads none. It is called at most once, and only when a
  // date's tense depends on it (the extractor has the answer from
  // ParagraphAnalysis::SentenceMayHoldFutureCue, without a scan).
  void FindWithSpans(std::string_view sentence, std::optional<absl::Time> reference,
                     absl::Span<const std::size_t> anchors,
                     absl::FunctionRef<bool()> may_hold_future_cue, std::vector<DateMatch>* dates,
                     std::vector<std::pair<std::size_t, std::size_t>>* spans) const;

  // Like FindSpans, restricted to expressions with a number in them
  // ("January 24", "2015", "two weeks ago"), and faster: text far from any
  // digit or "ago" is skipped.
  std::vector<std::pair<std::size_t, std::size_t>> FindSpansWithNumbers(
      std::string_view sentence) const;
};

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_DATE_RECOGNIZER_H_
