#include "claims_service/claim_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "claims_service/extraction/claim_extractor.h"
#include "common/status_util.h"
#include "tests/claims_service/claim_snapshot_testing.h"
#include "tests/common/scoped_temp_dir.h"

namespace claimtrace::claims {
namespace {

using ::claimtrace::test_support::ScopedTempDir;
using ::claimtrace::test_support::WriteFileBytes;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAreArray;

Entity MakeEntity(std::string id, std::string name, std::string affiliation = "") {
  return Entity{std::move(id), std::move(name), std::move(affiliation)};
}

const Entity kHarbor = MakeEntity("harbor-tidal", "Harbor Tidal");
const Entity kMarlow = MakeEntity("marlow-institute", "Marlow Institute");
const Entity kCouncil = MakeEntity("harbor-city-council", "Harbor City Council");
const Entity kObserver = MakeEntity("coastal-observer", "Coastal Observer");
const Entity kEngineer = MakeEntity("ines-alvarez", "Ines Alvarez", "Marlow Institute");

ExtractedClaim WithMention(ClaimContent content, const Entity& claimant, int paragraph = 0) {
  ExtractedClaim claim;
  claim.content = std::move(content);
  claim.mention.paragraph_index = paragraph;
  claim.mention.start_offset = 0;
  claim.mention.end_offset = 10;
  claim.mention.claimant = claimant;
  claim.mention.cue = "said";
  claim.mention.method = "test";
  return claim;
}

ClaimContent QuantityContent(const Entity& subject, std::string predicate, double value,
                             std::string unit, Bound bound = Bound::kExact, double upper_value = -1,
                             std::string statement = "") {
  ClaimContent content;
  content.kind = ClaimKind::kQuantity;
  content.subject = subject;
  content.predicate = std::move(predicate);
  Quantity q;
  q.value = value;
  q.upper_value = bound == Bound::kRange ? upper_value : value;
  q.unit = std::move(unit);
  q.bound = bound;
  content.quantity = q;
  content.statement = statement.empty() ? absl::StrCat(subject.name, " ", content.predicate, " ",
                                                       value, " ", q.unit, ".")
                                        : std::move(statement);
  return content;
}

ClaimContent DateContent(const Entity& subject, std::string predicate, int year, int month = 0,
                         int day = 0) {
  ClaimContent content;
  content.kind = ClaimKind::kDate;
  content.subject = subject;
  content.predicate = std::move(predicate);
  CalendarDate d;
  d.year = year;
  d.month = month;
  d.day = day;
  d.precision = day != 0     ? DatePrecision::kDay
                : month != 0 ? DatePrecision::kMonth
                             : DatePrecision::kYear;
  content.date = d;
  content.statement = absl::StrCat(subject.name, " ", content.predicate, " ", year, ".");
  return content;
}

ClaimContent LocationContent(const Entity& subject, std::string predicate, const Entity& place) {
  ClaimContent content;
  content.kind = ClaimKind::kLocation;
  content.subject = subject;
  content.predicate = std::move(predicate);
  content.object = place;
  content.statement = absl::StrCat(subject.name, " is ", content.predicate, " ", place.name, ".");
  return content;
}

ClaimContent QuoteContent(const Entity& speaker, std::string words) {
  ClaimContent content;
  content.kind = ClaimKind::kQuote;
  content.subject = speaker;
  content.predicate = "said";
  content.quote_text = words;
  content.statement = absl::StrCat(speaker.name, " said: ", words);
  return content;
}

std::vector<std::string> Ids(const std::vector<StoredClaim>& claims) {
  std::vector<std::string> ids;
  for (const StoredClaim& c : claims) ids.push_back(c.id);
  return ids;
}

std::vector<std::string> EntityIds(const std::vector<Entity>& entities) {
  std::vector<std::string> ids;
  for (const Entity& e : entities) ids.push_back(e.id);
  return ids;
}

class ClaimStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.File("claims.db");
    absl::StatusOr<std::unique_ptr<ClaimStore>> store = ClaimStore::Open(path_);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  std::vector<StoredClaim> Record(std::string_view article,
                                  const std::vector<ExtractedClaim>& claims) {
    absl::StatusOr<std::vector<StoredClaim>> stored = store_->RecordArticleClaims(article, claims);
    EXPECT_TRUE(stored.ok()) << stored.status();
    return stored.ok() ? *stored : std::vector<StoredClaim>{};
  }

  // Records content(0) .. content(total - 1), 100 to an article, and
  // returns their ids in that order.
  std::vector<std::string> RecordNumbered(int total,
                                          const std::function<ClaimContent(int)>& content) {
    std::vector<std::string> ids;
    for (int article = 0; article * 100 < total; ++article) {
      std::vector<ExtractedClaim> claims;
      for (int i = article * 100; i < std::min(total, (article + 1) * 100); ++i) {
        claims.push_back(WithMention(content(i), kCouncil));
      }
      for (const StoredClaim& c : Record(absl::StrCat("articles/n", article), claims)) {
        ids.push_back(c.id);
      }
    }
    return ids;
  }

  std::int64_t Claims() { return *store_->CountClaims(); }
  std::int64_t Sources() { return *store_->CountSources(); }

  StoredClaim GetOrDie(std::string_view id) {
    absl::StatusOr<StoredClaim> claim = ClaimOf(store_->Get(id));
    EXPECT_TRUE(claim.ok()) << claim.status();
    return claim.ok() ? *claim : StoredClaim{};
  }

  std::vector<StoredClaim> ListAll(const ClaimQuery& query) {
    absl::StatusOr<ClaimPage> page = store_->List(query, "", 1000);
    EXPECT_TRUE(page.ok()) << page.status();
    EXPECT_TRUE(!page.ok() || page->next_key.empty());
    return page.ok() ? page->claims : std::vector<StoredClaim>{};
  }

