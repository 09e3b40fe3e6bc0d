// libFuzzer target: article validation, paragraph splitting, classification
// and metadata reading must never crash, and must keep their invariants on
// any input: every paragraph is the article's text at its offset.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "provenance_service/article/article_parser.h"

namespace {
const claimtrace::provenance::ArticleParser& Parser() {
  static const auto* parser = claimtrace::provenance::ArticleParser::Create({}).value().release();
  return *parser;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (!claimtrace::provenance::ValidateArticleText(text, 1 << 20).ok()) return 0;
  const claimtrace::provenance::ParsedArticle article = Parser().Parse(text, {});
  for (const auto& paragraph : article.paragraphs) {
    if (article.normalized_text.compare(paragraph.article_offset, paragraph.text.size(),
                                        paragraph.text) != 0) {
      std::abort();
    }
  }
  return 0;
}
