// Decides what each paragraph of an article is: body text, heading, metadata
// (title, URL, date, byline), boilerplate (ads, prompts, captions, credits,
// comment sections) or a block quote / bullet list. Works in two steps:
// ParagraphClassifier::Shape looks at one paragraph alone; ClassifyParagraphs
// then uses the position of each shape in the article (head, title, tail).
#ifndef CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_PARAGRAPH_CLASSIFIER_H_
#define CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_PARAGRAPH_CLASSIFIER_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "provenance_service/article/article_parser.h"
#include "provenance_service/article/metadata_reader.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace claimtrace::provenance {

// The boilerplate phrase list; file format in data/boilerplate_phrases.txt:
//   phrase      the paragraph starts with the phrase (paragraphs <= 300 bytes)
//   = phrase    the paragraph is the phrase (trailing . : ! … and arrows ignored)
//   ~ phrase    the phrase occurs anywhere in the paragraph (<= 600 bytes)
//   ! phrase    the paragraph is the phrase and opens a trailing section
//               (comments): once body text has been seen, it and every later
//               paragraph are boilerplate.
// Matching ignores case, surrounding white space and Markdown emphasis, a list
// marker and link brackets; a space in a phrase matches any white space.
struct BoilerplatePhrases {
  std::vector<std::string> prefix;
  std::vector<std::string> whole;
  std::vector<std::string> anywhere;
  std::vector<std::string> section_start;
};

// Parses the file format above. INVALID_ARGUMENT (with the line number) for a
// marker without a phrase.
absl::StatusOr<BoilerplatePhrases> ParseBoilerplatePhrases(std::string_view file_text);
// Reads and parses a phrase file; NOT_FOUND when it cannot be read.
absl::StatusOr<BoilerplatePhrases> LoadBoilerplatePhrases(const std::string& path);
// The list compiled in: the text of data/boilerplate_phrases.txt, embedded at
// build time.
const BoilerplatePhrases& BuiltInBoilerplatePhrases();

// What a paragraph looks like on its own.
enum class ParagraphForm {
  kProse,            // ordinary text (may still be a heading or the title)
  kMarkdownHeading,  // "# Text"
  kListOrQuote,      // "> quote", "- item", "* item"
  kUrlLine,          // only a URL or a Markdown link
  kDateLine,         // a stand-alone date (with time, labels, a name)
  kBylineLine,       // "By Jane Doe"
  kBoilerplate,      // phrase list or structural boilerplate
  kSectionStart,     // opens a comment section ("Comments")
};

struct ParagraphShape {
  ParagraphForm form = ParagraphForm::kProse;
  bool single_line = true;
  // Prose only: a short line without final sentence punctuation that starts
  // with a capital or digit (a section heading).
  bool heading_like = false;
  // Prose only: a single line of up to 30 words not ending in '.', ',', ';'
  // or ':' (a candidate for the article title).
  bool title_like = false;
  // Prose only: a heading-like line that reads as a name list ("Ana Ruiz in
  // Madrid"); a byline when it sits right above a date line in the head.
  bool name_like = false;
  int word_count = 0;                 // words of prose up to 300 bytes, else 0
  std::string_view heading_text;      // kMarkdownHeading: text without the #s
  std::optional<std::string> url;     // kUrlLine
  std::optional<DateLine> date;       // kDateLine
  std::optional<std::string> byline;  // kBylineLine
};

// True for shapes that never share a paragraph with neighbouring lines in a
// blank-line separated block (headings, URL/date/byline lines, boilerplate).
bool StandsAlone(const ParagraphShape& shape);

class ParagraphClassifier {
 public:
  // INVALID_ARGUMENT when the phrases cannot be compiled.
  static absl::StatusOr<std::unique_ptr<ParagraphClassifier>> Create(
      const BoilerplatePhrases& phrases);
  ~ParagraphClassifier();

  // The shape of `paragraph` (verbatim text, one or more lines). Cost is
  // bounded per paragraph: pattern tests run only on short paragraphs.
  // Views in the result point into `paragraph`. Thread-safe.
  ParagraphShape Shape(std::string_view paragraph) const;

 private:
  ParagraphClassifier() = default;
  bool IsBoilerplate(std::string_view paragraph, std::string_view phrase_text) const;
  bool IsSectionStart(std::string_view phrase_text) const;

  std::unique_ptr<re2::RE2> prefix_re_;
  std::unique_ptr<re2::RE2> whole_re_;
  std::unique_ptr<re2::RE2> anywhere_re_;
  std::unique_ptr<re2::RE2> section_start_re_;
};

struct ArticleClassification {
  std::vector<ParagraphKind> kinds;  // one per shape
  int title_index = -1;              // the title paragraph, or -1
  int byline_index = -1;             // a name line above a head date line (METADATA), or -1
  std::size_t head_end = 0;          // paragraphs [0, head_end) are the head
};

// Paragraphs before the third body paragraph, at most this many, are the head
// where the title, URL, date and byline are looked for.
inline constexpr std::size_t kMaxHeadParagraphs = 12;

// Gives every paragraph its kind from its shape and position: the first
// title-like paragraph of the head before any body text is the title
// (METADATA); a name line right above a date line of the head is a byline
// (METADATA); later short lines are HEADINGs; a comment-section opener after
// body text makes the rest BOILERPLATE.
ArticleClassification ClassifyParagraphs(const std::vector<ParagraphShape>& shapes);

}  // namespace claimtrace::provenance

#endif  // CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_PARAGRAPH_CLASSIFIER_H_
