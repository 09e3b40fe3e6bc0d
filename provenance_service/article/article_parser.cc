#include "provenance_service/article/article_parser.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "common/utf8.h"
#include "provenance_service/article/line_text.h"
#include "provenance_service/article/metadata_reader.h"
#include "provenance_service/article/paragraph_classifier.h"

namespace claimtrace::provenance {
namespace {

// A line longer than this is not hard-wrapped text: its block is read one
// paragraph per line.
constexpr std::size_t kMaxWrappedLineBytes = 160;
// Text with fewer blank-line separators than one per this many lines is read
// one paragraph per line.
constexpr std::size_t kLinesPerSeparatorForLineMode = 8;

struct Range {
  std::size_t begin = 0;  // byte offset of the first character
  std::size_t end = 0;    // byte offset just past the last character (no \n)
  std::size_t size() const { return end - begin; }
};

std::vector<Range> SplitLines(std::string_view text) {
  std::vector<Range> lines;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(Range{begin, end});
    if (end == text.size()) break;
    begin = end + 1;
  }
  return lines;
}

// Words that do not end a title: a line ending in one is wrapped prose.
bool EndsWithFunctionWord(std::string_view line) {
  line = TrimBlank(line);
  const std::size_t space = line.find_last_of(" \t");
  const std::string_view last = space == std::string_view::npos ? line : line.substr(space + 1);
  static constexpr std::string_view kWords[] = {
      "a",    "an", "the", "of",    "to",  "in",   "on",    "for",  "and",  "or",  "but",
      "with", "at", "by",  "from",  "as",  "that", "which", "who",  "is",   "are", "was",
      "were", "be", "its", "their", "his", "her",  "than",  "into", "said", "says"};
  for (std::string_view word : kWords) {
    if (last == word) return true;
  }
  return false;
}

// True when `next` continues the sentence of `previous` (per-line mode):
// `previous` has no final punctuation and `next` starts with a lower-case word.
bool ContinuesLine(std::string_view previous, std::string_view next) {
  previous = TrimBlank(previous);
  next = TrimBlank(next);
  if (previous.empty() || next.empty()) return false;
  std::string_view ignored;
  if (MarkdownHeadingText(previous, &ignored) || MarkdownHeadingText(next, &ignored) ||
      ListItemText(next, &ignored) || IsBlockQuoteLine(next)) {
    return false;
  }
  const char last = previous.back();
  if (last == '.' || last == '!' || last == '?' || last == ':' || last == ';' || last == '"' ||
      last == '\'' || last == ')' || last == ']' || last == '*' || last == '_' ||
      static_cast<unsigned char>(last) >= 0x80) {
    return false;  // sentence punctuation, closing marks, or a non-ASCII end
  }
  std::size_t word_end = 0;
  while (word_end < next.size() && IsAsciiLower(next[word_end])) ++word_end;
  if (word_end == 0) return false;
  return word_end == next.size() || next[word_end] == ' ' || next[word_end] == ',' ||
         next[word_end] == '\t';
}

enum class LineGroup { kProse, kList, kQuote };

LineGroup GroupOf(std::string_view line) {
  std::string_view ignored;
  if (IsBlockQuoteLine(line)) return LineGroup::kQuote;
  if (ListItemText(line, &ignored)) return LineGroup::kList;
  return LineGroup::kProse;
}

class ParagraphSplitter {
 public:
  ParagraphSplitter(std::string_view text, const ParagraphClassifier& classifier)
      : text_(text), classifier_(classifier) {}

