#include "provenance_service/article_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_util.h"
#include "tests/common/scoped_temp_dir.h"
#include "tests/provenance_service/provenance_test_articles.h"

namespace claimtrace::provenance {
namespace {

using ::claimtrace::test_support::ScopedTempDir;
using ::claimtrace::test_support::WriteFileBytes;
using test_articles::Day;
using test_articles::IngestorFixture;
using test_articles::NumberedArticle;
using test_articles::Sources;
using test_articles::TidalArticle;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

constexpr char kClaimA[] = "00000000000000a1";
constexpr char kClaimB[] = "00000000000000b2";
constexpr char kClaimC[] = "00000000000000c3";

class ArticleStoreTest : public IngestorFixture {
 protected:
  void SetUp() override {
    IngestorFixture::SetUp();
    path_ = dir_.File("provenance.db");
    absl::StatusOr<std::unique_ptr<ArticleStore>> store = ArticleStore::Open(path_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  // The tidal article with three pieces of evidence.
  ArticleRecord TidalWithEvidence() {
    ArticleRecord record = PrepareOrDie(TidalArticle());
    const absl::Status attached = ingestor_->AttachEvidence(
        record, {MentionOf(record, "about 40 megawatts", kClaimA),
                 MentionOf(record, "30,000 homes", kClaimB),
                 MentionOf(record, "$120 million", kClaimC, "marlow-institute")});
    EXPECT_TRUE(attached.ok()) << attached;
    return record;
  }

  // NumberedArticle(n) with `given` metadata and one mention of `claim` in
  // each body paragraph.
  ArticleRecord Numbered(int n, const ArticleMetadata& given = {}, std::string claim = kClaimA,
                         int body_paragraphs = 3) {
    ArticleRecord record = PrepareOrDie(NumberedArticle(n, body_paragraphs), given);
    std::vector<ClaimMentionInput> mentions;
    for (int p = 0; p < body_paragraphs; ++p) {
      mentions.push_back(MentionOf(record, absl::StrCat("reviewed item ", p, " "), claim));
    }
    const absl::Status attached = ingestor_->AttachEvidence(record, mentions);
    EXPECT_TRUE(attached.ok()) << attached;
    return record;
  }

  bool InsertOk(const ArticleRecord& record, std::string_view request_id = "") {
    absl::StatusOr<bool> inserted = store_->Insert(record, request_id);
    EXPECT_TRUE(inserted.ok()) << inserted.status();
    return inserted.ok() && *inserted;
  }

  std::int64_t Articles() { return *store_->CountArticles(); }
  std::int64_t Evidence() { return *store_->CountEvidence(); }

  ScopedTempDir dir_;
  std::string path_;
  std::unique_ptr<ArticleStore> store_;
};

TEST_F(ArticleStoreTest, StoresArticleParagraphsAndEvidenceVerbatim) {
  const ArticleRecord record = TidalWithEvidence();
  ASSERT_TRUE(InsertOk(record));
  absl::StatusOr<ArticleRecord> stored = store_->GetArticleWithContent(record.id);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->id, record.id);
  EXPECT_EQ(stored->content_sha256, record.content_sha256);
  EXPECT_EQ(stored->text, TidalArticle());
  EXPECT_EQ(stored->paragraph_count, static_cast<int>(record.paragraphs.size()));
  EXPECT_EQ(stored->evidence_count, 3);
  ASSERT_EQ(stored->paragraphs.size(), record.paragraphs.size());
  for (size_t i = 0; i < record.paragraphs.size(); ++i) {
    EXPECT_EQ(stored->paragraphs[i].index, record.paragraphs[i].index);
    EXPECT_EQ(stored->paragraphs[i].text, record.paragraphs[i].text);
    EXPECT_EQ(stored->paragraphs[i].kind, record.paragraphs[i].kind);
    EXPECT_EQ(stored->paragraphs[i].sha256, record.paragraphs[i].sha256);
    EXPECT_EQ(stored->paragraphs[i].article_offset, record.paragraphs[i].article_offset);
  }
  ASSERT_EQ(stored->evidence.size(), 3u);
  std::set<std::string> quotes;
  for (const EvidenceRecord& e : stored->evidence) {
    quotes.insert(e.quote);
    EXPECT_EQ(e.quote, stored->paragraphs[e.paragraph_index].text.substr(
                           e.start_offset, e.end_offset - e.start_offset));
  }
  EXPECT_EQ(quotes, (std::set<std::string>{"about 40 megawatts", "30,000 homes", "$120 million"}));
  const EvidenceRecord& first = stored->evidence[0];
  EXPECT_EQ(first.claim_id, kClaimA);
  EXPECT_EQ(first.prefix, record.evidence[0].prefix);
  EXPECT_EQ(first.suffix, record.evidence[0].suffix);
  EXPECT_EQ(first.claimant.id, record.evidence[0].claimant.id);
  EXPECT_EQ(first.claimant.name, record.evidence[0].claimant.name);
  EXPECT_EQ(first.cue, "said");
  EXPECT_EQ(first.method, "test");

  absl::StatusOr<ArticleRecord> metadata_only = store_->GetArticle(record.id);
  ASSERT_TRUE(metadata_only.ok());
  EXPECT_TRUE(metadata_only->text.empty());
  EXPECT_TRUE(metadata_only->paragraphs.empty());
  EXPECT_EQ(metadata_only->evidence_count, 3);
  EXPECT_EQ(metadata_only->metadata.title, record.metadata.title);
  EXPECT_EQ(metadata_only->metadata.uri, record.metadata.uri);
}

TEST_F(ArticleStoreTest, MetadataRoundTripsWithSources) {
  ArticleMetadata given;
  given.publisher = "Coastal Observer";
  given.uri = "https://observer.example/harbor";
  given.publish_time = Day(2024, 3, 4) + absl::Hours(9) + absl::Microseconds(123);
  given.byline = "Dana Whitfield";
  const ArticleRecord record = Numbered(1, given);
  ASSERT_TRUE(InsertOk(record));
  absl::StatusOr<ArticleRecord> stored = store_->GetArticle(record.id);
  ASSERT_TRUE(stored.ok());
  const ArticleMetadata& m = stored->metadata;
  EXPECT_EQ(m.publisher, "Coastal Observer");
  EXPECT_EQ(m.uri, "https://observer.example/harbor");
  EXPECT_EQ(m.byline, "Dana Whitfield");
  ASSERT_TRUE(m.publish_time.has_value());
  EXPECT_EQ(*m.publish_time, *given.publish_time);
  EXPECT_EQ(m.publisher_source, record.metadata.publisher_source);
  EXPECT_EQ(m.publish_time_source, record.metadata.publish_time_source);
  EXPECT_EQ(m.title, record.metadata.title);
  EXPECT_EQ(m.title_source, record.metadata.title_source);
}

TEST_F(ArticleStoreTest, InsertingTheSameArticleAgainReturnsFalseAndAddsNothing) {
  const ArticleRecord record = TidalWithEvidence();
  ASSERT_TRUE(InsertOk(record));
  EXPECT_EQ(Articles(), 1);
  EXPECT_EQ(Evidence(), 3);
  // A second ingest of the same text with more evidence changes nothing.
  ArticleRecord again = PrepareOrDie(TidalArticle());
  ASSERT_TRUE(ingestor_
                  ->AttachEvidence(again, {MentionOf(again, "about 40 megawatts", kClaimA),
                                           MentionOf(again, "The mayor called", kClaimB),
                                           MentionOf(again, "first turbines", kClaimC)})
                  .ok());
  absl::StatusOr<bool> inserted = store_->Insert(again, "");
  ASSERT_TRUE(inserted.ok()) << inserted.status();
  EXPECT_FALSE(*inserted);
  EXPECT_EQ(Articles(), 1);
  EXPECT_EQ(Evidence(), 3);
}

TEST_F(ArticleStoreTest, FailureMidwayLeavesNoArticleParagraphOrEvidence) {
  ArticleRecord record = TidalWithEvidence();
  ASSERT_EQ(record.evidence.size(), 3u);
  // Evidence after the valid rows points at a paragraph that does not
  // exist: the foreign key fails after the article, its paragraphs and two
  // pieces of evidence were written.
  EvidenceRecord dangling = record.evidence[0];
  dangling.id = "ffffffffffffffff";
  dangling.paragraph_index = 999;
  record.evidence.push_back(dangling);
  absl::StatusOr<bool> inserted = store_->Insert(record, "request-dangling");
  ASSERT_FALSE(inserted.ok()) << "a dangling evidence row was accepted";
  EXPECT_NE(inserted.status().code(), absl::StatusCode::kAlreadyExists)
      << "the article does not exist: " << inserted.status();

  EXPECT_EQ(Articles(), 0);
  EXPECT_EQ(Evidence(), 0);
  EXPECT_FALSE(*store_->HasArticle(record.id));
  EXPECT_EQ(store_->GetArticle(record.id).status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<std::vector<ParsedParagraph>> paragraphs =
      store_->ListParagraphs(record.id, -1, 100);
  ASSERT_TRUE(paragraphs.ok());
  EXPECT_TRUE(paragraphs->empty());
  EXPECT_EQ(store_->GetParagraph(record.id, 0).status().code(), absl::StatusCode::kNotFound);
  absl::StatusOr<std::optional<std::string>> request =
      store_->ArticleForRequestId("request-dangling");
  ASSERT_TRUE(request.ok());
  EXPECT_FALSE(request->has_value()) << "the request id outlived its failed insert";

  // The valid record can still be stored afterwards.
  record.evidence.pop_back();
  EXPECT_TRUE(InsertOk(record, "request-dangling"));
  EXPECT_EQ(Evidence(), 3);
}

TEST_F(ArticleStoreTest, DuplicateParagraphIndexAbortsTheWholeInsert) {
  ArticleRecord record = TidalWithEvidence();
  ParsedParagraph copy = record.paragraphs.back();
  record.paragraphs.push_back(copy);  // same (article, idx) twice
  EXPECT_FALSE(store_->Insert(record, "").ok());
  EXPECT_EQ(Articles(), 0);
  EXPECT_EQ(Evidence(), 0);
}

TEST_F(ArticleStoreTest, RequestIdIsRememberedForRetries) {
  const ArticleRecord record = TidalWithEvidence();
  ASSERT_TRUE(InsertOk(record, "req-7f3a"));
  absl::StatusOr<std::optional<std::string>> remembered = store_->ArticleForRequestId("req-7f3a");
  ASSERT_TRUE(remembered.ok());
  ASSERT_TRUE(remembered->has_value());
  EXPECT_EQ(**remembered, record.id);
  // A retry with the same id and text is fine and adds nothing.
  absl::StatusOr<bool> retry = store_->Insert(record, "req-7f3a");
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_FALSE(*retry);
  EXPECT_EQ(Articles(), 1);
  absl::StatusOr<std::optional<std::string>> unknown = store_->ArticleForRequestId("req-other");
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown->has_value());
}

TEST_F(ArticleStoreTest, RequestIdReusedForOtherTextIsInvalid) {
  const ArticleRecord first = TidalWithEvidence();
  ASSERT_TRUE(InsertOk(first, "req-1"));
  const ArticleRecord other = Numbered(5);
  absl::StatusOr<bool> inserted = store_->Insert(other, "req-1");
  ASSERT_FALSE(inserted.ok());
  EXPECT_EQ(inserted.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(common::ViolatedField(inserted.status()), "request_id");
  EXPECT_FALSE(*store_->HasArticle(other.id));
  EXPECT_EQ(Articles(), 1);
  EXPECT_EQ(Evidence(), 3);
  EXPECT_EQ(**store_->ArticleForRequestId("req-1"), first.id);
}

TEST_F(ArticleStoreTest, SameTextUnderASecondRequestIdIsRememberedToo) {
  const ArticleRecord record = TidalWithEvidence();
  ASSERT_TRUE(InsertOk(record, "req-a"));
  absl::StatusOr<bool> again = store_->Insert(record, "req-b");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
  EXPECT_EQ(**store_->ArticleForRequestId("req-b"), record.id);
}

TEST_F(ArticleStoreTest, ListArticlesNewestFirstUndatedLast) {
  ArticleMetadata jan, mar, undated, older;
  jan.publish_time = Day(2024, 1, 10);
  mar.publish_time = Day(2024, 3, 1);
  older.publish_time = Day(2023, 6, 1);
  const ArticleRecord a_jan = Numbered(1, jan);
  const ArticleRecord a_undated = Numbered(2, undated);
  const ArticleRecord a_mar = Numbered(3, mar);
  const ArticleRecord a_older = Numbered(4, older);
  for (const ArticleRecord* r : {&a_jan, &a_undated, &a_mar, &a_older}) ASSERT_TRUE(InsertOk(*r));
  ASSERT_FALSE(a_undated.metadata.publish_time.has_value()) << "the parser inferred a date";

  absl::StatusOr<std::vector<ArticleRecord>> listed = store_->ListArticles({}, 0, 10);
  ASSERT_TRUE(listed.ok()) << listed.status();
  std::vector<std::string> ids;
  for (const ArticleRecord& a : *listed) ids.push_back(a.id);
  EXPECT_THAT(ids, ElementsAre(a_mar.id, a_jan.id, a_older.id, a_undated.id));

  // Offset pagination visits the same order once.
  std::vector<std::string> paged;
  for (int offset = 0; offset < 10; ++offset) {
    absl::StatusOr<std::vector<ArticleRecord>> page = store_->ListArticles({}, offset, 1);
    ASSERT_TRUE(page.ok());
    if (page->empty()) break;
    paged.push_back((*page)[0].id);
  }
  EXPECT_EQ(paged, ids);
}

TEST_F(ArticleStoreTest, UndatedArticlesAreOrderedById) {
  std::vector<std::string> ids;
  for (int n = 10; n < 15; ++n) {
    const ArticleRecord r = Numbered(n);
    ASSERT_TRUE(InsertOk(r));
    ids.push_back(r.id);
  }
  std::sort(ids.begin(), ids.end());
  absl::StatusOr<std::vector<ArticleRecord>> listed = store_->ListArticles({}, 0, 10);
  ASSERT_TRUE(listed.ok());
  std::vector<std::string> got;
  for (const ArticleRecord& a : *listed) got.push_back(a.id);
  EXPECT_EQ(got, ids);
}

TEST_F(ArticleStoreTest, ListArticlesFiltersByPublisherAndUri) {
  ArticleMetadata observer_a, observer_b, gazette;
  observer_a.publisher = "Coastal Observer";
  observer_a.uri = "https://observer.example/a";
  observer_b.publisher = "Coastal Observer";
  observer_b.uri = "https://observer.example/b";
  gazette.publisher = "Harbor Gazette";
  gazette.uri = "https://gazette.example/a";
  const ArticleRecord a = Numbered(1, observer_a);
  const ArticleRecord b = Numbered(2, observer_b);
  const ArticleRecord g = Numbered(3, gazette);
  for (const ArticleRecord* r : {&a, &b, &g}) ASSERT_TRUE(InsertOk(*r));

  auto ids_for = [&](const ArticleQuery& query) {
    std::set<std::string> ids;
    absl::StatusOr<std::vector<ArticleRecord>> listed = store_->ListArticles(query, 0, 10);
    EXPECT_TRUE(listed.ok());
    if (listed.ok()) {
      for (const ArticleRecord& r : *listed) ids.insert(r.id);
    }
    return ids;
  };
  ArticleQuery query;
  query.publisher = "coastal OBSERVER";
  EXPECT_EQ(ids_for(query), (std::set<std::string>{a.id, b.id}));
  query.publisher = "Coastal";
  EXPECT_TRUE(ids_for(query).empty()) << "publisher is matched exactly";
  query = {};
  query.uri = "https://observer.example/b";
  EXPECT_EQ(ids_for(query), (std::set<std::string>{b.id}));
  query.uri = "https://OBSERVER.example/b";
  EXPECT_TRUE(ids_for(query).empty()) << "uri is matched exactly";
  query.publisher = "Harbor Gazette";
  query.uri = "https://gazette.example/a";
  EXPECT_EQ(ids_for(query), (std::set<std::string>{g.id}));
  query.publisher = "' OR 1=1 --";
  EXPECT_TRUE(ids_for(query).empty());
}

TEST_F(ArticleStoreTest, ListParagraphsVisitsEachParagraphOnce) {
  const ArticleRecord record = Numbered(1, {}, kClaimA, 7);
  ASSERT_TRUE(InsertOk(record));
  ASSERT_TRUE(InsertOk(Numbered(2, {}, kClaimA, 4)));  // other article's rows stay out
  std::vector<int> expected;
  for (const ParsedParagraph& p : record.paragraphs) expected.push_back(p.index);
  for (const int limit : {1, 2, 3, 100}) {
    std::vector<int> visited;
    int after = -1;
    for (int pages = 0; pages < 50; ++pages) {
      absl::StatusOr<std::vector<ParsedParagraph>> page =
          store_->ListParagraphs(record.id, after, limit);
      ASSERT_TRUE(page.ok()) << page.status();
      ASSERT_LE(static_cast<int>(page->size()), limit);
      if (page->empty()) break;
      for (const ParsedParagraph& p : *page) {
        visited.push_back(p.index);
        EXPECT_EQ(p.text, record.paragraphs[p.index].text);
      }
      after = page->back().index;
    }
    EXPECT_EQ(visited, expected) << "limit " << limit;
  }
  absl::StatusOr<ParsedParagraph> one = store_->GetParagraph(record.id, 2);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->text, record.paragraphs[2].text);
  EXPECT_EQ(store_->GetParagraph(record.id, 99).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ArticleStoreTest, ListEvidenceVisitsEachRowOnceInKeyOrder) {
  const ArticleRecord a = Numbered(1, {}, kClaimA, 4);
  const ArticleRecord b = Numbered(2, {}, kClaimB, 3);
  const ArticleRecord tidal = TidalWithEvidence();
  for (const ArticleRecord* r : {&a, &b, &tidal}) ASSERT_TRUE(InsertOk(*r));
  ASSERT_EQ(Evidence(), 10);

  auto walk = [&](std::string_view article, int paragraph, std::string_view claim, int limit) {
    std::vector<EvidenceRecord> all;
    std::string key;
    for (int pages = 0; pages < 100; ++pages) {
      absl::StatusOr<std::vector<EvidenceRecord>> page =
          store_->ListEvidence(article, paragraph, claim, key, limit);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok() || page->empty()) break;
      EXPECT_LE(static_cast<int>(page->size()), limit);
      all.insert(all.end(), page->begin(), page->end());
      key = EvidenceKey(page->back());
    }
    return all;
  };
  for (const int limit : {1, 2, 3, 7, 100}) {
    const std::vector<EvidenceRecord> all = walk("", -1, "", limit);
    ASSERT_EQ(all.size(), 10u) << "limit " << limit;
    std::set<std::string> keys;
    for (size_t i = 0; i < all.size(); ++i) {
      keys.insert(EvidenceKey(all[i]));
      if (i == 0) continue;
      const EvidenceRecord& x = all[i - 1];
      const EvidenceRecord& y = all[i];
      EXPECT_TRUE(std::tie(x.article_id, x.paragraph_index, x.start_offset, x.id) <
                  std::tie(y.article_id, y.paragraph_index, y.start_offset, y.id))
          << EvidenceKey(x) << " then " << EvidenceKey(y);
    }
    EXPECT_EQ(keys.size(), 10u);
  }
  EXPECT_EQ(walk(a.id, -1, "", 2).size(), 4u);
  EXPECT_EQ(walk("", -1, kClaimB, 2).size(), 4u);  // article b's three and tidal's one
  EXPECT_EQ(walk(b.id, -1, kClaimB, 1).size(), 3u);
  const int paragraph = a.evidence[1].paragraph_index;
  const std::vector<EvidenceRecord> in_paragraph = walk(a.id, paragraph, "", 1);
  ASSERT_EQ(in_paragraph.size(), 1u);
  EXPECT_EQ(in_paragraph[0].id, a.evidence[1].id);
  EXPECT_TRUE(walk(a.id, -1, kClaimC, 5).empty());
}

TEST_F(ArticleStoreTest, ListEvidenceRejectsMalformedKeys) {
  for (const std::string key : {"garbage", "a|b|c|d", "a|1|x|d", "a|1|2"}) {
    absl::StatusOr<std::vector<EvidenceRecord>> page = store_->ListEvidence("", -1, "", key, 10);
    ASSERT_FALSE(page.ok()) << key;
    EXPECT_EQ(common::ViolatedField(page.status()), "page_token") << key;
  }
}

TEST_F(ArticleStoreTest, TraceClaimListsEarliestPublicationFirstUndatedLast) {
  ArticleMetadata feb, may, none;
  feb.publish_time = Day(2024, 2, 1);
  feb.publisher = "Harbor Gazette";
  may.publish_time = Day(2023, 5, 1);
  may.publisher = "Coastal Observer";
  const ArticleRecord late = Numbered(1, feb, kClaimA, 2);
  const ArticleRecord undated = Numbered(2, none, kClaimA, 1);
  const ArticleRecord early = Numbered(3, may, kClaimA, 2);
  const ArticleRecord unrelated = Numbered(4, may, kClaimB, 2);
  for (const ArticleRecord* r : {&late, &undated, &early, &unrelated}) ASSERT_TRUE(InsertOk(*r));

  absl::StatusOr<std::vector<TracedEvidence>> trace = Sources(store_->TraceClaim(kClaimA, 100));
  ASSERT_TRUE(trace.ok()) << trace.status();
  std::vector<std::string> articles;
  for (const TracedEvidence& t : *trace) {
    articles.push_back(t.evidence.article_id);
    EXPECT_EQ(t.evidence.claim_id, kClaimA);
    EXPECT_EQ(t.article.id, t.evidence.article_id);
    EXPECT_TRUE(t.article.text.empty()) << "metadata only";
    EXPECT_EQ(t.paragraph.index, t.evidence.paragraph_index);
    EXPECT_EQ(t.evidence.quote,
              t.paragraph.text.substr(t.evidence.start_offset,
                                      t.evidence.end_offset - t.evidence.start_offset));
  }
  EXPECT_THAT(articles, ElementsAre(early.id, early.id, late.id, late.id, undated.id));
  ASSERT_EQ(trace->size(), 5u);
  EXPECT_EQ((*trace)[0].article.metadata.publisher, "Coastal Observer");
  EXPECT_EQ((*trace)[2].article.metadata.publisher, "Harbor Gazette");
  EXPECT_LT((*trace)[0].evidence.paragraph_index, (*trace)[1].evidence.paragraph_index);

  absl::StatusOr<std::vector<TracedEvidence>> limited = Sources(store_->TraceClaim(kClaimA, 2));
  ASSERT_TRUE(limited.ok());
  ASSERT_EQ(limited->size(), 2u);
  EXPECT_EQ((*limited)[0].evidence.article_id, early.id);
  absl::StatusOr<std::vector<TracedEvidence>> none_found =
      Sources(store_->TraceClaim("0000000000000000", 10));
  ASSERT_TRUE(none_found.ok());
  EXPECT_TRUE(none_found->empty());
}

TEST_F(ArticleStoreTest, ReopeningKeepsEverything) {
  const ArticleRecord record = TidalWithEvidence();
  ASSERT_TRUE(InsertOk(record, "req-keep"));
  store_.reset();
  absl::StatusOr<std::unique_ptr<ArticleStore>> reopened = ArticleStore::Open(path_);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  store_ = std::move(*reopened);
  EXPECT_TRUE(store_->IsHealthy());
  EXPECT_EQ(Articles(), 1);
  EXPECT_EQ(Evidence(), 3);
  EXPECT_EQ(**store_->ArticleForRequestId("req-keep"), record.id);
  absl::StatusOr<ArticleRecord> stored = store_->GetArticleWithContent(record.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->text, TidalArticle());
}

TEST(ArticleStoreOpenTest, CorruptFileIsRefused) {
  ScopedTempDir dir;
  const std::string path = dir.File("provenance.db");
  WriteFileBytes(path, std::string(20000, '\x13'));
  absl::StatusOr<std::unique_ptr<ArticleStore>> store = ArticleStore::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_THAT(std::string(store.status().message()), ::testing::HasSubstr(path));
}

TEST(ArticleStoreOpenTest, DatabaseFromANewerVersionIsRefused) {
  ScopedTempDir dir;
  const std::string path = dir.File("provenance.db");
  {
    absl::StatusOr<std::unique_ptr<common::SqliteDatabase>> db = common::SqliteDatabase::Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Execute("PRAGMA user_version = 42").ok());
  }
  absl::StatusOr<std::unique_ptr<ArticleStore>> store = ArticleStore::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition) << store.status();
}

}  // namespace
}  // namespace claimtrace::provenance
