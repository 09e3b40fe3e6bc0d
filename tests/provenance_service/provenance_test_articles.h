// Invented news-style articles and helpers shared by the provenance tests.
#ifndef CLAIMTRACE_TESTS_PROVENANCE_SERVICE_PROVENANCE_TEST_ARTICLES_H_
#define CLAIMTRACE_TESTS_PROVENANCE_SERVICE_PROVENANCE_TEST_ARTICLES_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "provenance_service/article/article_parser.h"
#include "provenance_service/article_ingestor.h"
#include "provenance_service/article_store.h"

namespace claimtrace::provenance::test_articles {

// Curly quotes, an em dash and CJK text, so byte and character offsets differ.
inline const std::string& TidalArticle() {
  static const auto* text = new std::string(
      "# Harbor City Switches On Its Tidal Plant\n"
      "\n"
      "https://www.example-news.test/energy/harbor-tidal-plant\n"
      "\n"
      "By Dana Whitfield\n"
      "\n"
      "The Harbor City council said on Monday that the new tidal plant will deliver "
      "\xE2\x80\x9C"
      "about 40 megawatts"
      "\xE2\x80\x9D"
      " \xE2\x80\x94 enough, officials said, for "
      "30,000 homes.\n"
      "\n"
      "Engineers at the Marlow Institute put the construction cost at $120 million, according "
      "to a statement released by the institute on Tuesday.\n"
      "\n"
      "\xE6\xB8\xAF\xE5\x8F\xA3\xE5\x9F\x8E\xE5\xB8\x82\xE7\x9A\x84\xE5\xB8\x82\xE9\x95\xBF"
      "\xE8\xAF\xB4\xEF\xBC\x9A\xE2\x80\x9C\xE8\xBF\x99\xE6\x98\xAF\xE4\xB8\x80\xE4\xB8\xAA"
      "\xE9\x87\x8D\xE8\xA6\x81\xE7\x9A\x84\xE6\x97\xA5\xE5\xAD\x90\xE3\x80\x82\xE2\x80\x9D"
      " The mayor called the opening a turning point for the coast.\n"
      "\n"
      "Residents of the harbor district, who had opposed the project for years, were quieter "
      "this week as the first turbines began to turn under the bay.\n");
  return *text;
}

// A small article whose text differs with `n`; `body_paragraphs` body
// paragraphs, no date or URL lines (so nothing is inferred beyond the title).
inline std::string NumberedArticle(int n, int body_paragraphs = 3) {
  std::string text = absl::StrCat("# Coastal Council Report Number ", n, "\n\n");
  for (int p = 0; p < body_paragraphs; ++p) {
    absl::StrAppend(&text, "Council members in district ", n, " reviewed item ", p,
                    " of the harbor budget, and the treasurer said spending rose by ", 3 + p,
                    " percent over the year.\n\n");
  }
  return text;
}

inline absl::Time Day(int year, int month, int day) {
  return absl::FromCivil(absl::CivilDay(year, month, day), absl::UTCTimeZone());
}

// Owns a default ArticleParser and an ingestor over it.
class IngestorFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<ArticleParser>> parser = ArticleParser::Create({});
    ASSERT_TRUE(parser.ok()) << parser.status();
    parser_ = std::move(*parser);
    ingestor_ = std::make_unique<ArticleIngestor>(parser_.get(), kMaxArticleBytes);
  }

  ArticleRecord PrepareOrDie(std::string_view text, const ArticleMetadata& given = {}) {
    absl::StatusOr<ArticleRecord> record = ingestor_->Prepare(text, given);
    EXPECT_TRUE(record.ok()) << record.status();
    return record.ok() ? *record : ArticleRecord{};
  }

  // Index of the first extractable paragraph containing `needle`, or -1.
  static int ParagraphWith(const ArticleRecord& record, std::string_view needle) {
    for (const ParsedParagraph& p : record.paragraphs) {
      if (IsExtractable(p.kind) && p.text.find(needle) != std::string::npos) return p.index;
    }
    ADD_FAILURE() << "no extractable paragraph contains \"" << needle << "\"";
    return -1;
  }

  // A mention of `claim_id` spanning `needle` in the paragraph holding it.
  static ClaimMentionInput MentionOf(const ArticleRecord& record, std::string_view needle,
                                     std::string claim_id,
                                     std::string claimant = "harbor-city-council") {
    ClaimMentionInput m;
    m.claim_id = std::move(claim_id);
    m.paragraph_index = ParagraphWith(record, needle);
    if (m.paragraph_index >= 0) {
      const std::string& text = record.paragraphs[m.paragraph_index].text;
      m.start_offset = static_cast<int>(text.find(needle));
      m.end_offset = m.start_offset + static_cast<int>(needle.size());
    }
    m.claimant = {claimant, claimant + " name", ""};
    m.cue = "said";
    m.method = "test";
    return m;
  }

  static constexpr std::size_t kMaxArticleBytes = 1 << 20;
  std::unique_ptr<ArticleParser> parser_;
  std::unique_ptr<ArticleIngestor> ingestor_;
};

// The sources of a TraceClaim result (a copy), or its error.
inline absl::StatusOr<std::vector<TracedEvidence>> Sources(
    const absl::StatusOr<std::shared_ptr<const ClaimTrace>>& trace) {
  if (!trace.ok()) return trace.status();
  return (*trace)->sources;
}

}  // namespace claimtrace::provenance::test_articles

#endif  // CLAIMTRACE_TESTS_PROVENANCE_SERVICE_PROVENANCE_TEST_ARTICLES_H_
