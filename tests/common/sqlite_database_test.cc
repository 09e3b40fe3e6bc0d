#include "common/sqlite_database.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/common/scoped_temp_dir.h"

namespace claimtrace::common {
namespace {

using ::claimtrace::test_support::ReadFileBytes;
using ::claimtrace::test_support::ScopedTempDir;
using ::claimtrace::test_support::WriteFileBytes;
using ::testing::HasSubstr;

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  std::unique_ptr<SqliteDatabase> OpenOrDie(const std::string& path) {
    absl::StatusOr<std::unique_ptr<SqliteDatabase>> db = SqliteDatabase::Open(path);
    EXPECT_TRUE(db.ok()) << db.status();
    return db.ok() ? std::move(*db) : nullptr;
  }

  static std::int64_t QueryInt(SqliteDatabase& db, std::string_view sql) {
    absl::StatusOr<SqliteStatement> statement = db.Prepare(sql);
    EXPECT_TRUE(statement.ok()) << statement.status();
    if (!statement.ok()) return -1;
    absl::StatusOr<bool> row = statement->Step();
    EXPECT_TRUE(row.ok() && *row) << sql;
    return row.ok() && *row ? statement->ColumnInt(0) : -1;
  }

  static bool TableExists(SqliteDatabase& db, std::string_view table) {
    absl::StatusOr<SqliteStatement> statement =
        db.Prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1");
    EXPECT_TRUE(statement.ok());
    statement->Bind(1, table);
    absl::StatusOr<bool> row = statement->Step();
    return row.ok() && *row && statement->ColumnInt(0) == 1;
  }

  ScopedTempDir dir_;
};

TEST_F(SqliteDatabaseTest, OpenCreatesFileInWalModeWithForeignKeysOn) {
  const std::string path = dir_.File("new.db");
  std::unique_ptr<SqliteDatabase> db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_EQ(db->path(), path);
  EXPECT_EQ(QueryInt(*db, "PRAGMA foreign_keys"), 1);
  absl::StatusOr<SqliteStatement> mode = db->Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok());
  ASSERT_TRUE(*mode->Step());
  EXPECT_EQ(mode->ColumnText(0), "wal");
}

TEST_F(SqliteDatabaseTest, BindsAndReadsEveryColumnType) {
  std::unique_ptr<SqliteDatabase> db = OpenOrDie(dir_.File("types.db"));
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Execute("CREATE TABLE t (i INTEGER, d REAL, s TEXT, n TEXT)").ok());
  const std::string text = std::string("nul\0inside ", 11) +
                           "\xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x80\x94 \xE4\xB8\xAD\xE6\x96\x87";
  {
    absl::StatusOr<SqliteStatement> insert = db->Prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4)");
    ASSERT_TRUE(insert.ok()) << insert.status();
    insert->Bind(1, std::int64_t{9007199254740993}).Bind(2, 2.5e-7).Bind(3, text).BindNull(4);
    ASSERT_TRUE(insert->Run().ok());
  }
  EXPECT_EQ(db->Changes(), 1);
  EXPECT_EQ(db->LastInsertRowId(), 1);
  absl::StatusOr<SqliteStatement> select = db->Prepare("SELECT i, d, s, n FROM t");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(*select->Step());
  EXPECT_EQ(select->ColumnInt(0), 9007199254740993);
  EXPECT_DOUBLE_EQ(select->ColumnDouble(1), 2.5e-7);
  EXPECT_EQ(select->ColumnText(2), text);
  EXPECT_FALSE(select->ColumnIsNull(2));
  EXPECT_TRUE(select->ColumnIsNull(3));
  EXPECT_EQ(select->ColumnText(3), "");
  EXPECT_FALSE(*select->Step());
}