  std::vector<StoredClaim> SearchOk(std::string_view text, std::int64_t offset = 0,
                                    int limit = 50) {
    absl::StatusOr<std::vector<StoredClaim>> found = store_->Search(text, offset, limit);
    EXPECT_TRUE(found.ok()) << "query [" << text << "]: " << found.status();
    return found.ok() ? *found : std::vector<StoredClaim>{};
  }

  ScopedTempDir dir_;
  std::string path_;
  std::unique_ptr<ClaimStore> store_;
};

TEST_F(ClaimStoreTest, SameContentFromTwoArticlesIsOneClaimWithTwoSources) {
  const ClaimContent cost = QuantityContent(kHarbor, "construction_cost", 120e6, "USD");
  const std::vector<StoredClaim> first = Record("articles/a1", {WithMention(cost, kCouncil)});
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].id, ClaimId(cost));
  EXPECT_EQ(first[0].source_count, 1);

  const std::vector<StoredClaim> second = Record("articles/a2", {WithMention(cost, kObserver)});
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].id, first[0].id);
  EXPECT_EQ(second[0].source_count, 2);
  EXPECT_EQ(Claims(), 1);
  EXPECT_EQ(Sources(), 2);

  const StoredClaim stored = GetOrDie(first[0].id);
  EXPECT_EQ(stored.source_count, 2);
  EXPECT_EQ(stored.claimant.id, kCouncil.id) << "claimant of the earliest source";
  EXPECT_THAT(EntityIds(stored.claimants), ElementsAre(kCouncil.id, kObserver.id));
  EXPECT_GE(stored.update_time, stored.create_time);
}

TEST_F(ClaimStoreTest, RecordingTheSameArticleAgainChangesNothing) {
  const std::vector<ExtractedClaim> claims = {
      WithMention(QuantityContent(kHarbor, "capacity", 40, "megawatts"), kCouncil),
      WithMention(DateContent(kHarbor, "opened", 2024, 3), kCouncil),
      WithMention(QuoteContent(kEngineer, "the tide never takes a day off"), kEngineer),
  };
  const std::vector<StoredClaim> first = Record("articles/a1", claims);
  const std::int64_t claims_before = Claims();
  const std::int64_t sources_before = Sources();
  const StoredClaim before = GetOrDie(first[0].id);

  const std::vector<StoredClaim> again = Record("articles/a1", claims);
  EXPECT_EQ(Ids(again), Ids(first));
  EXPECT_EQ(Claims(), claims_before);
  EXPECT_EQ(Sources(), sources_before);
  const StoredClaim after = GetOrDie(first[0].id);
  EXPECT_EQ(after.source_count, 1);
  EXPECT_EQ(after.update_time, before.update_time);
  EXPECT_EQ(after.create_time, before.create_time);
  EXPECT_EQ(SearchOk("tide").size(), 1u) << "search index must not gain duplicates";
}

TEST_F(ClaimStoreTest, RepeatedMentionsInOneArticleCountOnce) {
  const ClaimContent capacity = QuantityContent(kHarbor, "capacity", 40, "megawatts");
  const std::vector<StoredClaim> stored =
      Record("articles/a1", {WithMention(capacity, kCouncil, 0), WithMention(capacity, kCouncil, 3),
                             WithMention(capacity, kEngineer, 5)});
  ASSERT_EQ(stored.size(), 1u) << "one entry per distinct claim";
  EXPECT_EQ(stored[0].source_count, 1) << "source_count counts articles";
  EXPECT_THAT(EntityIds(stored[0].claimants),
              UnorderedElementsAreArray({kCouncil.id, kEngineer.id}));
  EXPECT_EQ(Sources(), 2) << "one source per (article, claimant)";
}

TEST_F(ClaimStoreTest, ReturnsDistinctClaimsInOrderOfFirstAppearance) {
  const ClaimContent a = QuantityContent(kHarbor, "capacity", 40, "megawatts");
  const ClaimContent b = DateContent(kHarbor, "opened", 2024);
  const ClaimContent c =
      LocationContent(kHarbor, "headquartered_in", MakeEntity("port-ellis", "Port Ellis"));
  const std::vector<StoredClaim> stored =
      Record("articles/a1", {WithMention(b, kCouncil), WithMention(a, kCouncil),
                             WithMention(b, kObserver), WithMention(c, kCouncil)});
  EXPECT_THAT(Ids(stored), ElementsAre(ClaimId(b), ClaimId(a), ClaimId(c)));
}

TEST_F(ClaimStoreTest, DifferentBoundUnitOrValueAreDifferentClaims) {
  const std::vector<ClaimContent> contents = {
      QuantityContent(kHarbor, "homes_powered", 30000, "homes", Bound::kExact),
      QuantityContent(kHarbor, "homes_powered", 30000, "homes", Bound::kAtLeast),
      QuantityContent(kHarbor, "homes_powered", 30000, "homes", Bound::kMoreThan),
      QuantityContent(kHarbor, "homes_powered", 30000, "homes", Bound::kApproximate),
      QuantityContent(kHarbor, "homes_powered", 30000, "households", Bound::kExact),
      QuantityContent(kHarbor, "homes_powered", 31000, "homes", Bound::kExact),
      QuantityContent(kHarbor, "homes_powered", 30000, "homes", Bound::kRange, 35000),
  };
  std::vector<ExtractedClaim> claims;
  for (const ClaimContent& c : contents) claims.push_back(WithMention(c, kCouncil));
  const std::vector<StoredClaim> stored = Record("articles/a1", claims);
  EXPECT_EQ(stored.size(), contents.size());
  EXPECT_EQ(Claims(), static_cast<std::int64_t>(contents.size()));
  const std::vector<std::string> ids = Ids(stored);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), contents.size());
}

