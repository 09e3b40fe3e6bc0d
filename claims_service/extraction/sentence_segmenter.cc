#include "claims_service/extraction/sentence_segmenter.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "claims_service/extraction/string_views.h"

namespace claimtrace::claims {
namespace {

// Length of the white-space character ending at `end` (exclusive), or 0.
// Covers ASCII white space, NBSP, the U+2000..U+200B spaces and U+3000.
std::size_t TrailingSpaceLength(std::string_view text, std::size_t end) {
  if (end == 0) return 0;
  const auto c = static_cast<unsigned char>(text[end - 1]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (end >= 2 && static_cast<unsigned char>(text[end - 2]) == 0xC2 && c == 0xA0) return 2;
  if (end >= 3) {
    const auto a = static_cast<unsigned char>(text[end - 3]);
    const auto b = static_cast<unsigned char>(text[end - 2]);
    if (a == 0xE2 && b == 0x80 && c >= 0x80 && c <= 0x8B) return 3;
    if (a == 0xE3 && b == 0x80 && c == 0x80) return 3;
  }
  return 0;
}

std::size_t LeadingSpaceLength(std::string_view text, std::size_t start) {
  if (start >= text.size()) return 0;
  const auto c = static_cast<unsigned char>(text[start]);
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') return 1;
  if (start + 1 < text.size() && c == 0xC2 && static_cast<unsigned char>(text[start + 1]) == 0xA0) {
    return 2;
  }
  if (start + 2 < text.size()) {
    const auto b = static_cast<unsigned char>(text[start + 1]);
    const auto d = static_cast<unsigned char>(text[start + 2]);
    if (c == 0xE2 && b == 0x80 && d >= 0x80 && d <= 0x8B) return 3;
    if (c == 0xE3 && b == 0x80 && d == 0x80) return 3;
  }
  return 0;
}

// Abbreviations after which a sentence never ends (titles before names and
// "for example" forms).
const WordSet& AlwaysJoinAbbreviations() {
  static const auto* const kSet = new WordSet{
      "Mr.",     "Mrs.",  "Ms.",   "Dr.",   "Prof.", "Sen.", "Rep.",  "Gov.",     "Gen.",  "Col.",
      "Lt.",     "Capt.", "Sgt.",  "Adm.",  "Rev.",  "Hon.", "St.",   "Mt.",      "Ft.",   "Pres.",
      "Messrs.", "Sens.", "Reps.", "Supt.", "Cmdr.", "Maj.", "Insp.", "e.g.",     "i.e.",  "vs.",
      "v.",      "cf.",   "Gens.", "Rt.",   "Fr.",   "Sr.",  "Jr.",   "Lt.-Gen.", "Brig.", "Det."};
  return *kSet;
}

// Abbreviations that usually continue the sentence but may also end it
// ("moved to the U.S. The move ..."): joined only when the next sentence does
// not open like a new sentence.
const WordSet& MaybeJoinAbbreviations() {
  static const auto* const kSet = new WordSet{
      "Inc.",    "Corp.",  "Co.",   "Ltd.",  "Bros.", "Plc.",  "Jan.", "Feb.",   "Mar.", "Apr.",
      "Jun.",    "Jul.",   "Aug.",  "Sep.",  "Sept.", "Oct.",  "Nov.", "Dec.",   "No.",  "Nos.",
      "approx.", "est.",   "etc.",  "Dept.", "Univ.", "Assn.", "Ave.", "Blvd.",  "Rd.",  "Fig.",
      "al.",     "ca.",    "Mon.",  "Tue.",  "Tues.", "Wed.",  "Thu.", "Thurs.", "Fri.", "Sat.",
      "Sun.",    "Gov't.", "Intl.", "Natl.", "Cos.",  "a.m.",  "p.m."};
  return *kSet;
}

// Capitalised words that typically open a new sentence.
const WordSet& SentenceStarters() {
  static const auto* const kSet = new WordSet{
      "The",     "A",       "An",        "This",     "That",    "These",     "Those", "It",
      "Its",     "He",      "She",       "They",     "We",      "I",         "You",   "His",
      "Her",     "Their",   "Our",       "My",       "But",     "And",       "Or",    "So",
      "Yet",     "In",      "On",        "At",       "For",     "From",      "With",  "By",
      "As",      "If",      "When",      "While",    "After",   "Before",    "Since", "Although",
      "Though",  "However", "Meanwhile", "Still",    "Also",    "Then",      "There", "Here",
      "What",    "Why",     "How",       "Who",      "Where",   "Some",      "Many",  "Most",
      "Such",    "Other",   "Another",   "Each",     "Every",   "All",       "Both",  "No",
      "Not",     "Despite", "Instead",   "Now",      "Last",    "Next",      "Today", "Yesterday",
      "Earlier", "Later",   "Officials", "Analysts", "Experts", "According", "Under", "Over",
      "During",  "Until",   "Unlike",    "Like",     "Among",   "Several",   "Few",   "More",
      "Less",    "Asked",   "Shares",    "Prices",   "Sales",   "Its",       "Why"};
  return *kSet;
}

bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }

// True for "U.S.", "U.K.", "D.C." and single initials like "J." (a letter
// then a dot, repeated).
bool IsInitialism(std::string_view token) {
  if (token.size() < 2 || token.size() % 2 != 0) return false;
  for (std::size_t i = 0; i < token.size(); i += 2) {
    if (!absl::ascii_isalpha(static_cast<unsigned char>(token[i])) || token[i + 1] != '.') {
      return false;
    }
  }
  return IsAsciiUpper(token[0]);
}

// The last white-space separated token of text[start, end), with opening
// brackets and quotes removed.
std::string_view LastToken(std::string_view text, std::size_t start, std::size_t end) {
  std::size_t i = end;
  while (i > start && TrailingSpaceLength(text, i) == 0) --i;
  std::string_view token = text.substr(i, end - i);
  while (!token.empty() && (token.front() == '(' || token.front() == '[' || token.front() == '"' ||
                            token.front() == '\'')) {
    token.remove_prefix(1);
  }
  // Opening curly quotes (U+201C, U+2018).
  if (token.size() >= 3 && token.substr(0, 2) == "\xE2\x80" &&
      (token[2] == '\x9C' || token[2] == '\x98')) {
    token.remove_prefix(3);
  }
  return token;
}

// Whether the sentence starting at `start` reads like the continuation of
// the previous one rather than a new sentence.
bool LooksLikeContinuation(std::string_view text, std::size_t start, std::size_t end) {
  if (start >= end) return false;
  const char first = text[start];
  if (absl::ascii_islower(static_cast<unsigned char>(first)) ||
      absl::ascii_isdigit(static_cast<unsigned char>(first))) {
    return true;
  }
  if (!IsAsciiUpper(first)) return false;
  std::size_t word_end = start;
  while (word_end < end && (absl::ascii_isalpha(static_cast<unsigned char>(text[word_end])))) {
    ++word_end;
  }
  return !SentenceStarters().contains(text.substr(start, word_end - start));
}

// True when ICU could not find a boundary inside `text`: no sentence
// terminator or line break before a final run of terminators and closing
// punctuation followed only by spaces ("The plant opened in 2021.” "), and
// no non-ASCII character other than common ones that never end a sentence
// (curly quotes, dashes, no-break space, currency signs, Latin-1 letters).
// Such a paragraph is one sentence, and ICU need not run. (After a
// terminator and a space, anything but more space may start a sentence,
// even a quote: ICU breaks before the ' in `stop." 'Then`.)
bool IsOneSentence(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  std::size_t first_terminator = n;
  bool space_after_terminator = false;
  for (; i < n; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '.' || c == '!' || c == '?' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
      if (space_after_terminator) return false;
      if (first_terminator == n) first_terminator = i;
      // ICU breaks right after a line break: only space may follow it.
      if (c == '\n' || c == '\r' || c == '\v' || c == '\f') space_after_terminator = true;
      continue;
    }
    if (c < 0x80) {
      if (first_terminator == n) continue;
      if (c == ' ' || c == '\t') {
        space_after_terminator = true;
        continue;
      }
      if (space_after_terminator) return false;
      if (c != '"' && c != '\'' && c != ')' && c != ']') return false;  // text after a terminator
      continue;
    }
    // Non-ASCII: only characters known not to end sentences.
    const auto d = i + 1 < n ? static_cast<unsigned char>(text[i + 1]) : 0;
    if (c == 0xC2 && (d == 0xA0 || d == 0xA3 || d == 0xA5 || d == 0xAB || d == 0xBB)) {
      if (first_terminator != n) {
        if (d == 0xA0) {
          space_after_terminator = true;
        } else if (d != 0xBB || space_after_terminator) {
          return false;
        }
      }
      ++i;
      continue;
    }
    if (c == 0xC3 && d >= 0x80 && d <= 0xBF) {
      if (first_terminator != n) return false;
      ++i;
      continue;
    }
    const auto e = i + 2 < n ? static_cast<unsigned char>(text[i + 2]) : 0;
    const bool quote_or_dash = c == 0xE2 && d == 0x80 && e >= 0x90 && e <= 0x9F;
    const bool currency = c == 0xE2 && d == 0x82 && (e == 0xAC || e == 0xB9);
    if (quote_or_dash || currency) {
      // After the terminator only closing quotes (’ ”) may follow, before
      // any space.
      if (first_terminator != n &&
          (space_after_terminator || !(quote_or_dash && (e == 0x99 || e == 0x9D)))) {
        return false;
      }
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::unique_ptr<SentenceSegmenter>> SentenceSegmenter::Create() {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> iterator(
      icu::BreakIterator::createSentenceInstance(icu::Locale("en@ss=standard"), status));
  if (U_FAILURE(status) || iterator == nullptr) {
    return absl::InternalError(
        absl::StrCat("cannot create ICU sentence break iterator: ", u_errorName(status)));
  }
  absl::StatusOr<SentenceBreakRules> rules = SentenceBreakRules::ForEnglish();
  if (!rules.ok()) return rules.status();
  return std::unique_ptr<SentenceSegmenter>(
      new SentenceSegmenter(std::move(iterator), *std::move(rules)));
}

namespace {
std::atomic<std::uint64_t> next_segmenter_id{1};
}  // namespace

SentenceSegmenter::SentenceSegmenter(std::unique_ptr<icu::BreakIterator> prototype,
                                     SentenceBreakRules rules)
    : prototype_(std::move(prototype)),
      rules_(std::move(rules)),
      id_(next_segmenter_id.fetch_add(1)) {}

SentenceSegmenter::~SentenceSegmenter() = default;

namespace {

// The pieces of a text of `size` bytes between `boundaries` (increasing,
// strictly inside).
std::vector<SentenceSpan> PiecesBetween(std::size_t size,
                                        const std::vector<std::size_t>& boundaries) {
  std::vector<SentenceSpan> pieces;
  pieces.reserve(boundaries.size() + 1);
  std::size_t previous = 0;
  for (const std::size_t boundary : boundaries) {
    pieces.push_back({previous, boundary});
    previous = boundary;
  }
  pieces.push_back({previous, size});
  return pieces;
}

}  // namespace

std::vector<SentenceSpan> SentenceSegmenter::Split(std::string_view paragraph) const {
  if (paragraph.empty()) return {};
  if (IsOneSentence(paragraph)) return Trimmed(paragraph, {{0, paragraph.size()}});
  thread_local std::vector<std::size_t> boundaries;
  boundaries.clear();
  if (!rules_.Boundaries(paragraph, &boundaries)) return SplitWholeText(paragraph);
  return Trimmed(paragraph, PiecesBetween(paragraph.size(), boundaries));
}

std::vector<SentenceSpan> SentenceSegmenter::SplitWholeText(std::string_view paragraph) const {
  if (paragraph.empty()) return {};
  return Trimmed(paragraph, PiecesBetween(paragraph.size(), IcuBoundaries(paragraph)));
}

std::vector<std::size_t> SentenceSegmenter::IcuBoundaries(std::string_view paragraph) const {
  // Cloning the iterator costs more than splitting a paragraph: each thread
  // keeps one clone per segmenter (remembered by the segmenter's id, never
  // reused by another segmenter).
  struct ThreadIterator {
    std::uint64_t owner = 0;
    std::unique_ptr<icu::BreakIterator> iterator;
  };
  thread_local ThreadIterator cached;
  if (cached.owner != id_ || cached.iterator == nullptr) {
    cached.iterator.reset(prototype_->clone());
    cached.owner = id_;
  }
  icu::BreakIterator* iterator = cached.iterator.get();
  // ICU walks UTF-16 much faster than UTF-8 text, so the text is converted
  // once, remembering the byte offset of each UTF-16 unit (invalid bytes
  // become U+FFFD, one unit per maximal invalid sequence).
  thread_local std::vector<UChar> units;
  thread_local std::vector<std::size_t> byte_of_unit;
  // A UTF-8 text never has more UTF-16 units than bytes: size for that,
  // fill through plain pointers, then trim.
  const auto length = static_cast<int32_t>(paragraph.size());
  units.resize(paragraph.size());
  byte_of_unit.resize(paragraph.size() + 1);
  UChar* unit_out = units.data();
  std::size_t* byte_out = byte_of_unit.data();
  for (int32_t i = 0; i < length;) {
    const auto b = static_cast<unsigned char>(paragraph[static_cast<std::size_t>(i)]);
    if (b < 0x80) {  // most of it
      *unit_out++ = b;
      *byte_out++ = static_cast<std::size_t>(i++);
      continue;
    }
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(paragraph.data()), i, length, c);
    if (c < 0) c = 0xFFFD;
    if (c <= 0xFFFF) {
      *unit_out++ = static_cast<UChar>(c);
      *byte_out++ = static_cast<std::size_t>(start);
    } else {
      *unit_out++ = U16_LEAD(c);
      *unit_out++ = U16_TRAIL(c);
      *byte_out++ = static_cast<std::size_t>(start);
      *byte_out++ = static_cast<std::size_t>(start);
    }
  }
  *byte_out++ = paragraph.size();
  units.resize(static_cast<std::size_t>(unit_out - units.data()));
  byte_of_unit.resize(static_cast<std::size_t>(byte_out - byte_of_unit.data()));
  std::vector<std::size_t> boundaries;
  UErrorCode status = U_ZERO_ERROR;
  UText stack_text = UTEXT_INITIALIZER;
  UText* utext =
      utext_openUChars(&stack_text, units.data(), static_cast<int64_t>(units.size()), &status);
  if (U_SUCCESS(status) && iterator != nullptr) iterator->setText(utext, status);
  if (U_SUCCESS(status) && iterator != nullptr) {
    for (int32_t boundary = iterator->next(); boundary != icu::BreakIterator::DONE;
         boundary = iterator->next()) {
      const auto unit = std::min(static_cast<std::size_t>(boundary), units.size());
      const std::size_t offset = byte_of_unit[unit];
      const std::size_t previous = boundaries.empty() ? 0 : boundaries.back();
      if (offset > previous && offset < paragraph.size()) boundaries.push_back(offset);
    }
  }
  // The iterator keeps a shallow clone of the text but reads it only in
  // this call; the next call gives it new text.
  if (utext != nullptr) utext_close(utext);
  return boundaries;
}

std::vector<SentenceSpan> SentenceSegmenter::Trimmed(std::string_view paragraph,
                                                     std::vector<SentenceSpan> pieces) {
  // Each piece trimmed of white space, empty ones dropped, and re-joined
  // with the one before when ICU split after an abbreviation, written over
  // `pieces` from the front (never ahead of the piece read).
  std::size_t written = 0;
  for (SentenceSpan span : pieces) {
    while (span.start < span.end) {
      const std::size_t n = LeadingSpaceLength(paragraph, span.start);
      if (n == 0 || span.start + n > span.end) break;
      span.start += n;
    }
    while (span.end > span.start) {
      const std::size_t n = TrailingSpaceLength(paragraph, span.end);
      if (n == 0 || span.end - n < span.start) break;
      span.end -= n;
    }
    if (span.end <= span.start) continue;
    if (written > 0) {
      SentenceSpan& last = pieces[written - 1];
      const std::string_view token = LastToken(paragraph, last.start, last.end);
      bool join = false;
      if (AlwaysJoinAbbreviations().contains(token)) {
        join = true;
      } else if (MaybeJoinAbbreviations().contains(token) || IsInitialism(token)) {
        join = LooksLikeContinuation(paragraph, span.start, span.end);
      }
      if (join) {
        last.end = span.end;
        continue;
      }
    }
    pieces[written++] = span;
  }
  pieces.resize(written);
  return pieces;
}

}  // namespace claimtrace::claims
