// The articles the extraction tests read whole: the committed examples and
// evaluation articles, and the seed corpus when CLAIMTRACE_SEED_DIR names it.
#ifndef CLAIMTRACE_TESTS_CLAIMS_SERVICE_EXTRACTION_ARTICLE_TEXTS_H_
#define CLAIMTRACE_TESTS_CLAIMS_SERVICE_EXTRACTION_ARTICLE_TEXTS_H_

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace claimtrace::claims {

// The text of every file under those folders (missing ones are skipped).
inline std::vector<std::string> ArticleTexts() {
  std::vector<std::filesystem::path> dirs = {
      std::filesystem::path(CLAIMTRACE_SOURCE_DIR) / "examples" / "articles",
      std::filesystem::path(CLAIMTRACE_SOURCE_DIR) / "eval" / "articles"};
  if (const char* seeds = std::getenv("CLAIMTRACE_SEED_DIR"); seeds != nullptr) {
    dirs.emplace_back(seeds);
  }
  std::vector<std::string> texts;
  for (const std::filesystem::path& dir : dirs) {
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream buffer;
      buffer << in.rdbuf();
      texts.push_back(buffer.str());
    }
  }
  return texts;
}

// The blank-line separated paragraphs of `text`, views into it.
inline std::vector<std::string_view> BlankLineParagraphs(std::string_view text) {
  std::vector<std::string_view> paragraphs;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find("\n\n", start);
    if (end == std::string_view::npos) end = text.size();
    paragraphs.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  return paragraphs;
}

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_TESTS_CLAIMS_SERVICE_EXTRACTION_ARTICLE_TEXTS_H_