TEST_F(ClaimStoreTest, GetRoundTripsEveryKindOfContent) {
  ClaimContent range =
      QuantityContent(kHarbor, "output_share", 12.5, "percent", Bound::kRange, 17.25);
  ClaimContent date = DateContent(kHarbor, "opened", 2024, 3, 14);
  ClaimContent place =
      LocationContent(kHarbor, "headquartered_in", MakeEntity("port-ellis", "Port Ellis"));
  ClaimContent quote = QuoteContent(
      kEngineer,
      "\xE2\x80\x9CThe tide \xE2\x80\x94 unlike wind \xE2\x80\x94 keeps its schedule\xE2\x80\x9D");
  ClaimContent comparison =
      QuantityContent(kHarbor, "cheaper_than_diesel", 3, "times", Bound::kApproximate);
  comparison.kind = ClaimKind::kComparison;
  comparison.object = MakeEntity("diesel-generators", "diesel generators");
  const std::vector<ClaimContent> contents = {range, date, place, quote, comparison};
  std::vector<ExtractedClaim> claims;
  for (const ClaimContent& c : contents) claims.push_back(WithMention(c, kEngineer));
  Record("articles/a1", claims);

  for (const ClaimContent& expected : contents) {
    const StoredClaim stored = GetOrDie(ClaimId(expected));
    const ClaimContent& got = stored.content;
    EXPECT_EQ(stored.id, ClaimId(expected));
    EXPECT_EQ(ClaimId(got), stored.id) << "stored content must hash to its own id";
    EXPECT_EQ(got.kind, expected.kind);
    EXPECT_EQ(got.subject.id, expected.subject.id);
    EXPECT_EQ(got.subject.name, expected.subject.name);
    EXPECT_EQ(got.predicate, expected.predicate);
    EXPECT_EQ(got.statement, expected.statement);
    EXPECT_EQ(got.quote_text, expected.quote_text);
    EXPECT_EQ(got.object.id, expected.object.id);
    EXPECT_EQ(got.object.name, expected.object.name);
    ASSERT_EQ(got.quantity.has_value(), expected.quantity.has_value()) << expected.statement;
    if (expected.quantity) {
      EXPECT_DOUBLE_EQ(got.quantity->value, expected.quantity->value);
      EXPECT_DOUBLE_EQ(got.quantity->upper_value, expected.quantity->upper_value);
      EXPECT_EQ(got.quantity->unit, expected.quantity->unit);
      EXPECT_EQ(got.quantity->bound, expected.quantity->bound);
    }
    ASSERT_EQ(got.date.has_value(), expected.date.has_value()) << expected.statement;
    if (expected.date) {
      EXPECT_EQ(got.date->year, expected.date->year);
      EXPECT_EQ(got.date->month, expected.date->month);
      EXPECT_EQ(got.date->day, expected.date->day);
      EXPECT_EQ(got.date->precision, expected.date->precision);
    }
    EXPECT_EQ(stored.claimant.id, kEngineer.id);
    EXPECT_EQ(stored.claimant.affiliation, kEngineer.affiliation);
  }
}

