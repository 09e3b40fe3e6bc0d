#include "claims_service/extraction/claim_extractor.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/types/span.h"
#include "claims_service/extraction/attribution.h"
#include "claims_service/extraction/date_recognizer.h"
#include "claims_service/extraction/entity_table.h"
#include "claims_service/extraction/paragraph_analysis.h"
#include "claims_service/extraction/predicate_table.h"
#include "claims_service/extraction/quantity_recognizer.h"
#include "claims_service/extraction/sentence_segmenter.h"
#include "claims_service/extraction/string_views.h"
#include "claims_service/extraction/word_tokenizer.h"
#include "common/number_text.h"
#include "common/sha256.h"

namespace claimtrace::claims {
namespace {

bool IsWord(const Token& token) { return token.kind == TokenKind::kWord; }

bool FileExists(const std::string& path) {
  std::ifstream in(path);
  return static_cast<bool>(in);
}

// ---------------------------------------------------------------------------
// Normalised formatting (statements and ids).

// Rounds to 6 significant digits.
double Round6(double value) {
  if (value == 0 || !std::isfinite(value)) return value;
  // Whole numbers with at most 6 significant digits ("18", "705,900,000")
  // come back unchanged from the printf round trip below: it prints them
  // exactly, and they are exact doubles (below 2^53).
  if (std::fabs(value) < 9e15 && value == std::floor(value)) {
    std::int64_t digits = static_cast<std::int64_t>(std::fabs(value));
    while (digits >= 1000000 && digits % 10 == 0) digits /= 10;
    if (digits < 1000000) return value;
  }
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.6g", value);
  return std::strtod(buffer, nullptr);
}

// Appends `value` rounded to 6 significant digits: a whole number with its
// thousands grouped ("705,900,000", "-1,234"), any other by "%.6g".
void AppendNumber(double value, std::string* out) {
  value = Round6(value);
  if (common::IsGroupableWholeNumber(value)) {
    common::AppendGroupedWholeNumber(value, out);
    return;
  }
  absl::StrAppendFormat(out, "%.6g", value);
}

const char* BoundWord(Bound bound) {
  switch (bound) {
    case Bound::kExact:
      return "";
    case Bound::kApproximate:
      return "approximately ";
    case Bound::kAtLeast:
      return "at least ";
    case Bound::kMoreThan:
      return "more than ";
    case Bound::kAtMost:
      return "at most ";
    case Bound::kLessThan:
      return "less than ";
    case Bound::kRange:
      return "between ";
  }
  return "";
}

const char* BoundId(Bound bound) {
  switch (bound) {
    case Bound::kExact:
      return "exact";
    case Bound::kApproximate:
      return "approximate";
    case Bound::kAtLeast:
      return "at_least";
    case Bound::kMoreThan:
      return "more_than";
    case Bound::kAtMost:
      return "at_most";
    case Bound::kLessThan:
      return "less_than";
    case Bound::kRange:
      return "range";
  }
  return "exact";
}

const char* KindId(ClaimKind kind) {
  switch (kind) {
    case ClaimKind::kQuantity:
      return "quantity";
    case ClaimKind::kDate:
      return "date";
    case ClaimKind::kLocation:
      return "location";
    case ClaimKind::kComparison:
      return "comparison";
    case ClaimKind::kQuote:
      return "quote";
  }
  return "quantity";
}

// "January 24, 2025", "January 2025" or "2025", by the date's precision.
void AppendDate(const CalendarDate& date, std::string* out) {
  static constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
  const bool month_ok = date.month >= 1 && date.month <= 12;
  switch (date.precision) {
    case DatePrecision::kDay:
      if (month_ok) {
        absl::StrAppend(out, kMonths[date.month - 1], " ", date.day, ", ", date.year);
        return;
      }
      break;
    case DatePrecision::kMonth:
      if (month_ok) {
        absl::StrAppend(out, kMonths[date.month - 1], " ", date.year);
        return;
      }
      break;
    case DatePrecision::kYear:
      break;
  }
  absl::StrAppend(out, date.year);
}

std::string FormatDate(const CalendarDate& date) {
  std::string out;
  AppendDate(date, &out);
  return out;
}

std::string DateId(const CalendarDate& date) {
  switch (date.precision) {
    case DatePrecision::kDay:
      return absl::StrFormat("%04d-%02d-%02d", date.year, date.month, date.day);
    case DatePrecision::kMonth:
      return absl::StrFormat("%04d-%02d", date.year, date.month);
    case DatePrecision::kYear:
      return absl::StrFormat("%04d", date.year);
  }
  return absl::StrFormat("%04d", date.year);
}

std::string FoldWhitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool is_space =
        c == ' ' || c == '\n' || c == '\t' || c == '\r' ||
        (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0);
    if (is_space) {
      if (c == 0xC2) ++i;
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(static_cast<char>(c));
  }
  return out;
}

std::string Snake(std::string_view text) {
  std::string slug = Slugify(text);
  absl::StrReplaceAll({{"-", "_"}}, &slug);
  return slug;
}

// ---------------------------------------------------------------------------
// Word lists for the pattern-based claims.

const WordSet& Superlatives() {
  static const auto* const kSet = new WordSet{
      "largest",   "biggest",         "highest",      "lowest",      "fastest",   "best",
      "worst",     "greatest",        "strongest",    "weakest",     "cheapest",  "richest",
      "poorest",   "oldest",          "newest",       "smallest",    "deepest",   "longest",
      "shortest",  "hottest",         "warmest",      "coldest",     "wettest",   "driest",
      "busiest",   "heaviest",        "steepest",     "sharpest",    "slowest",   "tallest",
      "youngest",  "brightest",       "safest",       "deadliest",   "costliest", "worst-ever",
      "best-ever", "fastest-growing", "most-watched", "most-visited"};
  return *kSet;
}

const WordSet& MoreWords() {
  static const auto* const kSet = new WordSet{
      "more",      "higher",  "larger",  "bigger",  "greater", "above",   "better",   "faster",
      "stronger",  "longer",  "older",   "richer",  "wider",   "heavier", "costlier", "pricier",
      "taller",    "hotter",  "warmer",  "steeper", "earlier", "later",   "easier",   "harder",
      "wealthier", "bigger",  "louder",  "deeper",  "safer",   "quicker", "busier",   "healthier",
      "stricter",  "tighter", "broader", "newer",   "cleaner", "larger",  "dearer"};
  return *kSet;
}

const WordSet& LessWords() {
  static const auto* const kSet =
      new WordSet{"less",   "fewer",   "lower",   "smaller", "below",   "worse",    "slower",
                  "weaker", "cheaper", "shorter", "younger", "poorer",  "narrower", "lighter",
                  "colder", "cooler",  "fewer",   "thinner", "smaller", "cheaper",  "lesser"};
  return *kSet;
}

// ---------------------------------------------------------------------------

class YenContext;

// The predicate cues of one paragraph, found in one pass. Claim assembly
// asks for the cues of many overlapping windows (around every amount and
// date, per sentence); a cue lies inside [begin, end) exactly when all its
// tokens do, so filtering the paragraph's cues gives what
// PredicateTable::FindCues(tokens, begin, end, kind) would, in its order.
class ParagraphCues {
 public:
  ParagraphCues(const PredicateTable& table, const std::vector<Token>& tokens)
      : token_count_(tokens.size()), by_kind_(table.FindAllCues(tokens)) {}

  // A window holds a few cues at most.
  using Cues = absl::InlinedVector<CueMatch, 4>;

  Cues Within(PredicateKind kind, std::size_t begin, std::size_t end) const {
    const std::vector<CueMatch>& all = by_kind_[static_cast<int>(kind)];
    end = std::min(end, token_count_);
    Cues inside;
    auto it = std::lower_bound(
        all.begin(), all.end(), begin,
        [](const CueMatch& cue, std::size_t first) { return cue.first_token < first; });
    for (; it != all.end() && it->first_token < end; ++it) {
      if (it->last_token < end) inside.push_back(*it);
    }
    return inside;
  }

 private:
  std::size_t token_count_;
  std::array<std::vector<CueMatch>, 3> by_kind_;  // indexed by PredicateKind
};

class ClaimExtractorImpl final : public ClaimExtractor {
 public:
  ClaimExtractorImpl(std::unique_ptr<SentenceSegmenter> segmenter,
                     std::unique_ptr<EntityTable> entities,
                     std::unique_ptr<PredicateTable> predicates,
                     std::shared_ptr<const UnitLexicon> units)
      : segmenter_(std::move(segmenter)),
        entities_(std::move(entities)),
        predicates_(std::move(predicates)),
        quantities_(std::move(units)) {}

  std::vector<ExtractedClaim> Extract(const ArticleContext& article,
                                      const std::vector<ParagraphText>& paragraphs) const override;

 private:
  struct ParagraphWork;

  void ExtractParagraph(const ArticleContext& article, const ArticleAnalysis& analysis,
                        const ParagraphAnalysis& p, const ParagraphAttribution& attribution,
                        const Entity& publisher, YenContext& yen_context,
                        std::vector<ExtractedClaim>& out) const;

  Entity Subject(const ArticleAnalysis& analysis, const ParagraphAnalysis& p,
                 const ParagraphAttribution& attribution, std::size_t expr_first_token,
                 std::size_t expr_last_token, const std::string& exclude_id) const;
  std::string QuantityPredicate(const ParagraphAnalysis& p, const ParagraphCues& cues,
                                std::size_t first, std::size_t last, const Quantity& quantity,
                                bool is_count, const PredicateRow** row) const;
  std::string StatementFor(const ClaimContent& content, const PredicateRow* row) const;
  // "approximately 6 million US dollars", "between 50 and 70 percent".
  void AppendQuantityPhrase(const Quantity& quantity, std::string* out) const;
  std::string QuantityPhrase(const Quantity& quantity) const;
  // The unit entity's name ("US dollars" for "USD"), else the unit itself:
  // a reference to `unit` then, so it must outlive the result.
  const std::string& UnitName(const std::string& unit) const;

