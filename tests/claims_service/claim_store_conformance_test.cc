// One contract, two engines: every test here runs against the SQLite store
// (instantiation "Sqlite", label unit) and the PostgreSQL store
// (instantiation "Postgres", label postgres; skipped with a message unless
// CLAIMTRACE_TEST_POSTGRES_URL names a server, as scripts/with-postgres.sh
// provides). Several store objects on one database stand in for replicas.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "claims_service/claim_store.h"
#include "claims_service/extraction/claim_extractor.h"
#include "claims_service/postgres_claim_store.h"
#include "common/status_util.h"
#include "tests/claims_service/claim_snapshot_testing.h"
#include "tests/common/scoped_temp_dir.h"
#include "tests/testing/postgres_test_schema.h"

namespace claimtrace::claims {
namespace {

using ::claimtrace::test_support::ScopedTempDir;
using ::claimtrace::testing::PostgresTestSchema;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAreArray;

enum class Engine { kSqlite, kPostgres };

std::string EngineName(const ::testing::TestParamInfo<Engine>& info) {
  return info.param == Engine::kSqlite ? "Sqlite" : "Postgres";
}

Entity MakeEntity(std::string id, std::string name, std::string affiliation = "") {
  return Entity{std::move(id), std::move(name), std::move(affiliation)};
}

const Entity kFerry = MakeEntity("lakeside-ferry-line", "Lakeside Ferry Line");
const Entity kBoard = MakeEntity("port-authority-board", "Port Authority Board");
const Entity kGazette = MakeEntity("valley-gazette", "Valley Gazette");
const Entity kCaptain = MakeEntity("maren-solberg", "Maren Solberg", "Lakeside Ferry Line");
const Entity kMinistry = MakeEntity("transport-ministry", "Transport Ministry");

ExtractedClaim Mention(ClaimContent content, const Entity& claimant) {
  ExtractedClaim claim;
  claim.content = std::move(content);
  claim.mention.claimant = claimant;
  claim.mention.end_offset = 5;
  claim.mention.cue = "said";
  claim.mention.method = "test";
  return claim;
}

ClaimContent QuantityClaim(const Entity& subject, std::string predicate, double value,
                           std::string unit, std::string statement, Bound bound = Bound::kExact,
                           double upper = 0) {
  ClaimContent c;
  c.kind = ClaimKind::kQuantity;
  c.subject = subject;
  c.predicate = std::move(predicate);
  c.quantity =
      claims::Quantity{value, bound == Bound::kRange ? upper : value, std::move(unit), bound};
  c.statement = std::move(statement);
  return c;
}

ClaimContent DateClaim(const Entity& subject, std::string predicate, int year, int month, int day) {
  ClaimContent c;
  c.kind = ClaimKind::kDate;
  c.subject = subject;
  c.predicate = std::move(predicate);
  c.date = CalendarDate{year, month, day,
                        day     ? DatePrecision::kDay
                        : month ? DatePrecision::kMonth
                                : DatePrecision::kYear};
  c.statement = absl::StrCat(subject.name, " ", c.predicate, " in ", year, ".");
  return c;
}

ClaimContent PlaceClaim(const Entity& subject, const Entity& place, std::string statement) {
  ClaimContent c;
  c.kind = ClaimKind::kLocation;
  c.subject = subject;
  c.predicate = "based_in";
  c.object = place;
  c.statement = std::move(statement);
  return c;
}

ClaimContent QuoteClaim(const Entity& speaker, std::string words) {
  ClaimContent c;
  c.kind = ClaimKind::kQuote;
  c.subject = speaker;
  c.predicate = "said";
  c.quote_text = words;
  c.statement = absl::StrCat(speaker.name, " said: \xE2\x80\x9C", words, "\xE2\x80\x9D");
  return c;
}

std::vector<std::string> Ids(const std::vector<StoredClaim>& claims) {
  std::vector<std::string> ids;
  for (const StoredClaim& c : claims) ids.push_back(c.id);
  return ids;
}

std::vector<std::string> ClaimantIds(const StoredClaim& claim) {
  std::vector<std::string> ids;
  for (const Entity& e : claim.claimants) ids.push_back(e.id);
  return ids;
}

class ClaimStoreConformanceTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    if (GetParam() == Engine::kPostgres) {
      if (testing::TestPostgresUrl().empty()) GTEST_SKIP() << testing::NoPostgresMessage();
      schema_ = std::make_unique<PostgresTestSchema>();
      ASSERT_TRUE(schema_->available());
    }
    store_ = OpenAnother();
    ASSERT_NE(store_, nullptr);
  }