TEST_F(ClaimStoreTest, GetUnknownIdIsNotFound) {
  absl::StatusOr<StoredClaim> claim = ClaimOf(store_->Get("0123456789abcdef"));
  EXPECT_EQ(claim.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->Get("' OR 1=1 --").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ClaimStoreTest, EmptyArticleRecordsNothing) {
  EXPECT_TRUE(Record("articles/empty", {}).empty());
  EXPECT_EQ(Claims(), 0);
  EXPECT_EQ(Sources(), 0);
}

class ClaimStoreListTest : public ClaimStoreTest {
 protected:
  void SetUp() override {
    ClaimStoreTest::SetUp();
    capacity_ = QuantityContent(kHarbor, "capacity", 40, "megawatts");
    cost_ = QuantityContent(kHarbor, "construction_cost", 120e6, "USD");
    opened_ = DateContent(kHarbor, "opened", 2024, 3);
    budget_ = QuantityContent(kMarlow, "research_budget", 8e6, "USD", Bound::kAtLeast);
    founded_ = DateContent(kMarlow, "founded", 1998);
    Record("articles/a1", {WithMention(capacity_, kCouncil), WithMention(cost_, kCouncil),
                           WithMention(opened_, kObserver)});
    Record("articles/a2", {WithMention(cost_, kObserver), WithMention(budget_, kEngineer)});
    Record("articles/a3", {WithMention(cost_, kObserver), WithMention(founded_, kEngineer),
                           WithMention(capacity_, kObserver)});
  }
  ClaimContent capacity_, cost_, opened_, budget_, founded_;
};

TEST_F(ClaimStoreListTest, NoFilterListsEveryClaimById) {
  const std::vector<StoredClaim> all = ListAll({});
  std::vector<std::string> expected = {ClaimId(capacity_), ClaimId(cost_), ClaimId(opened_),
                                       ClaimId(budget_), ClaimId(founded_)};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(Ids(all), expected);
}

TEST_F(ClaimStoreListTest, FiltersBySubjectIdOrNameCaseInsensitively) {
  for (const std::string subject :
       {"harbor-tidal", "Harbor Tidal", "HARBOR TIDAL", "harbor tidal"}) {
    ClaimQuery query;
    query.subject = subject;
    EXPECT_THAT(Ids(ListAll(query)),
                UnorderedElementsAreArray({ClaimId(capacity_), ClaimId(cost_), ClaimId(opened_)}))
        << subject;
  }
  ClaimQuery query;
  query.subject = "harbor";
  EXPECT_TRUE(ListAll(query).empty()) << "subject is matched exactly, not as a prefix";
  query.subject = "' OR '1'='1";
  EXPECT_TRUE(ListAll(query).empty());
}

TEST_F(ClaimStoreListTest, FiltersByPredicateKindUnitAndMinSourceCount) {
  ClaimQuery query;
  query.predicate = "construction_cost";
  EXPECT_THAT(Ids(ListAll(query)), ElementsAre(ClaimId(cost_)));

  query = {};
  query.kind = ClaimKind::kDate;
  EXPECT_THAT(Ids(ListAll(query)),
              UnorderedElementsAreArray({ClaimId(opened_), ClaimId(founded_)}));

  query = {};
  query.kind = ClaimKind::kQuantity;
  EXPECT_THAT(Ids(ListAll(query)),
              UnorderedElementsAreArray({ClaimId(capacity_), ClaimId(cost_), ClaimId(budget_)}));

  query = {};
  query.unit = "USD";
  EXPECT_THAT(Ids(ListAll(query)), UnorderedElementsAreArray({ClaimId(cost_), ClaimId(budget_)}));

  query = {};
  query.min_source_count = 2;
  EXPECT_THAT(Ids(ListAll(query)), UnorderedElementsAreArray({ClaimId(capacity_), ClaimId(cost_)}));
  query.min_source_count = 3;
  EXPECT_THAT(Ids(ListAll(query)), ElementsAre(ClaimId(cost_)));
  query.min_source_count = 4;
  EXPECT_TRUE(ListAll(query).empty());
}

TEST_F(ClaimStoreListTest, FiltersByAnySourcesClaimantIdOrName) {
  ClaimQuery query;
  query.claimant = kObserver.id;
  EXPECT_THAT(Ids(ListAll(query)),
              UnorderedElementsAreArray({ClaimId(capacity_), ClaimId(cost_), ClaimId(opened_)}));
  query.claimant = "coastal OBSERVER";
  EXPECT_THAT(Ids(ListAll(query)),
              UnorderedElementsAreArray({ClaimId(capacity_), ClaimId(cost_), ClaimId(opened_)}));
  query.claimant = kEngineer.id;
  EXPECT_THAT(Ids(ListAll(query)),
              UnorderedElementsAreArray({ClaimId(budget_), ClaimId(founded_)}));
}

TEST_F(ClaimStoreListTest, CombinesFilters) {
  ClaimQuery query;
  query.subject = "Harbor Tidal";
  query.kind = ClaimKind::kQuantity;
  query.claimant = "Harbor City Council";
  query.min_source_count = 3;
  EXPECT_THAT(Ids(ListAll(query)), ElementsAre(ClaimId(cost_)));
  query.unit = "megawatts";
  EXPECT_TRUE(ListAll(query).empty());
}

TEST_F(ClaimStoreListTest, ListedClaimsCarryTheirClaimants) {
  ClaimQuery query;
  query.predicate = "construction_cost";
  const std::vector<StoredClaim> listed = ListAll(query);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].source_count, 3);
  EXPECT_THAT(EntityIds(listed[0].claimants), ElementsAre(kCouncil.id, kObserver.id));
}

TEST_F(ClaimStoreListTest, SourceCountOrderPutsMostSourcedFirst) {
  ClaimQuery query;
  query.order = ClaimOrder::kSourceCountDesc;
  const std::vector<StoredClaim> listed = ListAll(query);
  ASSERT_EQ(listed.size(), 5u);
  EXPECT_EQ(listed[0].id, ClaimId(cost_));
  EXPECT_EQ(listed[1].id, ClaimId(capacity_));
}

TEST_F(ClaimStoreListTest, MalformedKeyForCountOrderIsAPageTokenError) {
  ClaimQuery query;
  query.order = ClaimOrder::kSourceCountDesc;
  for (const std::string key : {"garbage", "x|abc", "|"}) {
    absl::StatusOr<ClaimPage> page = store_->List(query, key, 10);
    ASSERT_FALSE(page.ok()) << key;
    EXPECT_EQ(common::ViolatedField(page.status()), "page_token") << key;
  }
}

// Many claims with ties in every sort key, recorded over several articles.
class ClaimStorePaginationTest : public ClaimStoreTest {
 protected:
  void SetUp() override {
    ClaimStoreTest::SetUp();
    for (int i = 0; i < 23; ++i) {
      const Entity& subject = i % 2 == 0 ? kHarbor : kMarlow;
      contents_.push_back(
          QuantityContent(subject, "metric_" + std::to_string(i % 5), 100 + i, "units"));
    }
    // Claim i appears in (i % 4) + 1 articles; each article records a batch,
    // so many claims share an update time.
    for (int article = 0; article < 4; ++article) {
      std::vector<ExtractedClaim> batch;
      for (int i = 0; i < 23; ++i) {
        if (article <= i % 4) batch.push_back(WithMention(contents_[i], kCouncil));
      }
      Record("articles/p" + std::to_string(article), batch);
    }
    for (const ClaimContent& c : contents_) all_ids_.push_back(ClaimId(c));
  }