  std::unique_ptr<SentenceSegmenter> segmenter_;
  std::unique_ptr<EntityTable> entities_;
  std::unique_ptr<PredicateTable> predicates_;
  QuantityRecognizer quantities_;
  DateRecognizer dates_;
};

Entity PublisherEntity(const ArticleContext& article) {
  Entity e;
  std::string name = article.publisher;
  if (name.empty()) {
    // Host of the URI, when there is one.
    std::string_view uri = article.uri;
    const std::size_t scheme = uri.find("://");
    if (scheme != std::string_view::npos) uri.remove_prefix(scheme + 3);
    const std::size_t slash = uri.find('/');
    name = std::string(uri.substr(0, slash));
    if (absl::StartsWith(name, "www.")) name = name.substr(4);
  }
  e.name = name;
  e.id = name.empty() ? "unattributed" : Slugify(name);
  return e;
}

// Clause start for subject search: after ';' or a contrastive conjunction.
std::size_t ClauseStart(const ParagraphAnalysis& p, std::size_t floor_token, std::size_t t) {
  for (std::size_t k = t; k > floor_token; --k) {
    const Token& token = p.tokens[k - 1];
    if (Is(token.lower, ";") || Is(token.lower, "but") || Is(token.lower, "whereas") ||
        Is(token.lower, "although") || Is(token.lower, "though") ||
        (Is(token.lower, "while") && k >= 2 && Is(p.tokens[k - 2].lower, ","))) {
      return k;
    }
  }
  return floor_token;
}

bool IsSubjectMention(const EntityMention& m) { return m.resolved(); }

// The entity without its affiliation, which describes claimants, not
// subjects (not copied only to be cleared).
Entity WithoutAffiliation(const Entity& entity) {
  Entity e;
  e.id = entity.id;
  e.name = entity.name;
  return e;
}

Entity ClaimEntity(const EntityMention& m) { return WithoutAffiliation(m.entity); }

// The paragraph's mentions from the first that starts at or after token
// `first` (mentions are ordered by position, so by first token too).
absl::Span<const EntityMention> MentionsFrom(const ParagraphAnalysis& p, std::size_t first) {
  auto it = std::lower_bound(
      p.mentions.begin(), p.mentions.end(), first,
      [](const EntityMention& m, std::size_t token) { return m.first_token < token; });
  return absl::MakeConstSpan(p.mentions.data() + (it - p.mentions.begin()),
                             static_cast<std::size_t>(p.mentions.end() - it));
}

Entity ClaimExtractorImpl::Subject(const ArticleAnalysis& analysis, const ParagraphAnalysis& p,
                                   const ParagraphAttribution& attribution, std::size_t expr_first,
                                   std::size_t expr_last, const std::string& exclude_id) const {
  const std::size_t s = p.SentenceOfToken(expr_first);
  std::size_t floor_token = p.sentence_tokens[s].first;
  if (expr_first < p.tokens.size()) {
    if (std::optional<std::size_t> scope = attribution.ScopeStartFor(p.tokens[expr_first].start)) {
      const std::size_t scope_token = p.TokenAtOrAfter(*scope);
      if (scope_token > floor_token && scope_token <= expr_first) floor_token = scope_token;
    }
  }
  const std::size_t clause = ClauseStart(p, floor_token, expr_first);
  // Relative clause "X, which ..." / "X, who ...": the antecedent.
  const EntityMention* best = nullptr;
  const EntityMention* place = nullptr;
  const EntityMention* fallback = nullptr;
  for (const EntityMention& m : MentionsFrom(p, clause)) {
    if (m.first_token >= expr_first) break;
    if (!IsSubjectMention(m) || m.entity.id == exclude_id) continue;
    // "its Atlas model", "DeepSeek's R1": the possessed thing is the subject.
    if (m.possessive) {
      const std::size_t after = m.last_token + 1;
      const int next = after < p.tokens.size() ? p.mention_at_token[after] : -1;
      const int next2 = after + 1 < p.tokens.size() ? p.mention_at_token[after + 1] : -1;
      if ((next >= 0 && p.mentions[next].first_token < expr_first) ||
          (next2 >= 0 && p.mentions[next2].first_token < expr_first && IsWord(p.tokens[after]) &&
           !p.tokens[after].capitalised)) {
        continue;
      }
    }
    if (!m.after_preposition) {
      // "Based in Ghent, Belgium, Kestrel was founded": places yield to an
      // organisation or person later in the clause.
      if (m.type == EntityType::kPlace) {
        if (place == nullptr) place = &m;
        continue;
      }
      best = &m;
      break;
    }
    // "a bonus for Ellison": a person after a preposition is not what the
    // amount is about.
    if (fallback == nullptr && m.type != EntityType::kPerson &&
        !Is(p.tokens[m.first_token - 1].lower, "by")) {
      fallback = &m;
    }
  }
  if (best == nullptr) best = place;
  if (best == nullptr && clause > floor_token) {
    // Search the sentence (or reported speech) before the clause: "X earned
    // $2m in 2023 but lost $1m in 2024". Not before the scope's start: the
    // speaker of "X said the plant cost $2m" is not what it is about.
    for (const EntityMention& m : MentionsFrom(p, floor_token)) {
      if (m.first_token >= clause) break;
      if (IsSubjectMention(m) && !m.after_preposition && m.entity.id != exclude_id) {
        best = &m;
        break;
      }
    }
  }
  if (best == nullptr) best = fallback;
  if (best == nullptr) {
    // After the expression in the same sentence: "with 36% originating in X".
    for (const EntityMention& m : MentionsFrom(p, expr_last + 1)) {
      if (m.first_token >= p.sentence_tokens[s].second) break;
      // Not the speaker of "..., said Mara Ellison": people are subjects
      // only where the sentence makes them one.
      if (IsSubjectMention(m) && m.entity.id != exclude_id && m.kind == MentionKind::kName &&
          m.type != EntityType::kPerson) {
        best = &m;
        break;
      }
    }
  }
  if (best != nullptr) return ClaimEntity(*best);
  // Last organisation mentioned before in the paragraph, as a subject ("led
  // by Halcyon Ventures" names an agent, not what the sentence is about),
  // else at all.
  for (const bool any_position : {false, true}) {
    for (auto it = p.mentions.rbegin(); it != p.mentions.rend(); ++it) {
      if (it->first_token < expr_first && it->resolved() && it->type == EntityType::kOrg &&
          (any_position || !it->after_preposition)) {
        return ClaimEntity(*it);
      }
    }
  }
  if (analysis.main_org) return *analysis.main_org;
  // Otherwise anything but a person the paragraph, then the article, names.
  for (const EntityMention& m : p.mentions) {
    if (m.resolved() && m.type != EntityType::kPerson) return ClaimEntity(m);
  }
  for (const ParagraphAnalysis& other : analysis.paragraphs) {
    for (const EntityMention& m : other.mentions) {
      if (m.resolved() && m.kind == MentionKind::kName && m.type != EntityType::kPerson) {
        return ClaimEntity(m);
      }
    }
  }
  Entity unknown;
  unknown.id = "unknown";
  unknown.name = "Unknown";
  return unknown;
}

const std::string& ClaimExtractorImpl::UnitName(const std::string& unit) const {
  if (const EntityRecord* record = entities_->FindById(unit)) return record->name;
  return unit;
}

void ClaimExtractorImpl::AppendQuantityPhrase(const Quantity& q, std::string* out) const {
  const std::string_view unit = Is(q.unit, "percent") ? std::string_view(q.unit) : UnitName(q.unit);
  if (q.bound == Bound::kRange) {
    out->append("between ");
    AppendNumber(q.value, out);
    out->append(" and ");
    AppendNumber(q.upper_value, out);
  } else {
    out->append(BoundWord(q.bound));
    AppendNumber(q.value, out);
  }
  if (!unit.empty()) {
    out->push_back(' ');
    out->append(unit);
  }
}

std::string ClaimExtractorImpl::QuantityPhrase(const Quantity& q) const {
  std::string out;
  AppendQuantityPhrase(q, &out);
  return out;
}

std::string ClaimExtractorImpl::StatementFor(const ClaimContent& content,
                                             const PredicateRow* row) const {
  const std::string& subject =
      content.subject.name.empty() ? content.subject.id : content.subject.name;
  if (row != nullptr) {
    // Fill {s} {q} {d} {o} in one pass; each value is formatted only when the
    // template asks for it.
    const std::string_view text = row->statement_template;
    std::string out;
    out.reserve(text.size() + subject.size() + 32);
    std::size_t from = 0;
    while (from < text.size()) {
      const std::size_t brace = text.find('{', from);
      if (brace == std::string_view::npos || brace + 2 >= text.size() || text[brace + 2] != '}') {
        out.append(text.substr(
            from, brace == std::string_view::npos ? std::string_view::npos : brace + 1 - from));
        if (brace == std::string_view::npos) break;
        from = brace + 1;
        continue;
      }
      out.append(text.substr(from, brace - from));
      switch (text[brace + 1]) {
        case 's':
          out.append(subject);
          break;
        case 'q':
          if (content.quantity) AppendQuantityPhrase(*content.quantity, &out);
          break;
        case 'd':
          if (content.date) AppendDate(*content.date, &out);
          break;
        case 'o':
          out.append(content.object.name.empty() ? content.object.id : content.object.name);
          break;
        default:
          out.append(text.substr(brace, 3));
          break;
      }
      from = brace + 3;
    }
    return out;
  }
  std::string predicate_words = content.predicate;
  std::replace(predicate_words.begin(), predicate_words.end(), '_', ' ');
  switch (content.kind) {
    case ClaimKind::kQuantity:
      return absl::StrCat(subject, " has ", predicate_words, " of ",
                          content.quantity ? QuantityPhrase(*content.quantity) : "", " (",
                          content.predicate, ").");
    case ClaimKind::kDate:
      return absl::StrCat(subject, " ", predicate_words, " in ",
                          content.date ? FormatDate(*content.date) : "", " (", content.predicate,
                          ").");
    case ClaimKind::kLocation:
      return absl::StrCat(subject, " is headquartered in ",
                          content.object.name.empty() ? content.object.id : content.object.name,
                          " (", content.predicate, ").");
    case ClaimKind::kComparison:
      if (content.object.id.empty()) {
        return absl::StrCat(subject, " ", predicate_words, " (", content.predicate, ").");
      }
      return absl::StrCat(subject, " ", predicate_words, " ",
                          content.object.name.empty() ? content.object.id : content.object.name,
                          " (", content.predicate, ").");
    case ClaimKind::kQuote:
      return absl::StrCat(subject, " said: \"", content.quote_text, "\"");
  }
  return "";
}

AmountClass ClassOf(const Quantity& q, bool is_count) {
  if (Is(q.unit, "percent") || Is(q.unit, "percentage-points")) return AmountClass::kPercent;
  if (Is(q.unit, "times")) return AmountClass::kTimes;
  if (is_count) return AmountClass::kCount;
  if (q.unit.size() == 3 && absl::ascii_isupper(static_cast<unsigned char>(q.unit[0])) &&
      absl::ascii_isupper(static_cast<unsigned char>(q.unit[1])) &&
      absl::ascii_isupper(static_cast<unsigned char>(q.unit[2]))) {
    return AmountClass::kMoney;
  }
  return AmountClass::kAny;
}

std::string ClaimExtractorImpl::QuantityPredicate(const ParagraphAnalysis& p,
                                                  const ParagraphCues& cues, std::size_t first,
                                                  std::size_t last, const Quantity& quantity,
                                                  bool is_count,
                                                  const PredicateRow** row_out) const {
  *row_out = nullptr;
  const AmountClass amount = ClassOf(quantity, is_count);
  const std::size_t s = p.SentenceOfToken(first);
  const std::size_t sentence_first = p.sentence_tokens[s].first;
  const std::size_t sentence_end = p.sentence_tokens[s].second;
  // Window: the clause around the amount, up to 12 words before and 10 after.
  std::size_t begin = first;
  for (int words = 0; begin > sentence_first && words < 12; --begin) {
    const Token& token = p.tokens[begin - 1];
    if (Is(token.lower, ";") || IsOpeningQuote(token.lower) || IsClosingQuote(token.lower)) break;
    if (IsWord(token)) ++words;
  }
  std::size_t end = last + 1;
  for (int words = 0; end < sentence_end && words < 10; ++end) {
    const Token& token = p.tokens[end];
    if (Is(token.lower, ";") || Is(token.lower, ",") || IsOpeningQuote(token.lower) ||
        IsClosingQuote(token.lower)) {
      break;
    }
    if (IsWord(token)) ++words;
  }
  int best_row = -1;
  for (const CueMatch& cue : cues.Within(PredicateKind::kQuantity, begin, end)) {
    if (cue.first_token >= first && cue.first_token <= last) continue;  // inside the amount
    const PredicateRow& row = predicates_->row(cue.row);
    if (row.applies_to != AmountClass::kAny && row.applies_to != amount) continue;
    if (!row.units.empty() || row.any_product) {
      const bool product = entities_->FindById(quantity.unit) != nullptr &&
                           entities_->FindById(quantity.unit)->type == EntityType::kProduct;
      if (!row.units.contains(quantity.unit) && !(row.any_product && product)) continue;
    }
    if (best_row < 0 || cue.row < best_row) best_row = cue.row;
  }
  if (best_row >= 0) {
    *row_out = &predicates_->row(best_row);
    return predicates_->row(best_row).predicate;
  }
  switch (amount) {
    case AmountClass::kMoney:
      return absl::StrCat("amount_", absl::AsciiStrToLower(quantity.unit));
    case AmountClass::kPercent:
      return "percentage";
    case AmountClass::kTimes:
      return "multiplier";
    case AmountClass::kCount:
    case AmountClass::kAny:
      break;
  }
  return quantity.unit.empty() ? "count" : absl::StrCat("count_of_", Snake(quantity.unit));
}

// Words that end a truncated noun phrase but are not nouns ("one further
// cut", "at least one smaller group").
bool IsNonNounModifier(std::string_view word) {
  static const auto* const kSet = new WordSet{
      "short",     "smaller",    "larger",   "further", "more",        "fewer",    "less",
      "other",     "additional", "new",      "extra",   "last",        "first",    "next",
      "big",       "small",      "few",      "many",    "several",     "such",     "same",
      "different", "major",      "key",      "top",     "own",         "whole",    "bigger",
      "older",     "younger",    "higher",   "lower",   "consecutive", "straight", "full",
      "entire",    "separate",   "previous", "current", "remaining",   "total",    "of",
      "per",       "a",          "an",       "the"};
  return kSet->contains(word);
}

// The lower-case head noun of a counted noun phrase ("retail customers" ->
// "customers", "Chinese firms" -> "firms", "further cut" -> "cut").
// `end_token` receives the token after the phrase actually used.
std::string HeadNoun(const ParagraphAnalysis& p, std::size_t first, std::size_t end,
                     std::size_t* end_token) {
  std::string head;
  std::size_t k = first;
  for (; k < end; ++k) {
    const Token& token = p.tokens[k];
    if (!IsWord(token)) continue;
    if (IsPreposition(token)) break;
    if (!token.has_alpha) continue;
    head = token.lower;
  }
  // Extend over one more word when A's phrase stopped at a modifier.
  if (!head.empty() && IsNonNounModifier(head) && k < p.tokens.size() && IsWord(p.tokens[k]) &&
      p.tokens[k].has_alpha && !p.tokens[k].has_digit && !p.tokens[k].capitalised &&
      !IsPreposition(p.tokens[k]) && !IsNonNounModifier(p.tokens[k].lower) &&
      !IsReportingVerb(p.tokens[k])) {
    head = p.tokens[k].lower;
    ++k;
  }
  *end_token = k;
  if (IsNonNounModifier(head)) return "";
  std::string clean;
  for (char c : head) {
    if (absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-') clean.push_back(c);
  }
  return clean;
}

// Number words, for compounds like "five-year-old".
bool IsNumberWord(std::string_view word) {
  static const auto* const kSet = new WordSet{
      "one",       "two",      "three",    "four",    "five",     "six",      "seven",   "eight",
      "nine",      "ten",      "eleven",   "twelve",  "thirteen", "fourteen", "fifteen", "sixteen",
      "seventeen", "eighteen", "nineteen", "twenty",  "thirty",   "forty",    "fifty",   "sixty",
      "seventy",   "eighty",   "ninety",   "hundred", "thousand", "million",  "billion"};
  return kSet->contains(word);
}

// The unit of a hyphenated amount: "five-year-old" -> "years", "150-seat" ->
// "seat", "16-bit" -> "bit". Empty when `token` is not such a compound.
std::string CompoundUnit(const Token& token, bool* plural_age) {
  *plural_age = false;
  const std::string_view w = token.lower;
  const std::size_t dash = FindInWord(w, '-');
  if (dash == std::string::npos) return "";
  std::vector<std::string_view> parts;
  std::size_t from = 0;
  while (from <= w.size()) {
    const std::size_t next = w.find('-', from);
    parts.push_back(std::string_view(w).substr(
        from, next == std::string::npos ? std::string::npos : next - from));
    if (next == std::string::npos) break;
    from = next + 1;
  }
  std::size_t i = 0;
  while (i < parts.size() &&
         (IsNumberWord(parts[i]) ||
          (!parts[i].empty() && std::all_of(parts[i].begin(), parts[i].end(), [](char c) {
            return absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '.' || c == ',';
          })))) {
    ++i;
  }
  if (i == 0 || i >= parts.size()) return "";
  const std::string_view unit = parts[i];
  if (unit.empty() || !absl::ascii_isalpha(static_cast<unsigned char>(unit[0]))) return "";
  if (i + 1 < parts.size() && (Is(parts[i + 1], "old") || Is(parts[i + 1], "olds"))) {
    *plural_age = Is(parts[i + 1], "olds");
    return absl::StrCat(ToAbsl(unit), "s");
  }
  return std::string(unit);
}

// "¥" without "CN"/"JP" before it.
bool IsBareYenSign(std::string_view expression) {
  const std::size_t at = expression.find("\xC2\xA5");
  if (at == std::string_view::npos) return false;
  return !(at >= 2 &&
           (expression.substr(at - 2, 2) == "CN" || expression.substr(at - 2, 2) == "JP"));
}

bool IsDurationUnit(std::string_view unit) {
  return Is(unit, "years") || Is(unit, "months") || Is(unit, "weeks") || Is(unit, "days") ||
         Is(unit, "decades") || Is(unit, "hours") || Is(unit, "year") || Is(unit, "month");
}

// Decides whether a bare "¥" is the yen (JPY) or the yuan (CNY, the
// recogniser's reading). The rule: count words that place the text in Japan
// (yen, JPY, Japan, Japanese, Tokyo, Osaka, Kyoto, Yokohama, Nagoya, Nikkei)
// and in China (yuan, renminbi, RMB, CNY, China, Chinese, Beijing, Shanghai,
// Shenzhen, Guangzhou, Hangzhou) in the sentence; if it names neither, in the
// paragraph; if neither, in the whole article with its title. "¥" is the yen
// when the Japanese words outnumber the Chinese ones there, else the yuan.
class YenContext {
 public:
  YenContext(const ArticleContext& article, const ArticleAnalysis& analysis)
      : article_(article), analysis_(analysis) {}

  bool IsJapanese(const ParagraphAnalysis& p, std::size_t first, std::size_t end) {
    int lean = 0;
    if (Lean(p.tokens, first, end, &lean)) return lean > 0;
    if (Lean(p.tokens, 0, p.tokens.size(), &lean)) return lean > 0;
    if (!article_lean_) {
      int total = 0;
      int part = 0;
      std::string lower_title;
      const std::vector<Token> title = TokenizeWords(article_.title, &lower_title);
      if (Lean(title, 0, title.size(), &part)) total += part;
      for (const ParagraphAnalysis& other : analysis_.paragraphs) {
        if (Lean(other.tokens, 0, other.tokens.size(), &part)) total += part;
      }
      article_lean_ = total;
    }
    return *article_lean_ > 0;
  }

 private:
  // Japanese minus Chinese cue words in tokens [first, end); false when
  // there are none of either.
  static bool Lean(const std::vector<Token>& tokens, std::size_t first, std::size_t end,
                   int* lean) {
    static const auto* const kJapanese =
        new WordSet{"yen",   "jpy",   "japan",    "japanese", "tokyo",
                    "osaka", "kyoto", "yokohama", "nagoya",   "nikkei"};
    static const auto* const kChinese =
        new WordSet{"yuan",    "renminbi", "rmb",      "cny",       "china",   "chinese",
                    "beijing", "shanghai", "shenzhen", "guangzhou", "hangzhou"};
    int japanese = 0;
    int chinese = 0;
    for (std::size_t k = first; k < end && k < tokens.size(); ++k) {
      if (tokens[k].kind != TokenKind::kWord || !tokens[k].has_alpha) continue;
      japanese += kJapanese->contains(tokens[k].lower) ? 1 : 0;
      chinese += kChinese->contains(tokens[k].lower) ? 1 : 0;
    }
    *lean = japanese - chinese;
    return japanese + chinese > 0;
  }

  const ArticleContext& article_;
  const ArticleAnalysis& analysis_;
  std::optional<int> article_lean_;
};

// A short quotation that names rather than quotes: a title in Title Case
// (“Chip War”) or a term introduced as one (the book “...”, so-called “...”,
// dubbed “...”).
bool IsTitleOrTerm(const ParagraphAnalysis& p, const QuoteSpan& quote) {
  bool title_case = true;
  int words = 0;
  for (std::size_t k = quote.open_token + 1; k < quote.close_token && k < p.tokens.size(); ++k) {
    const Token& token = p.tokens[k];
    if (token.kind != TokenKind::kWord) continue;
    ++words;
    if (!token.capitalised && !token.has_digit) title_case = false;
  }
  if (words > 0 && title_case) return true;
  if (quote.open_token == 0) return false;
  static const auto* const kNamingWords =
      new WordSet{"book",        "film",    "movie",     "song",  "album", "novel",  "titled",
                  "entitled",    "dubbed",  "so-called", "named", "term",  "phrase", "slogan",
                  "documentary", "podcast", "series",    "show",  "play",  "essay",  "memoir",
                  "nicknamed",   "branded", "label",     "word"};
  return kNamingWords->contains(p.tokens[quote.open_token - 1].lower);
}

// "LIMA, Feb 27 (Andes Wire) —", "BERLIN, March 3 -": a place in capitals
// opening the paragraph, a comma, the date, then a bracket or a dash.
bool IsDateline(const ParagraphAnalysis& p, std::size_t first, std::size_t last) {
  if (first < 2 || first > 5 || !Is(p.tokens[first - 1].lower, ",")) return false;
  for (std::size_t k = 0; k + 1 < first; ++k) {
    const Token& token = p.tokens[k];
    if (token.kind != TokenKind::kWord) return false;
    const std::string_view raw = p.text.substr(token.start, token.end - token.start);
    if (std::any_of(raw.begin(), raw.end(),
                    [](char c) { return absl::ascii_islower(static_cast<unsigned char>(c)); })) {
      return false;
    }
  }
  if (last + 1 >= p.tokens.size()) return false;
  const std::string_view next = p.tokens[last + 1].lower;
  return Is(next, "(") || Is(next, "-") || IsDash(next);
}

bool ParagraphIsByline(const ParagraphAnalysis& p) {
  int words = 0;
  for (const Token& token : p.tokens) words += IsWord(token) ? 1 : 0;
  if (words <= 8) return true;
  const std::string_view text = p.text;
  if (absl::StartsWith(ToAbsl(text), "By ") || absl::StartsWith(ToAbsl(text), "Photo") ||
      absl::StartsWith(ToAbsl(text), "Image")) {
    return true;
  }
  return false;
}

// Orders out[first...] by mention start, claims starting at one offset in
// the order they were emitted. Sorts indices and then moves each claim once:
// a claim is a dozen strings, too heavy to shuffle through a merge sort.
// Only the claims between the first and the last one out of place move.
void SortByStart(std::vector<ExtractedClaim>& out, std::size_t first) {
  const auto start_of = [&](std::size_t k) { return out[first + k].mention.start_offset; };
  std::vector<std::size_t> order(out.size() - first);
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return start_of(a) < start_of(b); });
  std::size_t lo = 0;
  while (lo < order.size() && order[lo] == lo) ++lo;
  if (lo == order.size()) return;
  std::size_t hi = order.size();
  while (order[hi - 1] == hi - 1) --hi;
  // order maps [lo, hi) onto itself: the claims outside stay where they are.
  // Position k takes the claim at order[k]; following each cycle of the
  // permutation moves every claim once, and one more per cycle.
  for (std::size_t k = lo; k < hi; ++k) {
    if (order[k] == k) continue;
    ExtractedClaim held = std::move(out[first + k]);
    std::size_t at = k;
    while (order[at] != k) {
      const std::size_t from = order[at];
      out[first + at] = std::move(out[first + from]);
      order[at] = at;
      at = from;
    }
    out[first + at] = std::move(held);
    order[at] = at;
  }
}

