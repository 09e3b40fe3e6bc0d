// One contract, two engines: every test here runs against the SQLite store
// (instantiation "Sqlite", label unit) and the PostgreSQL store
// (instantiation "Postgres", label postgres; skipped with a message unless
// CLAIMTRACE_TEST_POSTGRES_URL names a server, as scripts/with-postgres.sh
// provides). Several store objects on one database stand in for replicas.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_util.h"
#include "provenance_service/article_store.h"
#include "tests/common/scoped_temp_dir.h"
#include "tests/provenance_service/provenance_test_articles.h"
#include "tests/testing/postgres_test_schema.h"

namespace claimtrace::provenance {
namespace {

using ::claimtrace::test_support::ScopedTempDir;
using ::claimtrace::testing::PostgresTestSchema;
using test_articles::Day;
using test_articles::IngestorFixture;
using test_articles::NumberedArticle;
using test_articles::Sources;
using test_articles::TidalArticle;
using ::testing::ElementsAre;

constexpr char kClaimA[] = "0000000000000a11";
constexpr char kClaimB[] = "0000000000000b22";

enum class Engine { kSqlite, kPostgres };

std::string EngineName(const ::testing::TestParamInfo<Engine>& info) {
  return info.param == Engine::kSqlite ? "Sqlite" : "Postgres";
}

std::vector<std::string> ArticleIds(const std::vector<ArticleRecord>& articles) {
  std::vector<std::string> ids;
  for (const ArticleRecord& a : articles) ids.push_back(a.id);
  return ids;
}

class ArticleStoreConformanceTest : public IngestorFixture,
                                    public ::testing::WithParamInterface<Engine> {
 protected:
  void SetUp() override {
    IngestorFixture::SetUp();
    if (GetParam() == Engine::kPostgres) {
      if (testing::TestPostgresUrl().empty()) GTEST_SKIP() << testing::NoPostgresMessage();
      schema_ = std::make_unique<PostgresTestSchema>();
      ASSERT_TRUE(schema_->available());
    }
    store_ = OpenAnother();
    ASSERT_NE(store_, nullptr);
  }

  // Another store on the same database: a second replica.
  std::unique_ptr<ArticleStore> OpenAnother() {
    absl::StatusOr<std::unique_ptr<ArticleStore>> store;
    if (GetParam() == Engine::kSqlite) {
      store = ArticleStore::Open(dir_.File("provenance.db"));
    } else {
      common::PostgresOptions options;
      options.pool_size = 4;
      store = ArticleStore::OpenFromUrl({common::DatabaseUrl::Engine::kPostgresql, schema_->url()},
                                        options);
    }
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? std::move(*store) : nullptr;
  }

  // NumberedArticle(n) with one mention of `claim` per body paragraph.
  ArticleRecord Numbered(int n, const ArticleMetadata& given = {}, std::string claim = kClaimA,
                         int paragraphs = 3) {
    ArticleRecord record = PrepareOrDie(NumberedArticle(n, paragraphs), given);
    std::vector<ClaimMentionInput> mentions;
    for (int p = 0; p < paragraphs; ++p) {
      mentions.push_back(MentionOf(record, absl::StrCat("reviewed item ", p, " "), claim));
    }
    EXPECT_TRUE(ingestor_->AttachEvidence(record, mentions).ok());
    return record;
  }

  // The multi-byte article with evidence on curly quotes and CJK text.
  ArticleRecord Tidal() {
    ArticleRecord record = PrepareOrDie(TidalArticle());
    const absl::Status attached = ingestor_->AttachEvidence(
        record, {MentionOf(record,
                           "\xE2\x80\x9C"
                           "about 40 megawatts"
                           "\xE2\x80\x9D",
                           kClaimA),
                 MentionOf(record, "\xE2\x80\x94 enough", kClaimB, "marlow-institute"),
                 MentionOf(record, "\xE8\xBF\x99\xE6\x98\xAF", kClaimB)});
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
  std::unique_ptr<PostgresTestSchema> schema_;
  std::unique_ptr<ArticleStore> store_;
};

TEST_P(ArticleStoreConformanceTest, KeepsTextParagraphsAndEvidenceByteForByte) {
  ArticleMetadata given;
  given.publisher = "Lakeside Courier";
  given.publish_time = Day(2024, 7, 2) + absl::Microseconds(654321);
  ArticleRecord record = PrepareOrDie(TidalArticle(), given);
  ASSERT_TRUE(ingestor_
                  ->AttachEvidence(record, {MentionOf(record, "30,000 homes", kClaimA),
                                            MentionOf(record, "\xE2\x80\x94 enough", kClaimB)})
                  .ok());
  ASSERT_TRUE(InsertOk(record));
  absl::StatusOr<ArticleRecord> stored = store_->GetArticleWithContent(record.id);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->text, record.text);
  EXPECT_EQ(stored->content_sha256, record.content_sha256);
  EXPECT_EQ(stored->metadata.publisher, "Lakeside Courier");
  ASSERT_TRUE(stored->metadata.publish_time.has_value());
  EXPECT_EQ(*stored->metadata.publish_time, *given.publish_time);
  EXPECT_EQ(stored->metadata.title, record.metadata.title);
  EXPECT_EQ(stored->metadata.title_source, record.metadata.title_source);
  EXPECT_EQ(stored->metadata.uri_source, record.metadata.uri_source);
  ASSERT_EQ(stored->paragraphs.size(), record.paragraphs.size());
  for (size_t i = 0; i < record.paragraphs.size(); ++i) {
    EXPECT_EQ(stored->paragraphs[i].text, record.paragraphs[i].text);
    EXPECT_EQ(stored->paragraphs[i].kind, record.paragraphs[i].kind);
    EXPECT_EQ(stored->paragraphs[i].sha256, record.paragraphs[i].sha256);
    EXPECT_EQ(stored->paragraphs[i].article_offset, record.paragraphs[i].article_offset);
  }
  ASSERT_EQ(stored->evidence.size(), 2u);
  for (const EvidenceRecord& e : stored->evidence) {
    EXPECT_EQ(e.quote, stored->paragraphs[e.paragraph_index].text.substr(
                           e.start_offset, e.end_offset - e.start_offset));
    EXPECT_FALSE(e.prefix.empty());
    EXPECT_EQ(e.cue, "said");
  }
  EXPECT_EQ(stored->paragraph_count, static_cast<int>(record.paragraphs.size()));
  EXPECT_EQ(stored->evidence_count, 2);
  absl::StatusOr<ArticleRecord> metadata = store_->GetArticle(record.id);
  ASSERT_TRUE(metadata.ok());
  EXPECT_TRUE(metadata->text.empty());
  EXPECT_EQ(metadata->evidence_count, 2);
  EXPECT_EQ(*store_->CountClaimsOfArticle(record.id), 2);
}

TEST_P(ArticleStoreConformanceTest, UnknownArticleAndParagraphAreNotFound) {
  EXPECT_EQ(store_->GetArticle("feedfacefeedface").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetArticleWithContent("feedfacefeedface").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_FALSE(*store_->HasArticle("feedfacefeedface"));
  EXPECT_EQ(store_->GetParagraph("feedfacefeedface", 0).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_P(ArticleStoreConformanceTest, TheSameTextAgainReturnsFalseAndWritesNothing) {
  ASSERT_TRUE(InsertOk(Tidal()));
  ArticleRecord again = PrepareOrDie(TidalArticle());
  ASSERT_TRUE(ingestor_->AttachEvidence(again, {MentionOf(again, "first turbines", kClaimB)}).ok());
  absl::StatusOr<bool> inserted = store_->Insert(again, "");
  ASSERT_TRUE(inserted.ok()) << inserted.status();
  EXPECT_FALSE(*inserted);
  EXPECT_EQ(Articles(), 1);
  EXPECT_EQ(Evidence(), 3);
}

TEST_P(ArticleStoreConformanceTest, AFailureMidwayWritesNothingAtAll) {
  ArticleRecord record = Tidal();
  EvidenceRecord dangling = record.evidence[0];
  dangling.id = "ffffffffffffffff";
  dangling.paragraph_index = 777;
  record.evidence.push_back(dangling);
  absl::StatusOr<bool> inserted = store_->Insert(record, "req-dangling");
  ASSERT_FALSE(inserted.ok());
  EXPECT_NE(inserted.status().code(), absl::StatusCode::kAlreadyExists) << inserted.status();
  EXPECT_EQ(Articles(), 0);
  EXPECT_EQ(Evidence(), 0);
  EXPECT_TRUE(store_->ListParagraphs(record.id, -1, 100)->empty());
  EXPECT_FALSE(store_->ArticleForRequestId("req-dangling")->has_value());

  ArticleRecord duplicate = Tidal();
  duplicate.paragraphs.push_back(duplicate.paragraphs.back());
  EXPECT_FALSE(store_->Insert(duplicate, "").ok());
  EXPECT_EQ(Articles(), 0);

  record.evidence.pop_back();
  EXPECT_TRUE(InsertOk(record, "req-dangling")) << "the store is usable after a failure";
  EXPECT_EQ(Evidence(), 3);
}

TEST_P(ArticleStoreConformanceTest, RequestIdsRecogniseRetriesAndRefuseOtherText) {
  const ArticleRecord tidal = Tidal();
  ASSERT_TRUE(InsertOk(tidal, "req-1"));
  absl::StatusOr<bool> retry = store_->Insert(tidal, "req-1");
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_FALSE(*retry);
  const ArticleRecord other = Numbered(9);
  absl::StatusOr<bool> reused = store_->Insert(other, "req-1");
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(common::ViolatedField(reused.status()), "request_id");
  EXPECT_FALSE(*store_->HasArticle(other.id)) << "the refused article was rolled back";
  absl::StatusOr<bool> second_id = store_->Insert(tidal, "req-2");
  ASSERT_TRUE(second_id.ok());
  EXPECT_EQ(**store_->ArticleForRequestId("req-1"), tidal.id);
  EXPECT_EQ(**store_->ArticleForRequestId("req-2"), tidal.id);
  EXPECT_FALSE(store_->ArticleForRequestId("req-3")->has_value());
}

TEST_P(ArticleStoreConformanceTest, ListsNewestFirstUndatedLastAndFiltersPublisherIgnoringCase) {
  ArticleMetadata may, june, undated, courier;
  may.publish_time = Day(2024, 5, 1);
  may.publisher = "Lakeside Courier";
  june.publish_time = Day(2024, 6, 1);
  courier.publisher = "LAKESIDE courier";
  courier.uri = "https://courier.example/undated";
  const ArticleRecord a_may = Numbered(1, may);
  const ArticleRecord a_june = Numbered(2, june);
  const ArticleRecord a_undated = Numbered(3, undated);
  const ArticleRecord a_courier = Numbered(4, courier);
  for (const ArticleRecord* r : {&a_may, &a_june, &a_undated, &a_courier}) {
    ASSERT_TRUE(InsertOk(*r));
  }
  std::vector<std::string> undated_ids = {a_undated.id, a_courier.id};
  std::sort(undated_ids.begin(), undated_ids.end());
  absl::StatusOr<std::vector<ArticleRecord>> all = store_->ListArticles({}, 0, 10);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_THAT(ArticleIds(*all), ElementsAre(a_june.id, a_may.id, undated_ids[0], undated_ids[1]));
  std::vector<std::string> paged;
  for (int offset = 0; offset < 6; ++offset) {
    const absl::StatusOr<std::vector<ArticleRecord>> page = store_->ListArticles({}, offset, 1);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const ArticleRecord& a : *page) paged.push_back(a.id);
  }
  EXPECT_EQ(paged, ArticleIds(*all));
  ArticleQuery by_publisher;
  by_publisher.publisher = "lakeside COURIER";
  EXPECT_THAT(ArticleIds(*store_->ListArticles(by_publisher, 0, 10)),
              ElementsAre(a_may.id, a_courier.id));
  ArticleQuery by_uri;
  by_uri.uri = "https://courier.example/undated";
  EXPECT_THAT(ArticleIds(*store_->ListArticles(by_uri, 0, 10)), ElementsAre(a_courier.id));
  by_uri.uri = "https://courier.example/UNDATED";
  EXPECT_TRUE(store_->ListArticles(by_uri, 0, 10)->empty()) << "URIs match exactly";
}

TEST_P(ArticleStoreConformanceTest, ParagraphAndEvidencePagesVisitEachRowOnceInKeyOrder) {
  const ArticleRecord a = Numbered(1, {}, kClaimA, 4);
  const ArticleRecord b = Numbered(2, {}, kClaimB, 3);
  const ArticleRecord tidal = Tidal();
  for (const ArticleRecord* r : {&a, &b, &tidal}) ASSERT_TRUE(InsertOk(*r));

  std::vector<int> indexes;
  for (int after = -1;;) {
    absl::StatusOr<std::vector<ParsedParagraph>> page = store_->ListParagraphs(a.id, after, 2);
    ASSERT_TRUE(page.ok());
    if (page->empty()) break;
    for (const ParsedParagraph& p : *page) indexes.push_back(p.index);
    after = page->back().index;
  }
  ASSERT_EQ(indexes.size(), a.paragraphs.size());
  for (size_t i = 0; i < indexes.size(); ++i) EXPECT_EQ(indexes[i], static_cast<int>(i));
  absl::StatusOr<ParsedParagraph> paragraph = store_->GetParagraph(tidal.id, 2);
  ASSERT_TRUE(paragraph.ok());
  EXPECT_EQ(paragraph->text, tidal.paragraphs[2].text);

  auto walk = [&](std::string_view article, int paragraph_index, std::string_view claim,
                  int page_size) {
    std::vector<EvidenceRecord> rows;
    std::string key;
    for (int pages = 0; pages < 100; ++pages) {
      absl::StatusOr<std::vector<EvidenceRecord>> page =
          store_->ListEvidence(article, paragraph_index, claim, key, page_size);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok() || page->empty()) break;
      rows.insert(rows.end(), page->begin(), page->end());
      key = EvidenceKey(page->back());
    }
    return rows;
  };
  const std::vector<EvidenceRecord> everything = walk("", -1, "", 2);
  EXPECT_EQ(everything.size(), 10u);
  std::set<std::string> keys;
  for (size_t i = 0; i < everything.size(); ++i) {
    keys.insert(EvidenceKey(everything[i]));
    if (i > 0) {
      const EvidenceRecord& x = everything[i - 1];
      const EvidenceRecord& y = everything[i];
      EXPECT_LT(std::tie(x.article_id, x.paragraph_index, x.start_offset, x.id),
                std::tie(y.article_id, y.paragraph_index, y.start_offset, y.id));
    }
  }
  EXPECT_EQ(keys.size(), everything.size());
  EXPECT_EQ(walk("", -1, kClaimB, 1).size(), 5u);
  EXPECT_EQ(walk(b.id, -1, kClaimB, 2).size(), 3u);
  EXPECT_EQ(walk(a.id, a.evidence[1].paragraph_index, "", 1).size(), 1u);
  EXPECT_EQ(common::ViolatedField(store_->ListEvidence("", -1, "", "a|x|1|b", 5).status()),
            "page_token");
}

TEST_P(ArticleStoreConformanceTest, TraceListsEarliestPublicationFirstUndatedLast) {
  ArticleMetadata late, early;
  late.publish_time = Day(2024, 9, 1);
  early.publish_time = Day(2022, 1, 15);
  early.publisher = "Valley Gazette";
  const ArticleRecord a_late = Numbered(1, late, kClaimA, 2);
  const ArticleRecord a_undated = Numbered(2, {}, kClaimA, 1);
  const ArticleRecord a_early = Numbered(3, early, kClaimA, 2);
  const ArticleRecord unrelated = Numbered(4, early, kClaimB, 2);
  for (const ArticleRecord* r : {&a_late, &a_undated, &a_early, &unrelated}) {
    ASSERT_TRUE(InsertOk(*r));
  }
  absl::StatusOr<std::vector<TracedEvidence>> trace = Sources(store_->TraceClaim(kClaimA, 100));
  ASSERT_TRUE(trace.ok()) << trace.status();
  std::vector<std::string> order;
  for (const TracedEvidence& t : *trace) {
    order.push_back(t.evidence.article_id);
    EXPECT_EQ(t.evidence.quote,
              t.paragraph.text.substr(t.evidence.start_offset,
                                      t.evidence.end_offset - t.evidence.start_offset));
    EXPECT_TRUE(t.article.text.empty());
  }
  EXPECT_THAT(order, ElementsAre(a_early.id, a_early.id, a_late.id, a_late.id, a_undated.id));
  EXPECT_EQ((*trace)[0].article.metadata.publisher, "Valley Gazette");
  EXPECT_EQ(Sources(store_->TraceClaim(kClaimA, 2))->size(), 2u);
  EXPECT_EQ((*store_->TraceClaim(kClaimA, 100))->cited_articles, 3)
      << "five mentions, three articles";
  EXPECT_EQ((*store_->TraceClaim(kClaimA, 2))->cited_articles, 1)
      << "both mentions of the earliest";
}

// TraceClaim may answer from memory (SQLite keeps recent traces): evidence
// stored by this store or by another on the same database shows at once.
TEST_P(ArticleStoreConformanceTest, TraceSeesEvidenceStoredByThisStoreAndByAnotherAtOnce) {
  ArticleMetadata dated;
  dated.publish_time = Day(2023, 5, 2);
  ASSERT_TRUE(InsertOk(Numbered(1, dated, kClaimA, 1)));
  EXPECT_EQ(Sources(store_->TraceClaim(kClaimA, 100))->size(),
            1u);  // now cached, where there is a cache
  ASSERT_TRUE(InsertOk(Numbered(2, dated, kClaimA, 2)));
  EXPECT_EQ(Sources(store_->TraceClaim(kClaimA, 100))->size(), 3u);
  std::unique_ptr<ArticleStore> replica = OpenAnother();
  ASSERT_NE(replica, nullptr);
  ASSERT_TRUE(replica->Insert(Numbered(3, dated, kClaimA, 1), "").ok());
  EXPECT_EQ(Sources(store_->TraceClaim(kClaimA, 100))->size(), 4u);
  EXPECT_EQ(Sources(store_->TraceClaim(kClaimA, 2))->size(), 2u);
  EXPECT_EQ(Sources(replica->TraceClaim(kClaimA, 100))->size(), 4u);
}

TEST_P(ArticleStoreConformanceTest, ReplicasStoringTheSameArticleAtOnceStoreItOnce) {
  std::unique_ptr<ArticleStore> replica = OpenAnother();
  ASSERT_NE(replica, nullptr);
  for (int round = 0; round < 5; ++round) {
    const ArticleRecord record = Numbered(100 + round, {}, kClaimA, 4);
    std::atomic<int> created{0};
    std::atomic<int> failed{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < 6; ++w) {
      threads.emplace_back([&, w] {
        ArticleStore* store = w % 2 ? replica.get() : store_.get();
        absl::StatusOr<bool> inserted = store->Insert(record, absl::StrCat("req-", round));
        if (!inserted.ok()) {
          ++failed;
          ADD_FAILURE() << inserted.status();
        } else if (*inserted) {
          ++created;
        }
      });
    }
    for (std::thread& t : threads) t.join();
    EXPECT_EQ(failed.load(), 0);
    EXPECT_EQ(created.load(), 1) << "round " << round;
  }
  EXPECT_EQ(Articles(), 5);
  EXPECT_EQ(Evidence(), 20);
}

TEST_P(ArticleStoreConformanceTest, OneRequestIdRacingForTwoTextsKeepsOnlyOne) {
  std::unique_ptr<ArticleStore> replica = OpenAnother();
  ASSERT_NE(replica, nullptr);
  for (int round = 0; round < 5; ++round) {
    const ArticleRecord first = Numbered(200 + round);
    const ArticleRecord second = Numbered(300 + round);
    const std::string request_id = absl::StrCat("shared-", round);
    absl::StatusOr<bool> results[2];
    std::thread a([&] { results[0] = store_->Insert(first, request_id); });
    std::thread b([&] { results[1] = replica->Insert(second, request_id); });
    a.join();
    b.join();
    const int ok = results[0].ok() + results[1].ok();
    EXPECT_EQ(ok, 1) << results[0].status() << " / " << results[1].status();
    const ArticleRecord& winner = results[0].ok() ? first : second;
    const ArticleRecord& loser = results[0].ok() ? second : first;
    const absl::Status refused = results[0].ok() ? results[1].status() : results[0].status();
    EXPECT_EQ(common::ViolatedField(refused), "request_id") << refused;
    EXPECT_EQ(**store_->ArticleForRequestId(request_id), winner.id);
    EXPECT_FALSE(*store_->HasArticle(loser.id));
  }
  EXPECT_EQ(Articles(), 5);
}

TEST_P(ArticleStoreConformanceTest, ASecondStoreSeesEverythingTheFirstWrote) {
  const ArticleRecord tidal = Tidal();
  ASSERT_TRUE(InsertOk(tidal, "req-seen"));
  std::unique_ptr<ArticleStore> replica = OpenAnother();
  ASSERT_NE(replica, nullptr);
  EXPECT_TRUE(replica->IsHealthy());
  EXPECT_EQ(*replica->CountEvidence(), 3);
  EXPECT_EQ(**replica->ArticleForRequestId("req-seen"), tidal.id);
  EXPECT_EQ(replica->GetArticleWithContent(tidal.id)->text, TidalArticle());
}

INSTANTIATE_TEST_SUITE_P(Sqlite, ArticleStoreConformanceTest, ::testing::Values(Engine::kSqlite),
                         EngineName);
INSTANTIATE_TEST_SUITE_P(Postgres, ArticleStoreConformanceTest,
                         ::testing::Values(Engine::kPostgres), EngineName);

}  // namespace
}  // namespace claimtrace::provenance