  // Pages through `query` with `page_size`, checking the order within and
  // across pages; returns the ids in visiting order.
  std::vector<std::string> Walk(const ClaimQuery& query, int page_size) {
    std::vector<std::string> visited;
    std::vector<StoredClaim> claims;
    std::string key;
    for (int pages = 0; pages < 100; ++pages) {
      absl::StatusOr<ClaimPage> page = store_->List(query, key, page_size);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      EXPECT_LE(static_cast<int>(page->claims.size()), page_size);
      for (const StoredClaim& c : page->claims) {
        visited.push_back(c.id);
        claims.push_back(c);
      }
      if (page->next_key.empty()) break;
      EXPECT_EQ(static_cast<int>(page->claims.size()), page_size) << "short page before the end";
      key = page->next_key;
    }
    for (size_t i = 1; i < claims.size(); ++i) {
      const StoredClaim& a = claims[i - 1];
      const StoredClaim& b = claims[i];
      switch (query.order) {
        case ClaimOrder::kId:
          EXPECT_LT(a.id, b.id);
          break;
        case ClaimOrder::kSourceCountDesc:
          EXPECT_TRUE(a.source_count > b.source_count ||
                      (a.source_count == b.source_count && a.id < b.id))
              << a.source_count << " " << a.id << " then " << b.source_count << " " << b.id;
          break;
        case ClaimOrder::kUpdateTimeDesc:
          EXPECT_TRUE(a.update_time > b.update_time ||
                      (a.update_time == b.update_time && a.id < b.id))
              << a.id << " then " << b.id;
          break;
      }
    }
    return visited;
  }

  std::vector<ClaimContent> contents_;
  std::vector<std::string> all_ids_;
};

TEST_F(ClaimStorePaginationTest, EveryOrderVisitsEveryClaimExactlyOnce) {
  for (const ClaimOrder order :
       {ClaimOrder::kId, ClaimOrder::kSourceCountDesc, ClaimOrder::kUpdateTimeDesc}) {
    for (const int page_size : {1, 2, 3, 5, 7, 22, 23, 24, 100}) {
      ClaimQuery query;
      query.order = order;
      const std::vector<std::string> visited = Walk(query, page_size);
      EXPECT_EQ(visited.size(), all_ids_.size())
          << "order " << static_cast<int>(order) << " page size " << page_size;
      EXPECT_THAT(visited, UnorderedElementsAreArray(all_ids_))
          << "order " << static_cast<int>(order) << " page size " << page_size;
    }
  }
}

TEST_F(ClaimStorePaginationTest, FilteredPagesVisitEachMatchOnce) {
  std::vector<std::string> expected;
  for (int i = 0; i < 23; ++i) {
    if (i % 2 == 1 && i % 4 >= 1) expected.push_back(all_ids_[i]);  // Marlow, >= 2 sources
  }
  for (const ClaimOrder order :
       {ClaimOrder::kId, ClaimOrder::kSourceCountDesc, ClaimOrder::kUpdateTimeDesc}) {
    ClaimQuery query;
    query.subject = kMarlow.id;
    query.min_source_count = 2;
    query.order = order;
    EXPECT_THAT(Walk(query, 2), UnorderedElementsAreArray(expected));
  }
}

TEST_F(ClaimStorePaginationTest, SourceCountsFollowTheArticles) {
  for (int i = 0; i < 23; ++i) {
    EXPECT_EQ(GetOrDie(all_ids_[i]).source_count, i % 4 + 1) << i;
  }
}

class ClaimStoreSearchTest : public ClaimStoreTest {
 protected:
  void SetUp() override {
    ClaimStoreTest::SetUp();
    turbine_ = QuantityContent(kHarbor, "turbine_output", 40, "megawatts", Bound::kExact, 0,
                               "Turbine output at the Harbor tidal plant reached 40 megawatts.");
    cost_ = QuantityContent(kHarbor, "construction_cost", 120e6, "USD", Bound::kExact, 0,
                            "The Harbor tidal plant cost 120,000,000 USD to build.");
    dam_ =
        QuantityContent(kMarlow, "price_change", 4, "percent", Bound::kExact, 0,
                        "Prices rose near the dam and fell or stalled elsewhere (officials said).");
    zurich_ = LocationContent(kMarlow, "office_in", MakeEntity("zurich", "Z\xC3\xBCrich"));
    zurich_.statement = "Marlow Institute opened an office in Z\xC3\xBCrich.";
    tokyo_ = LocationContent(kMarlow, "office_in", MakeEntity("tokyo", "Tokyo"));
    tokyo_.statement = "Marlow Institute opened an office in \xE6\x9D\xB1\xE4\xBA\xAC this year.";
    Record("articles/s1", {WithMention(turbine_, kCouncil),
                           WithMention(cost_, MakeEntity("turbine-weekly", "Turbine Weekly")),
                           WithMention(dam_, kEngineer), WithMention(zurich_, kEngineer),
                           WithMention(tokyo_, kEngineer)});
  }
  ClaimContent turbine_, cost_, dam_, zurich_, tokyo_;
};

TEST_F(ClaimStoreSearchTest, RanksStatementMatchesAboveClaimantMatches) {
  const std::vector<StoredClaim> found = SearchOk("turbine");
  EXPECT_THAT(Ids(found), ElementsAre(ClaimId(turbine_), ClaimId(cost_)));
}

TEST_F(ClaimStoreSearchTest, AllWordsMustMatch) {
  EXPECT_THAT(Ids(SearchOk("tidal megawatts")), ElementsAre(ClaimId(turbine_)));
  EXPECT_THAT(Ids(SearchOk("tidal build")), ElementsAre(ClaimId(cost_)));
  EXPECT_TRUE(SearchOk("tidal elsewhere").empty());
}

TEST_F(ClaimStoreSearchTest, FindsBySubjectClaimantAndUnit) {
  EXPECT_THAT(Ids(SearchOk("weekly")), ElementsAre(ClaimId(cost_)));
  EXPECT_THAT(Ids(SearchOk("alvarez")),
              UnorderedElementsAreArray({ClaimId(dam_), ClaimId(zurich_), ClaimId(tokyo_)}));
  EXPECT_THAT(Ids(SearchOk("percent")), ElementsAre(ClaimId(dam_)));
}