void ClaimExtractorImpl::ExtractParagraph(const ArticleContext& article,
                                          const ArticleAnalysis& analysis,
                                          const ParagraphAnalysis& p,
                                          const ParagraphAttribution& attribution,
                                          const Entity& publisher, YenContext& yen_context,
                                          std::vector<ExtractedClaim>& out) const {
  const std::vector<Token>& tokens = p.tokens;
  const std::size_t first_out = out.size();
  const ParagraphCues cues(*predicates_, tokens);

  auto emit = [&](ClaimContent content, std::size_t start, std::size_t end, std::string method,
                  const PredicateRow* row, bool default_claimant) {
    if (start >= end || end > p.text.size()) return;
    ExtractedClaim& claim = out.emplace_back();  // built in place: claims are heavy to move
    content.statement = StatementFor(content, row);
    claim.content = std::move(content);
    claim.mention.paragraph_index = p.index;
    claim.mention.start_offset = start;
    claim.mention.end_offset = end;
    claim.mention.method = std::move(method);
    const AttributionSource* source =
        default_claimant ? nullptr : attribution.SourceFor(start, end);
    if (source != nullptr) {
      claim.mention.claimant = source->claimant;
      claim.mention.cue = source->cue;
    } else {
      claim.mention.claimant = publisher;
    }
  };

  const bool byline = ParagraphIsByline(p);
  std::vector<std::pair<std::size_t, std::size_t>> quantity_spans;
  std::vector<std::pair<std::size_t, std::size_t>> percent_spans;  // "less than half"
  std::string last_count_unit;
  std::size_t last_count_sentence = 0;

  // Per sentence; declared once so their storage is reused.
  std::vector<DateMatch> extra_years;  // 4-digit years found as amounts
  std::vector<DateMatch> date_matches;
  std::vector<std::pair<std::size_t, std::size_t>> date_spans;
  std::vector<std::size_t> date_anchors;
  std::vector<QuantityMatch> amounts;
  for (std::size_t s = 0; s < p.sentences.size(); ++s) {
    const SentenceSpan& sentence = p.sentences[s];
    const std::string_view text = p.text.substr(sentence.start, sentence.end - sentence.start);
    // Plain variables, not a structured binding: lambdas below capture them
    // (capturing bindings is C++20; clang 14 rejects it in C++17).
    const std::size_t sentence_first = p.sentence_tokens[s].first;
    const std::size_t sentence_end = p.sentence_tokens[s].second;

    // --- Quantities -------------------------------------------------------
    extra_years.clear();
    // One scan for dates serves the date claims and keeps the quantity
    // recogniser off the numbers inside dates.
    date_matches.clear();
    date_spans.clear();
    p.SentenceDateAnchors(s, &date_anchors);
    dates_.FindWithSpans(
        text, article.publish_time, date_anchors, [&p, s] { return p.SentenceMayHoldFutureCue(s); },
        &date_matches, &date_spans);
    // Most sentences of news hold no number: their words say so.
    amounts.clear();
    if (p.SentenceMayHoldNumber(s, quantities_.numeral_words())) {
      amounts = quantities_.Find(text, date_spans);
    }
    for (const QuantityMatch& match : amounts) {
      const std::size_t start = sentence.start + match.start;
      const std::size_t end = sentence.start + match.end;
      if (start >= end || p.IsExcluded(start, end)) continue;
      const std::size_t first = p.TokenAtOrAfter(start);
      std::size_t last = first;
      while (last + 1 < tokens.size() && tokens[last + 1].start < end) ++last;
      if (first >= tokens.size()) continue;
      // Numbers that belong to a name ("RTX 4090", "Fortune 500").
      bool in_name = false;
      for (std::size_t k = first; k <= last; ++k) {
        const int m = p.mention_at_token[k];
        if (m >= 0 && p.mentions[m].kind == MentionKind::kName && tokens[k].has_digit) {
          in_name = true;
        }
      }
      if (in_name) continue;
      // List markers at the start of a paragraph: "1. Efficiency".
      if (start == 0 && end < p.text.size() && (p.text[end] == '.' || p.text[end] == ')') &&
          match.noun_start == match.noun_end && match.quantity.unit.empty()) {
        continue;
      }
      Quantity quantity = match.quantity;
      const bool has_noun = match.noun_end > match.noun_start;
      const bool is_count = quantity.unit.empty();
      std::size_t span_end = end;
      std::string exclude_id;
      bool compound_skip = false;
      if (is_count) {
        const std::string_view expression = p.text.substr(start, end - start);
        const std::string lower = absl::AsciiStrToLower(ToAbsl(expression));
        if (!has_noun &&
            (Is(lower, "one") || Is(lower, "a") || Is(lower, "an") || Is(lower, "a single"))) {
          continue;
        }
        const std::string_view before =
            first > sentence_first ? std::string_view(tokens[first - 1].lower) : std::string_view();
        if (Is(lower, "zero") && Is(before, "net")) continue;  // "net zero by 2050": a target name
        // "the two parties": a small spelled-out count after a determiner
        // refers back; it asserts nothing new.
        if (!tokens[first].has_digit && quantity.value <= 10 &&
            (Is(before, "the") || Is(before, "these") || Is(before, "those") ||
             Is(before, "both") || Is(before, "its") || Is(before, "their"))) {
          continue;
        }
        // "children under five", "residents under 18": an age qualifier.
        if (!has_noun && quantity.value <= 120 &&
            (absl::StartsWith(lower, "under ") || absl::StartsWith(lower, "over ") ||
             absl::StartsWith(lower, "aged "))) {
          continue;
        }
        // "founded in 1838": a year the date recogniser does not take.
        if (lower.size() == 4 &&
            std::all_of(
                lower.begin(), lower.end(),
                [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); }) &&
            quantity.value >= 1000 && quantity.value <= 2100 &&
            (Is(before, "in") || Is(before, "since") || Is(before, "by") || Is(before, "from") ||
             Is(before, "until") || Is(before, "of") || Is(before, "year"))) {
          CalendarDate year;
          year.year = static_cast<int>(quantity.value);
          year.precision = DatePrecision::kYear;
          extra_years.push_back({start, end, year, false});
          continue;
        }
        if (has_noun) {
          const std::size_t noun_start = sentence.start + match.noun_start;
          const std::size_t noun_end = sentence.start + match.noun_end;
          span_end = std::max(span_end, noun_end);
          const std::size_t noun_first = p.TokenAtOrAfter(noun_start);
          std::size_t noun_last_end = noun_first;
          while (noun_last_end < tokens.size() && tokens[noun_last_end].start < noun_end) {
            ++noun_last_end;
          }
          // A known entity in the noun phrase is the unit ("H800 chips").
          for (std::size_t k = noun_first; k < noun_last_end; ++k) {
            const int m = p.mention_at_token[k];
            if (m >= 0 && p.mentions[m].known && p.mentions[m].kind == MentionKind::kName &&
                (p.mentions[m].type == EntityType::kProduct)) {
              quantity.unit = p.mentions[m].entity.id;
              exclude_id = quantity.unit;
              break;
            }
          }
          if (quantity.unit.empty()) {
            std::size_t used_end = noun_last_end;
            quantity.unit = HeadNoun(p, noun_first, noun_last_end, &used_end);
            if (quantity.unit.empty()) {
              span_end = end;  // the "noun" was a modifier ("five short")
            } else if (used_end > noun_last_end) {
              span_end = tokens[used_end - 1].end;
            }
          }
        }
        // "five-year-old", "150-seat", "51,200-capacity".
        for (std::size_t k = first; k <= last + 1 && k < tokens.size(); ++k) {
          if (tokens[k].start > end) break;
          bool plural_age = false;
          const std::string compound = CompoundUnit(tokens[k], &plural_age);
          if (compound.empty()) continue;
          if (plural_age) {
            compound_skip = true;  // "among five-year-olds" qualifies a group
            break;
          }
          quantity.unit = compound;
          span_end = std::max(span_end, tokens[k].end);
          break;
        }
        if (compound_skip) continue;
        if (quantity.unit.empty() && !has_noun) {
          // "16 more coastal towns": a plural noun after a few modifiers.
          std::size_t k = last + 1;
          for (int words = 0; k < sentence_end && words < 4; ++k, ++words) {
            const Token& token = tokens[k];
            // "16 more Chinese firms": a capitalised adjective may stand in
            // between; a name may not.
            if (!IsWord(token) || (token.capitalised && !IsNonNameWord(token)) || token.has_digit ||
                IsPreposition(token) || IsReportingVerb(token)) {
              break;
            }
            const std::string_view w = token.lower;
            static const auto* const kNotPlural = new WordSet{
                "was",      "is",       "has",     "this",    "its",      "as",      "us",
                "always",   "perhaps",  "less",    "across",  "plus",     "thus",    "news",
                "does",     "his",      "hers",    "yes",     "whereas",  "besides", "unless",
                "various",  "previous", "serious", "famous",  "numerous", "its",     "ours",
                "theirs",   "yours",    "alas",    "gas",     "bus",      "status",  "basis",
                "analysis", "crisis",   "series",  "species", "means"};
            if (w.size() > 3 && w.back() == 's' && w[w.size() - 2] != 's' &&
                !kNotPlural->contains(w)) {
              quantity.unit = w;
              span_end = token.end;
              break;
            }
            if (Is(w, "and") || Is(w, "or") || Is(w, "but") || Is(w, "that") || Is(w, "which") ||
                Is(w, "were") || Is(w, "are") || Is(w, "had") || Is(w, "have") || Is(w, "will")) {
              break;
            }
          }
        }
        if (quantity.unit.empty() && !last_count_unit.empty() && s <= last_count_sentence + 1) {
          quantity.unit = last_count_unit;  // "10,000 units ..., at least 50,000"
        }
        if (!quantity.unit.empty()) {
          last_count_unit = quantity.unit;
          last_count_sentence = s;
        }
      }
      if (Is(quantity.unit, "CNY") && IsBareYenSign(p.text.substr(start, end - start)) &&
          yen_context.IsJapanese(p, sentence_first, sentence_end)) {
        quantity.unit = "JPY";
      }
      // "CHF 3.2 billion over ten years": right after another amount, "over"
      // a duration says during what, not "more than".
      if (quantity.bound == Bound::kMoreThan && IsDurationUnit(quantity.unit) &&
          Is(tokens[first].lower, "over") && first > sentence_first && !quantity_spans.empty() &&
          quantity_spans.back().second == tokens[first - 1].end) {
        quantity.bound = Bound::kExact;
      }
      if (quantity.bound != Bound::kRange) quantity.upper_value = quantity.value;
      std::size_t span_last = last;
      while (span_last + 1 < tokens.size() && tokens[span_last + 1].start < span_end) ++span_last;
      ClaimContent content;
      content.kind = ClaimKind::kQuantity;
      const PredicateRow* row = nullptr;
      content.predicate = QuantityPredicate(p, cues, first, span_last, quantity, is_count, &row);
      content.subject = Subject(analysis, p, attribution, first, span_last, exclude_id);
      if (Is(quantity.unit, "percent")) percent_spans.emplace_back(start, span_end);
      content.quantity = std::move(quantity);
      quantity_spans.emplace_back(start, span_end);
      emit(std::move(content), start, span_end, "quantity-recognizer", row, false);
    }

    // --- Dates --------------------------------------------------------------
    if (!byline && !p.heading) {
      for (DateMatch& match : date_matches) {
        match.start += sentence.start;
        match.end += sentence.start;
      }
      for (const DateMatch& year : extra_years) {
        bool overlaps = false;
        for (const DateMatch& match : date_matches) {
          overlaps = overlaps || (year.start < match.end && match.start < year.end);
        }
        if (!overlaps) date_matches.push_back(year);
      }
      std::sort(date_matches.begin(), date_matches.end(),
                [](const DateMatch& a, const DateMatch& b) { return a.start < b.start; });
      for (const DateMatch& match : date_matches) {
        const std::size_t start = match.start;
        const std::size_t end = match.end;
        if (start >= end || p.IsExcluded(start, end)) continue;
        const std::size_t first = p.TokenAtOrAfter(start);
        std::size_t last = first;
        while (last + 1 < tokens.size() && tokens[last + 1].start < end) ++last;
        if (first >= tokens.size()) continue;
        // Framing, not a claim: "As of January 2025, ..."; a dateline
        // ("LIMA, Feb 27 (Wire) —").
        if (first >= sentence_first + 2 && Is(tokens[first - 1].lower, "of") &&
            Is(tokens[first - 2].lower, "as")) {
          continue;
        }
        if (IsDateline(p, first, last)) continue;
        // Window for the event cue: 8 words either side within the sentence.
        std::size_t begin = first;
        for (int words = 0; begin > sentence_first && words < 8; --begin) {
          if (Is(tokens[begin - 1].lower, ";")) break;
          if (IsWord(tokens[begin - 1])) ++words;
        }
        std::size_t stop = last + 1;
        for (int words = 0; stop < sentence_end && words < 8; ++stop) {
          if (Is(tokens[stop].lower, ";")) break;
          if (IsWord(tokens[stop])) ++words;
        }
        const PredicateRow* row = nullptr;
        int best = -1;
        std::size_t best_distance = 0;
        for (const CueMatch& cue : cues.Within(PredicateKind::kDate, begin, stop)) {
          const std::size_t distance =
              cue.last_token < first ? first - cue.last_token : cue.first_token - last;
          if (best < 0 || distance < best_distance) {
            best = cue.row;
            best_distance = distance;
          }
        }
        ClaimContent content;
        content.kind = ClaimKind::kDate;
        if (best >= 0) {
          row = &predicates_->row(best);
          content.predicate = row->predicate;
        } else {
          // The nearest past-tense verb before the date, else "date".
          std::string verb;
          for (std::size_t k = first; k > begin; --k) {
            const Token& token = tokens[k - 1];
            if (IsWord(token) && !token.capitalised && token.lower.size() > 4 &&
                absl::EndsWith(ToAbsl(token.lower), "ed") && !token.has_digit) {
              verb = token.lower;
              break;
            }
          }
          content.predicate = verb.empty() ? "event_date" : Snake(verb);
        }
        content.subject = Subject(analysis, p, attribution, first, last, "");
        content.date = match.date;
        emit(std::move(content), start, end, "date-recognizer", row, false);
      }
    }

    // --- Locations, comparisons: token patterns ----------------------------
    for (std::size_t t = sentence_first; t < sentence_end; ++t) {
      const Token& token = tokens[t];
      if (!IsWord(token)) continue;
      const std::string_view w = token.lower;

      // "Hangzhou-based", "Rotterdam-headquartered".
      const std::size_t hyphen = token.has_hyphen ? w.rfind('-') : std::string_view::npos;
      if (hyphen != std::string::npos && hyphen > 0 && token.capitalised &&
          (absl::EndsWith(ToAbsl(w), "-based") || absl::EndsWith(ToAbsl(w), "-headquartered"))) {
        const std::string_view place_text =
            p.text.substr(token.start, hyphen);  // bytes: lower has same length as raw for ASCII
        Entity place;
        const int m = p.mention_at_token[t];
        if (m >= 0 && p.mentions[m].type == EntityType::kPlace) {
          place = ClaimEntity(p.mentions[m]);
        } else if (const EntityRecord* record = entities_->Lookup(place_text)) {
          place.id = record->id;
          place.name = record->name;
        } else {
          place.id = Slugify(place_text);
          place.name = std::string(place_text);
        }
        // What the compound modifies: "Tessera, a Kanazawa-based designer",
        // "the Beijing-based startup 01.AI", "Hangzhou-based DeepSeek".
        Entity subject;
        bool appositive = false;
        std::size_t k = t;
        if (k >= 2 &&
            (Is(tokens[k - 1].lower, "a") || Is(tokens[k - 1].lower, "an") ||
             Is(tokens[k - 1].lower, "the")) &&
            Is(tokens[k - 2].lower, ",")) {
          if (k >= 3) {
            std::size_t name_end = k - 3;
            // "the Glacier Monitoring Network (GLAMON), a Zurich-based ...".
            if (Is(tokens[name_end].lower, ")")) {
              while (name_end > sentence_first && !Is(tokens[name_end].lower, "(")) {
                --name_end;
              }
              if (name_end > sentence_first) --name_end;
            }
            const int before = p.mention_at_token[name_end];
            if (before >= 0 && p.mentions[before].resolved()) {
              subject = ClaimEntity(p.mentions[before]);
              appositive = true;
            }
          }
        }
        if (subject.id.empty()) {
          for (std::size_t j = t + 1; j < sentence_end && j <= t + 5; ++j) {
            const int after = p.mention_at_token[j];
            if (after >= 0 && p.mentions[after].resolved() &&
                p.mentions[after].type != EntityType::kPlace) {
              subject = ClaimEntity(p.mentions[after]);
              break;
            }
            if (!IsWord(tokens[j])) break;
          }
        }
        if (subject.id.empty()) {
          const int own = t > 0 ? p.mention_at_token[t - 1] : -1;
          if (own >= 0 && p.mentions[own].kind == MentionKind::kDescription &&
              p.mentions[own].resolved()) {
            subject = ClaimEntity(p.mentions[own]);
          }
        }
        if (subject.id.empty()) subject = Subject(analysis, p, attribution, t, t, place.id);
        ClaimContent content;
        content.kind = ClaimKind::kLocation;
        content.predicate = "headquartered_in";
        content.subject = subject;
        content.object = place;
        emit(std::move(content), token.start,
             token.start + hyphen + 6 + (absl::EndsWith(ToAbsl(w), "-headquartered") ? 8 : 0),
             "location-pattern", nullptr, appositive);
        continue;
      }
      // "based in X", "headquartered in X", "headquarters in X".
      if ((Is(w, "based") || Is(w, "headquartered") || Is(w, "headquarters")) &&
          t + 2 < sentence_end && Is(tokens[t + 1].lower, "in")) {
        const int m = p.mention_at_token[t + 2];
        if (m < 0 || p.mentions[m].first_token != t + 2 ||
            (p.mentions[m].type != EntityType::kPlace && p.mentions[m].known)) {
          continue;
        }
        const EntityMention& place_mention = p.mentions[m];
        Entity subject;
        if (t == sentence_first ||
            (t > sentence_first && !IsWord(tokens[t - 1]) && t - 1 == sentence_first)) {
          // "Based in Hangzhou, China, it was founded ...": the main clause's subject.
          for (const EntityMention& after : p.mentions) {
            if (after.first_token <= place_mention.last_token) continue;
            if (after.first_token >= sentence_end) break;
            if (after.resolved() && after.type != EntityType::kPlace) {
              subject = ClaimEntity(after);
              break;
            }
          }
        }
        if (subject.id.empty())
          subject = Subject(analysis, p, attribution, t, t, place_mention.entity.id);
        ClaimContent content;
        content.kind = ClaimKind::kLocation;
        content.predicate = "headquartered_in";
        content.subject = subject;
        content.object = ClaimEntity(place_mention);
        emit(std::move(content), token.start, place_mention.end, "location-pattern", nullptr,
             false);
        t = place_mention.last_token;
        continue;
      }
    }

    // Comparisons.
    const ParagraphCues::Cues verb_cues =
        cues.Within(PredicateKind::kComparison, sentence_first, sentence_end);
    std::size_t covered_until = sentence_first;
    auto overlaps_quantity = [&](std::size_t a, std::size_t b) {
      for (const auto& [qs, qe] : quantity_spans) {
        if (a < qe && qs < b) return true;
      }
      return false;
    };
    auto object_after = [&](std::size_t from, const std::string& subject_id) {
      Entity object;
      for (std::size_t j = from; j < sentence_end && j < from + 8; ++j) {
        if (Is(tokens[j].lower, ",") || Is(tokens[j].lower, ";")) break;
        const int m = p.mention_at_token[j];
        if (m >= 0 && p.mentions[m].resolved() && p.mentions[m].entity.id != subject_id &&
            p.mentions[m].kind != MentionKind::kPronoun) {
          object = ClaimEntity(p.mentions[m]);
          break;
        }
      }
      return object;
    };
    auto emit_comparison = [&](std::size_t first, std::size_t last, std::string predicate,
                               const PredicateRow* row) {
      if (first < covered_until) return;
      const std::size_t start = tokens[first].start;
      const std::size_t end = tokens[last].end;
      if (p.IsExcluded(start, end)) return;
      ClaimContent content;
      content.kind = ClaimKind::kComparison;
      content.predicate = std::move(predicate);
      content.subject = Subject(analysis, p, attribution, first, last, "");
      content.object = object_after(last + 1, content.subject.id);
      emit(std::move(content), start, end, "comparison-pattern", row, false);
      covered_until = last + 1;
    };
    std::size_t next_cue = 0;
    for (std::size_t t = sentence_first; t < sentence_end; ++t) {
      while (next_cue < verb_cues.size() && verb_cues[next_cue].first_token < t) ++next_cue;
      if (next_cue < verb_cues.size() && verb_cues[next_cue].first_token == t) {
        const CueMatch& cue = verb_cues[next_cue];
        // The first (longest, earliest-row) cue at this token.
        const CueMatch* chosen = &cue;
        for (std::size_t c = next_cue; c < verb_cues.size() && verb_cues[c].first_token == t; ++c) {
          if (verb_cues[c].row < chosen->row ||
              (verb_cues[c].row == chosen->row && verb_cues[c].last_token > chosen->last_token)) {
            chosen = &verb_cues[c];
          }
        }
        // A cue word used as a noun or with an amount ("matches" in "3 matches").
        const std::size_t after = chosen->last_token + 1;
        const bool object_follows =
            after < sentence_end && IsWord(tokens[after]) && !IsPreposition(tokens[after]) &&
            !Is(tokens[after].lower, "and") && !Is(tokens[after].lower, "or") &&
            !IsReportingVerb(tokens[after]);
        // A verb, not a noun: "R1 rivals o1", "which outperforms", "is
        // comparable to"; not "US rival X", "Rival Qianfeng".
        bool verb_position = !tokens[t].capitalised && t > sentence_first;
        if (verb_position) {
          const Token& before = tokens[t - 1];
          const int m = p.mention_at_token[t - 1];
          static const auto* const kBeforeVerb = new WordSet{
              "which",         "that",         "who",        "also",        "even",     "now",
              "already",       "still",        "and",        "or",          "to",       "could",
              "can",           "may",          "might",      "will",        "would",    "does",
              "did",           "do",           "largely",    "roughly",     "closely",  "easily",
              "significantly", "is",           "are",        "was",         "were",     "be",
              "been",          "remain",       "remains",    "appear",      "appears",  "seem",
              "seems",         "it",           "they",       "models",      "model",    "products",
              "systems",       "chips",        "prices",     "sales",       "shares",   "stock",
              "revenue",       "growth",       "demand",     ",",           "far",      "well",
              "easily",        "consistently", "reportedly", "comfortably", "narrowly", "clearly"};
          if (m >= 0) {
            verb_position = !p.mentions[m].possessive;
          } else {
            verb_position = kBeforeVerb->contains(before.lower) ||
                            (before.lower.size() > 3 && absl::EndsWith(ToAbsl(before.lower), "ly"));
          }
        }
        if (verb_position && object_follows &&
            !overlaps_quantity(tokens[t].start, tokens[chosen->last_token].end)) {
          std::size_t last = chosen->last_token;
          // Include the compared thing's first words for a readable span.
          for (std::size_t j = after; j < sentence_end && j <= after + 3; ++j) {
            if (!IsWord(tokens[j])) break;
            last = j;
            if (p.mention_at_token[j] >= 0) {
              last = p.mentions[p.mention_at_token[j]].last_token;
              break;
            }
          }
          const PredicateRow& row = predicates_->row(chosen->row);
          emit_comparison(t, last, row.predicate, &row);
          t = std::max(t, chosen->last_token);
          continue;
        }
      }
      const Token& token = tokens[t];
      if (!IsWord(token)) continue;
      const std::string_view w = token.lower;
      // Superlatives: "the largest", "its highest quarterly total",
      // "second-largest lender", "most valuable".
      std::string_view super = w;
      const std::size_t dash = token.has_hyphen ? FindInWord(w, '-') : std::string_view::npos;
      bool ordinal_prefix = false;
      if (dash != std::string::npos) {
        const std::string_view prefix = std::string_view(w).substr(0, dash);
        if (Is(prefix, "second") || Is(prefix, "third") || Is(prefix, "fourth") ||
            Is(prefix, "fifth")) {
          super = std::string_view(w).substr(dash + 1);
          ordinal_prefix = true;
        }
      }
      const bool maybe_superlative =
          absl::EndsWith(ToAbsl(super), "est") || absl::EndsWith(ToAbsl(super), "ever") ||
          Is(super, "best") || Is(super, "worst") ||
          (token.has_hyphen && FindInWord(super, '-') != std::string_view::npos);
      const bool is_superlative = maybe_superlative && Superlatives().contains(super);
      const bool most = (Is(w, "most") || Is(w, "least")) && t + 1 < sentence_end &&
                        IsWord(tokens[t + 1]) && !tokens[t + 1].capitalised &&
                        !IsPreposition(tokens[t + 1]) && !Is(tokens[t + 1].lower, "likely") &&
                        !Is(tokens[t + 1].lower, "recently") && !Is(tokens[t + 1].lower, "often") &&
                        t > sentence_first &&
                        (Is(tokens[t - 1].lower, "the") || tokens[t - 1].possessive ||
                         Is(tokens[t - 1].lower, "its") || Is(tokens[t - 1].lower, "their"));
      if ((is_superlative && t > sentence_first &&
           (Is(tokens[t - 1].lower, "the") || tokens[t - 1].possessive ||
            Is(tokens[t - 1].lower, "its") || Is(tokens[t - 1].lower, "their") || ordinal_prefix ||
            Is(tokens[t - 1].lower, "most"))) ||
          most) {
        std::size_t last = most ? t + 1 : t;
        // The noun it qualifies: up to 3 following words.
        for (std::size_t j = last + 1; j < sentence_end && j <= last + 3; ++j) {
          if (!IsWord(tokens[j]) || IsPreposition(tokens[j]) || Is(tokens[j].lower, "and") ||
              Is(tokens[j].lower, "since") || Is(tokens[j].lower, "that") || tokens[j].has_digit) {
            break;
          }
          last = j;
        }
        std::string words =
            most ? absl::StrCat(ToAbsl(w), "_", ToAbsl(tokens[t + 1].lower)) : std::string(w);
        emit_comparison(t, last, absl::StrCat("superlative_", Snake(words)), nullptr);
        continue;
      }
      // Records: "a record", "a national record", "record high".
      if (Is(w, "record") && t > sentence_first &&
          (Is(tokens[t - 1].lower, "a") || Is(tokens[t - 1].lower, "national") ||
           Is(tokens[t - 1].lower, "all-time") || Is(tokens[t - 1].lower, "new") ||
           Is(tokens[t - 1].lower, "world")) &&
          !(t + 1 < sentence_end && IsWord(tokens[t + 1]) && !tokens[t + 1].has_digit &&
            !Is(tokens[t + 1].lower, "high") && !Is(tokens[t + 1].lower, "low") &&
            !Is(tokens[t + 1].lower, "level"))) {
        std::size_t first = t - 1;
        if (first > sentence_first && Is(tokens[first - 1].lower, "a")) --first;
        if (first > sentence_first && Is(tokens[first - 1].lower, "to")) --first;
        emit_comparison(first, t, "record", nullptr);
        continue;
      }
      // Comparatives with "than": "lower than rival", "more first-time
      // buyers than", "more than any other player".
      if (Is(w, "than") && t > sentence_first) {
        // Not "more than 600": that bound belongs to the amount.
        if (t + 1 < sentence_end && overlaps_quantity(tokens[t + 1].start, tokens[t + 1].end) &&
            overlaps_quantity(tokens[t - 1].start, tokens[t - 1].end)) {
          continue;
        }
        if (overlaps_quantity(tokens[t].start, tokens[t].end)) continue;
        const std::string_view previous = tokens[t - 1].lower;
        if (Is(previous, "rather") || Is(previous, "other")) continue;
        // Idioms that compare with an expectation, not a claim's object.
        if (t + 1 < sentence_end) {
          const std::string_view next = tokens[t + 1].lower;
          if (Is(next, "expected") || Is(next, "anticipated") || Is(next, "forecast") ||
              Is(next, "planned") || Is(next, "feared") || Is(next, "hoped") || Is(next, "usual") ||
              Is(next, "intended") || Is(next, "previously")) {
            continue;
          }
        }
        std::size_t comparative = t;
        for (std::size_t j = t; j > sentence_first && j + 5 > t; --j) {
          const std::string_view cw = tokens[j - 1].lower;
          if (!IsWord(tokens[j - 1])) break;
          if (MoreWords().contains(cw) || LessWords().contains(cw)) {
            comparative = j - 1;
            break;
          }
        }
        if (comparative == t) continue;
        if (overlaps_quantity(tokens[comparative].start, tokens[t].end)) continue;
        std::size_t last = t;
        for (std::size_t j = t + 1; j < sentence_end && j <= t + 2; ++j) {
          if (!IsWord(tokens[j])) break;
          last = j;
        }
        const std::string_view cw = tokens[comparative].lower;
        emit_comparison(comparative, last, LessWords().contains(cw) ? "falls_below" : "exceeds",
                        nullptr);
        t = last;
        continue;
      }
      // "above average", "below normal", "short of a majority", "behind
      // leaders X", "above the EU": not before a number (that is a bound).
      if ((Is(w, "above") || Is(w, "below") || Is(w, "short") || Is(w, "behind")) &&
          t + 1 < sentence_end && !token.capitalised) {
        std::size_t k = t + 1;
        // "behind" compares only in standings ("five points behind leaders X").
        if (Is(w, "behind") &&
            !(t > sentence_first &&
              (overlaps_quantity(tokens[t - 1].start, tokens[t - 1].end) ||
               Is(tokens[t - 1].lower, "points") || Is(tokens[t - 1].lower, "well") ||
               Is(tokens[t - 1].lower, "far") || Is(tokens[t - 1].lower, "just")))) {
          continue;
        }
        if (Is(w, "short")) {
          if (!Is(tokens[k].lower, "of")) continue;
          ++k;
        }
        if (k >= sentence_end || !IsWord(tokens[k])) continue;
        if (overlaps_quantity(tokens[k].start, tokens[k].end) ||
            overlaps_quantity(tokens[t].start, tokens[t].end)) {
          // "comfortably above the 11 per cent minimum" is a comparison;
          // "above 5%" is a bound.
          if (!(Is(tokens[k].lower, "the") || Is(tokens[k].lower, "its"))) continue;
          if (overlaps_quantity(tokens[t].start, tokens[t].end)) continue;
        }
        std::size_t first = t;
        if (first > sentence_first &&
            (Is(tokens[first - 1].lower, "well") || Is(tokens[first - 1].lower, "comfortably") ||
             Is(tokens[first - 1].lower, "far") || Is(tokens[first - 1].lower, "just") ||
             Is(tokens[first - 1].lower, "slightly") ||
             Is(tokens[first - 1].lower, "significantly"))) {
          --first;
        }
        std::size_t last = k;
        if (Is(tokens[k].lower, "the") || Is(tokens[k].lower, "a") || Is(tokens[k].lower, "its")) {
          if (k + 1 < sentence_end && IsWord(tokens[k + 1])) last = k + 1;
        }
        const bool more = Is(w, "above");
        emit_comparison(first, last, more ? "exceeds" : "falls_below", nullptr);
        t = last;
        continue;
      }
      // "as energy-efficient as its current product".
      if (Is(w, "as") && t + 3 < sentence_end &&
          (Is(tokens[t + 1].lower, "many") || Is(tokens[t + 1].lower, "much")) &&
          (Is(tokens[t + 2].lower, "as") || Is(tokens[t + 3].lower, "as"))) {
        std::size_t last = Is(tokens[t + 2].lower, "as") ? t + 2 : t + 3;
        // "as many as 4.2 million customers" bounds an amount.
        if (overlaps_quantity(tokens[t].start, tokens[last].end) ||
            (last + 1 < sentence_end &&
             overlaps_quantity(tokens[last + 1].start, tokens[last + 1].end))) {
          t = last;
          continue;
        }
        for (std::size_t j = last + 1; j < sentence_end && j <= last + 3; ++j) {
          if (!IsWord(tokens[j])) break;
          last = j;
          if (p.mention_at_token[j] >= 0) break;
        }
        emit_comparison(t, last, "matches", nullptr);
        t = last;
        continue;
      }
      if (Is(w, "as") && t + 2 < sentence_end && IsWord(tokens[t + 1]) &&
          Is(tokens[t + 2].lower, "as") && !tokens[t + 1].has_digit &&
          !Is(tokens[t + 1].lower, "well") && !Is(tokens[t + 1].lower, "long") &&
          !Is(tokens[t + 1].lower, "soon") && !Is(tokens[t + 1].lower, "much") &&
          !Is(tokens[t + 1].lower, "many") && !Is(tokens[t + 1].lower, "far") &&
          !Is(tokens[t + 1].lower, "such")) {
        std::size_t last = t + 2;
        for (std::size_t j = t + 3; j < sentence_end && j <= t + 6; ++j) {
          if (!IsWord(tokens[j])) break;
          last = j;
        }
        emit_comparison(t, last, "matches", nullptr);
        t = last;
        continue;
      }
      // "twice the annual water consumption", "100 times Tessera's sales".
      // Not "less than half the coffee": a share of a whole (a percentage)
      // compares with nothing.
      const bool share =
          Is(w, "half") && std::any_of(percent_spans.begin(), percent_spans.end(),
                                       [&](const std::pair<std::size_t, std::size_t>& q) {
                                         return token.start < q.second && q.first < token.end;
                                       });
      if ((Is(w, "twice") || Is(w, "times") || Is(w, "half")) && !share && t + 1 < sentence_end &&
          (Is(tokens[t + 1].lower, "the") || tokens[t + 1].possessive ||
           (p.mention_at_token[t + 1] >= 0 && p.mentions[p.mention_at_token[t + 1]].possessive))) {
        std::size_t last = t + 1;
        for (std::size_t j = t + 2; j < sentence_end && j <= t + 4; ++j) {
          if (!IsWord(tokens[j])) break;
          last = j;
        }
        covered_until = std::min(covered_until, t);
        const std::size_t saved = covered_until;
        covered_until = t;
        emit_comparison(t, last, "multiple_of", nullptr);
        if (covered_until == t) covered_until = saved;
        t = last;
        continue;
      }
    }
  }

  // --- Quotes -----------------------------------------------------------
  for (const QuoteSpan& quote : attribution.quotes) {
    if (quote.content_end <= quote.content_start) continue;
    const AttributionSource* speaker =
        quote.speaker ? &*quote.speaker
                      : attribution.SourceFor(quote.content_start, quote.content_end);
    if (speaker == nullptr || speaker->claimant.id.empty()) continue;
    // Named next to the quote or by reported speech around it: any length
    // ("called the upgrade “broadly in line”"); carried over: full sentences.
    const bool direct = quote.speaker_source == QuoteSpan::SpeakerSource::kAdjacent ||
                        quote.speaker_source == QuoteSpan::SpeakerSource::kScope;
    const int min_words = direct ? 2 : 6;
    if (quote.word_count < min_words) continue;
    if (quote.word_count < 6 && IsTitleOrTerm(p, quote)) continue;
    std::string text =
        FoldWhitespace(p.text.substr(quote.content_start, quote.content_end - quote.content_start));
    while (!text.empty() && (text.back() == ',' || text.back() == ' ')) text.pop_back();
    if (text.empty()) continue;
    ClaimContent content;
    content.kind = ClaimKind::kQuote;
    content.predicate = "said";
    content.subject = WithoutAffiliation(speaker->claimant);
    content.quote_text = std::move(text);
    ExtractedClaim& claim = out.emplace_back();
    content.statement = StatementFor(content, nullptr);
    claim.content = std::move(content);
    claim.mention.paragraph_index = p.index;
    claim.mention.start_offset = quote.content_start;
    claim.mention.end_offset = quote.content_end;
    claim.mention.claimant = speaker->claimant;
    claim.mention.cue = speaker->cue;
    claim.mention.method = "quote-pattern";
  }

  SortByStart(out, first_out);
}