  // Another store on the same database: a second replica.
  std::unique_ptr<ClaimStore> OpenAnother() {
    absl::StatusOr<std::unique_ptr<ClaimStore>> store;
    if (GetParam() == Engine::kSqlite) {
      store = ClaimStore::Open(dir_.File(sqlite_file_));
    } else {
      common::PostgresOptions options;
      options.pool_size = 4;
      store = ClaimStore::OpenFromUrl({common::DatabaseUrl::Engine::kPostgresql, schema_->url()},
                                      options);
    }
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? std::move(*store) : nullptr;
  }

  std::vector<StoredClaim> Record(std::string_view article,
                                  const std::vector<ExtractedClaim>& claims,
                                  ClaimStore* store = nullptr) {
    absl::StatusOr<std::vector<StoredClaim>> stored =
        (store ? store : store_.get())->RecordArticleClaims(article, claims);
    EXPECT_TRUE(stored.ok()) << stored.status();
    return stored.ok() ? *stored : std::vector<StoredClaim>{};
  }

  StoredClaim GetOk(std::string_view id) {
    absl::StatusOr<StoredClaim> claim = ClaimOf(store_->Get(id));
    EXPECT_TRUE(claim.ok()) << claim.status();
    return claim.ok() ? *claim : StoredClaim{};
  }

  std::vector<std::string> SearchIds(std::string_view text, std::int64_t offset = 0,
                                     int limit = 50) {
    absl::StatusOr<std::vector<StoredClaim>> found = store_->Search(text, offset, limit);
    EXPECT_TRUE(found.ok()) << "[" << text << "]: " << found.status();
    return found.ok() ? Ids(*found) : std::vector<std::string>{};
  }

  // Every claim in `order`, page by page of `page_size`.
  std::vector<StoredClaim> ListAllPages(ClaimQuery query, int page_size) {
    std::vector<StoredClaim> all;
    std::string key;
    for (int pages = 0; pages < 1000; ++pages) {
      absl::StatusOr<ClaimPage> page = store_->List(query, key, page_size);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      EXPECT_LE(static_cast<int>(page->claims.size()), page_size);
      all.insert(all.end(), page->claims.begin(), page->claims.end());
      if (page->next_key.empty()) break;
      key = page->next_key;
    }
    return all;
  }

  std::int64_t Claims() { return *store_->CountClaims(); }
  std::int64_t Sources() { return *store_->CountSources(); }

  ScopedTempDir dir_;
  std::string sqlite_file_ = "claims.db";
  std::unique_ptr<PostgresTestSchema> schema_;
  std::unique_ptr<ClaimStore> store_;
};

TEST_P(ClaimStoreConformanceTest, SameClaimFromTwoArticlesIsOneClaimWithTwoSources) {
  const ClaimContent fare = QuantityClaim(kFerry, "fare_increase", 12, "percent",
                                          "Lakeside Ferry Line raised fares by 12 percent.");
  const std::vector<StoredClaim> first = Record("articles/f1", {Mention(fare, kBoard)});
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].id, ClaimId(fare));
  EXPECT_EQ(first[0].source_count, 1);
  const std::vector<StoredClaim> second = Record("articles/f2", {Mention(fare, kGazette)});
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].source_count, 2);
  EXPECT_EQ(Claims(), 1);
  EXPECT_EQ(Sources(), 2);
  const StoredClaim stored = GetOk(first[0].id);
  EXPECT_EQ(stored.claimant.id, kBoard.id) << "the claimant of the earliest source";
  EXPECT_THAT(ClaimantIds(stored), ElementsAre(kBoard.id, kGazette.id));
  EXPECT_GE(stored.update_time, stored.create_time);
}

TEST_P(ClaimStoreConformanceTest, RecordingTheSameArticleAgainChangesNothing) {
  const std::vector<ExtractedClaim> claims = {
      Mention(QuantityClaim(kFerry, "crossings_per_day", 48, "crossings",
                            "The ferry line runs 48 crossings a day."),
              kBoard),
      Mention(QuoteClaim(kCaptain, "the lake decides the timetable"), kCaptain),
  };
  const std::vector<StoredClaim> first = Record("articles/r1", claims);
  const StoredClaim before = GetOk(first[0].id);
  const std::vector<StoredClaim> again = Record("articles/r1", claims);
  EXPECT_EQ(Ids(again), Ids(first));
  EXPECT_EQ(Claims(), 2);
  EXPECT_EQ(Sources(), 2);
  const StoredClaim after = GetOk(first[0].id);
  EXPECT_EQ(after.source_count, 1);
  EXPECT_EQ(after.update_time, before.update_time);
  EXPECT_EQ(after.create_time, before.create_time);
  EXPECT_EQ(SearchIds("timetable").size(), 1u);
}

