#include "claims_service/extraction/attribution.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "claims_service/extraction/string_views.h"

namespace claimtrace::claims {
namespace {

using Tokens = std::vector<Token>;

bool IsWord(const Token& token) { return token.kind == TokenKind::kWord; }

bool IsPunct(const Token& token, std::string_view s) {
  return token.kind == TokenKind::kPunctuation && token.lower == s;
}

bool IsOpenMark(const Tokens& tokens, std::size_t t) {
  const Token& token = tokens[t];
  if (token.kind != TokenKind::kPunctuation) return false;
  if (Is(token.lower, "\xE2\x80\x9C") || Is(token.lower, "\xC2\xAB")) return true;
  if (Is(token.lower, "\"")) {
    // A straight quote opens when preceded by space (or nothing) and
    // followed by text without space.
    const bool next_glued = t + 1 < tokens.size() && !tokens[t + 1].space_before;
    return (token.space_before || t == 0) && next_glued;
  }
  return false;
}

bool IsCloseMark(const Tokens& tokens, std::size_t t) {
  const Token& token = tokens[t];
  if (token.kind != TokenKind::kPunctuation) return false;
  if (Is(token.lower, "\xE2\x80\x9D") || Is(token.lower, "\xC2\xBB")) return true;
  return Is(token.lower, "\"");
}

// Words that may stand between a source and its reporting verb.
bool IsSkippableBeforeCue(std::string_view w) {
  static const auto* const kSet = new WordSet{
      "also",       "has",          "had",        "have",       "previously", "recently", "later",
      "once",       "reportedly",   "publicly",   "repeatedly", "further",    "then",     "now",
      "separately", "additionally", "earlier",    "already",    "would",      "will",     "may",
      "might",      "could",        "often",      "first",      "last",       "has also", "still",
      "openly",     "privately",    "frequently", "always",     "long",       "even",     "too",
      "herself",    "himself",      "itself",     "themselves", "had",        "did",      "does",
      "do",         "just"};
  return kSet->contains(w);
}

bool IsSourceType(const EntityMention& m) {
  if (!m.resolved()) return false;
  if (m.kind == MentionKind::kGroup) return true;
  return m.type == EntityType::kPerson || m.type == EntityType::kOrg ||
         m.type == EntityType::kPublication || m.type == EntityType::kInstitution ||
         m.type == EntityType::kPlace;  // "China said", "Washington argues"
}

AttributionSource SourceOf(const EntityMention& m, std::string cue) {
  AttributionSource source;
  source.claimant = m.entity;
  source.cue = std::move(cue);
  return source;
}

// The mention ending at token `t`, or -1.
int MentionEndingAt(const ParagraphAnalysis& p, std::size_t t) {
  const int m = p.mention_at_token[t];
  if (m < 0 || p.mentions[m].last_token != t) return -1;
  return m;
}

// "Adrian Cox and Jane Roe wrote": prefer the first of coordinated people.
int FirstOfCoordination(const ParagraphAnalysis& p, int m) {
  const EntityMention& mention = p.mentions[m];
  if (mention.first_token < 2) return m;
  const std::size_t k = mention.first_token - 1;
  if (!Is(p.tokens[k].lower, "and")) return m;
  const int before = MentionEndingAt(p, k - 1);
  if (before >= 0 && p.mentions[before].type == mention.type && IsSourceType(p.mentions[before])) {
    return before;
  }
  return m;
}

// The start of a description in front of a source's name: "the national
// weather service Meteoperu", "the Deccan Rail Development Corporation".
// Returns the determiner's token, or `first` when there is none.
std::size_t DescriptionStart(const ParagraphAnalysis& p, std::size_t first,
                             std::size_t sentence_first) {
  std::size_t k = first;
  for (int steps = 0; k > sentence_first && steps < 5; ++steps) {
    const Token& token = p.tokens[k - 1];
    if (!IsWord(token) || p.mention_at_token[k - 1] >= 0) break;
    if (Is(token.lower, "the") || Is(token.lower, "a") || Is(token.lower, "an")) {
      return k - 1;
    }
    if (!token.starts_lower || token.has_digit || IsPreposition(token) || IsReportingVerb(token) ||
        Is(token.lower, "and") || Is(token.lower, "or") || Is(token.lower, "that") ||
        Is(token.lower, "which") || Is(token.lower, "who")) {
      break;
    }
    --k;
  }
  return first;
}

// The source of a reporting verb at token `cue` written before it ("X said",
// "X, a professor at Y, said", "X, which claims"). -1 when there is none.
// `group_start` receives the first token of the source phrase.
int SourceBefore(const ParagraphAnalysis& p, std::size_t cue, std::size_t sentence_first,
                 std::size_t* group_start) {
  if (cue == 0 || cue <= sentence_first) return -1;
  std::size_t k = cue - 1;
  while (k > sentence_first && IsWord(p.tokens[k]) && IsSkippableBeforeCue(p.tokens[k].lower) &&
         p.mention_at_token[k] < 0) {
    --k;
  }
  // "the Deccan Rail Development Corporation (DRDC) told"
  if (IsPunct(p.tokens[k], ")")) {
    std::size_t j = k;
    while (j > sentence_first && !IsPunct(p.tokens[j], "(") && k - j < 8) --j;
    if (IsPunct(p.tokens[j], "(") && j > sentence_first) k = j - 1;
  }
  int m = MentionEndingAt(p, k);
  if (m >= 0) {
    if (p.mentions[m].possessive && p.mentions[m].kind != MentionKind::kPronoun) return -1;
    if (p.mentions[m].possessive) return -1;  // "its claims", "his notes"
    if (!IsSourceType(p.mentions[m])) return -1;
    // "the number of analysts said"? a source after a preposition is not the
    // subject of the verb, except in "according to".
    if (p.mentions[m].after_preposition && p.mentions[m].kind != MentionKind::kPronoun) {
      const std::string_view prep = p.tokens[p.mentions[m].first_token - 1].lower;
      // "a survey by Meridian Research shows"
      if (!Is(prep, "as") && !Is(prep, "like") && !Is(prep, "by")) return -1;
    }
    m = FirstOfCoordination(p, m);
    *group_start = DescriptionStart(p, p.mentions[m].first_token, sentence_first);
    return m;
  }
  // ", which claims" / ", who said"
  if (IsWord(p.tokens[k]) && (Is(p.tokens[k].lower, "which") || Is(p.tokens[k].lower, "who")) &&
      k >= 2 && Is(p.tokens[k - 1].lower, ",")) {
    const int before = MentionEndingAt(p, k - 2);
    if (before >= 0 && IsSourceType(p.mentions[before])) {
      *group_start = p.mentions[before].first_token;
      return before;
    }
    return -1;
  }
  // Appositive: "X, a former employee at Y, told ...", also when the
  // appositive ends in a quotation: "X, the author of “Chip War,” told".
  if (IsCloseMark(p.tokens, k) && k > 0 && Is(p.tokens[k - 1].lower, ",")) --k;
  if (Is(p.tokens[k].lower, ",")) {
    const std::size_t limit = k > 40 ? k - 40 : 0;
    for (std::size_t j = k; j > std::max(limit, sentence_first); --j) {
      if (!Is(p.tokens[j - 1].lower, ",")) continue;
      if (j - 1 == k) continue;
      if (j < 2) break;
      const int before = MentionEndingAt(p, j - 2);
      if (before >= 0 && IsSourceType(p.mentions[before]) && !p.mentions[before].possessive &&
          (p.mentions[before].type == EntityType::kPerson ||
           p.mentions[before].kind == MentionKind::kName)) {
        const int first = FirstOfCoordination(p, before);
        *group_start = p.mentions[first].first_token;
        return first;
      }
    }
  }
  return -1;
}

// The source right after a reporting verb ("says Wang", "said Tufts
// University professor Thomas Cao", "said authority chair Mirjam de Wit",
// "said Dr Tomasz Wierzbicki"); -1 when there is none. Prefers a person.
int SourceAfter(const ParagraphAnalysis& p, std::size_t after, std::size_t sentence_end) {
  if (after >= sentence_end) return -1;
  int first_source = -1;
  std::size_t k = after;
  for (int steps = 0; k < sentence_end && steps < 7; ++steps) {
    const int m = p.mention_at_token[k];
    if (m >= 0) {
      const EntityMention& mention = p.mentions[m];
      if (mention.type == EntityType::kPerson && IsSourceType(mention)) return m;
      if (first_source < 0 && IsSourceType(mention) && mention.first_token == after) {
        first_source = m;
      }
      k = mention.last_token + 1;
      continue;
    }
    const Token& token = p.tokens[k];
    if (!IsWord(token)) {
      if (Is(token.lower, ".")) {  // "Dr." / "Mr."
        ++k;
        continue;
      }
      break;
    }
    if (IsReportingVerb(token) || Is(token.lower, "that")) break;
    ++k;
  }
  return first_source;
}

// Auxiliaries and common verbs that mark a clause rather than a noun phrase.
bool IsFiniteVerb(std::string_view w) {
  static const auto* const kSet = new WordSet{
      "is",    "are",  "was",     "were",   "has",  "have", "had",  "will", "would", "can",
      "could", "may",  "might",   "should", "must", "does", "did",  "do",   "says",  "said",
      "shows", "show", "remains", "remain", "rose", "fell", "grew", "lost", "gained"};
  return kSet->contains(w);
}

std::size_t SkipAppositive(const ParagraphAnalysis& p, std::size_t t, std::size_t sentence_end,
                           bool any_noun_phrase = false) {
  // After a source: ", an AI researcher at X," -> position after it; with
  // `any_noun_phrase`, also ", a Zurich-based consortium of universities".
  if (t < sentence_end && Is(p.tokens[t].lower, ",")) {
    std::size_t k = t + 1;
    bool role = false;
    const bool determiner =
        k < sentence_end && (Is(p.tokens[k].lower, "a") || Is(p.tokens[k].lower, "an") ||
                             Is(p.tokens[k].lower, "the") || Is(p.tokens[k].lower, "which") ||
                             Is(p.tokens[k].lower, "who"));
    // A clause is not an appositive: "according to X, the region has ...".
    bool clause = false;
    for (; k < sentence_end && k < t + 30; ++k) {
      if (Is(p.tokens[k].lower, ",") || IsDash(p.tokens[k].lower)) break;
      if (!IsWord(p.tokens[k])) continue;
      if (IsRoleWord(p.tokens[k].lower)) role = true;
      if (p.tokens[k].has_digit || IsFiniteVerb(p.tokens[k].lower)) clause = true;
    }
    if (role || (any_noun_phrase && determiner && !clause && k < sentence_end)) return k;
  }
  return t;
}

// Number of word tokens in [a, b).
int WordsBetween(const Tokens& tokens, std::size_t a, std::size_t b) {
  int n = 0;
  for (std::size_t k = a; k < b && k < tokens.size(); ++k) n += IsWord(tokens[k]) ? 1 : 0;
  return n;
}

struct CueGroup {
  std::size_t group_first = 0;    // first token of source+cue phrase
  std::size_t group_last = 0;     // last token of the phrase (incl. source after cue)
  std::size_t content_after = 0;  // first token of forward content
  bool backward = false;
  bool forward = false;
  AttributionSource source;
};

bool BeforeIsBreak(const Tokens& tokens, std::size_t t) {
  if (t == 0) return false;
  const Token& before = tokens[t - 1];
  return IsPunct(before, ",") || IsCloseMark(tokens, t - 1) || IsDash(before.lower) ||
         IsPunct(before, ";");
}

// Reported speech in one sentence (outside quotes handled separately).
void FindCueGroups(const ParagraphAnalysis& p, std::size_t first, std::size_t end,
                   const std::vector<unsigned char>& in_quote, std::vector<CueGroup>& groups) {
  const Tokens& tokens = p.tokens;
  for (std::size_t c = first; c < end; ++c) {
    if (in_quote[c] || !IsWord(tokens[c])) continue;
    const std::string_view w = tokens[c].lower;
    const bool according_to = Is(w, "according") && c + 1 < end && Is(tokens[c + 1].lower, "to");
    // Most words are no cue: tested before a group (four strings) is built.
    if (!according_to && !IsReportingVerb(tokens[c])) continue;
    CueGroup group;
    if (according_to) {
      // First source-like mention in the phrase, up to a comma.
      int chosen = -1;
      std::size_t k = c + 2;
      for (; k < end && !IsPunct(tokens[k], ",") && !IsPunct(tokens[k], ";"); ++k) {
        const int m = p.mention_at_token[k];
        if (m >= 0 && IsSourceType(p.mentions[m]) && p.mentions[m].type != EntityType::kPlace) {
          if (chosen < 0 ||
              (p.mentions[chosen].kind != MentionKind::kName &&
               p.mentions[m].kind == MentionKind::kName) ||
              (p.mentions[chosen].type != EntityType::kPerson &&
               p.mentions[m].type == EntityType::kPerson &&
               p.mentions[m].kind == MentionKind::kName)) {
            chosen = m;  // "according to Lagoa president Artur Meireles"
          }
          if (p.mentions[chosen].type == EntityType::kPerson &&
              p.mentions[chosen].kind == MentionKind::kName) {
            break;
          }
        }
      }
      // "according to its chief negotiator, Pieter Vos": the named person.
      if (k + 1 < end && IsPunct(tokens[k], ",") &&
          (chosen < 0 || p.mentions[chosen].kind != MentionKind::kName)) {
        const int m = p.mention_at_token[k + 1];
        if (m >= 0 && p.mentions[m].first_token == k + 1 &&
            p.mentions[m].type == EntityType::kPerson && IsSourceType(p.mentions[m])) {
          chosen = m;
        }
      }
      std::size_t phrase_end = 0;
      if (chosen >= 0) {
        group.source = SourceOf(p.mentions[chosen], "according to");
        phrase_end = p.mentions[chosen].last_token + 1;
      } else {
        // "according to figures from the national statistics office": a
        // lower-case body named by its last word.
        std::size_t last_word = k;
        while (last_word > c + 2 && !IsWord(tokens[last_word - 1])) --last_word;
        if (last_word <= c + 2) continue;
        const std::string_view head = tokens[last_word - 1].lower;
        static const auto* const kBodies = new WordSet{
            "office",     "agency",    "ministry",   "bureau",      "authority",  "department",
            "institute",  "regulator", "government", "council",     "commission", "association",
            "federation", "union",     "police",     "researchers", "analysts",   "officials",
            "experts",    "survey",    "watchdog",   "statistics"};
        if (!kBodies->contains(head)) continue;
        std::size_t phrase_first = c + 2;
        for (std::size_t j = c + 2; j + 1 < last_word; ++j) {
          const std::string_view w2 = tokens[j].lower;
          if (Is(w2, "from") || Is(w2, "by") || Is(w2, "of") || Is(w2, "the") || Is(w2, "a") ||
              Is(w2, "an")) {
            phrase_first = j + 1;
          }
        }
        std::string name;
        for (std::size_t j = phrase_first; j < last_word; ++j) {
          if (!IsWord(tokens[j])) continue;
          if (!name.empty()) name.push_back(' ');
          name.append(p.text.substr(tokens[j].start, tokens[j].end - tokens[j].start));
        }
        if (name.empty()) continue;
        group.source.claimant.id = Slugify(name);
        group.source.claimant.name = name;
        group.source.cue = "according to";
        phrase_end = last_word;
      }
      group.group_first = c;
      while (phrase_end < end && !IsPunct(tokens[phrase_end], ",") &&
             !IsPunct(tokens[phrase_end], ";") && !IsPunct(tokens[phrase_end], ".")) {
        ++phrase_end;
      }
      phrase_end = SkipAppositive(p, phrase_end, end, /*any_noun_phrase=*/true);
      group.group_last = phrase_end > c ? phrase_end - 1 : c;
      const bool at_start = WordsBetween(tokens, first, c) <= 1;
      group.forward = at_start || WordsBetween(tokens, phrase_end, end) >= 3;
      group.backward = !at_start;
      group.content_after = phrase_end;
      groups.push_back(std::move(group));
      c = group.group_last;
      continue;
    }
    std::size_t group_start = c;
    int source = SourceBefore(p, c, first, &group_start);
    std::size_t after = c + 1;
    bool conjoined = false;
    bool conjoined_stance = false;
    if (source < 0) {
      // "X wants A, and says B": the sentence's subject speaks.
      std::size_t k = c;
      while (k > first && IsWord(tokens[k - 1]) && IsSkippableBeforeCue(tokens[k - 1].lower)) --k;
      static const auto* const kStance = new WordSet{
          "wants",     "want",     "wanted",   "expects",   "expected",  "plans",  "planned",
          "hopes",     "believes", "predicts", "forecasts", "warns",     "argues", "insists",
          "estimates", "projects", "aims",     "intends",   "seeks",     "calls",  "confirmed",
          "confirms",  "reported", "reports",  "announced", "announces", "says",   "said",
          "urged",     "urges",    "proposed", "proposes",  "claims",    "claimed"};
      bool stance = false;
      for (std::size_t j = first; j + 1 < k; ++j)
        stance = stance || kStance->contains(tokens[j].lower);
      // Any clause may precede "and": "X raised prices by 15% and said ...";
      // only a stance ("X expects A and says B") is asserted by X too.
      conjoined_stance = stance;
      if (k > first + 2 && Is(tokens[k - 1].lower, "and") && groups.empty()) {
        for (const EntityMention& m : p.mentions) {
          if (m.first_token < first) continue;
          if (m.first_token >= k) break;
          if (!m.after_preposition && IsSourceType(m) && !m.possessive) {
            source = static_cast<int>(&m - p.mentions.data());
            conjoined = true;
          }
          break;
        }
      }
    }
    if (source >= 0) {
      group.source = SourceOf(p.mentions[source], std::string(w));
      // "told BI that", "told reporters": skip the listener.
      if (Is(w, "told") || Is(w, "tells")) {
        if (after < end && p.mention_at_token[after] >= 0) {
          after = p.mentions[p.mention_at_token[after]].last_token + 1;
        } else {
          // "told reporters", "told a parliamentary committee on Tuesday".
          while (after < end && IsWord(tokens[after]) && after < c + 5 &&
                 !Is(tokens[after].lower, "that") && !IsPreposition(tokens[after]) &&
                 p.mention_at_token[after] < 0) {
            ++after;
          }
        }
      }
    } else {
      // Inverted: "..., says X" / "“...,” said X"; "told X" names a listener.
      const bool inverted_position = BeforeIsBreak(tokens, c) || c == first;
      if (!inverted_position || Is(w, "told") || Is(w, "tells")) continue;
      source = SourceAfter(p, c + 1, end);
      if (source < 0) continue;
      group.source = SourceOf(p.mentions[source], std::string(w));
      after = SkipAppositive(p, p.mentions[source].last_token + 1, end);
      group_start = c;
    }
    group.group_first = conjoined ? c : group_start;
    group.group_last = after > 0 ? after - 1 : c;
    // Content after: "that ...", ": ...", "— ...", or a clause; not an
    // adjunct like "in a 2024 interview".
    std::size_t k = after;
    bool separated = false;
    while (k < end &&
           (IsPunct(tokens[k], ",") || IsPunct(tokens[k], ":") || IsDash(tokens[k].lower))) {
      separated = true;
      ++k;
    }
    bool forward = false;
    // "said on Monday that ...": a short adjunct before "that".
    for (std::size_t j = k; j < end && j < k + 7; ++j) {
      if (!IsWord(tokens[j]) && !IsPunct(tokens[j], ",")) break;
      if (Is(tokens[j].lower, "that") && j > k) {
        k = j;
        break;
      }
    }
    if (k < end && IsWord(tokens[k])) {
      const std::string_view next = tokens[k].lower;
      forward = Is(next, "that") || Is(next, "to") || !IsPreposition(next);
      if (Is(next, "that")) ++k;
    }
    if (WordsBetween(tokens, k, end) < 2) forward = false;
    group.forward = forward;
    group.content_after = k;
    // Content before: "..., X said" -- unless the content follows directly
    // ("Two weeks ago, X announced that ...").
    const bool direct_forward = forward && !separated;
    group.backward =
        ((conjoined && conjoined_stance) ||
         (!conjoined && BeforeIsBreak(tokens, group.group_first) && !direct_forward)) &&
        WordsBetween(tokens, first, group.group_first) >= 3;
    if (group.backward || group.forward) groups.push_back(std::move(group));
    c = std::max(c, group.group_last);
  }
}

}  // namespace

const QuoteSpan* ParagraphAttribution::QuoteContaining(std::size_t start, std::size_t end) const {
  for (const QuoteSpan& quote : quotes) {
    if (start >= quote.content_start && end <= quote.content_end) return &quote;
  }
  return nullptr;
}

const AttributionSource* ParagraphAttribution::SourceFor(std::size_t start, std::size_t end) const {
  if (const QuoteSpan* quote = QuoteContaining(start, end);
      quote != nullptr && quote->speaker.has_value()) {
    return &*quote->speaker;
  }
  const AttributionScope* best = nullptr;
  for (const AttributionScope& scope : scopes) {
    if (start >= scope.start && end <= scope.end) {
      if (best == nullptr || scope.end - scope.start < best->end - best->start) best = &scope;
    }
  }
  return best == nullptr ? nullptr : &best->source;
}

std::optional<std::size_t> ParagraphAttribution::ScopeStartFor(std::size_t offset) const {
  std::optional<std::size_t> result;
  std::size_t width = 0;
  for (const AttributionScope& scope : scopes) {
    if (offset >= scope.start && offset < scope.end) {
      if (!result || scope.end - scope.start < width) {
        result = scope.start;
        width = scope.end - scope.start;
      }
    }
  }
  return result;
}

ParagraphAttribution AttributeParagraph(const ParagraphAnalysis& p,
                                        const AttributionSource* previous_speaker) {
  ParagraphAttribution result;
  const Tokens& tokens = p.tokens;
  const std::size_t n = tokens.size();
  std::vector<unsigned char> in_quote(n, 0);  // bytes: read for every token

  // 1. Quotation marks.
  std::size_t t = 0;
  while (t < n) {
    if (!IsOpenMark(tokens, t)) {
      ++t;
      continue;
    }
    std::size_t close = t + 1;
    while (close < n && !IsCloseMark(tokens, close)) ++close;
    QuoteSpan quote;
    quote.open_token = t;
    quote.close_token = close;
    quote.content_start = tokens[t].end;
    quote.content_end = close < n ? tokens[close].start : p.text.size();
    quote.word_count = WordsBetween(tokens, t + 1, close);
    for (std::size_t k = t; k < close && k < n; ++k) in_quote[k] = 1;
    if (close < n) in_quote[close] = 1;
    result.quotes.push_back(quote);
    t = close + 1;
  }

  // 2. Speakers named next to quotes.
  for (QuoteSpan& quote : result.quotes) {
    const std::size_t close = quote.close_token;
    // After the closing mark: "“...,” says X", "“...,” X said", "“...”
    // chief executive X (...) told Y".
    if (close < n) {
      std::size_t k = close + 1;
      while (k < n && IsPunct(tokens[k], ",")) ++k;
      const std::size_t sentence_end =
          p.sentence_tokens[p.SentenceOfToken(std::min(k, n - 1))].second;
      const std::size_t limit = std::max(sentence_end, std::min(n, k + 12));
      if (k < n && IsWord(tokens[k]) && IsReportingVerb(tokens[k])) {
        const int source = SourceAfter(p, k + 1, limit);
        if (source >= 0) quote.speaker = SourceOf(p.mentions[source], std::string(tokens[k].lower));
      } else {
        // Scan a few words for a source followed by a reporting verb.
        std::size_t j = k;
        for (int steps = 0; j < limit && steps < 10 && !quote.speaker; ++steps) {
          const int m = p.mention_at_token[j];
          if (m >= 0) {
            std::size_t c = p.mentions[m].last_token + 1;
            // "(周浩然)": a parenthesis after the name.
            if (c < n && IsPunct(tokens[c], "(")) {
              while (c < n && !IsPunct(tokens[c], ")")) ++c;
              if (c < n) ++c;
            }
            c = SkipAppositive(p, c, limit);
            while (c < n && IsWord(tokens[c]) && IsSkippableBeforeCue(tokens[c].lower)) ++c;
            if (c < n && IsWord(tokens[c]) && IsReportingVerb(tokens[c]) &&
                IsSourceType(p.mentions[m]) && !p.mentions[m].possessive) {
              quote.speaker = SourceOf(p.mentions[m], std::string(tokens[c].lower));
              break;
            }
            j = p.mentions[m].last_token + 1;
            continue;
          }
          if (!IsWord(tokens[j]) && !IsPunct(tokens[j], ".")) break;
          if (IsWord(tokens[j]) && (IsReportingVerb(tokens[j]) || IsPreposition(tokens[j]))) {
            break;
          }
          ++j;
        }
      }
    }
    // Before the opening mark: "X said: “...”", "X told Reuters, “...”",
    // "X wrote in a note published Monday: “...”".
    if (!quote.speaker && quote.open_token > 0) {
      const std::size_t sentence_first =
          p.sentence_tokens[p.SentenceOfToken(quote.open_token)].first;
      std::size_t k = quote.open_token;
      const bool introduced = IsPunct(tokens[k - 1], ":") || IsPunct(tokens[k - 1], ",");
      for (int steps = 0; k > sentence_first && steps < (introduced ? 20 : 3); ++steps) {
        --k;
        if (IsCloseMark(tokens, k)) break;
        if (!IsWord(tokens[k]) || !IsReportingVerb(tokens[k])) continue;
        std::size_t group_start = k;
        const int source = SourceBefore(p, k, sentence_first, &group_start);
        if (source >= 0) {
          quote.speaker = SourceOf(p.mentions[source], std::string(tokens[k].lower));
          break;
        }
      }
    }
    if (quote.speaker) quote.speaker_source = QuoteSpan::SpeakerSource::kAdjacent;
  }

  // 3. Reported speech, sentence by sentence.
  for (const auto& [first, end] : p.sentence_tokens) {
    std::vector<CueGroup> groups;
    FindCueGroups(p, first, end, in_quote, groups);
    const std::size_t sentence_start = first < n ? tokens[first].start : p.text.size();
    const std::size_t sentence_end = end > 0 && end <= n ? tokens[end - 1].end : p.text.size();
    std::size_t previous_end = sentence_start;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const CueGroup& group = groups[g];
      const std::size_t group_start_byte = tokens[group.group_first].start;
      bool pushed_backward = false;
      if (group.backward && group_start_byte > previous_end) {
        result.scopes.push_back({previous_end, group_start_byte, group.source});
        pushed_backward = true;
      }
      if (group.forward && group.content_after < end) {
        const std::size_t from = tokens[group.content_after].start;
        std::size_t to = sentence_end;
        if (g + 1 < groups.size()) to = tokens[groups[g + 1].group_first].start;
        if (to > from) result.scopes.push_back({from, to, group.source});
        previous_end = to;
      } else {
        // "..., the company said on Wednesday.": the whole tail is theirs.
        std::size_t to = sentence_end;
        if (g + 1 < groups.size()) to = tokens[groups[g + 1].group_first].start;
        if (pushed_backward && to > group_start_byte) result.scopes.back().end = to;
        previous_end = std::max(to, tokens[std::min(group.group_last, n - 1)].end);
      }
    }
  }

  // 4. Quotes inside reported speech take its source ("X said that only
  // “front-row players” ..."); others continue the paragraph's previous
  // speaker ("“A,” he said. “B.”"), or the previous paragraph's when it
  // ended inside a quotation.
  const AttributionSource* last = previous_speaker;
  for (QuoteSpan& quote : result.quotes) {
    if (!quote.speaker) {
      const AttributionScope* best = nullptr;
      for (const AttributionScope& scope : result.scopes) {
        if (quote.content_start >= scope.start && quote.content_start < scope.end &&
            (best == nullptr || scope.end - scope.start < best->end - best->start)) {
          best = &scope;
        }
      }
      if (best != nullptr) {
        quote.speaker = best->source;
        quote.speaker_source = QuoteSpan::SpeakerSource::kScope;
      } else if (last != nullptr) {
        quote.speaker = *last;
        quote.speaker_source = QuoteSpan::SpeakerSource::kPrevious;
      }
    }
    if (quote.speaker) last = &*quote.speaker;
  }
  return result;
}

}  // namespace claimtrace::claims
