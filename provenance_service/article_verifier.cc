#include "provenance_service/article_verifier.h"

#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "provenance_service/provenance_names.h"

namespace claimtrace::provenance {

VerificationReport VerifyArticleRecord(const ArticleRecord& article) {
  VerificationReport report;
  const std::string article_name = ArticleName(article.id);
  const std::string text_hash = common::Sha256Hex(article.text);
  if (text_hash != article.content_sha256) {
    report.problems.push_back({article_name, "text does not match content_sha256"});
  }
  if (article.content_sha256.substr(0, 32) != article.id) {
    report.problems.push_back({article_name, "id is not derived from content_sha256"});
  }
  for (const ParsedParagraph& p : article.paragraphs) {
    ++report.paragraphs_checked;
    const std::string name = ParagraphName(article.id, p.index);
    if (common::Sha256Hex(p.text) != p.sha256) {
      report.problems.push_back({name, "text does not match sha256"});
    }
    if (p.article_offset + p.text.size() > article.text.size() ||
        article.text.compare(p.article_offset, p.text.size(), p.text) != 0) {
      report.problems.push_back(
          {name, absl::StrCat("text is not the article's text at byte ", p.article_offset)});
    }
  }
  for (const EvidenceRecord& e : article.evidence) {
    ++report.evidence_checked;
    const std::string name =
        absl::StrCat(ParagraphName(article.id, e.paragraph_index), "/evidence/", e.id);
    const ParsedParagraph* paragraph = nullptr;
    for (const ParsedParagraph& p : article.paragraphs) {
      if (p.index == e.paragraph_index) paragraph = &p;
    }
    if (paragraph == nullptr) {
      report.problems.push_back({name, "points to a paragraph that does not exist"});
      continue;
    }
    if (e.start_offset < 0 || e.end_offset < e.start_offset ||
        static_cast<size_t>(e.end_offset) > paragraph->text.size() ||
        paragraph->text.compare(e.start_offset, e.end_offset - e.start_offset, e.quote) != 0) {
      report.problems.push_back({name, "quote is not the paragraph's text at its offsets"});
    }
  }
  return report;
}

}  // namespace claimtrace::provenance
