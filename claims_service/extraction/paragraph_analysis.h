// The per-article analysis every claim builder reads: tokens, sentences and
// entity mentions of each paragraph, with names resolved across the article
// (surnames to full names, pronouns and "the company" to antecedents) and the
// article's main organisation.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_PARAGRAPH_ANALYSIS_H_
#define CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_PARAGRAPH_ANALYSIS_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "claims_service/claim_model.h"
#include "claims_service/extraction/entity_table.h"
#include "claims_service/extraction/sentence_segmenter.h"
#include "claims_service/extraction/string_views.h"
#include "claims_service/extraction/word_tokenizer.h"

namespace claimtrace::claims {

enum class MentionKind {
  kName,         // a known entity or a capitalised name
  kPronoun,      // he, she, it, its, they, ...
  kDescription,  // "the company", "the Hangzhou-based startup"
  kGroup,        // "analysts", "experts", "officials": unnamed sources
};

struct EntityMention {
  std::size_t first_token = 0;  // inclusive token range
  std::size_t last_token = 0;
  std::size_t start = 0;  // byte span in the paragraph
  std::size_t end = 0;
  Entity entity;  // resolved entity; empty id when a pronoun has no antecedent
  EntityType type = EntityType::kOrg;
  MentionKind kind = MentionKind::kName;
  bool known = false;              // from the entity table
  bool after_preposition = false;  // "in China", "of OpenAI": not a subject
  bool possessive = false;         // "DeepSeek's"
  bool resolved() const { return !entity.id.empty(); }
};

struct ParagraphAnalysis {
  int index = 0;
  std::string_view text;
  std::vector<Token> tokens;
  // Lower-cased copies of the tokens that were not lower case already (the
  // tokens' `lower` views point here or into `text`); on the heap so the
  // views survive moves and copies of the analysis.
  std::shared_ptr<std::string> lower_text;
  std::vector<SentenceSpan> sentences;
  // Per sentence, its tokens [first, second).
  std::vector<std::pair<std::size_t, std::size_t>> sentence_tokens;
  // Per sentence, whether a word of those tokens has an ASCII digit.
  std::vector<bool> sentence_has_digit;
  std::vector<EntityMention> mentions;  // ordered by position
  std::vector<int> mention_at_token;    // token -> covering mention or -1
  // Byte spans that never yield claims: URLs and Markdown link targets.
  std::vector<std::pair<std::size_t, std::size_t>> excluded;
  bool heading = false;  // a title-case heading line

  // Sentence index containing token `t`.
  std::size_t SentenceOfToken(std::size_t t) const;
  // First token whose end is after byte `offset` (tokens.size() if none).
  std::size_t TokenAtOrAfter(std::size_t offset) const;
  bool IsExcluded(std::size_t start, std::size_t end) const;
  // The date anchors of sentence `s` (DateRecognizer::AppendAnchors over
  // the sentence's text; offsets into it), for DateRecognizer::FindWithSpans.
  // Most words are decided by their cached classes; only numbers, words with
  // other characters ("mid-March", "Monday’s") and words cut by the
  // sentence's ends are scanned. Every ASCII letter and digit lies in a word
  // token, save the s of a possessive, which never anchors a date.
  void SentenceDateAnchors(std::size_t s, std::vector<std::size_t>* anchors) const;
  // False when sentence `s` holds no ASCII digit and none of
  // `numeral_words` (QuantityRecognizer::numeral_words) as a whole run of
  // ASCII letters, so FindNumbers would find nothing in it. Read from the
  // tokens: a word of ASCII letters by one lookup of its lower-case text, any
  // other word by its runs of ASCII letters; true for a word cut by the
  // sentence's ends and for a punctuation token that took an ASCII byte
  // (invalid UTF-8).
  bool SentenceMayHoldNumber(std::size_t s, const WordSet& numeral_words) const;
  // False when no word of sentence `s`, as the DateRecognizer splits words,
  // is one of DateRecognizer::FutureCueWords(), so its tense check would
  // find no cue. Read from the tokens as SentenceMayHoldNumber reads them.
  bool SentenceMayHoldFutureCue(std::size_t s) const;
};

struct ArticleAnalysis {
  std::vector<ParagraphAnalysis> paragraphs;
  // The organisation the article is about: the most mentioned one in the
  // body, where the title's subject counts one and a half mentions and wins
  // ties (so with no organisation named in the body, the title's). Unset when
  // neither names one. "the company", "it" and subjectless amounts fall back
  // to it.
  std::optional<Entity> main_org;
};

// Lower-case words that introduce reported speech ("said", "estimates").
bool IsReportingVerb(std::string_view lower);
// The same for tokens of an analysed paragraph (uses the cached word classes).
bool IsReportingVerb(const Token& token);
bool IsPreposition(const Token& token);
// "ceo", "professor", "analyst", ...: words that describe a person's role.
bool IsRoleWord(std::string_view lower);
// "in", "of", "at", ...
bool IsPreposition(std::string_view lower);
// Words that are capitalised without being names: "The", "Chinese",
// "January", "CEO" (uses the cached word classes).
bool IsNonNameWord(const Token& token);

// Runs the analysis. `paragraphs` are (index, text) pairs; the views must
// outlive the result. `title` (may be empty) yields no mentions of its own
// but is evidence for names and for the main organisation.
ArticleAnalysis AnalyzeArticle(const std::vector<std::pair<int, std::string_view>>& paragraphs,
                               const EntityTable& entities, const SentenceSegmenter& segmenter,
                               std::string_view title = {});

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_PARAGRAPH_ANALYSIS_H_