TEST_P(ClaimStoreConformanceTest, ReturnsDistinctClaimsInOrderOfFirstAppearance) {
  const ClaimContent a =
      QuantityClaim(kFerry, "fleet_size", 9, "vessels", "The line has 9 vessels.");
  const ClaimContent b = DateClaim(kFerry, "founded", 1958, 0, 0);
  const ClaimContent c = PlaceClaim(kFerry, MakeEntity("north-harbor", "North Harbor"),
                                    "The line is based in North Harbor.");
  const std::vector<StoredClaim> stored =
      Record("articles/o1", {Mention(c, kBoard), Mention(a, kBoard), Mention(c, kGazette),
                             Mention(b, kBoard), Mention(a, kBoard)});
  EXPECT_THAT(Ids(stored), ElementsAre(ClaimId(c), ClaimId(a), ClaimId(b)));
  EXPECT_EQ(stored[0].source_count, 1) << "two claimants in one article are one article";
  EXPECT_THAT(ClaimantIds(stored[0]), ElementsAre(kBoard.id, kGazette.id));
  EXPECT_EQ(Sources(), 4);
}

TEST_P(ClaimStoreConformanceTest, RoundTripsEveryKindWithExactNumbersAndMultiByteText) {
  ClaimContent range = QuantityClaim(kMinistry, "subsidy", 0.1, "EUR",
                                     "The ministry\xE2\x80\x94in a rare move\xE2\x80\x94pledged "
                                     "0.1 to 2.5 EUR per ticket.",
                                     Bound::kRange, 2.5);
  ClaimContent tiny = QuantityClaim(kMinistry, "emission_rate", 1.2345678901234567e-300, "tonnes",
                                    "A vanishing rate.", Bound::kLessThan);
  ClaimContent huge = QuantityClaim(kMinistry, "budget", 9.007199254740993e18, "JPY",
                                    "\xE9\x83\xBD\xE5\xB8\x82\xE4\xBA\xA4\xE9\x80\x9A budget.",
                                    Bound::kApproximate);
  ClaimContent date = DateClaim(kFerry, "resumed_service", 2024, 2, 29);
  ClaimContent place = PlaceClaim(MakeEntity("s\xC3\xB8rby-kai", "S\xC3\xB8rby Kai"),
                                  MakeEntity("z\xC3\xBCrich", "Z\xC3\xBCrich"),
                                  "S\xC3\xB8rby Kai is based in Z\xC3\xBCrich.");
  ClaimContent quote = QuoteClaim(kCaptain,
                                  "\xE2\x80\x9C"
                                  "fog"
                                  "\xE2\x80\x9D is not a schedule \xE2\x80\x94 "
                                  "\xE9\x9B\xBE\xE3\x81\xAF\xE6\x95\xB5");
  const std::vector<ClaimContent> contents = {range, tiny, huge, date, place, quote};
  std::vector<ExtractedClaim> mentions;
  for (const ClaimContent& c : contents) mentions.push_back(Mention(c, kCaptain));
  Record("articles/k1", mentions);
  for (const ClaimContent& c : contents) {
    SCOPED_TRACE(c.statement);
    const StoredClaim stored = GetOk(ClaimId(c));
    EXPECT_EQ(stored.id, ClaimId(stored.content)) << "the content reads back identically";
    EXPECT_EQ(stored.content.kind, c.kind);
    EXPECT_EQ(stored.content.subject.id, c.subject.id);
    EXPECT_EQ(stored.content.subject.name, c.subject.name);
    EXPECT_EQ(stored.content.statement, c.statement);
    EXPECT_EQ(stored.content.quote_text, c.quote_text);
    EXPECT_EQ(stored.content.object.name, c.object.name);
    ASSERT_EQ(stored.content.quantity.has_value(), c.quantity.has_value());
    if (c.quantity) {
      EXPECT_EQ(stored.content.quantity->value, c.quantity->value);
      EXPECT_EQ(stored.content.quantity->upper_value, c.quantity->upper_value);
      EXPECT_EQ(stored.content.quantity->unit, c.quantity->unit);
      EXPECT_EQ(stored.content.quantity->bound, c.quantity->bound);
    }
    ASSERT_EQ(stored.content.date.has_value(), c.date.has_value());
    if (c.date) {
      EXPECT_EQ(stored.content.date->year, c.date->year);
      EXPECT_EQ(stored.content.date->month, c.date->month);
      EXPECT_EQ(stored.content.date->day, c.date->day);
      EXPECT_EQ(stored.content.date->precision, c.date->precision);
    }
    EXPECT_EQ(stored.claimant.affiliation, kCaptain.affiliation);
  }
}

