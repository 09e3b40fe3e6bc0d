#include "claims_service/extraction/sentence_break_rules.h"

#include <unicode/uchar.h>
#include <unicode/udata.h>
#include <unicode/unistr.h>
#include <unicode/ures.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace claimtrace::claims {

namespace {

// Sentence_Break classes of ASCII, from ICU at first use.
const std::uint8_t* AsciiClasses() {
  static const auto* const kClasses = [] {
    auto* table = new std::uint8_t[128];
    for (UChar32 c = 0; c < 128; ++c) {
      table[c] = static_cast<std::uint8_t>(u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK));
    }
    return table;
  }();
  return kClasses;
}

bool IsParaSep(std::uint8_t sb) { return sb == U_SB_SEP || sb == U_SB_CR || sb == U_SB_LF; }
bool IsSATerm(std::uint8_t sb) { return sb == U_SB_ATERM || sb == U_SB_STERM; }

// ASCII bytes at which a boundary can follow (ATerm, STerm, CR, LF), and
// every byte of a non-ASCII character (its class needs decoding).
const bool* BytesToExamine() {
  static const auto* const kBytes = [] {
    auto* table = new bool[256];
    for (int b = 0; b < 256; ++b) {
      table[b] = b >= 0x80 || IsSATerm(AsciiClasses()[b]) || IsParaSep(AsciiClasses()[b]);
    }
    return table;
  }();
  return kBytes;
}

// One code point read forwards.
struct CodePoint {
  char32_t c = 0;
  std::size_t length = 1;
  std::uint8_t sb = U_SB_OTHER;  // UCharSentenceBreak
};

// The code point at byte `i`; false for invalid UTF-8.
bool DecodeAt(std::string_view text, std::size_t i, CodePoint* point) {
  const auto b = static_cast<unsigned char>(text[i]);
  if (b < 0x80) {
    point->c = b;
    point->length = 1;
    point->sb = AsciiClasses()[b];
    return true;
  }
  auto at = static_cast<int32_t>(i);
  UChar32 c = 0;
  U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), at, static_cast<int32_t>(text.size()), c);
  if (c < 0) return false;
  point->c = static_cast<char32_t>(c);
  point->length = static_cast<std::size_t>(at) - i;
  point->sb = static_cast<std::uint8_t>(u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK));
  return true;
}

// The code point ending at byte `end` (exclusive) of valid UTF-8, and where
// it starts.
char32_t DecodeBefore(std::string_view text, std::size_t end, std::size_t* start) {
  auto at = static_cast<int32_t>(end);
  UChar32 c = 0;
  U8_PREV(reinterpret_cast<const uint8_t*>(text.data()), 0, at, c);
  *start = static_cast<std::size_t>(at);
  return static_cast<char32_t>(c < 0 ? 0xFFFD : c);
}

bool IsTransparent(std::uint8_t sb) { return sb == U_SB_FORMAT || sb == U_SB_EXTEND; }

std::u32string ToCodePoints(const icu::UnicodeString& s) {
  std::u32string out;
  for (int32_t i = 0; i < s.length();) {
    const UChar32 c = s.char32At(i);
    out.push_back(static_cast<char32_t>(c));
    i += U16_LENGTH(c);
  }
  return out;
}

struct ResourceCloser {
  void operator()(UResourceBundle* bundle) const { ures_close(bundle); }
};
using Resource = std::unique_ptr<UResourceBundle, ResourceCloser>;

}  // namespace

void SentenceBreakRules::Trie::Add(const std::u32string& s, std::uint8_t value) {
  if (s.empty()) return;  // never matched: the filter reads a code point first
  std::uint32_t node = kRoot;
  for (const char32_t c : s) {
    const auto [it, added] = edges_.try_emplace(Edge(node, c), 0);
    if (added) {
      it->second = static_cast<std::uint32_t>(nodes_.size());
      nodes_[node].has_children = true;
      nodes_.emplace_back();
    }
    node = it->second;
  }
  if (nodes_[node].value == 0) nodes_[node].value = value;
}

