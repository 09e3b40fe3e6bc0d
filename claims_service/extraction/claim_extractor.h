// Turns an article's paragraphs into normalised claims with byte-exact spans
// and claimants. The whole text pipeline: sentences (ICU), recognisers,
// attribution, subject resolution, entity canonicalisation, statements.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_CLAIM_EXTRACTOR_H_
#define CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_CLAIM_EXTRACTOR_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "claims_service/claim_model.h"

namespace claimtrace::claims {

struct ArticleContext {
  std::string name;  // "articles/..."
  std::string title;
  std::string publisher;  // default claimant when nobody else asserts it
  std::string uri;
  std::optional<absl::Time> publish_time;
};

struct ParagraphText {
  int index = 0;
  std::string_view text;
};

struct ExtractorOptions {
  // Directory holding entity_aliases.tsv and units.tsv. Empty: built-in
  // defaults only.
  std::string data_dir;
};

class ClaimExtractor {
 public:
  // Loads the data files; INVALID_ARGUMENT/NOT_FOUND when they are missing or
  // malformed (with file and line).
  static absl::StatusOr<std::unique_ptr<ClaimExtractor>> Create(const ExtractorOptions& options);

  virtual ~ClaimExtractor() = default;

  // Every claim mention in the paragraphs, in paragraph then offset order.
  // Spans are byte offsets into each paragraph's text and always lie on UTF-8
  // character boundaries. Thread-safe; never fails (unrecognised text simply
  // yields no claims).
  //
  // Subjects: the grammatical subject of the clause (names the entity table
  // does not know included: "Voltaris, the Reno-based battery maker, said");
  // "it", "its", "the company/firm/startup" resolve to the organisation named
  // before them, else to the article's main organisation, which comes from
  // the body or, when the body names none, from `article.title`. A person is
  // the subject only where the sentence makes them one ("Ellison earned
  // $2m"), never by merely appearing nearby.
  //
  // "¥" alone is read as CNY unless the text around it is Japanese: the
  // sentence, else the paragraph, else the whole article (with its title),
  // whichever first names Japan or China, decides by which it names more
  // (yen, Japan, Japanese, Tokyo, ... against yuan, China, Chinese, ...).
  virtual std::vector<ExtractedClaim> Extract(
      const ArticleContext& article, const std::vector<ParagraphText>& paragraphs) const = 0;
};

// The stable id of a claim's content: lower-case hex, 16 characters, from a
// SHA-256 of the identity fields (kind, subject id, predicate, value, upper
// value, bound, unit, object id, date, quote text). Values are rounded to 6
// significant digits first so 6e6 and 6000000.0000001 are one claim.
std::string ClaimId(const ClaimContent& content);

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_CLAIM_EXTRACTOR_H_