TEST_F(SqliteDatabaseTest, MigrationsApplyOnceAndBumpUserVersion) {
  const std::string path = dir_.File("migrate.db");
  const std::vector<std::string> v2 = {
      "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);",
      "INSERT INTO notes (body) VALUES ('seeded by migration 2');",
  };
  {
    std::unique_ptr<SqliteDatabase> db = OpenOrDie(path);
    ASSERT_NE(db, nullptr);
    EXPECT_EQ(QueryInt(*db, "PRAGMA user_version"), 0);
    ASSERT_TRUE(db->Migrate(v2).ok());
    EXPECT_EQ(QueryInt(*db, "PRAGMA user_version"), 2);
    ASSERT_TRUE(db->Migrate(v2).ok());  // nothing left to apply
    EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM notes"), 1);
  }
  {
    std::unique_ptr<SqliteDatabase> db = OpenOrDie(path);
    ASSERT_NE(db, nullptr);
    ASSERT_TRUE(db->Migrate(v2).ok());
    EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM notes"), 1);
    std::vector<std::string> v3 = v2;
    v3.push_back("ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT 'unknown';");
    ASSERT_TRUE(db->Migrate(v3).ok());
    EXPECT_EQ(QueryInt(*db, "PRAGMA user_version"), 3);
    EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM notes WHERE author = 'unknown'"), 1);
  }
}

TEST_F(SqliteDatabaseTest, RefusesDatabaseNewerThanTheCode) {
  const std::string path = dir_.File("newer.db");
  const std::vector<std::string> v3 = {"CREATE TABLE a (x);", "CREATE TABLE b (x);",
                                       "CREATE TABLE c (x);"};
  {
    std::unique_ptr<SqliteDatabase> db = OpenOrDie(path);
    ASSERT_NE(db, nullptr);
    ASSERT_TRUE(db->Migrate(v3).ok());
  }
  std::unique_ptr<SqliteDatabase> db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  const absl::Status status = db->Migrate({v3[0], v3[1]});
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr(path));
  EXPECT_THAT(std::string(status.message()), HasSubstr("3"));
  EXPECT_EQ(QueryInt(*db, "PRAGMA user_version"), 3);
  EXPECT_TRUE(TableExists(*db, "c"));
}

TEST_F(SqliteDatabaseTest, FailedMigrationLeavesNoPartOfItBehind) {
  std::unique_ptr<SqliteDatabase> db = OpenOrDie(dir_.File("half.db"));
  ASSERT_NE(db, nullptr);
  const std::vector<std::string> migrations = {
      "CREATE TABLE first (x);",
      "CREATE TABLE second (x); INSERT INTO first VALUES (1); INSERT INTO no_such_table VALUES "
      "(1);",
  };
  const absl::Status status = db->Migrate(migrations);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(QueryInt(*db, "PRAGMA user_version"), 1);
  EXPECT_TRUE(TableExists(*db, "first"));
  EXPECT_FALSE(TableExists(*db, "second"));
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM first"), 0);
  // A fixed second migration applies afterwards.
  ASSERT_TRUE(db->Migrate({migrations[0], "CREATE TABLE second (x);"}).ok());
  EXPECT_EQ(QueryInt(*db, "PRAGMA user_version"), 2);
}

TEST_F(SqliteDatabaseTest, InTransactionCommitsWhenBodySucceeds) {
  std::unique_ptr<SqliteDatabase> db = OpenOrDie(dir_.File("tx.db"));
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Execute("CREATE TABLE t (x INTEGER)").ok());
  const absl::Status status = db->InTransaction([&]() -> absl::Status {
    return db->Execute("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2);");
  });
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM t"), 2);
}