absl::StatusOr<SentenceBreakRules> SentenceBreakRules::ForEnglish() {
  UErrorCode status = U_ZERO_ERROR;
  Resource bundle(ures_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "brkitr", "en", &status));
  Resource exceptions(ures_getByKey(bundle.get(), "exceptions", nullptr, &status));
  Resource list(ures_getByKey(exceptions.get(), "SentenceBreak", nullptr, &status));
  if (U_FAILURE(status)) {
    return absl::InternalError(
        absl::StrCat("ICU's data has no English sentence break exceptions: ", u_errorName(status)));
  }
  std::vector<std::u32string> strings;
  while (ures_hasNext(list.get())) {
    int32_t length = 0;
    const UChar* s = ures_getNextString(list.get(), &length, nullptr, &status);
    if (U_FAILURE(status)) {
      return absl::InternalError(
          absl::StrCat("reading ICU's sentence break exceptions: ", u_errorName(status)));
    }
    strings.push_back(ToCodePoints(icu::UnicodeString(s, length)));
  }
  // As ICU's SimpleFilteredBreakIteratorBuilder::build: a string with a dot
  // before its end is partial, and its part up to the first dot names a
  // family; every string in a family (the part alone included) is matched
  // forwards; the family's part, reversed, is a partial backward entry; any
  // other string, reversed, is a whole backward entry.
  auto part_of = [](const std::u32string& s) -> std::u32string {
    const std::size_t dot = s.find(U'.');
    return dot == std::u32string::npos ? std::u32string() : s.substr(0, dot + 1);
  };
  absl::flat_hash_set<std::u32string> families;
  for (const std::u32string& s : strings) {
    const std::u32string part = part_of(s);
    if (!part.empty() && part.size() != s.size()) families.insert(part);
  }
  SentenceBreakRules rules;
  auto add_backward = [&](std::u32string s, std::uint8_t entry) {
    std::reverse(s.begin(), s.end());
    rules.backward_.Add(s, entry);
  };
  for (const std::u32string& part : families) add_backward(part, kPartial);
  for (const std::u32string& s : strings) {
    if (families.contains(part_of(s))) {
      rules.forward_.Add(s, kForward);
    } else {
      add_backward(s, kWhole);
    }
  }
  if (rules.backward_.empty()) {
    return absl::InternalError("ICU's English sentence break exception list is empty");
  }
  return rules;
}

bool SentenceBreakRules::IsSuppressed(std::string_view text, std::size_t at) const {
  // ICU steps back over one U+0020 after the abbreviation ("Mr. |Brown"),
  // then walks back through its trie of reversed entries for as long as
  // what it has read is the start of one, keeping the longest entry read.
  std::size_t from = at;
  if (from > 0 && text[from - 1] == ' ') --from;
  std::size_t best_at = 0;
  std::uint8_t best = 0;
  std::uint32_t node = Trie::kRoot;
  for (std::size_t k = from; k > 0;) {
    std::size_t start = 0;
    node = backward_.Child(node, DecodeBefore(text, k, &start));
    if (node == Trie::kNone) break;
    if (const std::uint8_t entry = backward_.Value(node); entry != 0) {
      best = entry;
      best_at = start;
    }
    if (!backward_.HasChildren(node)) break;
    k = start;
  }
  if (best == 0) return false;
  if (best == kWhole) return true;
  // A partial entry ("Ph." of "Ph.D."): ICU reads forwards from its start
  // for as long as what it has read is the start of a forward string; the
  // boundary is suppressed when it stops on a whole one.
  bool whole = false;
  node = Trie::kRoot;
  for (std::size_t k = best_at; k < text.size();) {
    CodePoint point;
    if (!DecodeAt(text, k, &point)) {
      point.c = 0xFFFD;  // as ICU reads it; in no entry
      point.length = 1;
    }
    node = forward_.Child(node, point.c);
    if (node == Trie::kNone) return false;
    whole = forward_.Value(node) == kForward;
    if (!forward_.HasChildren(node)) break;
    k += point.length;
  }
  return whole;
}

