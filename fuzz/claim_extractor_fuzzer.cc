// libFuzzer target: claim extraction and normalisation over arbitrary valid
// UTF-8 paragraphs must never crash, and every span must lie inside its
// paragraph on character boundaries.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "claims_service/extraction/claim_extractor.h"
#include "common/utf8.h"

namespace {
const claimtrace::claims::ClaimExtractor& Extractor() {
  static const auto* extractor =
      claimtrace::claims::ClaimExtractor::Create({CLAIMTRACE_DATA_DIR}).value().release();
  return *extractor;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (claimtrace::common::FindInvalidUtf8(text).has_value()) return 0;
  // Paragraphs are split on blank lines, as provenance_service sends them.
  std::vector<std::string> pieces;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find("\n\n", start);
    if (end == std::string::npos) end = text.size();
    pieces.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  std::vector<claimtrace::claims::ParagraphText> paragraphs;
  for (size_t i = 0; i < pieces.size(); ++i) paragraphs.push_back({static_cast<int>(i), pieces[i]});
  claimtrace::claims::ArticleContext article;
  article.name = "articles/fuzz";
  article.publisher = "Fuzz Gazette";
  article.publish_time = absl::FromUnixSeconds(1737676800);
  for (const auto& claim : Extractor().Extract(article, paragraphs)) {
    const auto& m = claim.mention;
    if (m.paragraph_index < 0 || m.paragraph_index >= static_cast<int>(pieces.size())) std::abort();
    const std::string& p = pieces[m.paragraph_index];
    if (m.start_offset > m.end_offset || m.end_offset > p.size()) std::abort();
    if (!claimtrace::common::IsUtf8Boundary(p, m.start_offset) ||
        !claimtrace::common::IsUtf8Boundary(p, m.end_offset)) {
      std::abort();
    }
    if (claimtrace::claims::ClaimId(claim.content).size() != 16) std::abort();
  }
  return 0;
}