TEST_P(ClaimStoreConformanceTest, UnknownIdIsNotFound) {
  EXPECT_EQ(store_->Get("00000000000000ff").status().code(), absl::StatusCode::kNotFound);
}

TEST_P(ClaimStoreConformanceTest, EveryOrderPagesThroughEveryMatchExactlyOnce) {
  // 23 claims over 9 articles with varying source counts.
  std::vector<ClaimContent> contents;
  for (int i = 0; i < 23; ++i) {
    contents.push_back(QuantityClaim(i % 2 ? kFerry : kMinistry, i % 3 ? "ridership" : "fare",
                                     1000 + i, i % 4 ? "passengers" : "EUR",
                                     absl::StrCat("Figure number ", i, ".")));
  }
  for (int article = 0; article < 9; ++article) {
    std::vector<ExtractedClaim> mentions;
    for (int i = 0; i < 23; ++i) {
      if (i % (article + 1) == 0)
        mentions.push_back(Mention(contents[i], article % 2 ? kBoard : kGazette));
    }
    Record(absl::StrCat("articles/p", article), mentions);
  }
  for (const ClaimOrder order :
       {ClaimOrder::kId, ClaimOrder::kSourceCountDesc, ClaimOrder::kUpdateTimeDesc}) {
    for (const int page_size : {1, 4, 50}) {
      SCOPED_TRACE(absl::StrCat("order ", static_cast<int>(order), " page ", page_size));
      ClaimQuery query;
      query.order = order;
      const std::vector<StoredClaim> all = ListAllPages(query, page_size);
      std::set<std::string> distinct;
      for (const StoredClaim& c : all) distinct.insert(c.id);
      EXPECT_EQ(all.size(), 23u);
      EXPECT_EQ(distinct.size(), 23u);
      for (size_t i = 1; i < all.size(); ++i) {
        if (order == ClaimOrder::kId) {
          EXPECT_LT(all[i - 1].id, all[i].id);
        }
        if (order == ClaimOrder::kSourceCountDesc) {
          EXPECT_GE(all[i - 1].source_count, all[i].source_count);
        }
        if (order == ClaimOrder::kUpdateTimeDesc) {
          EXPECT_GE(all[i - 1].update_time, all[i].update_time);
        }
      }
      query.unit = "passengers";
      query.min_source_count = 2;
      const std::vector<StoredClaim> filtered = ListAllPages(query, page_size);
      int expected = 0;
      for (int i = 0; i < 23; ++i) {
        int count = 0;
        for (int article = 0; article < 9; ++article) count += i % (article + 1) == 0;
        expected += (i % 4 != 0 && count >= 2);
      }
      EXPECT_EQ(static_cast<int>(filtered.size()), expected);
      for (const StoredClaim& c : filtered) {
        EXPECT_EQ(c.content.quantity->unit, "passengers");
        EXPECT_GE(c.source_count, 2);
        EXPECT_FALSE(c.claimants.empty());
      }
    }
  }
}

TEST_P(ClaimStoreConformanceTest, FiltersByNamesIgnoringAsciiCaseAndByKindAndPredicate) {
  const ClaimContent fare = QuantityClaim(kFerry, "fare", 4.5, "EUR", "A ticket costs 4.50 EUR.");
  const ClaimContent founded = DateClaim(kFerry, "founded", 1958, 5, 0);
  const ClaimContent other = QuantityClaim(kMinistry, "fare", 3, "EUR", "Buses cost 3 EUR.");
  Record("articles/n1",
         {Mention(fare, kCaptain), Mention(founded, kBoard), Mention(other, kBoard)});
  ClaimQuery by_name;
  by_name.subject = "LAKESIDE ferry LINE";
  EXPECT_THAT(Ids(ListAllPages(by_name, 10)),
              UnorderedElementsAreArray({ClaimId(fare), ClaimId(founded)}));
  ClaimQuery by_id;
  by_id.subject = kFerry.id;
  by_id.kind = ClaimKind::kDate;
  EXPECT_THAT(Ids(ListAllPages(by_id, 10)), ElementsAre(ClaimId(founded)));
  ClaimQuery by_claimant;
  by_claimant.claimant = "maren SOLBERG";
  EXPECT_THAT(Ids(ListAllPages(by_claimant, 10)), ElementsAre(ClaimId(fare)));
  by_claimant.claimant = kBoard.id;
  by_claimant.predicate = "fare";
  EXPECT_THAT(Ids(ListAllPages(by_claimant, 10)), ElementsAre(ClaimId(other)));
  ClaimQuery injection;
  injection.subject = "x' OR '1'='1";
  EXPECT_TRUE(ListAllPages(injection, 10).empty());
  EXPECT_EQ(Claims(), 3);
}

