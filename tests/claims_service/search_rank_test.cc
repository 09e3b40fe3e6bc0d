#include "claims_service/search_rank.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/sqlite_database.h"
#include "tests/common/scoped_temp_dir.h"

namespace claimtrace::claims {
namespace {

using ::claimtrace::common::SqliteDatabase;
using ::claimtrace::common::SqliteStatement;
using ::claimtrace::test_support::ScopedTempDir;
using ::testing::HasSubstr;

// A real FTS5 table of four columns, like the claim store's, filled with
// rows of varied length drawn from a small vocabulary, so that words repeat
// within and across rows and columns.
class SearchRankTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<SqliteDatabase>> db = SqliteDatabase::Open(dir_.File("t.db"));
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
    ASSERT_TRUE(RegisterSearchRank(*db_).ok());
    ASSERT_TRUE(db_->Execute("CREATE VIRTUAL TABLE t USING fts5(a, b, c, d, tokenize = "
                             "'unicode61 remove_diacritics 2')")
                    .ok());
    const std::vector<std::string> words = {"ferry", "harbor", "toll",  "crossing",    "dock",
                                            "fee",   "rise",   "north", "caf\xC3\xA9", "ferries"};
    std::uint64_t state = 7;
    auto next = [&](std::uint64_t bound) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      return (state >> 33) % bound;
    };
    ASSERT_TRUE(db_->Execute("BEGIN").ok());
    for (int row = 0; row < 400; ++row) {
      std::vector<std::string> columns;
      for (int c = 0; c < 4; ++c) {
        std::vector<std::string> text;
        const std::uint64_t length = next(c == 0 ? 30 : 6);
        for (std::uint64_t w = 0; w < length; ++w) text.push_back(words[next(words.size())]);
        columns.push_back(absl::StrJoin(text, " "));
      }
      absl::StatusOr<SqliteStatement> insert =
          db_->Prepare("INSERT INTO t (a, b, c, d) VALUES (?1, ?2, ?3, ?4)");
      ASSERT_TRUE(insert.ok()) << insert.status();
      insert->Bind(1, columns[0]).Bind(2, columns[1]).Bind(3, columns[2]).Bind(4, columns[3]);
      ASSERT_TRUE(insert->Run().ok());
    }
    ASSERT_TRUE(db_->Execute("COMMIT").ok());
  }

  std::int64_t MatchingRows(const std::string& phrase) {
    absl::StatusOr<SqliteStatement> count = db_->Prepare("SELECT count(*) FROM t WHERE t MATCH ?1");
    EXPECT_TRUE(count.ok()) << count.status();
    count->Bind(1, phrase);
    EXPECT_TRUE(count->Step().value_or(false));
    return count->ColumnInt(0);
  }

  struct Scores {
    std::vector<double> bm25, ours;
  };
  // Both scores of every row matching `query`, ours given `counts`.
  absl::StatusOr<Scores> Score(const std::string& query, const std::string& counts) {
    absl::StatusOr<SqliteStatement> select = db_->Prepare(
        absl::StrCat("SELECT bm25(t, 10.0, 5.0, 3.0, 2.0), ", kSearchRankFunction,
                     "(t, ?2, 10.0, 5.0, 3.0, 2.0) FROM t WHERE t MATCH ?1 ORDER BY rowid"));
    if (!select.ok()) return select.status();
    select->Bind(1, query);
    if (counts == "NULL") {
      select->BindNull(2);
    } else {
      select->Bind(2, counts);
    }
    Scores scores;
    while (true) {
      absl::StatusOr<bool> row = select->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      scores.bm25.push_back(select->ColumnDouble(0));
      scores.ours.push_back(select->ColumnDouble(1));
    }
    return scores;
  }

  ScopedTempDir dir_;
  std::unique_ptr<SqliteDatabase> db_;
};