  std::vector<Range> Split() {
    const std::vector<Range> lines = SplitLines(text_);
    std::vector<std::pair<std::size_t, std::size_t>> blocks;  // [first, last] line
    std::size_t nonblank = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (IsBlankLine(Line(lines[i]))) continue;
      ++nonblank;
      if (!blocks.empty() && blocks.back().second + 1 == i) {
        blocks.back().second = i;
      } else {
        blocks.emplace_back(i, i);
      }
    }
    const std::size_t separators = blocks.empty() ? 0 : blocks.size() - 1;
    const bool line_mode = separators * kLinesPerSeparatorForLineMode < nonblank;
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      const auto [first, last] = blocks[b];
      bool per_line = line_mode;
      for (std::size_t i = first; i < last && !per_line; ++i) {
        per_line = lines[i].size() > kMaxWrappedLineBytes;
      }
      if (per_line) {
        SplitPerLine(lines, first, last);
      } else {
        SplitBlock(lines, first, last, /*first_block=*/b == 0);
      }
    }
    return std::move(paragraphs_);
  }

 private:
  std::string_view Line(const Range& range) const {
    return text_.substr(range.begin, range.size());
  }

  void Emit(const Range& first_line, const Range& last_line) {
    paragraphs_.push_back(Range{first_line.begin, last_line.end});
  }

  // One paragraph per line; a lower-case continuation joins its line.
  void SplitPerLine(const std::vector<Range>& lines, std::size_t first, std::size_t last) {
    std::size_t start = first;
    for (std::size_t i = first + 1; i <= last; ++i) {
      if (!ContinuesLine(Line(lines[i - 1]), Line(lines[i]))) {
        Emit(lines[start], lines[i - 1]);
        start = i;
      }
    }
    Emit(lines[start], lines[last]);
  }

  // A blank-line separated block: one paragraph, split where lines stand
  // alone and where a list or block quote starts or changes.
  void SplitBlock(const std::vector<Range>& lines, std::size_t first, std::size_t last,
                  bool first_block) {
    if (first == last) {
      Emit(lines[first], lines[last]);
      return;
    }
    std::vector<bool> alone(last - first + 1);
    for (std::size_t i = first; i <= last; ++i) {
      alone[i - first] = StandsAlone(classifier_.Shape(Line(lines[i])));
    }
    std::size_t start = first;
    LineGroup group = GroupOf(Line(lines[first]));
    for (std::size_t i = first + 1; i <= last; ++i) {
      const LineGroup line_group = GroupOf(Line(lines[i]));
      bool split = alone[i - first] || alone[i - 1 - first];
      if (!split && line_group != LineGroup::kProse && line_group != group) split = true;
      if (!split && i == first + 1 && first_block && group == LineGroup::kProse &&
          StartsWithTitleLine(lines, first, last)) {
        split = true;
      }
      if (split) {
        Emit(lines[start], lines[i - 1]);
        start = i;
        group = line_group;
      }
    }
    Emit(lines[start], lines[last]);
  }

  // True when the first line of the article's first block is a title above
  // more text in the same block ("Title\nStandfirst sentence.").
  bool StartsWithTitleLine(const std::vector<Range>& lines, std::size_t first,
                           std::size_t last) const {
    const std::string_view title = TrimBlank(Line(lines[first]));
    const std::string_view next = TrimBlank(Line(lines[first + 1]));
    if (title.empty() || next.empty()) return false;
    const ParagraphShape shape = classifier_.Shape(title);
    if (shape.form != ParagraphForm::kProse || !shape.title_like) return false;
    if (EndsWithFunctionWord(title) || title.back() == ',' || title.back() == '-') return false;
    const unsigned char next_first = static_cast<unsigned char>(next.front());
    const bool next_starts_sentence = IsAsciiUpper(next.front()) || IsAsciiDigit(next.front()) ||
                                      next_first >= 0x80 || next.front() == '"';
    if (!next_starts_sentence) return false;
    return last == first + 1 || title.size() * 10 < next.size() * 9;
  }

  std::string_view text_;
  const ParagraphClassifier& classifier_;
  std::vector<Range> paragraphs_;
};

