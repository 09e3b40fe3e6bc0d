// PostgresDatabase: parameter encoding (no server needed, label unit) and
// transactions, error mapping, retries, reconnection and migrations against
// the server scripts/with-postgres.sh starts (suite PostgresDatabaseTest,
// label postgres; skipped with a message without CLAIMTRACE_TEST_POSTGRES_URL).
#include "common/postgres_database.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_util.h"
#include "tests/testing/postgres_test_schema.h"

namespace claimtrace::common {
namespace {

using ::claimtrace::testing::PostgresTestSchema;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(PgParamsTest, ArrayLiteralsQuoteEveryElementAndSpellNull) {
  EXPECT_EQ(PgArrayLiteral({}), "{}");
  EXPECT_EQ(PgArrayLiteral({std::string("plain"), std::nullopt, std::string("")}),
            "{\"plain\",NULL,\"\"}");
  EXPECT_EQ(PgArrayLiteral({std::string("a \"quoted\" {b}, c\\d")}),
            "{\"a \\\"quoted\\\" {b}, c\\\\d\"}");
  EXPECT_EQ(PgArrayLiteral({std::string("NULL")}), "{\"NULL\"}") << "the word, not a null";
}

TEST(PgParamsTest, NumbersAreSentExactly) {
  PgParams params;
  params.Add(0.1).Add(-2.5e-300).Add(std::numeric_limits<double>::infinity()).Add(std::nan(""));
  params.Add(std::int64_t{-9007199254740993}).Add(7).AddNull();
  ASSERT_EQ(params.size(), 7u);
  EXPECT_EQ(std::stod(*params.values()[0]), 0.1);
  EXPECT_EQ(std::stod(*params.values()[1]), -2.5e-300);
  EXPECT_EQ(*params.values()[2], "Infinity");
  EXPECT_EQ(*params.values()[3], "NaN");
  EXPECT_EQ(*params.values()[4], "-9007199254740993");
  EXPECT_FALSE(params.values()[6].has_value());
  EXPECT_EQ(params.Last(), "$7");
}

TEST(PgParamsTest, ResultsReadNullsAndBadNumbersAsEmpty) {
  const PgResult result(1, 3, {std::string("42"), std::nullopt, std::string("x")});
  EXPECT_EQ(result.Int(0, 0), 42);
  EXPECT_TRUE(result.IsNull(0, 1));
  EXPECT_EQ(result.Text(0, 1), "");
  EXPECT_EQ(result.Int(0, 2), 0);
  EXPECT_EQ(result.Text(5, 5), "") << "out of range reads as NULL";
}

class PostgresDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (testing::TestPostgresUrl().empty()) GTEST_SKIP() << testing::NoPostgresMessage();
    schema_ = std::make_unique<PostgresTestSchema>();
    ASSERT_TRUE(schema_->available());
    application_name_ = absl::StrCat("claimtrace-test-", schema_->name());
    db_ = Open();
    ASSERT_NE(db_, nullptr);
    ASSERT_TRUE(Run("CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT NOT NULL, "
                    "parent INTEGER REFERENCES items (id))")
                    .ok());
  }

  std::unique_ptr<PostgresDatabase> Open(PostgresOptions options = {}) {
    options.application_name = application_name_;
    absl::StatusOr<std::unique_ptr<PostgresDatabase>> db =
        PostgresDatabase::Open(schema_->url(), options);
    EXPECT_TRUE(db.ok()) << db.status();
    return db.ok() ? std::move(*db) : nullptr;
  }

  absl::Status Run(const std::string& sql, const PgParams& params = PgParams(),
                   PostgresDatabase* db = nullptr) {
    return (db ? db : db_.get())->InTransaction(PgAccess::kReadWrite, [&](PgTransaction& t) {
      return t.Execute(sql, params).status();
    });
  }