TEST_F(ClaimStoreSearchTest, TrailingStarIsAPrefixAndOnlyThen) {
  EXPECT_THAT(Ids(SearchOk("turb*")),
              UnorderedElementsAreArray({ClaimId(turbine_), ClaimId(cost_)}));
  EXPECT_TRUE(SearchOk("turb").empty());
  EXPECT_TRUE(SearchOk("*turbine").size() == 2u) << "a leading * is not syntax";
}

TEST_F(ClaimStoreSearchTest, FoldsCaseAndDiacriticsAndReadsCjk) {
  EXPECT_THAT(Ids(SearchOk("zurich")), ElementsAre(ClaimId(zurich_)));
  EXPECT_THAT(Ids(SearchOk("Z\xC3\x9CRICH")), ElementsAre(ClaimId(zurich_)));
  EXPECT_THAT(Ids(SearchOk("\xE6\x9D\xB1\xE4\xBA\xAC")), ElementsAre(ClaimId(tokyo_)));
  EXPECT_THAT(Ids(SearchOk("TURBINE OUTPUT")), ElementsAre(ClaimId(turbine_)));
}

TEST_F(ClaimStoreSearchTest, CurlyQuotesAroundAWordAreNotPartOfIt) {
  EXPECT_THAT(Ids(SearchOk("\xE2\x80\x9C"
                           "dam"
                           "\xE2\x80\x9D")),
              ElementsAre(ClaimId(dam_)));
}

TEST_F(ClaimStoreSearchTest, TreatsFts5OperatorsAsPlainWords) {
  // The dam claim contains the words "near", "and" and "or"; the others do not.
  EXPECT_THAT(Ids(SearchOk("NEAR(dam prices)")), ElementsAre(ClaimId(dam_)));
  EXPECT_THAT(Ids(SearchOk("dam AND prices")), ElementsAre(ClaimId(dam_)));
  EXPECT_THAT(Ids(SearchOk("dam OR prices")), ElementsAre(ClaimId(dam_)));
  EXPECT_TRUE(SearchOk("turbine OR dam").empty()) << "OR must not widen the search";
  EXPECT_TRUE(SearchOk("turbine NOT dam").empty()) << "NOT is a word, not an operator";
  EXPECT_TRUE(SearchOk("NEAR(turbine megawatts, 5)").empty());
  EXPECT_TRUE(SearchOk("statement:turbine").empty()) << "column filters are words too";
}

TEST_F(ClaimStoreSearchTest, HostileTextIsDataNeverAnError) {
  const std::vector<std::string> hostile = {
      "\"\"\"turbine", "\"turbine",           "turbine\"", "\"\"turbine\"\"", "(turbine",
      "turbine)",      "((turbine))",         "turbine*",  "-turbine",        "^turbine",
      "+turbine",      "{turbine}",           "turbine:",  ":turbine",        "turbine;",
      "'turbine'",     "turbine' --",         "turbine\\", "turbine%",        "turbine_",
      "turbine\t\n",   "t\xE2\x80\x94urbine",
  };
  for (const std::string& q : hostile) {
    absl::StatusOr<std::vector<StoredClaim>> found = store_->Search(q, 0, 10);
    EXPECT_TRUE(found.ok()) << "[" << q << "]: " << found.status();
  }
  // Words still match through the punctuation.
  EXPECT_THAT(Ids(SearchOk("(\"turbine\")")), ElementsAre(ClaimId(turbine_), ClaimId(cost_)));
  EXPECT_THAT(Ids(SearchOk("'turbine'")), ElementsAre(ClaimId(turbine_), ClaimId(cost_)));
}

TEST_F(ClaimStoreSearchTest, SqlInjectionTextChangesNothing) {
  const std::int64_t before = Claims();
  EXPECT_TRUE(SearchOk("dam'); DROP TABLE claims; --").empty());
  EXPECT_TRUE(SearchOk("x\" OR 1=1 OR \"").empty());
  EXPECT_EQ(Claims(), before);
  EXPECT_EQ(SearchOk("dam").size(), 1u);
}

TEST_F(ClaimStoreSearchTest, ManyWordsDoNotBreakTheQuery) {
  std::string many;
  for (int i = 0; i < 200; ++i) absl::StrAppend(&many, "turbine ");
  EXPECT_THAT(Ids(SearchOk(many)), ElementsAre(ClaimId(turbine_), ClaimId(cost_)));
}

TEST_F(ClaimStoreSearchTest, QueryWithoutWordsIsInvalidQuery) {
  for (const std::string q : {"", "   ", "*", "\"", "\"\"", "()", "-- ;", "\xE2\x80\x94"}) {
    absl::StatusOr<std::vector<StoredClaim>> found = store_->Search(q, 0, 10);
    if (q == "\xE2\x80\x94") {
      // Non-ASCII punctuation alone: either no word or simply no match.
      EXPECT_TRUE(!found.ok() ? common::ViolatedField(found.status()) == "query" : found->empty());
      continue;
    }
    ASSERT_FALSE(found.ok()) << "[" << q << "]";
    EXPECT_EQ(found.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(common::ViolatedField(found.status()), "query") << "[" << q << "]";
  }
}

TEST_F(ClaimStoreSearchTest, OffsetAndLimitPageThroughRankedResults) {
  const std::vector<std::string> all = Ids(SearchOk("harbor"));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_THAT(Ids(SearchOk("harbor", 0, 1)), ElementsAre(all[0]));
  EXPECT_THAT(Ids(SearchOk("harbor", 1, 1)), ElementsAre(all[1]));
  EXPECT_TRUE(SearchOk("harbor", 2, 1).empty());
}

TEST_F(ClaimStoreSearchTest, NewClaimantFromAnotherArticleBecomesSearchable) {
  EXPECT_TRUE(SearchOk("observer").empty());
  Record("articles/s2", {WithMention(dam_, kObserver)});
  EXPECT_THAT(Ids(SearchOk("coastal observer")), ElementsAre(ClaimId(dam_)));
  const std::vector<StoredClaim> found = SearchOk("observer");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].source_count, 2);
  EXPECT_THAT(EntityIds(found[0].claimants), ElementsAre(kEngineer.id, kObserver.id));
}