bool SentenceBreakRules::Boundaries(std::string_view text,
                                    std::vector<std::size_t>* boundaries) const {
  const std::size_t kept = boundaries->size();
  auto unsupported = [&] {
    boundaries->resize(kept);
    return false;
  };
  auto add = [&](std::size_t at) {
    if (at < text.size() && !IsSuppressed(text, at)) boundaries->push_back(at);
  };
  const bool* const examine = BytesToExamine();
  const std::size_t n = text.size();
  std::size_t i = 0;
  // Rules SB3-SB11 decide between two code points; a boundary needs a
  // terminator or a separator before it, so the scan skips to those and
  // decides only the pairs that follow one (UAX #29 names the classes).
  const auto* const bytes = reinterpret_cast<const unsigned char*>(text.data());
  while (i < n) {
    // Most bytes are none of those: four at a time.
    while (i + 4 <= n && !(examine[bytes[i]] | examine[bytes[i + 1]] | examine[bytes[i + 2]] |
                           examine[bytes[i + 3]])) {
      i += 4;
    }
    if (i >= n) break;
    if (!examine[bytes[i]]) {
      ++i;
      continue;
    }
    CodePoint point;
    if (!DecodeAt(text, i, &point) || IsTransparent(point.sb)) return unsupported();
    if (IsParaSep(point.sb)) {
      std::size_t end = i + point.length;
      if (point.sb == U_SB_CR && end < n && text[end] == '\n') ++end;  // SB3: CR x LF
      add(end);                                                        // SB4: ParaSep /
      i = end;
      continue;
    }
    if (!IsSATerm(point.sb)) {
      i += point.length;
      continue;
    }
    // After a terminator: "SATerm Close* Sp*" so far (kAfterTerm while no Sp
    // has been read yet), then what follows decides.
    std::uint8_t term = point.sb;
    std::uint8_t left = point.sb;
    std::uint8_t before_left = U_SB_OTHER;  // the class before `left`
    if (i > 0) {
      std::size_t start = 0;
      const char32_t c = DecodeBefore(text, i, &start);
      before_left = static_cast<std::uint8_t>(u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK));
    }
    bool after_space = false;
    std::size_t j = i + point.length;
    while (j < n) {
      CodePoint right;
      if (!DecodeAt(text, j, &right) || IsTransparent(right.sb)) return unsupported();
      bool boundary = true;  // SB11, unless a rule below joins
      if (left == U_SB_ATERM && right.sb == U_SB_NUMERIC) {
        boundary = false;  // SB6: "3.5"
      } else if (left == U_SB_ATERM && right.sb == U_SB_UPPER &&
                 (before_left == U_SB_UPPER || before_left == U_SB_LOWER)) {
        boundary = false;  // SB7: "U.S"
      } else {
        if (term == U_SB_ATERM) {
          // SB8: a lower-case letter follows, past anything but letters,
          // separators and terminators ("etc. and", "U.S. (and").
          std::size_t k = j;
          CodePoint ahead = right;
          while (true) {
            const std::uint8_t sb = ahead.sb;
            if (sb == U_SB_OLETTER || sb == U_SB_UPPER || sb == U_SB_LOWER || IsParaSep(sb) ||
                IsSATerm(sb)) {
              if (sb == U_SB_LOWER) boundary = false;
              break;
            }
            k += ahead.length;
            if (k >= n) break;
            if (!DecodeAt(text, k, &ahead) || IsTransparent(ahead.sb)) return unsupported();
          }
        }
        if (right.sb == U_SB_SCONTINUE || IsSATerm(right.sb)) boundary = false;  // SB8a
        if (!after_space &&
            (right.sb == U_SB_CLOSE || right.sb == U_SB_SP || IsParaSep(right.sb))) {
          boundary = false;  // SB9
        }
        if (right.sb == U_SB_SP || IsParaSep(right.sb)) boundary = false;  // SB10
      }
      if (boundary) add(j);
      // Does "SATerm Close* Sp*" go on with `right`?
      if (IsSATerm(right.sb)) {
        term = right.sb;
        after_space = false;
      } else if (right.sb == U_SB_CLOSE && !after_space) {
      } else if (right.sb == U_SB_SP) {
        after_space = true;
      } else {
        break;  // the main scan goes on from `right` (a separator included)
      }
      before_left = left;
      left = right.sb;
      j += right.length;
    }
    i = j;
  }
  return true;
}

}  // namespace claimtrace::claims