// Fills metadata the caller did not give from the head of the article.
ArticleMetadata ReadMetadata(const ArticleMetadata& given,
                             const std::vector<ParsedParagraph>& paragraphs,
                             const std::vector<ParagraphShape>& shapes,
                             const ArticleClassification& classification,
                             const PublisherTable& publishers) {
  ArticleMetadata metadata = given;
  const std::size_t head_end = classification.head_end;

  if (!given.uri.empty()) {
    metadata.uri_source = FieldSource::kGiven;
  } else {
    std::optional<std::string> uri;
    for (std::size_t i = 0; i < head_end && !uri.has_value(); ++i) {
      if (shapes[i].url.has_value()) uri = shapes[i].url;
    }
    // Else the first URL in a non-body paragraph of the head, else anywhere
    // in the head.
    for (int pass = 0; pass < 2 && !uri.has_value(); ++pass) {
      for (std::size_t i = 0; i < head_end && !uri.has_value(); ++i) {
        const bool body = classification.kinds[i] == ParagraphKind::kBody;
        if (pass == 0 && body) continue;
        if (pass == 1 && !body) continue;
        uri = FindFirstHttpUrl(paragraphs[i].text);
      }
    }
    metadata.uri = uri.value_or("");
    metadata.uri_source = uri.has_value() ? FieldSource::kInferred : FieldSource::kNone;
  }

  if (!given.title.empty()) {
    metadata.title_source = FieldSource::kGiven;
  } else if (classification.title_index >= 0) {
    const std::size_t i = static_cast<std::size_t>(classification.title_index);
    const std::string_view text = shapes[i].form == ParagraphForm::kMarkdownHeading
                                      ? shapes[i].heading_text
                                      : std::string_view(paragraphs[i].text);
    metadata.title = std::string(StripEmphasis(text));
    metadata.title_source = metadata.title.empty() ? FieldSource::kNone : FieldSource::kInferred;
  } else {
    metadata.title_source = FieldSource::kNone;
  }

  if (given.publish_time.has_value()) {
    metadata.publish_time_source = FieldSource::kGiven;
  } else {
    metadata.publish_time_source = FieldSource::kNone;
    for (std::size_t i = 0; i < head_end; ++i) {
      if (shapes[i].date.has_value()) {
        metadata.publish_time = shapes[i].date->time;
        metadata.publish_time_source = FieldSource::kInferred;
        break;
      }
    }
  }

  if (!given.byline.empty()) {
    metadata.byline_source = FieldSource::kGiven;
  } else {
    metadata.byline_source = FieldSource::kNone;
    for (std::size_t i = 0; i < head_end; ++i) {
      std::string byline;
      if (shapes[i].byline.has_value()) {
        byline = *shapes[i].byline;
      } else if (shapes[i].date.has_value()) {
        byline = shapes[i].date->byline;
      } else if (static_cast<int>(i) == classification.byline_index) {
        byline = std::string(StripEmphasis(paragraphs[i].text));
      }
      if (!byline.empty()) {
        metadata.byline = std::move(byline);
        metadata.byline_source = FieldSource::kInferred;
        break;
      }
    }
  }

  if (!given.publisher.empty()) {
    metadata.publisher_source = FieldSource::kGiven;
  } else {
    const std::string host = UrlHost(metadata.uri);
    metadata.publisher = host.empty() ? "" : publishers.PublisherForHost(host);
    metadata.publisher_source =
        metadata.publisher.empty() ? FieldSource::kNone : FieldSource::kInferred;
  }

  if (!given.language.empty()) {
    metadata.language_source = FieldSource::kGiven;
  } else {
    metadata.language = "en";
    metadata.language_source = FieldSource::kInferred;
  }
  return metadata;
}

}  // namespace

bool IsExtractable(ParagraphKind kind) {
  return kind == ParagraphKind::kBody || kind == ParagraphKind::kQuoteBlock;
}

const char* ParagraphKindName(ParagraphKind kind) {
  switch (kind) {
    case ParagraphKind::kBody:
      return "BODY";
    case ParagraphKind::kHeading:
      return "HEADING";
    case ParagraphKind::kMetadata:
      return "METADATA";
    case ParagraphKind::kBoilerplate:
      return "BOILERPLATE";
    case ParagraphKind::kQuoteBlock:
      return "QUOTE_BLOCK";
  }
  return "UNKNOWN";
}