TEST_F(SqliteDatabaseTest, InTransactionRollsBackAndReturnsTheBodyError) {
  const std::string path = dir_.File("rollback.db");
  std::unique_ptr<SqliteDatabase> db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Execute("CREATE TABLE t (x INTEGER)").ok());
  const absl::Status status = db->InTransaction([&]() -> absl::Status {
    absl::Status inserted = db->Execute("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2);");
    if (!inserted.ok()) return inserted;
    return absl::DataLossError("body gave up half way");
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(status.message(), "body gave up half way");
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM t"), 0);
  // Not left inside a transaction: a new one starts and commits.
  ASSERT_TRUE(db->InTransaction([&] { return db->Execute("INSERT INTO t VALUES (3)"); }).ok());
  db.reset();
  std::unique_ptr<SqliteDatabase> reopened = OpenOrDie(path);
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(QueryInt(*reopened, "SELECT COUNT(*) FROM t"), 1);
  EXPECT_EQ(QueryInt(*reopened, "SELECT MAX(x) FROM t"), 3);
}

TEST_F(SqliteDatabaseTest, InTransactionRollsBackAfterConstraintViolation) {
  std::unique_ptr<SqliteDatabase> db = OpenOrDie(dir_.File("constraint_tx.db"));
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Execute("CREATE TABLE t (x INTEGER PRIMARY KEY)").ok());
  const absl::Status status = db->InTransaction([&]() -> absl::Status {
    for (const int x : {1, 2, 2}) {
      absl::StatusOr<SqliteStatement> insert = db->Prepare("INSERT INTO t VALUES (?1)");
      if (!insert.ok()) return insert.status();
      insert->Bind(1, x);
      absl::Status run = insert->Run();
      if (!run.ok()) return run;
    }
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists) << status;
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM t"), 0);
}

TEST_F(SqliteDatabaseTest, UniqueAndPrimaryKeyViolationsAreAlreadyExists) {
  std::unique_ptr<SqliteDatabase> db = OpenOrDie(dir_.File("unique.db"));
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Execute("CREATE TABLE t (id TEXT PRIMARY KEY, email TEXT UNIQUE)").ok());
  ASSERT_TRUE(db->Execute("INSERT INTO t VALUES ('a', 'a@example.com')").ok());
  {
    absl::StatusOr<SqliteStatement> insert = db->Prepare("INSERT INTO t VALUES (?1, ?2)");
    ASSERT_TRUE(insert.ok());
    insert->Bind(1, "a").Bind(2, "other@example.com");
    const absl::Status status = insert->Run();
    EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists) << status;
  }
  {
    absl::StatusOr<SqliteStatement> insert = db->Prepare("INSERT INTO t VALUES (?1, ?2)");
    ASSERT_TRUE(insert.ok());
    insert->Bind(1, "b").Bind(2, "a@example.com");
    const absl::Status status = insert->Run();
    EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists) << status;
  }
  EXPECT_EQ(db->Execute("INSERT INTO t VALUES ('a', 'x')").code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_F(SqliteDatabaseTest, OtherConstraintViolationsAreNotAlreadyExists) {
  // The header promises ALREADY_EXISTS only for UNIQUE violations; a missing
  // parent row or a NULL in a NOT NULL column says nothing about existence.
  std::unique_ptr<SqliteDatabase> db = OpenOrDie(dir_.File("fk.db"));
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Execute("CREATE TABLE parent (id INTEGER PRIMARY KEY);"
                          "CREATE TABLE child (parent_id INTEGER NOT NULL REFERENCES parent(id),"
                          " n INTEGER CHECK (n > 0));")
                  .ok());
  absl::StatusOr<SqliteStatement> insert = db->Prepare("INSERT INTO child VALUES (?1, ?2)");
  ASSERT_TRUE(insert.ok());
  insert->Bind(1, 42).Bind(2, 1);
  absl::Status status = insert->Run();
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.code(), absl::StatusCode::kAlreadyExists) << "foreign key: " << status;
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM child"), 0);

  status = db->Execute("INSERT INTO child VALUES (NULL, 1)");
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.code(), absl::StatusCode::kAlreadyExists) << "not null: " << status;

  ASSERT_TRUE(db->Execute("INSERT INTO parent VALUES (1)").ok());
  status = db->Execute("INSERT INTO child VALUES (1, 0)");
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.code(), absl::StatusCode::kAlreadyExists) << "check: " << status;
}

