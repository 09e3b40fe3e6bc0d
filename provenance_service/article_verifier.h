// Re-checks a stored article against itself: the text's hash, each
// paragraph's text, position and hash, and each evidence quote against its
// paragraph. Provenance that proves itself.
#ifndef CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_VERIFIER_H_
#define CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_VERIFIER_H_

#include <string>
#include <vector>

#include "provenance_service/article_store.h"

namespace claimtrace::provenance {

struct VerificationProblem {
  std::string resource;  // resource name of what failed
  std::string description;
};

struct VerificationReport {
  int paragraphs_checked = 0;
  int evidence_checked = 0;
  std::vector<VerificationProblem> problems;
  bool ok() const { return problems.empty(); }
};

// `article` must come from ArticleStore::GetArticleWithContent.
VerificationReport VerifyArticleRecord(const ArticleRecord& article);

}  // namespace claimtrace::provenance

#endif  // CLAIMTRACE_PROVENANCE_SERVICE_ARTICLE_VERIFIER_H_
