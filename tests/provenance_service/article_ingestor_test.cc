#include "provenance_service/article_ingestor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/sha256.h"
#include "common/status_util.h"
#include "common/utf8.h"
#include "tests/provenance_service/provenance_test_articles.h"

namespace claimtrace::provenance {
namespace {

using test_articles::IngestorFixture;
using test_articles::TidalArticle;

constexpr char kClaimA[] = "00000000000000a1";
constexpr char kClaimB[] = "00000000000000b2";

std::size_t CodePoints(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

class ArticleIngestorTest : public IngestorFixture {
 protected:
  void ExpectTextViolation(std::string_view text, const ArticleIngestor& ingestor) {
    absl::StatusOr<ArticleRecord> record = ingestor.Prepare(text, {});
    ASSERT_FALSE(record.ok()) << "accepted " << text.size() << " bytes";
    EXPECT_EQ(record.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(common::ViolatedField(record.status()), "text") << record.status();
  }
  void ExpectTextViolation(std::string_view text) { ExpectTextViolation(text, *ingestor_); }

  // AttachEvidence must fail with INTERNAL and leave `record.evidence` as it was.
  void ExpectRejected(ArticleRecord& record, const std::vector<ClaimMentionInput>& mentions,
                      const std::string& why) {
    const std::vector<EvidenceRecord> before = record.evidence;
    const absl::Status status = ingestor_->AttachEvidence(record, mentions);
    EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << why << ": " << status;
    ASSERT_EQ(record.evidence.size(), before.size()) << why << ": evidence was attached";
    for (size_t i = 0; i < before.size(); ++i) EXPECT_EQ(record.evidence[i].id, before[i].id);
  }
};

TEST_F(ArticleIngestorTest, RejectsEmptyAndWhitespaceOnlyText) {
  ExpectTextViolation("");
  ExpectTextViolation(" ");
  ExpectTextViolation(" \t\r\n\n  \n");
  ExpectTextViolation("\xC2\xA0\xE2\x80\x8B\xEF\xBB\xBF \n");  // NBSP, ZWSP, BOM
}

TEST_F(ArticleIngestorTest, RejectsInvalidUtf8) {
  ExpectTextViolation("Council approves budget\xFF");
  ExpectTextViolation("Truncated \xE2\x80");
  ExpectTextViolation("Overlong \xC0\xAF slash");
  ExpectTextViolation("Surrogate \xED\xA0\x80 half");
}

TEST_F(ArticleIngestorTest, RejectsNulBytes) {
  ExpectTextViolation(std::string("Council approves\0 budget", 24));
  ExpectTextViolation(std::string("\0", 1));
}

TEST_F(ArticleIngestorTest, RejectsOversizedTextAndAcceptsTheLimit) {
  const ArticleIngestor small(parser_.get(), 64);
  const std::string at_limit = "Council approves the harbor budget after a long debate, 9-2 vote";
  ASSERT_EQ(at_limit.size(), 64u);
  EXPECT_TRUE(small.Prepare(at_limit, {}).ok());
  ExpectTextViolation(at_limit + ".", small);
}

TEST_F(ArticleIngestorTest, PreparedRecordIsHashedAndSplit) {
  const ArticleRecord record = PrepareOrDie(TidalArticle());
  EXPECT_EQ(record.text, TidalArticle());
  EXPECT_EQ(record.content_sha256, common::Sha256Hex(TidalArticle()));
  EXPECT_EQ(record.id, record.content_sha256.substr(0, 32));
  EXPECT_TRUE(record.evidence.empty());
  ASSERT_GE(record.paragraphs.size(), 4u);
  EXPECT_EQ(record.paragraph_count, static_cast<int>(record.paragraphs.size()));
  for (size_t i = 0; i < record.paragraphs.size(); ++i) {
    const ParsedParagraph& p = record.paragraphs[i];
    EXPECT_EQ(p.index, static_cast<int>(i));
    EXPECT_EQ(record.text.compare(p.article_offset, p.text.size(), p.text), 0) << i;
    EXPECT_EQ(p.sha256, common::Sha256Hex(p.text));
  }
}

TEST_F(ArticleIngestorTest, SameTextGivesSameIdAndOtherTextAnother) {
  EXPECT_EQ(PrepareOrDie(TidalArticle()).id, PrepareOrDie(TidalArticle()).id);
  EXPECT_NE(PrepareOrDie(TidalArticle()).id, PrepareOrDie(TidalArticle() + "\nUpdated.\n").id);
}

TEST_F(ArticleIngestorTest, CrLfLineEndingsAreNormalisedBeforeHashing) {
  std::string crlf;
  for (const char c : TidalArticle()) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  const ArticleRecord record = PrepareOrDie(crlf);
  EXPECT_EQ(record.text, TidalArticle());
  EXPECT_EQ(record.id, PrepareOrDie(TidalArticle()).id);
}

TEST_F(ArticleIngestorTest, QuoteIsTheSliceWithContextAroundIt) {
  ArticleRecord record = PrepareOrDie(TidalArticle());
  const ClaimMentionInput mention = MentionOf(record, "about 40 megawatts", kClaimA);
  ASSERT_TRUE(ingestor_->AttachEvidence(record, {mention}).ok());
  ASSERT_EQ(record.evidence.size(), 1u);
  const EvidenceRecord& e = record.evidence[0];
  const std::string& text = record.paragraphs[mention.paragraph_index].text;
  EXPECT_EQ(e.article_id, record.id);
  EXPECT_EQ(e.paragraph_index, mention.paragraph_index);
  EXPECT_EQ(e.claim_id, kClaimA);
  EXPECT_EQ(e.start_offset, mention.start_offset);
  EXPECT_EQ(e.end_offset, mention.end_offset);
  EXPECT_EQ(e.quote, "about 40 megawatts");
  EXPECT_EQ(e.quote, text.substr(e.start_offset, e.end_offset - e.start_offset));
  // 32 characters each side; the curly quotes are single characters.
  EXPECT_EQ(e.prefix, "e new tidal plant will deliver \xE2\x80\x9C");
  EXPECT_EQ(e.suffix, "\xE2\x80\x9D \xE2\x80\x94 enough, officials said, for ");
  EXPECT_EQ(e.claimant.id, mention.claimant.id);
  EXPECT_EQ(e.cue, "said");
  EXPECT_EQ(e.method, "test");
  EXPECT_EQ(e.id.size(), 16u);
}

TEST_F(ArticleIngestorTest, ContextCountsCharactersNotBytesInCjkText) {
  ArticleRecord record = PrepareOrDie(TidalArticle());
  // "重要" in the Chinese sentence: the 32 characters before reach the start
  // of the paragraph only in bytes, not in characters.
  const ClaimMentionInput important = MentionOf(record, "\xE9\x87\x8D\xE8\xA6\x81", kClaimA);
  const ClaimMentionInput mayor = MentionOf(record, "The mayor called", kClaimB);
  ASSERT_TRUE(ingestor_->AttachEvidence(record, {important, mayor}).ok());
  ASSERT_EQ(record.evidence.size(), 2u);
  const std::string& text = record.paragraphs[important.paragraph_index].text;
  EXPECT_EQ(record.evidence[0].prefix,
            "\xE6\xB8\xAF\xE5\x8F\xA3\xE5\x9F\x8E\xE5\xB8\x82\xE7\x9A\x84\xE5\xB8\x82\xE9\x95\xBF"
            "\xE8\xAF\xB4\xEF\xBC\x9A\xE2\x80\x9C\xE8\xBF\x99\xE6\x98\xAF\xE4\xB8\x80\xE4\xB8\xAA");
  EXPECT_EQ(
      record.evidence[0].suffix,
      "\xE7\x9A\x84\xE6\x97\xA5\xE5\xAD\x90\xE3\x80\x82\xE2\x80\x9D The mayor called the openi");
  // 22 characters (64 bytes) precede "The mayor": all of them are the prefix.
  EXPECT_EQ(record.evidence[1].prefix, text.substr(0, mayor.start_offset));
  EXPECT_EQ(CodePoints(record.evidence[1].prefix), 22u);
  EXPECT_GT(record.evidence[1].prefix.size(), 32u);
}

TEST_F(ArticleIngestorTest, ContextIsAtMost32WholeCharactersEverywhere) {
  ArticleRecord record = PrepareOrDie(TidalArticle());
  // A mention at every character boundary of every extractable paragraph.
  std::vector<ClaimMentionInput> mentions;
  for (const ParsedParagraph& p : record.paragraphs) {
    if (!IsExtractable(p.kind)) continue;
    for (size_t start = 0; start < p.text.size(); ++start) {
      if (!common::IsUtf8Boundary(p.text, start)) continue;
      size_t end = start + 1;
      while (!common::IsUtf8Boundary(p.text, end)) ++end;
      ClaimMentionInput m;
      m.claim_id = kClaimA;
      m.paragraph_index = p.index;
      m.start_offset = static_cast<int>(start);
      m.end_offset = static_cast<int>(end);
      mentions.push_back(m);
    }
  }
  ASSERT_FALSE(mentions.empty());
  ASSERT_TRUE(ingestor_->AttachEvidence(record, mentions).ok());
  ASSERT_EQ(record.evidence.size(), mentions.size());
  for (const EvidenceRecord& e : record.evidence) {
    const std::string& text = record.paragraphs[e.paragraph_index].text;
    const std::string before = text.substr(0, e.start_offset);
    const std::string after = text.substr(e.end_offset);
    EXPECT_EQ(common::FindInvalidUtf8(e.prefix), std::nullopt);
    EXPECT_EQ(common::FindInvalidUtf8(e.suffix), std::nullopt);
    EXPECT_EQ(CodePoints(e.prefix), std::min<size_t>(32, CodePoints(before)));
    EXPECT_EQ(CodePoints(e.suffix), std::min<size_t>(32, CodePoints(after)));
    ASSERT_LE(e.prefix.size(), before.size());
    EXPECT_EQ(before.substr(before.size() - e.prefix.size()), e.prefix);
    EXPECT_EQ(after.substr(0, e.suffix.size()), e.suffix);
  }
}

TEST_F(ArticleIngestorTest, EvidenceIdsAreStableAndDistinct) {
  ArticleRecord first = PrepareOrDie(TidalArticle());
  ArticleRecord second = PrepareOrDie(TidalArticle());
  const std::vector<ClaimMentionInput> mentions = {
      MentionOf(first, "about 40 megawatts", kClaimA),
      MentionOf(first, "40 megawatts", kClaimA),
      MentionOf(first, "about 40 megawatts", kClaimB),
      MentionOf(first, "about 40 megawatts", kClaimA, "coastal-observer"),
  };
  ASSERT_TRUE(ingestor_->AttachEvidence(first, mentions).ok());
  ASSERT_TRUE(ingestor_->AttachEvidence(second, mentions).ok());
  std::set<std::string> ids;
  for (size_t i = 0; i < mentions.size(); ++i) {
    EXPECT_EQ(first.evidence[i].id, second.evidence[i].id);
    ids.insert(first.evidence[i].id);
  }
  EXPECT_EQ(ids.size(), mentions.size());
}

TEST_F(ArticleIngestorTest, RejectsMentionsOfParagraphsThatDoNotExist) {
  ArticleRecord record = PrepareOrDie(TidalArticle());
  ClaimMentionInput m = MentionOf(record, "about 40 megawatts", kClaimA);
  m.paragraph_index = -1;
  ExpectRejected(record, {m}, "index -1");
  m.paragraph_index = static_cast<int>(record.paragraphs.size());
  ExpectRejected(record, {m}, "index past the end");
}

TEST_F(ArticleIngestorTest, RejectsMentionsOfParagraphsNotSentForExtraction) {
  ArticleRecord record = PrepareOrDie(TidalArticle());
  int heading = -1;
  for (const ParsedParagraph& p : record.paragraphs) {
    if (!IsExtractable(p.kind)) {
      heading = p.index;
      break;
    }
  }
  ASSERT_GE(heading, 0) << "the title line should not be a body paragraph";
  ClaimMentionInput m;
  m.claim_id = kClaimA;
  m.paragraph_index = heading;
  m.start_offset = 0;
  m.end_offset = 1;
  ExpectRejected(record, {m}, "non-extractable paragraph");
}

TEST_F(ArticleIngestorTest, RejectsSpansOutsideTheParagraph) {
  ArticleRecord record = PrepareOrDie(TidalArticle());
  const ClaimMentionInput good = MentionOf(record, "about 40 megawatts", kClaimA);
  const int size = static_cast<int>(record.paragraphs[good.paragraph_index].text.size());
  const std::pair<int, int> spans[] = {{-1, 5},       {5, 5},           {6, 5},
                                       {0, size + 1}, {size, size + 1}, {size + 10, size + 20}};
  for (const auto& [start, end] : spans) {
    ClaimMentionInput m = good;
    m.start_offset = start;
    m.end_offset = end;
    ExpectRejected(record, {m}, absl::StrCat("[", start, ", ", end, ")"));
  }
  // The whole paragraph is fine.
  ClaimMentionInput whole = good;
  whole.start_offset = 0;
  whole.end_offset = size;
  EXPECT_TRUE(ingestor_->AttachEvidence(record, {whole}).ok());
}

TEST_F(ArticleIngestorTest, RejectsSpansCuttingAMultiByteCharacter) {
  ArticleRecord record = PrepareOrDie(TidalArticle());
  const ClaimMentionInput quoted = MentionOf(record,
                                             "\xE2\x80\x9C"
                                             "about",
                                             kClaimA);
  const ClaimMentionInput dash = MentionOf(record, "\xE2\x80\x94", kClaimA);
  const ClaimMentionInput cjk = MentionOf(record, "\xE9\x87\x8D\xE8\xA6\x81", kClaimA);
  for (const int inside : {1, 2}) {
    ClaimMentionInput m = quoted;
    m.start_offset += inside;  // inside the opening curly quote
    ExpectRejected(record, {m}, "start inside \xE2\x80\x9C");
    m = dash;
    m.end_offset -= inside;  // ends inside the em dash
    ExpectRejected(record, {m}, "end inside \xE2\x80\x94");
    m = cjk;
    m.start_offset += inside;
    ExpectRejected(record, {m}, "start inside a CJK character");
  }
}

TEST_F(ArticleIngestorTest, OneBadMentionAttachesNothing) {
  ArticleRecord record = PrepareOrDie(TidalArticle());
  ASSERT_TRUE(ingestor_->AttachEvidence(record, {MentionOf(record, "30,000 homes", kClaimB)}).ok());
  ASSERT_EQ(record.evidence.size(), 1u);
  ClaimMentionInput bad = MentionOf(record, "$120 million", kClaimA);
  bad.end_offset = 100000;
  ExpectRejected(record, {MentionOf(record, "about 40 megawatts", kClaimA), bad}, "second is bad");
  EXPECT_EQ(record.evidence[0].quote, "30,000 homes");
}

TEST(ContextTest, StopsAtTheEdgesOfTheText) {
  EXPECT_EQ(ContextBefore("abc", 0, 32), "");
  EXPECT_EQ(ContextAfter("abc", 3, 32), "");
  EXPECT_EQ(ContextBefore("abc", 2, 32), "ab");
  EXPECT_EQ(ContextAfter("abc", 1, 32), "bc");
  EXPECT_EQ(ContextBefore("abcdef", 5, 2), "de");
  EXPECT_EQ(ContextAfter("abcdef", 1, 2), "bc");
  EXPECT_EQ(ContextBefore("abc", 2, 0), "");
}

TEST(ContextTest, TakesWholeMultiByteCharacters) {
  const std::string text =
      "\xE2\x80\x9C\xE6\x9D\xB1\xE4\xBA\xAC\xE2\x80\x9D \xE2\x80\x94 ok";  // “東京” — ok
  EXPECT_EQ(ContextBefore(text, 9, 2), "\xE6\x9D\xB1\xE4\xBA\xAC");
  EXPECT_EQ(ContextBefore(text, 9, 3), "\xE2\x80\x9C\xE6\x9D\xB1\xE4\xBA\xAC");
  EXPECT_EQ(ContextAfter(text, 9, 3), "\xE2\x80\x9D \xE2\x80\x94");
  EXPECT_EQ(ContextAfter(text, 0, 1), "\xE2\x80\x9C");
}

}  // namespace
}  // namespace claimtrace::provenance