  absl::StatusOr<PgResult> Query(const std::string& sql, const PgParams& params = PgParams()) {
    PgResult result;
    absl::Status status = db_->InTransaction(PgAccess::kReadOnly, [&](PgTransaction& t) {
      absl::StatusOr<PgResult> rows = t.Execute(sql, params);
      if (rows.ok()) result = *rows;
      return rows.status();
    });
    if (!status.ok()) return status;
    return result;
  }

  std::unique_ptr<PostgresTestSchema> schema_;
  std::string application_name_;
  std::unique_ptr<PostgresDatabase> db_;
};

TEST_F(PostgresDatabaseTest, ArraysAndNumbersRoundTripThroughTheServer) {
  const std::vector<std::string> hostile = {"plain",
                                            "",
                                            "NULL",
                                            "with \"quotes\" and \\backslashes\\",
                                            "{braces}, commas",
                                            "\xE2\x80\x9C"
                                            "curly"
                                            "\xE2\x80\x9D \xE2\x80\x94 \xE6\x9D\xB1\xE4\xBA\xAC",
                                            "  spaced  ",
                                            "it's"};
  absl::StatusOr<PgResult> rows =
      Query("SELECT u.v FROM unnest($1::text[]) WITH ORDINALITY AS u(v, n) ORDER BY u.n",
            PgParams().Add(hostile));
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->rows(), static_cast<int>(hostile.size()));
  for (int i = 0; i < rows->rows(); ++i) EXPECT_EQ(rows->Text(i, 0), hostile[i]);

  absl::StatusOr<PgResult> numbers = Query(
      "SELECT $1::float8, $2::float8, $3::bigint, $4::text IS NULL",
      PgParams().Add(1.0 / 3).Add(-1.2345678901234567e-300).Add(std::int64_t{1} << 60).AddNull());
  ASSERT_TRUE(numbers.ok()) << numbers.status();
  EXPECT_EQ(numbers->Double(0, 0), 1.0 / 3);
  EXPECT_EQ(numbers->Double(0, 1), -1.2345678901234567e-300);
  EXPECT_EQ(numbers->Int(0, 2), std::int64_t{1} << 60);
  EXPECT_EQ(numbers->Text(0, 3), "t");
}

TEST_F(PostgresDatabaseTest, ABodyThatFailsRollsEverythingBack) {
  const absl::Status status = db_->InTransaction(PgAccess::kReadWrite, [&](PgTransaction& t) {
    absl::Status inserted = t.Execute("INSERT INTO items (id, label) VALUES (1, 'one')").status();
    if (!inserted.ok()) return inserted;
    return FieldViolation("label", "refused after the insert");
  });
  EXPECT_EQ(ViolatedField(status), "label");
  absl::StatusOr<PgResult> count = Query("SELECT COUNT(*) FROM items");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(count->Int(0, 0), 0);
}