TEST_P(ClaimStoreConformanceTest, MalformedPageKeyIsAPageTokenError) {
  ClaimQuery query;
  query.order = ClaimOrder::kSourceCountDesc;
  absl::StatusOr<ClaimPage> page = store_->List(query, "not-a-key", 10);
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(common::ViolatedField(page.status()), "page_token");
}

class ClaimStoreSearchConformanceTest : public ClaimStoreConformanceTest {
 protected:
  void SetUp() override {
    ClaimStoreConformanceTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    delay_ = QuantityClaim(
        kFerry, "average_delay", 7, "minutes",
        "Weekly ferry crossings on the northern route ran 7 minutes late on average.");
    cost_ = QuantityClaim(kMinistry, "dock_cost", 30e6, "EUR",
                          "The ministry spent 30,000,000 EUR rebuilding the docks.");
    fog_ = QuoteClaim(kCaptain, "fog closes the lake and opens the caf\xC3\xA9s");
    kyoto_ = PlaceClaim(kFerry, MakeEntity("kyoto", "Kyoto"),
                        "The line opened an office in \xE4\xBA\xAC\xE9\x83\xBD this spring.");
    Record("articles/s1",
           {Mention(delay_, kBoard), Mention(cost_, MakeEntity("ferry-weekly", "Ferry Weekly")),
            Mention(fog_, kCaptain), Mention(kyoto_, kGazette)});
  }
  ClaimContent delay_, cost_, fog_, kyoto_;
};

TEST_P(ClaimStoreSearchConformanceTest, RanksStatementMatchesAboveClaimantMatches) {
  // "weekly" is in the delay's statement and in the cost's claimant only.
  EXPECT_THAT(SearchIds("weekly"), ElementsAre(ClaimId(delay_), ClaimId(cost_)));
}

TEST_P(ClaimStoreSearchConformanceTest, EveryWordMustMatchAnywhereInTheClaim) {
  EXPECT_THAT(SearchIds("northern minutes"), ElementsAre(ClaimId(delay_)));
  EXPECT_THAT(SearchIds("docks eur"), ElementsAre(ClaimId(cost_)));
  EXPECT_THAT(SearchIds("weekly docks"), ElementsAre(ClaimId(cost_))) << "claimants are indexed";
  EXPECT_THAT(SearchIds("lakeside kyoto"), ElementsAre(ClaimId(kyoto_))) << "subject and object";
  EXPECT_TRUE(SearchIds("northern docks").empty());
}

TEST_P(ClaimStoreSearchConformanceTest, TrailingStarIsAPrefixAndOnlyThen) {
  EXPECT_THAT(SearchIds("minist*"), ElementsAre(ClaimId(cost_)));
  EXPECT_TRUE(SearchIds("minist").empty());
  EXPECT_THAT(SearchIds("*ministry"), ElementsAre(ClaimId(cost_)));
}

TEST_P(ClaimStoreSearchConformanceTest, FoldsCaseAndLatinDiacriticsAndMatchesCjk) {
  EXPECT_THAT(SearchIds("CAFES"), ElementsAre(ClaimId(fog_)));
  EXPECT_THAT(SearchIds("caf\xC3\x89s"), ElementsAre(ClaimId(fog_)));
  EXPECT_THAT(SearchIds("\xE4\xBA\xAC\xE9\x83\xBD"), ElementsAre(ClaimId(kyoto_)));
  EXPECT_THAT(SearchIds("\xE2\x80\x9C"
                        "fog"
                        "\xE2\x80\x9D"),
              ElementsAre(ClaimId(fog_)));
}

TEST_P(ClaimStoreSearchConformanceTest, QuerySyntaxIsPlainText) {
  EXPECT_THAT(SearchIds("fog AND lake"), ElementsAre(ClaimId(fog_))) << "AND is a word here";
  EXPECT_TRUE(SearchIds("fog OR docks").empty()) << "OR must not widen the search";
  EXPECT_TRUE(SearchIds("fog & !docks").empty()) << "! is not negation";
  EXPECT_TRUE(SearchIds("northern <-> docks").empty());
  for (const std::string q : {"fog'", "'fog", "fog:*", "fog\\", "(fog", "fog) | (docks",
                              "f\xE2\x80\x94og", "fog:A", "!!fog"}) {
    absl::StatusOr<std::vector<StoredClaim>> found = store_->Search(q, 0, 10);
    EXPECT_TRUE(found.ok()) << "[" << q << "]: " << found.status();
  }
  const std::int64_t before = Claims();
  EXPECT_TRUE(SearchIds("x'); DROP TABLE claims; --").empty());
  EXPECT_EQ(Claims(), before);
}