TEST_F(ClaimStoreTest, CandidateConflictGroupsShareSubjectPredicateAndUnit) {
  const ClaimContent cost_a = QuantityContent(kHarbor, "construction_cost", 120e6, "USD");
  const ClaimContent cost_b =
      QuantityContent(kHarbor, "construction_cost", 95e6, "USD", Bound::kApproximate);
  const ClaimContent cost_eur = QuantityContent(kHarbor, "construction_cost", 110e6, "EUR");
  const ClaimContent opened_a = DateContent(kHarbor, "opened", 2024, 3);
  const ClaimContent opened_b = DateContent(kHarbor, "opened", 2023);
  const ClaimContent hq_a =
      LocationContent(kHarbor, "headquartered_in", MakeEntity("port-ellis", "Port Ellis"));
  const ClaimContent hq_b =
      LocationContent(kHarbor, "headquartered_in", MakeEntity("kelby", "Kelby"));
  const ClaimContent quote_a = QuoteContent(kHarbor, "we are ready");
  const ClaimContent quote_b = QuoteContent(kHarbor, "we are not ready");
  const ClaimContent budget_a = QuantityContent(kMarlow, "research_budget", 8e6, "USD");
  const ClaimContent budget_b = QuantityContent(kMarlow, "research_budget", 9e6, "USD");
  const ClaimContent lonely = QuantityContent(kMarlow, "staff", 40, "people");
  std::vector<ExtractedClaim> claims;
  for (const ClaimContent& c : {cost_a, cost_b, cost_eur, opened_a, opened_b, hq_a, hq_b, quote_a,
                                quote_b, budget_a, budget_b, lonely}) {
    claims.push_back(WithMention(c, kCouncil));
  }
  Record("articles/g1", claims);
  Record("articles/g2", {WithMention(cost_b, kObserver)});

  absl::StatusOr<std::vector<ClaimGroup>> groups = store_->CandidateConflictGroups("", 0, 100);
  ASSERT_TRUE(groups.ok()) << groups.status();
  std::vector<std::string> keys;
  for (const ClaimGroup& g : *groups) keys.push_back(g.subject_id + "/" + g.predicate);
  EXPECT_THAT(keys, ElementsAre("harbor-tidal/construction_cost", "harbor-tidal/headquartered_in",
                                "harbor-tidal/opened", "marlow-institute/research_budget"));
  if (groups->size() == 4) {
    EXPECT_THAT(Ids((*groups)[0].claims), ElementsAre(ClaimId(cost_b), ClaimId(cost_a)))
        << "USD only, most-sourced first";
    EXPECT_THAT(Ids((*groups)[1].claims),
                UnorderedElementsAreArray({ClaimId(hq_a), ClaimId(hq_b)}));
    EXPECT_THAT(Ids((*groups)[2].claims),
                UnorderedElementsAreArray({ClaimId(opened_a), ClaimId(opened_b)}));
    EXPECT_FALSE((*groups)[0].claims[0].claimants.empty());
  }

  absl::StatusOr<std::vector<ClaimGroup>> harbor =
      store_->CandidateConflictGroups(kHarbor.id, 0, 100);
  ASSERT_TRUE(harbor.ok());
  EXPECT_EQ(harbor->size(), 3u);
  absl::StatusOr<std::vector<ClaimGroup>> page = store_->CandidateConflictGroups("", 1, 2);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].predicate, "headquartered_in");
  EXPECT_EQ((*page)[1].predicate, "opened");
  absl::StatusOr<std::vector<ClaimGroup>> none = store_->CandidateConflictGroups("nobody", 0, 100);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(ClaimStoreTest, ReopeningTheFileKeepsClaimsSourcesAndSearch) {
  const ClaimContent cost = QuantityContent(kHarbor, "construction_cost", 120e6, "USD");
  Record("articles/a1", {WithMention(cost, kCouncil)});
  Record("articles/a2", {WithMention(cost, kObserver)});
  store_.reset();

  absl::StatusOr<std::unique_ptr<ClaimStore>> reopened = ClaimStore::Open(path_);
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  store_ = std::move(*reopened);
  EXPECT_TRUE(store_->IsHealthy());
  EXPECT_EQ(Claims(), 1);
  EXPECT_EQ(Sources(), 2);
  const StoredClaim stored = GetOrDie(ClaimId(cost));
  EXPECT_EQ(stored.source_count, 2);
  EXPECT_THAT(EntityIds(stored.claimants), ElementsAre(kCouncil.id, kObserver.id));
  EXPECT_THAT(Ids(SearchOk("harbor")), ElementsAre(ClaimId(cost)));
  // Recording an already recorded article after reopening still changes nothing.
  Record("articles/a2", {WithMention(cost, kObserver)});
  EXPECT_EQ(Sources(), 2);
  EXPECT_EQ(GetOrDie(ClaimId(cost)).source_count, 2);
}