TEST_F(PostgresDatabaseTest, MapsServerErrorsToStatusCodes) {
  ASSERT_TRUE(Run("INSERT INTO items (id, label) VALUES (1, 'one')").ok());
  EXPECT_EQ(Run("INSERT INTO items (id, label) VALUES (1, 'again')").code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Run("INSERT INTO items (id, label, parent) VALUES (2, 'orphan', 99)").code(),
            absl::StatusCode::kInternal)
      << "a broken reference is not 'already exists'";
  EXPECT_EQ(Run("SELECT 1 / $1::int", PgParams().Add(0)).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Run("SELEC 1").code(), absl::StatusCode::kInternal);
  // After an error inside a transaction, later statements fail the same way
  // without reaching the server, and the transaction is not committed.
  const absl::Status status = db_->InTransaction(PgAccess::kReadWrite, [](PgTransaction& t) {
    t.Execute("INSERT INTO items (id, label) VALUES (3, 'three')").IgnoreError();
    const absl::Status failed =
        t.Execute("INSERT INTO items (id, label) VALUES (1, 'dup')").status();
    const absl::Status after = t.Execute("SELECT 1").status();
    EXPECT_EQ(after, failed);
    return absl::OkStatus();  // ignored: the failure wins
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Query("SELECT COUNT(*) FROM items WHERE id = 3")->Int(0, 0), 0);
  EXPECT_EQ(Run("INSERT INTO items (id, label) VALUES (4, 'four')").code(), absl::StatusCode::kOk)
      << "the connection is usable again";
}

TEST_F(PostgresDatabaseTest, AStatementOverTheTimeoutIsDeadlineExceeded) {
  PostgresOptions options;
  options.statement_timeout = absl::Milliseconds(100);
  std::unique_ptr<PostgresDatabase> impatient = Open(options);
  ASSERT_NE(impatient, nullptr);
  EXPECT_EQ(Run("SELECT pg_sleep(2)", PgParams(), impatient.get()).code(),
            absl::StatusCode::kDeadlineExceeded);
  EXPECT_TRUE(Run("SELECT 1", PgParams(), impatient.get()).ok());
}

TEST_F(PostgresDatabaseTest, NoServerIsUnavailableAndAWrongPasswordIsAPrecondition) {
  PostgresOptions options;
  options.startup_timeout = absl::ZeroDuration();
  // A loopback port nobody listens on: bind one, then close it.
  absl::StatusOr<std::unique_ptr<PostgresDatabase>> nowhere =
      PostgresDatabase::Open("postgresql://someone:s3cretpw@127.0.0.1:1/none", options);
  ASSERT_FALSE(nowhere.ok());
  EXPECT_EQ(nowhere.status().code(), absl::StatusCode::kUnavailable) << nowhere.status();
  EXPECT_THAT(std::string(nowhere.status().message()), Not(HasSubstr("s3cretpw")));
  EXPECT_THAT(std::string(nowhere.status().message()), HasSubstr("127.0.0.1:1"));

  std::string wrong = schema_->url();
  const size_t at = wrong.find('@');
  const size_t colon = wrong.rfind(':', at);
  ASSERT_NE(at, std::string::npos);
  wrong = absl::StrCat(wrong.substr(0, colon + 1), "not-the-password", wrong.substr(at));
  absl::StatusOr<std::unique_ptr<PostgresDatabase>> refused =
      PostgresDatabase::Open(wrong, options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition) << refused.status();
  EXPECT_THAT(std::string(refused.status().message()), Not(HasSubstr("not-the-password")));
}

TEST_F(PostgresDatabaseTest, ConnectionsTheServerDroppedAreReplacedWithoutAnError) {
  PostgresOptions options;
  options.pool_size = 3;
  std::unique_ptr<PostgresDatabase> db = Open(options);
  ASSERT_NE(db, nullptr);
  // Warm every pooled connection (three at once), then have the server end them.
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back(
        [&] { EXPECT_TRUE(Run("SELECT pg_sleep(0.2)", PgParams(), db.get()).ok()); });
  }
  for (std::thread& t : threads) t.join();
  absl::StatusOr<PgResult> killed = schema_->Query(
      "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1 "
      "AND pid <> pg_backend_pid()",
      PgParams().Add(application_name_));
  ASSERT_TRUE(killed.ok()) << killed.status();
  EXPECT_GE(killed->Int(0, 0), 3);
  absl::SleepFor(absl::Milliseconds(200));
  for (int i = 0; i < 6; ++i) {
    EXPECT_TRUE(
        Run("INSERT INTO items (id, label) VALUES ($1, 'after')", PgParams().Add(10 + i), db.get())
            .ok());
  }
  EXPECT_TRUE(db->IsHealthy());
}