TEST_P(ClaimStoreSearchConformanceTest, TextWithoutWordsIsAnInvalidQuery) {
  for (const std::string q : {"", "  ", "*", "'\"", "() -- ;"}) {
    absl::StatusOr<std::vector<StoredClaim>> found = store_->Search(q, 0, 10);
    ASSERT_FALSE(found.ok()) << "[" << q << "]";
    EXPECT_EQ(common::ViolatedField(found.status()), "query");
  }
  // Non-ASCII punctuation alone: either no word or no match.
  absl::StatusOr<std::vector<StoredClaim>> dash = store_->Search("\xE2\x80\x94", 0, 10);
  EXPECT_TRUE(dash.ok() ? dash->empty() : common::ViolatedField(dash.status()) == "query");
}

TEST_P(ClaimStoreSearchConformanceTest, OffsetAndLimitPageThroughTheRanking) {
  const std::vector<std::string> all = SearchIds("the");
  ASSERT_GE(all.size(), 3u);
  std::vector<std::string> paged;
  for (size_t offset = 0; offset < all.size() + 1; ++offset) {
    const std::vector<std::string> one = SearchIds("the", static_cast<std::int64_t>(offset), 1);
    paged.insert(paged.end(), one.begin(), one.end());
  }
  EXPECT_EQ(paged, all);
}

TEST_P(ClaimStoreSearchConformanceTest, ANewClaimantFromAnotherArticleBecomesSearchable) {
  EXPECT_TRUE(SearchIds("gazette docks").empty());
  Record("articles/s2", {Mention(cost_, kGazette)});
  EXPECT_THAT(SearchIds("gazette docks"), ElementsAre(ClaimId(cost_)));
  EXPECT_THAT(SearchIds("docks"), ElementsAre(ClaimId(cost_))) << "no duplicate index entry";
}

TEST_P(ClaimStoreSearchConformanceTest, ANewClaimantInAnArticleAlreadyCountedBecomesSearchable) {
  const StoredClaim before = GetOk(ClaimId(fog_));
  EXPECT_TRUE(SearchIds("gazette fog").empty());
  Record("articles/s1", {Mention(fog_, kGazette)});
  EXPECT_THAT(SearchIds("gazette fog"), ElementsAre(ClaimId(fog_)));
  const StoredClaim after = GetOk(ClaimId(fog_));
  EXPECT_EQ(after.source_count, 1) << "still one article";
  EXPECT_EQ(after.update_time, before.update_time) << "the count did not change";
  EXPECT_THAT(ClaimantIds(after), ElementsAre(kCaptain.id, kGazette.id));
}

TEST_P(ClaimStoreConformanceTest, CandidateGroupsShareSubjectPredicateAndUnit) {
  const ClaimContent a = QuantityClaim(kFerry, "fleet_size", 9, "vessels", "9 vessels.");
  const ClaimContent b = QuantityClaim(kFerry, "fleet_size", 11, "vessels", "11 vessels.");
  const ClaimContent other_unit = QuantityClaim(kFerry, "fleet_size", 3, "barges", "3 barges.");
  const ClaimContent d1 = DateClaim(kMinistry, "founded", 1990, 0, 0);
  const ClaimContent d2 = DateClaim(kMinistry, "founded", 1991, 4, 2);
  const ClaimContent q1 = QuoteClaim(kCaptain, "one");
  const ClaimContent q2 = QuoteClaim(kCaptain, "two");
  Record("articles/g1",
         {Mention(a, kBoard), Mention(b, kBoard), Mention(other_unit, kBoard), Mention(d1, kBoard),
          Mention(d2, kBoard), Mention(q1, kCaptain), Mention(q2, kCaptain)});
  Record("articles/g2", {Mention(b, kGazette)});
  absl::StatusOr<std::vector<ClaimGroup>> groups = store_->CandidateConflictGroups("", 0, 10);
  ASSERT_TRUE(groups.ok()) << groups.status();
  ASSERT_EQ(groups->size(), 2u) << "quotes are not compared; a lone unit is no group";
  EXPECT_EQ((*groups)[0].subject_id, kFerry.id);
  EXPECT_THAT(Ids((*groups)[0].claims), ElementsAre(ClaimId(b), ClaimId(a)))
      << "most sourced first";
  EXPECT_EQ((*groups)[1].subject_id, kMinistry.id);
  EXPECT_EQ((*groups)[1].claims.size(), 2u);
  absl::StatusOr<std::vector<ClaimGroup>> second = store_->CandidateConflictGroups("", 1, 10);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].subject_id, kMinistry.id);
  absl::StatusOr<std::vector<ClaimGroup>> one = store_->CandidateConflictGroups(kFerry.id, 0, 10);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].predicate, "fleet_size");
}