TEST_F(ClaimStoreTest, ConcurrentRecordingCountsEveryArticle) {
  const ClaimContent shared = QuantityContent(kHarbor, "capacity", 40, "megawatts");
  constexpr int kThreads = 4;
  constexpr int kArticlesPerThread = 15;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kArticlesPerThread; ++i) {
        const ClaimContent own = QuantityContent(kMarlow, "staff", 100 * t + i, "people");
        absl::StatusOr<std::vector<StoredClaim>> stored = store_->RecordArticleClaims(
            absl::StrCat("articles/t", t, "-", i),
            {WithMention(shared, kCouncil), WithMention(own, kCouncil)});
        EXPECT_TRUE(stored.ok()) << stored.status();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(GetOrDie(ClaimId(shared)).source_count, kThreads * kArticlesPerThread);
  EXPECT_EQ(Claims(), 1 + kThreads * kArticlesPerThread);
  EXPECT_EQ(Sources(), 2 * kThreads * kArticlesPerThread);
}

TEST_F(ClaimStoreTest, TwoStoresOnOneFileSeeEachOthersSources) {
  absl::StatusOr<std::unique_ptr<ClaimStore>> other = ClaimStore::Open(path_);
  ASSERT_TRUE(other.ok()) << other.status();
  const ClaimContent cost = QuantityContent(kHarbor, "construction_cost", 120e6, "USD");
  Record("articles/a1", {WithMention(cost, kCouncil)});
  absl::StatusOr<std::vector<StoredClaim>> second =
      (*other)->RecordArticleClaims("articles/a2", {WithMention(cost, kObserver)});
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].source_count, 2);
  EXPECT_EQ(GetOrDie(ClaimId(cost)).source_count, 2);
}

TEST(ClaimStoreOpenTest, DatabaseFromANewerVersionIsRefused) {
  ScopedTempDir dir;
  const std::string path = dir.File("claims.db");
  {
    absl::StatusOr<std::unique_ptr<common::SqliteDatabase>> db = common::SqliteDatabase::Open(path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Execute("PRAGMA user_version = 99").ok());
  }
  absl::StatusOr<std::unique_ptr<ClaimStore>> store = ClaimStore::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition) << store.status();
}

TEST(ClaimStoreOpenTest, CorruptFileIsRefused) {
  ScopedTempDir dir;
  const std::string path = dir.File("claims.db");
  WriteFileBytes(path, std::string(16384, '\x5a'));
  absl::StatusOr<std::unique_ptr<ClaimStore>> store = ClaimStore::Open(path);
  ASSERT_FALSE(store.ok());
  EXPECT_THAT(std::string(store.status().message()), ::testing::HasSubstr(path));
}

TEST(ClaimStoreOpenTest, UnwritableLocationIsRefused) {
  ScopedTempDir dir;
  absl::StatusOr<std::unique_ptr<ClaimStore>> store =
      ClaimStore::Open(dir.File("missing/dir/claims.db"));
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kUnavailable) << store.status();
}

TEST_F(ClaimStoreTest, SearchRanksOnlyTheNewestMatchesOfACommonWord) {
  const int total = kSearchRankedMatches + 50;
  const std::vector<std::string> ids_in_order = RecordNumbered(
      total, [](int i) { return QuantityContent(kHarbor, "ferry_crossings", i, "crossings"); });
  ASSERT_EQ(ids_in_order.size(), static_cast<size_t>(total));
  // A page within the ranked set: the 50 oldest matches are not ranked.
  std::set<std::string> found;
  for (const StoredClaim& c : SearchOk("crossings", 0, kSearchRankedMatches)) found.insert(c.id);
  EXPECT_EQ(found.size(), static_cast<size_t>(kSearchRankedMatches));
  for (int i = 0; i < 50; ++i) EXPECT_EQ(found.count(ids_in_order[i]), 0u) << i;
  // Paging past the cut-off ranks as many as the page needs.
  EXPECT_EQ(SearchOk("crossings", 0, total + 10).size(), static_cast<size_t>(total));
  EXPECT_EQ(SearchOk("crossings", kSearchRankedMatches, 100).size(), 50u);
}

TEST_F(ClaimStoreTest, SearchRanksACommonWordByRelevanceThenInsertionOrder) {
  // More matches than are counted exactly (the IDF's count is estimated):
  // every tenth claim says the word twice and ranks above the rest; equal
  // scores keep insertion order; the oldest 50 are past the ranked window.
  const int total = kSearchRankedMatches + 50;
  const std::vector<std::string> ids_in_order = RecordNumbered(total, [](int i) {
    return QuantityContent(
        kHarbor, "ferry_trips", i, "trips", Bound::kExact, -1,
        absl::StrCat("Harbor Tidal ran ", i,
                     i % 10 == 0 ? " crossings crossings." : " crossings today."));
  });
  ASSERT_EQ(ids_in_order.size(), static_cast<size_t>(total));
  std::vector<std::string> expected;
  for (int i = 50; expected.size() < 20; i += 10) expected.push_back(ids_in_order[i]);
  std::vector<std::string> page;
  for (const StoredClaim& c : SearchOk("crossings", 0, 20)) page.push_back(c.id);
  EXPECT_EQ(page, expected);
  // The next page goes on through the twice-saying claims.
  std::vector<std::string> next;
  for (const StoredClaim& c : SearchOk("crossings", 20, 5)) next.push_back(c.id);
  EXPECT_EQ(next, std::vector<std::string>({ids_in_order[250], ids_in_order[260], ids_in_order[270],
                                            ids_in_order[280], ids_in_order[290]}));
}

}  // namespace
}  // namespace claimtrace::claims