TEST_F(SqliteDatabaseTest, ReusesCachedStatementsResetAndUnbound) {
  std::unique_ptr<SqliteDatabase> db = OpenOrDie(dir_.File("reuse.db"));
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Execute("CREATE TABLE t (x INTEGER)").ok());
  for (int i = 0; i < 200; ++i) {
    absl::StatusOr<SqliteStatement> insert = db->Prepare("INSERT INTO t VALUES (?1)");
    ASSERT_TRUE(insert.ok());
    insert->Bind(1, i);
    ASSERT_TRUE(insert->Run().ok());
  }
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(DISTINCT x) FROM t"), 200);
  {
    absl::StatusOr<SqliteStatement> echo = db->Prepare("SELECT ?1");
    ASSERT_TRUE(echo.ok());
    echo->Bind(1, 5);
    ASSERT_TRUE(*echo->Step());
    EXPECT_EQ(echo->ColumnInt(0), 5);
  }
  {
    // Same SQL again: the binding from the previous use is gone.
    absl::StatusOr<SqliteStatement> echo = db->Prepare("SELECT ?1");
    ASSERT_TRUE(echo.ok());
    ASSERT_TRUE(*echo->Step());
    EXPECT_TRUE(echo->ColumnIsNull(0));
  }
}

TEST_F(SqliteDatabaseTest, AbandonedStatementStartsOverAndReleasesItsReadLock) {
  const std::string path = dir_.File("partial.db");
  std::unique_ptr<SqliteDatabase> db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3);").ok());
  constexpr char kSelect[] = "SELECT x FROM t ORDER BY x";
  {
    absl::StatusOr<SqliteStatement> select = db->Prepare(kSelect);
    ASSERT_TRUE(select.ok());
    ASSERT_TRUE(*select->Step());
    ASSERT_TRUE(*select->Step());
    EXPECT_EQ(select->ColumnInt(0), 2);
  }  // abandoned after two of three rows
  {
    absl::StatusOr<SqliteStatement> select = db->Prepare(kSelect);
    ASSERT_TRUE(select.ok());
    ASSERT_TRUE(*select->Step());
    EXPECT_EQ(select->ColumnInt(0), 1);
  }
  // A second connection can write: no read transaction was left open that
  // would keep a checkpoint or an exclusive writer waiting.
  std::unique_ptr<SqliteDatabase> other = OpenOrDie(path);
  ASSERT_NE(other, nullptr);
  EXPECT_TRUE(
      other->InTransaction([&] { return other->Execute("INSERT INTO t VALUES (4)"); }).ok());
  EXPECT_EQ(QueryInt(*db, "SELECT COUNT(*) FROM t"), 4);
}

TEST_F(SqliteDatabaseTest, PrepareReportsSyntaxErrors) {
  std::unique_ptr<SqliteDatabase> db = OpenOrDie(dir_.File("syntax.db"));
  ASSERT_NE(db, nullptr);
  absl::StatusOr<SqliteStatement> bad = db->Prepare("SELEC 1");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("SELEC 1"));
  EXPECT_FALSE(db->Execute("CREATE TABLE (").ok());
  EXPECT_FALSE(db->Prepare("SELECT * FROM missing_table").ok());
}

TEST_F(SqliteDatabaseTest, CorruptFileFailsOpenAndIsLeftUntouched) {
  const std::string path = dir_.File("garbage.db");
  std::string garbage;
  for (int i = 0; i < 8192; ++i) garbage.push_back(static_cast<char>((i * 131 + 7) % 251));
  WriteFileBytes(path, garbage);
  absl::StatusOr<std::unique_ptr<SqliteDatabase>> db = SqliteDatabase::Open(path);
  ASSERT_FALSE(db.ok()) << "opened a file of garbage bytes as a database";
  EXPECT_EQ(db.status().code(), absl::StatusCode::kFailedPrecondition) << db.status();
  EXPECT_THAT(std::string(db.status().message()), HasSubstr(path));
  EXPECT_EQ(ReadFileBytes(path), garbage) << "Open modified the corrupt file";
}

TEST_F(SqliteDatabaseTest, TextFileFailsOpen) {
  const std::string path = dir_.File("notes.db");
  const std::string text = "These are meeting notes, not a database.\n";
  WriteFileBytes(path, std::string(text).append(std::string(4096, 'x')));
  absl::StatusOr<std::unique_ptr<SqliteDatabase>> db = SqliteDatabase::Open(path);
  ASSERT_FALSE(db.ok());
  EXPECT_THAT(std::string(db.status().message()), HasSubstr(path));
}