TEST_P(ClaimStoreConformanceTest, ASecondStoreSeesTheFirstOnesClaimsAndDoesNotMigrateAgain) {
  const ClaimContent fare = QuantityClaim(kFerry, "fare", 4.5, "EUR", "A ticket costs 4.50 EUR.");
  Record("articles/x1", {Mention(fare, kBoard)});
  std::unique_ptr<ClaimStore> replica = OpenAnother();
  ASSERT_NE(replica, nullptr);
  Record("articles/x2", {Mention(fare, kGazette)}, replica.get());
  EXPECT_EQ(GetOk(ClaimId(fare)).source_count, 2);
  EXPECT_THAT(SearchIds("ticket"), ElementsAre(ClaimId(fare)));
  EXPECT_TRUE(store_->IsHealthy());
  EXPECT_TRUE(replica->IsHealthy());
}

// Get may answer from memory (SQLite keeps a claim cache): what another
// store commits must still show at once, and so must this store's own writes.
TEST_P(ClaimStoreConformanceTest, GetSeesWritesByThisStoreAndByAnotherAtOnce) {
  const ClaimContent fare = QuantityClaim(kFerry, "fare", 4.5, "EUR", "A ticket costs 4.50 EUR.");
  Record("articles/c1", {Mention(fare, kBoard)});
  EXPECT_EQ(GetOk(ClaimId(fare)).source_count, 1);  // now cached, where there is a cache
  Record("articles/c2", {Mention(fare, kGazette)});
  StoredClaim own = GetOk(ClaimId(fare));
  EXPECT_EQ(own.source_count, 2);
  EXPECT_EQ(own.claimants.size(), 2u);
  std::unique_ptr<ClaimStore> replica = OpenAnother();
  ASSERT_NE(replica, nullptr);
  Record("articles/c3", {Mention(fare, MakeEntity("harbour-office", "Harbour Office"))},
         replica.get());
  StoredClaim other = GetOk(ClaimId(fare));
  EXPECT_EQ(other.source_count, 3);
  EXPECT_EQ(other.claimants.size(), 3u);
  // And the replica, which cached nothing before, agrees.
  absl::StatusOr<StoredClaim> from_replica = ClaimOf(replica->Get(ClaimId(fare)));
  ASSERT_TRUE(from_replica.ok());
  EXPECT_EQ(from_replica->source_count, 3);
}

TEST_P(ClaimStoreConformanceTest, StoresOpeningTogetherMigrateOnce) {
  store_.reset();
  std::vector<std::unique_ptr<ClaimStore>> stores(4);
  std::vector<std::thread> threads;
  if (GetParam() == Engine::kPostgres) {
    // A fresh schema, so the migration really runs now.
    schema_ = std::make_unique<PostgresTestSchema>();
  } else {
    sqlite_file_ = "fresh.db";
  }
  for (auto& store : stores) threads.emplace_back([&] { store = OpenAnother(); });
  for (std::thread& t : threads) t.join();
  for (const auto& store : stores) ASSERT_NE(store, nullptr);
  const ClaimContent fare = QuantityClaim(kFerry, "fare", 4.5, "EUR", "A ticket costs 4.50 EUR.");
  Record("articles/m1", {Mention(fare, kBoard)}, stores[0].get());
  absl::StatusOr<StoredClaim> seen = ClaimOf(stores[3]->Get(ClaimId(fare)));
  EXPECT_TRUE(seen.ok()) << seen.status();
  if (GetParam() == Engine::kPostgres) {
    absl::StatusOr<common::PgResult> versions =
        schema_->Query("SELECT component, version FROM claimtrace_schema_versions");
    ASSERT_TRUE(versions.ok()) << versions.status();
    ASSERT_EQ(versions->rows(), 1);
    EXPECT_EQ(versions->Text(0, 0), "claims");
    EXPECT_EQ(versions->Int(0, 1), 1);
  }
}

