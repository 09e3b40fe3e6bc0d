// Reads a raw article (UTF-8 plain text or light Markdown) into verbatim,
// classified paragraphs and metadata: what provenance stores and what claim
// extraction reads. Plain C++; knows nothing of gRPC.
#ifndef CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_ARTICLE_PARSER_H_
#define CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_ARTICLE_PARSER_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace claimtrace::provenance {

// Mirrors claimtrace.provenance.v1.ParagraphKind.
enum class ParagraphKind { kBody, kHeading, kMetadata, kBoilerplate, kQuoteBlock };

// Whether claims are read from paragraphs of this kind: BODY and QUOTE_BLOCK.
bool IsExtractable(ParagraphKind kind);

// "BODY", "HEADING", "METADATA", "BOILERPLATE", "QUOTE_BLOCK" (for logs and
// test messages).
const char* ParagraphKindName(ParagraphKind kind);

enum class FieldSource { kNone, kGiven, kInferred };

struct ArticleMetadata {
  std::string uri;
  std::string title;
  std::string publisher;
  std::string byline;
  std::string language;
  std::optional<absl::Time> publish_time;
  // Filled by the parser: kGiven for fields the caller set, kInferred for
  // fields read from the text (or publisher from the URL host), kNone else.
  FieldSource uri_source = FieldSource::kNone;
  FieldSource title_source = FieldSource::kNone;
  FieldSource publisher_source = FieldSource::kNone;
  FieldSource byline_source = FieldSource::kNone;
  FieldSource language_source = FieldSource::kNone;
  FieldSource publish_time_source = FieldSource::kNone;
};

struct ParsedParagraph {
  int index = 0;     // from 0, in order
  std::string text;  // verbatim (line endings normalised to \n), no
                     // leading/trailing blank lines
  ParagraphKind kind = ParagraphKind::kBody;
  std::size_t article_offset = 0;  // byte offset of `text` in normalized_text
  std::string sha256;              // lower-case hex SHA-256 of `text`
};

struct ParsedArticle {
  std::string normalized_text;  // input with \r\n and \r turned into \n
  std::string content_sha256;   // lower-case hex SHA-256 of normalized_text
  ArticleMetadata metadata;     // given fields kept, the rest inferred
  std::vector<ParsedParagraph> paragraphs;
};

// INVALID_ARGUMENT when `text` is empty or only whitespace, is not valid
// UTF-8 (message gives the byte offset), contains a NUL byte, or is longer
// than `max_bytes`. The message names no field; callers add it.
// White space here is ASCII white space, U+00A0, U+200B and U+FEFF.
absl::Status ValidateArticleText(std::string_view text, std::size_t max_bytes);

// `text` with "\r\n" and lone "\r" turned into "\n"; nothing else changes.
std::string NormalizeLineEndings(std::string_view text);

class ParagraphClassifier;
class PublisherTable;

struct ArticleParserOptions {
  // File of boilerplate phrases, one per line ('#' comments); empty for the
  // built-in defaults. See data/boilerplate_phrases.txt.
  std::string boilerplate_phrases_path;
  // File mapping URL hosts to publisher names ("domain  Name" per line, '#'
  // comments); empty for the built-in table. See data/publisher_hosts.txt.
  std::string publisher_hosts_path;
};

// Paragraphs: in text with blank lines, each blank-line separated block is a
// paragraph, except that lines which stand alone (Markdown headings, URL,
// date and byline lines, boilerplate lines such as captions) are split off
// their block, and a list or block quote starts a paragraph of its own. In
// text with no or nearly no blank lines (fewer than one per eight lines), and
// in blocks with lines over 160 bytes, each line is a paragraph, except that
// a line starting with a lower-case word continues a line without final
// punctuation. A paragraph's text runs from the start of its first line to
// the end of its last line, verbatim.
//
// Metadata is read from the head (the paragraphs before the third body
// paragraph, at most 12): title, URI (URL line, else the first http(s) URL),
// publish time (the first stand-alone date line), byline; publisher from the
// URI host; language "en".
class ArticleParser {
 public:
  // INVALID_ARGUMENT for a malformed phrase or publisher file, NOT_FOUND for
  // one that cannot be read.
  static absl::StatusOr<std::unique_ptr<ArticleParser>> Create(const ArticleParserOptions& options);
  ~ArticleParser();

  // Splits and classifies `text` (already validated) and fills metadata not
  // in `given`. Deterministic: the same input gives the same output.
  // Thread-safe. Linear in the size of `text`.
  ParsedArticle Parse(std::string_view text, const ArticleMetadata& given) const;

 private:
  ArticleParser(std::unique_ptr<const ParagraphClassifier> classifier,
                std::unique_ptr<const PublisherTable> publishers);
  std::unique_ptr<const ParagraphClassifier> classifier_;
  std::unique_ptr<const PublisherTable> publishers_;
};

}  // namespace claimtrace::provenance

#endif  // CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_ARTICLE_PARSER_H_