TEST_F(SqliteDatabaseTest, DamagedDatabaseFailsOpenInsteadOfLookingEmpty) {
  const std::string path = dir_.File("damaged.db");
  {
    std::unique_ptr<SqliteDatabase> db = OpenOrDie(path);
    ASSERT_NE(db, nullptr);
    ASSERT_TRUE(db->Execute("PRAGMA journal_mode=DELETE; CREATE TABLE keep (x);"
                            "INSERT INTO keep VALUES (1);")
                    .ok());
  }
  std::string bytes = ReadFileBytes(path);
  ASSERT_GE(bytes.size(), 200u);
  // Keep the 16-byte magic header, scribble over the rest of page 1.
  for (size_t i = 16; i < bytes.size(); ++i) bytes[i] = static_cast<char>(0xA5 ^ (i & 0x7F));
  WriteFileBytes(path, bytes);
  absl::StatusOr<std::unique_ptr<SqliteDatabase>> db = SqliteDatabase::Open(path);
  ASSERT_FALSE(db.ok()) << "a damaged database opened as if it were fine";
  EXPECT_THAT(std::string(db.status().message()), HasSubstr(path));
}

TEST_F(SqliteDatabaseTest, MissingDirectoryFailsOpenWithUnavailable) {
  const std::string path = dir_.File("no/such/dir/claims.db");
  absl::StatusOr<std::unique_ptr<SqliteDatabase>> db = SqliteDatabase::Open(path);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kUnavailable) << db.status();
  EXPECT_THAT(std::string(db.status().message()), HasSubstr(path));
}

TEST_F(SqliteDatabaseTest, PathUnderARegularFileFailsOpen) {
  WriteFileBytes(dir_.File("plain-file"), "x");
  const std::string path = dir_.File("plain-file/claims.db");
  absl::StatusOr<std::unique_ptr<SqliteDatabase>> db = SqliteDatabase::Open(path);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kUnavailable) << db.status();
  EXPECT_THAT(std::string(db.status().message()), HasSubstr(path));
}

TEST_F(SqliteDatabaseTest, DirectoryPathFailsOpen) {
  absl::StatusOr<std::unique_ptr<SqliteDatabase>> db = SqliteDatabase::Open(dir_.path());
  ASSERT_FALSE(db.ok());
  EXPECT_THAT(std::string(db.status().message()), HasSubstr(dir_.path()));
}

TEST_F(SqliteDatabaseTest, ReadOnlyDirectoryFailsOpen) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
  const std::string locked = dir_.File("locked");
  std::filesystem::create_directory(locked);
  std::filesystem::permissions(
      locked, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  const std::string path = locked + "/claims.db";
  absl::StatusOr<std::unique_ptr<SqliteDatabase>> db = SqliteDatabase::Open(path);
  std::filesystem::permissions(locked, std::filesystem::perms::owner_all);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kUnavailable) << db.status();
  EXPECT_THAT(std::string(db.status().message()), HasSubstr(path));
}

TEST_F(SqliteDatabaseTest, ReadOnlyFileFailsOpen) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores file permissions";
  const std::string path = dir_.File("readonly.db");
  {
    std::unique_ptr<SqliteDatabase> db = OpenOrDie(path);
    ASSERT_NE(db, nullptr);
    ASSERT_TRUE(db->Execute("CREATE TABLE t (x)").ok());
  }
  std::filesystem::permissions(path, std::filesystem::perms::owner_read);
  absl::StatusOr<std::unique_ptr<SqliteDatabase>> db = SqliteDatabase::Open(path);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kUnavailable) << db.status();
  EXPECT_THAT(std::string(db.status().message()), HasSubstr(path));
}