TEST_F(PostgresDatabaseTest, ADeadlockIsRetriedUntilBothTransactionsCommit) {
  ASSERT_TRUE(Run("INSERT INTO items (id, label) VALUES (1, 'a'), (2, 'b')").ok());
  std::atomic<int> first_updates{0};
  std::atomic<int> attempts{0};
  auto crosswise = [&](int first, int second) {
    return db_->InTransaction(PgAccess::kReadWrite, [&, first, second](PgTransaction& t) {
      const bool first_attempt = attempts++ < 2;
      absl::Status status =
          t.Execute("UPDATE items SET label = label || '+' WHERE id = $1", PgParams().Add(first))
              .status();
      if (!status.ok()) return status;
      if (first_attempt) {
        // Both hold their first row before either asks for the other's.
        ++first_updates;
        const absl::Time deadline = absl::Now() + absl::Seconds(5);
        while (first_updates.load() < 2 && absl::Now() < deadline)
          absl::SleepFor(absl::Milliseconds(5));
      }
      return t
          .Execute("UPDATE items SET label = label || '+' WHERE id = $1", PgParams().Add(second))
          .status();
    });
  };
  absl::Status a, b;
  std::thread one([&] { a = crosswise(1, 2); });
  std::thread two([&] { b = crosswise(2, 1); });
  one.join();
  two.join();
  EXPECT_TRUE(a.ok()) << a;
  EXPECT_TRUE(b.ok()) << b;
  EXPECT_GE(attempts.load(), 3) << "one of them ran again";
  absl::StatusOr<PgResult> labels = Query("SELECT label FROM items ORDER BY id");
  ASSERT_TRUE(labels.ok());
  EXPECT_EQ(labels->Text(0, 0), "a++") << "each transaction's work counted once";
  EXPECT_EQ(labels->Text(1, 0), "b++");
}

TEST_F(PostgresDatabaseTest, EveryConnectionBusyIsUnavailableAfterTheWait) {
  PostgresOptions options;
  options.pool_size = 1;
  options.pool_wait_timeout = absl::Milliseconds(100);
  std::unique_ptr<PostgresDatabase> db = Open(options);
  ASSERT_NE(db, nullptr);
  std::atomic<bool> holding{false};
  std::thread holder([&] {
    EXPECT_TRUE(db->InTransaction(PgAccess::kReadOnly, [&](PgTransaction& t) {
                    holding = true;
                    return t.Execute("SELECT pg_sleep(0.6)").status();
                  }).ok());
  });
  while (!holding) absl::SleepFor(absl::Milliseconds(5));
  const absl::Status busy = Run("SELECT 1", PgParams(), db.get());
  holder.join();
  EXPECT_EQ(busy.code(), absl::StatusCode::kUnavailable) << busy;
  EXPECT_TRUE(Run("SELECT 1", PgParams(), db.get()).ok());
}

TEST_F(PostgresDatabaseTest, MigrationsApplyOnceInOrderAndANewerSchemaIsRefused) {
  const std::vector<std::string> v1 = {"CREATE TABLE widgets (id INTEGER PRIMARY KEY)"};
  const std::vector<std::string> v2 = {v1[0], "ALTER TABLE widgets ADD COLUMN size INTEGER"};
  ASSERT_TRUE(db_->Migrate("widgets", v1).ok());
  ASSERT_TRUE(Run("INSERT INTO widgets (id) VALUES (1)").ok());
  // Four replicas of the next release start together.
  std::vector<std::unique_ptr<PostgresDatabase>> replicas;
  for (int i = 0; i < 4; ++i) replicas.push_back(Open());
  std::vector<absl::Status> results(replicas.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < replicas.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = replicas[i]->Migrate("widgets", v2); });
  }
  for (std::thread& t : threads) t.join();
  for (const absl::Status& s : results) EXPECT_TRUE(s.ok()) << s;
  EXPECT_TRUE(db_->Migrate("widgets", v2).ok());
  absl::StatusOr<PgResult> version =
      Query("SELECT version FROM claimtrace_schema_versions WHERE component = 'widgets'");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version->Int(0, 0), 2);
  EXPECT_TRUE(Run("INSERT INTO widgets (id, size) VALUES (2, 3)").ok());
  EXPECT_EQ(Query("SELECT COUNT(*) FROM widgets")->Int(0, 0), 2) << "v1's data survived";
  const absl::Status older = db_->Migrate("widgets", v1);
  EXPECT_EQ(older.code(), absl::StatusCode::kFailedPrecondition) << older;
  EXPECT_THAT(std::string(older.message()), HasSubstr("version 2"));
}

}  // namespace
}  // namespace claimtrace::common