TEST_P(ClaimStoreConformanceTest, ReplicasRecordingOverlappingArticlesAtOnceCountEveryArticle) {
  // 40 articles; claim k appears in every article whose number it divides
  // (plus two claimants for some), recorded twice each through two stores
  // from eight threads.
  constexpr int kArticles = 40;
  constexpr int kClaims = 12;
  std::vector<ClaimContent> contents;
  for (int k = 1; k <= kClaims; ++k) {
    contents.push_back(QuantityClaim(kFerry, "departures", k, "sailings",
                                     absl::StrCat("The line scheduled ", k, " extra sailings.")));
  }
  auto mentions_of = [&](int article) {
    std::vector<ExtractedClaim> mentions;
    for (int k = 1; k <= kClaims; ++k) {
      if (article % k != 0) continue;
      mentions.push_back(Mention(contents[k - 1], kBoard));
      if (article % 3 == 0) mentions.push_back(Mention(contents[k - 1], kGazette));
    }
    return mentions;
  };
  std::unique_ptr<ClaimStore> replica = OpenAnother();
  ASSERT_NE(replica, nullptr);
  std::atomic<int> next{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < 8; ++w) {
    threads.emplace_back([&, w] {
      ClaimStore* store = w % 2 ? replica.get() : store_.get();
      for (int job = next++; job < 2 * kArticles; job = next++) {
        const int article = job % kArticles + 1;
        absl::StatusOr<std::vector<StoredClaim>> stored =
            store->RecordArticleClaims(absl::StrCat("articles/c", article), mentions_of(article));
        if (!stored.ok()) {
          ++failures;
          ADD_FAILURE() << stored.status();
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  ASSERT_EQ(failures.load(), 0);
  EXPECT_EQ(Claims(), kClaims);
  std::int64_t expected_sources = 0;
  for (int k = 1; k <= kClaims; ++k) {
    int articles = 0;
    for (int a = 1; a <= kArticles; ++a) articles += a % k == 0;
    int articles_with_two = 0;
    for (int a = 1; a <= kArticles; ++a) articles_with_two += a % k == 0 && a % 3 == 0;
    expected_sources += articles + articles_with_two;
    const StoredClaim stored = GetOk(ClaimId(contents[k - 1]));
    EXPECT_EQ(stored.source_count, articles) << "claim " << k;
    EXPECT_THAT(ClaimantIds(stored),
                UnorderedElementsAreArray(articles_with_two > 0
                                              ? std::vector<std::string>{kBoard.id, kGazette.id}
                                              : std::vector<std::string>{kBoard.id}));
  }
  EXPECT_EQ(Sources(), expected_sources);
  EXPECT_EQ(SearchIds("sailings").size(), static_cast<size_t>(kClaims)) << "one index entry each";
  ClaimQuery by_count;
  by_count.order = ClaimOrder::kSourceCountDesc;
  const std::vector<StoredClaim> ranked = ListAllPages(by_count, 5);
  ASSERT_EQ(ranked.size(), static_cast<size_t>(kClaims));
  EXPECT_EQ(ranked.front().id, ClaimId(contents[0])) << "claim 1 is in every article";
}

INSTANTIATE_TEST_SUITE_P(Sqlite, ClaimStoreConformanceTest, ::testing::Values(Engine::kSqlite),
                         EngineName);
INSTANTIATE_TEST_SUITE_P(Postgres, ClaimStoreConformanceTest, ::testing::Values(Engine::kPostgres),
                         EngineName);
INSTANTIATE_TEST_SUITE_P(Sqlite, ClaimStoreSearchConformanceTest,
                         ::testing::Values(Engine::kSqlite), EngineName);
INSTANTIATE_TEST_SUITE_P(Postgres, ClaimStoreSearchConformanceTest,
                         ::testing::Values(Engine::kPostgres), EngineName);

// The PostgreSQL query builder on its own (no server needed).
TEST(PostgresSearchQueryTest, QuotesWordsAndBuildsPhrasesAndPrefixes) {
  EXPECT_EQ(PostgresSearchQuery("Ferry  LATE*"), "'ferry' & 'late':*");
  EXPECT_EQ(PostgresSearchQuery("t\xE2\x80\x94urbine*"), "('t' <-> 'urbine':*)");
  EXPECT_EQ(PostgresSearchQuery("O'Neil"), "'o' & 'neil'");
  EXPECT_EQ(PostgresSearchQuery("Z\xC3\x9CRICH caf\xC3\xA9"), "'zurich' & 'cafe'");
  EXPECT_EQ(PostgresSearchQuery("' & | ! <-> :*"), "");
  EXPECT_EQ(PostgresSearchQuery("\xE2\x80\x94"), "");
}

TEST(PostgresSearchQueryTest, TokensFoldCaseAndLatinDiacriticsButKeepOtherScripts) {
  EXPECT_THAT(SearchTokens("\xC3\x85RHUS-Kai, \xCE\xA3\xCE\xBF\xCF\x86\xCE\xAF\xCE\xB1 "
                           "\xE6\x9D\xB1\xE4\xBA\xAC"),
              ElementsAre("arhus", "kai", "\xCF\x83\xCE\xBF\xCF\x86\xCE\xAF\xCE\xB1",
                          "\xE6\x9D\xB1\xE4\xBA\xAC"));
  EXPECT_TRUE(SearchTokens("\xE2\x80\x9C\xE2\x80\x94\xE2\x80\x9D ... !!").empty());
}

}  // namespace
}  // namespace claimtrace::claims