TEST_F(SearchRankTest, GivenExactCountsScoresAsBm25) {
  for (const std::vector<std::string>& phrases :
       std::vector<std::vector<std::string>>{{"\"ferry\""},
                                             {"\"toll\"", "\"dock\""},
                                             {"\"ferr\"*", "\"north\""},
                                             {"\"cafe\"", "\"fee\"", "\"rise\""},
                                             // A phrase of no token (a dash) has no count.
                                             {"\"\xE2\x80\x94\"", "\"toll\"", "\"dock\""}}) {
    std::vector<std::int64_t> counts;
    for (const std::string& phrase : phrases) {
      const std::int64_t matching = MatchingRows(phrase);
      if (matching > 0) counts.push_back(matching);  // FTS5 drops a phrase of no token
    }
    const std::string query = absl::StrJoin(phrases, " ");
    absl::StatusOr<Scores> scores = Score(query, absl::StrJoin(counts, " "));
    ASSERT_TRUE(scores.ok()) << scores.status();
    ASSERT_GT(scores->bm25.size(), 5u) << query;
    for (std::size_t i = 0; i < scores->bm25.size(); ++i) {
      EXPECT_NEAR(scores->ours[i], scores->bm25[i], 1e-9 * std::abs(scores->bm25[i]))
          << query << " row " << i;
    }
  }
}

TEST_F(SearchRankTest, CountsWhatItIsNotGiven) {
  // No counts, and a count for the first phrase only: the rest are counted.
  const std::string query = "\"harbor\" \"crossing\"";
  for (const std::string& counts :
       {std::string("NULL"), std::string(""), absl::StrCat(MatchingRows("\"harbor\""))}) {
    absl::StatusOr<Scores> scores = Score(query, counts);
    ASSERT_TRUE(scores.ok()) << scores.status();
    ASSERT_FALSE(scores->bm25.empty());
    for (std::size_t i = 0; i < scores->bm25.size(); ++i) {
      EXPECT_NEAR(scores->ours[i], scores->bm25[i], 1e-9 * std::abs(scores->bm25[i]))
          << "counts '" << counts << "' row " << i;
    }
  }
}

TEST_F(SearchRankTest, ACountMovesTheScoreThroughTheIdf) {
  // A rarer phrase weighs more: claiming "dock" matches 2 rows instead of
  // its real count makes every row's score better (more negative).
  const std::string query = "\"dock\"";
  absl::StatusOr<Scores> exact = Score(query, absl::StrCat(MatchingRows(query)));
  absl::StatusOr<Scores> rare = Score(query, "2");
  ASSERT_TRUE(exact.ok() && rare.ok());
  ASSERT_EQ(exact->ours.size(), rare->ours.size());
  for (std::size_t i = 0; i < exact->ours.size(); ++i) EXPECT_LT(rare->ours[i], exact->ours[i]);
}

TEST_F(SearchRankTest, MalformedCountsAreAnError) {
  for (const std::string counts : {"12 x", "-3", "1.5"}) {
    absl::StatusOr<Scores> scores = Score("\"ferry\"", counts);
    ASSERT_FALSE(scores.ok()) << counts;
    EXPECT_THAT(scores.status().message(), HasSubstr("non-negative integers")) << counts;
  }
}

TEST(EstimateMatchingRowsTest, FewerThanTheSampleLimitIsExact) {
  EXPECT_EQ(EstimateMatchingRows(0, 2000, 0, 1, 1000000), 0);
  EXPECT_EQ(EstimateMatchingRows(1999, 2000, 17, 1, 1000000), 1999);
}

TEST(EstimateMatchingRowsTest, ScalesTheSampleToAllRowids) {
  // 2000 matches among the newest tenth of the rowids: about 20000 in all.
  EXPECT_EQ(EstimateMatchingRows(2000, 2000, 900001, 1, 1000000), 20000);
  // All the newest half of rowids 1001..5000 matched: about 4000.
  EXPECT_EQ(EstimateMatchingRows(2000, 2000, 3001, 1001, 5000), 4000);
}

TEST(EstimateMatchingRowsTest, StaysBetweenTheSampleAndTheRowids) {
  // Every sampled rowid matched: at most every row does.
  EXPECT_EQ(EstimateMatchingRows(2000, 2000, 1, 1, 2000), 2000);
  // A span that cannot hold the sample (rowids read inconsistently): the sample.
  EXPECT_EQ(EstimateMatchingRows(2000, 2000, 5000, 1, 100), 2000);
}

}  // namespace
}  // namespace claimtrace::claims