std::vector<ExtractedClaim> ClaimExtractorImpl::Extract(
    const ArticleContext& article, const std::vector<ParagraphText>& paragraphs) const {
  std::vector<std::pair<int, std::string_view>> input;
  input.reserve(paragraphs.size());
  for (const ParagraphText& paragraph : paragraphs)
    input.emplace_back(paragraph.index, paragraph.text);
  const ArticleAnalysis analysis = AnalyzeArticle(input, *entities_, *segmenter_, article.title);
  std::vector<ExtractedClaim> claims;
  // Claims are heavy to move as the vector grows; news text yields up to
  // about two per sentence.
  std::size_t sentences = 0;
  for (const ParagraphAnalysis& p : analysis.paragraphs) sentences += p.sentences.size();
  claims.reserve(2 * sentences);
  YenContext yen_context(article, analysis);
  const Entity publisher = PublisherEntity(article);
  std::optional<AttributionSource> open_quote_speaker;
  for (const ParagraphAnalysis& p : analysis.paragraphs) {
    const ParagraphAttribution attribution =
        AttributeParagraph(p, open_quote_speaker ? &*open_quote_speaker : nullptr);
    open_quote_speaker.reset();
    if (!attribution.quotes.empty() && attribution.quotes.back().close_token >= p.tokens.size() &&
        attribution.quotes.back().speaker) {
      open_quote_speaker = attribution.quotes.back().speaker;
    }
    ExtractParagraph(article, analysis, p, attribution, publisher, yen_context, claims);
  }
  return claims;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ClaimExtractor>> ClaimExtractor::Create(
    const ExtractorOptions& options) {
  absl::StatusOr<std::unique_ptr<SentenceSegmenter>> segmenter = SentenceSegmenter::Create();
  if (!segmenter.ok()) return segmenter.status();
  std::unique_ptr<EntityTable> entities;
  std::unique_ptr<PredicateTable> predicates;
  std::shared_ptr<const UnitLexicon> units;
  if (options.data_dir.empty()) {
    entities = EntityTable::Default();
    predicates = PredicateTable::Default();
    units = UnitLexicon::Default();
  } else {
    absl::StatusOr<std::unique_ptr<EntityTable>> loaded_entities =
        EntityTable::Load(absl::StrCat(options.data_dir, "/entity_aliases.tsv"));
    if (!loaded_entities.ok()) return loaded_entities.status();
    entities = *std::move(loaded_entities);
    const std::string predicates_path = absl::StrCat(options.data_dir, "/predicates.tsv");
    if (FileExists(predicates_path)) {
      absl::StatusOr<std::unique_ptr<PredicateTable>> loaded =
          PredicateTable::Load(predicates_path);
      if (!loaded.ok()) return loaded.status();
      predicates = *std::move(loaded);
    } else {
      predicates = PredicateTable::Default();  // optional file
    }
    absl::StatusOr<std::shared_ptr<const UnitLexicon>> loaded_units =
        UnitLexicon::Load(absl::StrCat(options.data_dir, "/units.tsv"));
    if (!loaded_units.ok()) return loaded_units.status();
    units = *std::move(loaded_units);
  }
  return std::unique_ptr<ClaimExtractor>(new ClaimExtractorImpl(
      *std::move(segmenter), std::move(entities), std::move(predicates), std::move(units)));
}

std::string ClaimId(const ClaimContent& content) {
  std::string key = absl::StrCat("claim/v1|", KindId(content.kind), "|", content.subject.id, "|",
                                 content.predicate, "|");
  if (content.quantity) {
    const Quantity& q = *content.quantity;
    const double upper = q.bound == Bound::kRange ? q.upper_value : q.value;
    absl::StrAppend(&key, absl::StrFormat("%.6g", Round6(q.value)), "|",
                    absl::StrFormat("%.6g", Round6(upper)), "|", BoundId(q.bound), "|", q.unit);
  } else {
    absl::StrAppend(&key, "|||");
  }
  absl::StrAppend(&key, "|", content.object.id, "|");
  if (content.date) absl::StrAppend(&key, DateId(*content.date));
  absl::StrAppend(&key, "|", content.quote_text);
  return common::Sha256Hex(key).substr(0, 16);
}

}  // namespace claimtrace::claims