absl::Status ValidateArticleText(std::string_view text, std::size_t max_bytes) {
  if (text.empty()) return absl::InvalidArgumentError("text is empty");
  if (text.size() > max_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("text is ", text.size(), " bytes, over the limit of ", max_bytes, " bytes"));
  }
  const std::size_t nul = text.find('\0');
  if (nul != std::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("text contains a NUL byte at byte offset ", nul));
  }
  if (const std::optional<std::size_t> invalid = common::FindInvalidUtf8(text)) {
    return absl::InvalidArgumentError(
        absl::StrCat("text is not valid UTF-8 at byte offset ", *invalid));
  }
  if (TrimBlank(text).empty()) {
    return absl::InvalidArgumentError("text contains only white space");
  }
  return absl::OkStatus();
}

std::string NormalizeLineEndings(std::string_view text) {
  std::string normalized;
  normalized.reserve(text.size());
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t cr = text.find('\r', start);
    if (cr == std::string_view::npos) {
      normalized.append(text.data() + start, text.size() - start);
      break;
    }
    normalized.append(text.data() + start, cr - start);
    normalized.push_back('\n');
    start = cr + 1;
    if (start < text.size() && text[start] == '\n') ++start;
  }
  return normalized;
}

absl::StatusOr<std::unique_ptr<ArticleParser>> ArticleParser::Create(
    const ArticleParserOptions& options) {
  BoilerplatePhrases phrases = BuiltInBoilerplatePhrases();
  if (!options.boilerplate_phrases_path.empty()) {
    absl::StatusOr<BoilerplatePhrases> loaded =
        LoadBoilerplatePhrases(options.boilerplate_phrases_path);
    if (!loaded.ok()) return loaded.status();
    phrases = *std::move(loaded);
  }
  absl::StatusOr<std::unique_ptr<ParagraphClassifier>> classifier =
      ParagraphClassifier::Create(phrases);
  if (!classifier.ok()) return classifier.status();

  auto publishers = std::make_unique<PublisherTable>(PublisherTable::BuiltIn());
  if (!options.publisher_hosts_path.empty()) {
    absl::StatusOr<PublisherTable> loaded = PublisherTable::Load(options.publisher_hosts_path);
    if (!loaded.ok()) return loaded.status();
    *publishers = *std::move(loaded);
  }
  return std::unique_ptr<ArticleParser>(
      new ArticleParser(*std::move(classifier), std::move(publishers)));
}

ArticleParser::ArticleParser(std::unique_ptr<const ParagraphClassifier> classifier,
                             std::unique_ptr<const PublisherTable> publishers)
    : classifier_(std::move(classifier)), publishers_(std::move(publishers)) {}

ArticleParser::~ArticleParser() = default;

ParsedArticle ArticleParser::Parse(std::string_view text, const ArticleMetadata& given) const {
  ParsedArticle article;
  article.normalized_text = NormalizeLineEndings(text);
  article.content_sha256 = common::Sha256Hex(article.normalized_text);
  const std::string_view normalized = article.normalized_text;

  const std::vector<Range> ranges = ParagraphSplitter(normalized, *classifier_).Split();
  std::vector<ParagraphShape> shapes;
  shapes.reserve(ranges.size());
  article.paragraphs.reserve(ranges.size());
  for (const Range& range : ranges) {
    ParsedParagraph paragraph;
    paragraph.index = static_cast<int>(article.paragraphs.size());
    paragraph.article_offset = range.begin;
    paragraph.text = std::string(normalized.substr(range.begin, range.size()));
    paragraph.sha256 = common::Sha256Hex(paragraph.text);
    article.paragraphs.push_back(std::move(paragraph));
  }
  // Shapes view the paragraphs' own strings, which no longer move.
  for (const ParsedParagraph& paragraph : article.paragraphs) {
    shapes.push_back(classifier_->Shape(paragraph.text));
  }
  const ArticleClassification classification = ClassifyParagraphs(shapes);
  for (std::size_t i = 0; i < article.paragraphs.size(); ++i) {
    article.paragraphs[i].kind = classification.kinds[i];
  }
  article.metadata = ReadMetadata(given, article.paragraphs, shapes, classification, *publishers_);
  return article;
}

}  // namespace claimtrace::provenance
