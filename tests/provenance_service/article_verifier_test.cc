#include "provenance_service/article_verifier.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "provenance_service/provenance_names.h"
#include "tests/common/scoped_temp_dir.h"
#include "tests/provenance_service/provenance_test_articles.h"

namespace claimtrace::provenance {
namespace {

using ::claimtrace::test_support::ScopedTempDir;
using test_articles::IngestorFixture;
using test_articles::TidalArticle;

// Verifies records read back from a real store, as the service does.
class ArticleVerifierTest : public IngestorFixture {
 protected:
  void SetUp() override {
    IngestorFixture::SetUp();
    absl::StatusOr<std::unique_ptr<ArticleStore>> store = ArticleStore::Open(dir_.File("p.db"));
    ASSERT_TRUE(store.ok()) << store.status();
    ArticleRecord record = PrepareOrDie(TidalArticle());
    ASSERT_TRUE(ingestor_
                    ->AttachEvidence(
                        record, {MentionOf(record, "about 40 megawatts", "00000000000000a1"),
                                 MentionOf(record, "\xE9\x87\x8D\xE8\xA6\x81", "00000000000000b2"),
                                 MentionOf(record, "$120 million", "00000000000000c3")})
                    .ok());
    ASSERT_TRUE((*store)->Insert(record, "").ok());
    absl::StatusOr<ArticleRecord> stored = (*store)->GetArticleWithContent(record.id);
    ASSERT_TRUE(stored.ok()) << stored.status();
    stored_ = *stored;
  }

  // Index into stored_.paragraphs of the paragraph holding evidence `e`.
  size_t ParagraphOf(const EvidenceRecord& e) {
    for (size_t i = 0; i < stored_.paragraphs.size(); ++i) {
      if (stored_.paragraphs[i].index == e.paragraph_index) return i;
    }
    ADD_FAILURE() << "no paragraph " << e.paragraph_index;
    return 0;
  }

  static std::string EvidenceName(const ArticleRecord& a, const EvidenceRecord& e) {
    return ParagraphName(a.id, e.paragraph_index) + "/evidence/" + e.id;
  }

  static std::vector<std::string> Resources(const VerificationReport& report) {
    std::vector<std::string> names;
    for (const VerificationProblem& p : report.problems) names.push_back(p.resource);
    return names;
  }

  ScopedTempDir dir_;
  ArticleRecord stored_;
};

using ::testing::Contains;
using ::testing::Each;
using ::testing::Eq;

TEST_F(ArticleVerifierTest, ConsistentRecordVerifies) {
  const VerificationReport report = VerifyArticleRecord(stored_);
  EXPECT_TRUE(report.ok()) << report.problems.size() << " problems, first: "
                           << (report.problems.empty() ? "" : report.problems[0].description);
  EXPECT_EQ(report.paragraphs_checked, static_cast<int>(stored_.paragraphs.size()));
  EXPECT_EQ(report.evidence_checked, 3);
}

TEST_F(ArticleVerifierTest, TamperedParagraphTextIsReportedOnThatParagraph) {
  const EvidenceRecord& e = stored_.evidence[0];
  ParsedParagraph& p = stored_.paragraphs[ParagraphOf(e)];
  p.text[p.text.size() - 2] ^= 0x01;  // away from the quoted span
  const VerificationReport report = VerifyArticleRecord(stored_);
  EXPECT_FALSE(report.ok());
  EXPECT_THAT(Resources(report), Contains(ParagraphName(stored_.id, p.index)));
  EXPECT_THAT(Resources(report), Each(Eq(ParagraphName(stored_.id, p.index))))
      << "only the tampered paragraph is at fault";
}

TEST_F(ArticleVerifierTest, TamperedQuoteIsReportedOnThatEvidence) {
  EvidenceRecord& e = stored_.evidence[1];
  e.quote = "\xE9\x87\x8D\xE5\xA4\xA7";  // same length, other character
  const VerificationReport report = VerifyArticleRecord(stored_);
  EXPECT_THAT(Resources(report), ::testing::ElementsAre(EvidenceName(stored_, e)));
}

TEST_F(ArticleVerifierTest, ShiftedOffsetsAreReportedOnThatEvidence) {
  EvidenceRecord& e = stored_.evidence[0];
  e.start_offset += 1;
  e.end_offset += 1;
  EXPECT_THAT(Resources(VerifyArticleRecord(stored_)),
              ::testing::ElementsAre(EvidenceName(stored_, e)));
}

TEST_F(ArticleVerifierTest, OutOfRangeOffsetsAreReportedNotFatal) {
  const std::vector<std::pair<int, int>> spans = {
      {-5, 3}, {4, 2}, {0, 1 << 20}, {1 << 20, 1 << 21}};
  for (const auto& [start, end] : spans) {
    ArticleRecord copy = stored_;
    copy.evidence[2].start_offset = start;
    copy.evidence[2].end_offset = end;
    EXPECT_THAT(Resources(VerifyArticleRecord(copy)),
                ::testing::ElementsAre(EvidenceName(copy, copy.evidence[2])))
        << start << ", " << end;
  }
}

TEST_F(ArticleVerifierTest, EvidenceForAMissingParagraphIsReported) {
  EvidenceRecord& e = stored_.evidence[0];
  e.paragraph_index = 500;
  EXPECT_THAT(Resources(VerifyArticleRecord(stored_)),
              ::testing::ElementsAre(EvidenceName(stored_, e)));
}

TEST_F(ArticleVerifierTest, TamperedArticleTextIsReportedOnTheArticle) {
  stored_.text[0] = '%';
  const VerificationReport report = VerifyArticleRecord(stored_);
  EXPECT_THAT(Resources(report), Contains(ArticleName(stored_.id)));
}

TEST_F(ArticleVerifierTest, TruncatedArticleTextIsReported) {
  stored_.text.resize(stored_.text.size() / 2);
  const VerificationReport report = VerifyArticleRecord(stored_);
  EXPECT_THAT(Resources(report), Contains(ArticleName(stored_.id)));
  // Paragraphs past the cut are no longer in the text.
  EXPECT_THAT(Resources(report),
              Contains(ParagraphName(stored_.id, stored_.paragraphs.back().index)));
}

TEST_F(ArticleVerifierTest, MovedParagraphOffsetIsReported) {
  ParsedParagraph& p = stored_.paragraphs[1];
  p.article_offset += 1;
  EXPECT_THAT(Resources(VerifyArticleRecord(stored_)),
              ::testing::ElementsAre(ParagraphName(stored_.id, p.index)));
  p.article_offset = stored_.text.size() + 10;
  EXPECT_THAT(Resources(VerifyArticleRecord(stored_)),
              ::testing::ElementsAre(ParagraphName(stored_.id, p.index)));
}

TEST_F(ArticleVerifierTest, TamperedParagraphHashIsReported) {
  ParsedParagraph& p = stored_.paragraphs[0];
  p.sha256[0] = p.sha256[0] == '0' ? '1' : '0';
  EXPECT_THAT(Resources(VerifyArticleRecord(stored_)),
              ::testing::ElementsAre(ParagraphName(stored_.id, p.index)));
}

TEST_F(ArticleVerifierTest, IdNotDerivedFromTheHashIsReported) {
  stored_.content_sha256[40] = stored_.content_sha256[40] == 'a' ? 'b' : 'a';
  EXPECT_THAT(Resources(VerifyArticleRecord(stored_)), Contains(ArticleName(stored_.id)));
}

}  // namespace
}  // namespace claimtrace::provenance