TEST_F(SqliteDatabaseTest, MustExistRefusesToCreate) {
  const std::string path = dir_.File("absent.db");
  SqliteOptions options;
  options.must_exist = true;
  absl::StatusOr<std::unique_ptr<SqliteDatabase>> db = SqliteDatabase::Open(path, options);
  ASSERT_FALSE(db.ok());
  EXPECT_THAT(std::string(db.status().message()), HasSubstr(path));
  EXPECT_FALSE(std::filesystem::exists(path));
  // And it opens one that exists.
  ASSERT_NE(OpenOrDie(path), nullptr);
  EXPECT_TRUE(SqliteDatabase::Open(path, options).ok());
}

TEST_F(SqliteDatabaseTest, DataSurvivesReopening) {
  const std::string path = dir_.File("durable.db");
  {
    std::unique_ptr<SqliteDatabase> db = OpenOrDie(path);
    ASSERT_NE(db, nullptr);
    ASSERT_TRUE(db->Execute("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('kept');").ok());
  }
  std::unique_ptr<SqliteDatabase> db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  absl::StatusOr<SqliteStatement> select = db->Prepare("SELECT x FROM t");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(*select->Step());
  EXPECT_EQ(select->ColumnText(0), "kept");
}

bool ChangedElsewhere(SqliteDatabase& db, absl::Duration recheck = absl::Milliseconds(1)) {
  absl::StatusOr<bool> changed = db.ChangedElsewhere(recheck);
  EXPECT_TRUE(changed.ok()) << changed.status();
  return changed.ok() && *changed;
}

absl::Status Insert(SqliteDatabase& db, int value) {
  return db.InTransaction([&]() -> absl::Status {
    absl::StatusOr<SqliteStatement> insert = db.Prepare("INSERT INTO t (v) VALUES (?1)");
    if (!insert.ok()) return insert.status();
    return insert->Bind(1, value).Run();
  });
}

TEST_F(SqliteDatabaseTest, ChangedElsewhereSeesOtherConnectionsOfThisProcessAtOnce) {
  const std::string path = dir_.File("watched.db");
  std::unique_ptr<SqliteDatabase> mine = OpenOrDie(path);
  std::unique_ptr<SqliteDatabase> theirs = OpenOrDie(path);
  ASSERT_TRUE(mine->Execute("CREATE TABLE t (v INTEGER)").ok());
  EXPECT_TRUE(ChangedElsewhere(*mine));  // the first call always is
  // Own commits never count; no change is no change, even checking the
  // other-process data version each time.
  ASSERT_TRUE(Insert(*mine, 1).ok());
  EXPECT_FALSE(ChangedElsewhere(*mine, absl::ZeroDuration()));
  EXPECT_FALSE(ChangedElsewhere(*mine, absl::ZeroDuration()));
  // Another connection's commit shows at once, even with the data version
  // not due for another hour.
  ASSERT_TRUE(Insert(*theirs, 2).ok());
  EXPECT_TRUE(ChangedElsewhere(*mine, absl::Hours(1)));
  EXPECT_FALSE(ChangedElsewhere(*mine, absl::Hours(1)));
  // A failed transaction changes nothing.
  EXPECT_FALSE(theirs->InTransaction([] { return absl::AbortedError("no"); }).ok());
  EXPECT_FALSE(ChangedElsewhere(*mine, absl::Hours(1)));
}

TEST_F(SqliteDatabaseTest, ChangedElsewhereSeesAnotherProcessOnceTheRecheckIsDue) {
  const std::string path = dir_.File("watched.db");
  std::unique_ptr<SqliteDatabase> mine = OpenOrDie(path);
  ASSERT_TRUE(mine->Execute("CREATE TABLE t (v INTEGER)").ok());
  EXPECT_TRUE(ChangedElsewhere(*mine, absl::ZeroDuration()));
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {  // another process: its own connection, one commit
    absl::StatusOr<std::unique_ptr<SqliteDatabase>> db = SqliteDatabase::Open(path);
    _exit(db.ok() && Insert(**db, 7).ok() ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_FALSE(ChangedElsewhere(*mine, absl::Hours(1))) << "not due yet";
  EXPECT_TRUE(ChangedElsewhere(*mine, absl::ZeroDuration()));
  EXPECT_FALSE(ChangedElsewhere(*mine, absl::ZeroDuration()));
}

}  // namespace
}  // namespace claimtrace::common
