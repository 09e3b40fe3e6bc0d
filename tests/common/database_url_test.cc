#include "common/database_url.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "common/status_util.h"

namespace claimtrace::common {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

DatabaseUrl ParseOk(std::string_view url) {
  absl::StatusOr<DatabaseUrl> parsed = ParseDatabaseUrl(url);
  EXPECT_TRUE(parsed.ok()) << url << ": " << parsed.status();
  return parsed.ok() ? *parsed : DatabaseUrl{};
}

void ExpectDbError(std::string_view url) {
  absl::StatusOr<DatabaseUrl> parsed = ParseDatabaseUrl(url);
  ASSERT_FALSE(parsed.ok()) << "accepted: " << url;
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << url;
  EXPECT_EQ(ViolatedField(parsed.status()), "db") << url;
}

TEST(ParseDatabaseUrlTest, SqliteColonTakesTheRestAsPath) {
  DatabaseUrl url = ParseOk("sqlite:/var/lib/claimtrace/claims.db");
  EXPECT_EQ(url.engine, DatabaseUrl::Engine::kSqlite);
  EXPECT_EQ(url.target, "/var/lib/claimtrace/claims.db");

  url = ParseOk("sqlite:data/claims.db");
  EXPECT_EQ(url.engine, DatabaseUrl::Engine::kSqlite);
  EXPECT_EQ(url.target, "data/claims.db");
}

TEST(ParseDatabaseUrlTest, SqliteDoubleSlashFormDropsTheAuthorityMarker) {
  DatabaseUrl url = ParseOk("sqlite:///var/lib/claims.db");
  EXPECT_EQ(url.engine, DatabaseUrl::Engine::kSqlite);
  EXPECT_EQ(url.target, "/var/lib/claims.db");

  url = ParseOk("sqlite://relative/claims.db");
  EXPECT_EQ(url.target, "relative/claims.db");
}

TEST(ParseDatabaseUrlTest, SqliteAllowsInMemoryAndPathsWithSpacesAndUtf8) {
  EXPECT_EQ(ParseOk("sqlite::memory:").target, ":memory:");
  EXPECT_EQ(ParseOk("sqlite:/tmp/my claims \xE2\x80\x94 \xE6\x95\xB0\xE6\x8D\xAE.db").target,
            "/tmp/my claims \xE2\x80\x94 \xE6\x95\xB0\xE6\x8D\xAE.db");
}

TEST(ParseDatabaseUrlTest, SqliteWithoutPathIsRejected) {
  ExpectDbError("sqlite:");
  ExpectDbError("sqlite://");
}

TEST(ParseDatabaseUrlTest, PostgresqlKeepsTheWholeUrlForLibpq) {
  const std::string full = "postgresql://claims:s3cret@db.internal:5432/claimtrace?sslmode=require";
  DatabaseUrl url = ParseOk(full);
  EXPECT_EQ(url.engine, DatabaseUrl::Engine::kPostgresql);
  EXPECT_EQ(url.target, full);

  url = ParseOk("postgres://db.internal/claimtrace");
  EXPECT_EQ(url.engine, DatabaseUrl::Engine::kPostgresql);
  EXPECT_EQ(url.target, "postgres://db.internal/claimtrace");

  EXPECT_EQ(ParseOk("postgresql://localhost").engine, DatabaseUrl::Engine::kPostgresql);
  EXPECT_EQ(ParseOk("postgresql://user@10.0.0.5:6543").engine, DatabaseUrl::Engine::kPostgresql);
}

TEST(ParseDatabaseUrlTest, PostgresqlWithoutHostIsRejected) {
  ExpectDbError("postgresql://");
  ExpectDbError("postgresql:///claimtrace");
  ExpectDbError("postgresql://user:pw@/claimtrace");
  ExpectDbError("postgresql://user@:5432/claimtrace");
}

TEST(ParseDatabaseUrlTest, UnknownSchemesAndBarePathsAreRejected) {
  ExpectDbError("");
  ExpectDbError("/var/lib/claims.db");
  ExpectDbError("claims.db");
  ExpectDbError("mysql://user@host/db");
  ExpectDbError("SQLITE:/tmp/x.db");
  ExpectDbError("sqlite3:/tmp/x.db");
  ExpectDbError("postgresql:/host/db");
}

TEST(RedactDatabaseUrlTest, ReplacesPasswordAndKeepsTheRest) {
  EXPECT_EQ(
      RedactDatabaseUrl("postgresql://claims:s3cret@db.internal:5432/claimtrace?sslmode=require"),
      "postgresql://claims:***@db.internal:5432/claimtrace?sslmode=require");
}

TEST(RedactDatabaseUrlTest, LeavesUrlsWithoutPasswordUnchanged) {
  for (const std::string url :
       {"postgresql://claims@db.internal:5432/claimtrace",
        "postgresql://db.internal:5432/claimtrace", "postgres://db.internal/x?sslmode=disable",
        "sqlite:/var/lib/claims.db", "sqlite:///var/lib/claims.db", "sqlite:/tmp/a:b@c.db"}) {
    EXPECT_EQ(RedactDatabaseUrl(url), url);
  }
}

TEST(RedactDatabaseUrlTest, HidesEveryPartOfAPasswordContainingAtSign) {
  const std::string redacted =
      RedactDatabaseUrl("postgresql://claims:p@ss:w0rd@db.internal/claimtrace");
  EXPECT_THAT(redacted, Not(HasSubstr("p@ss")));
  EXPECT_THAT(redacted, Not(HasSubstr("w0rd")));
  EXPECT_THAT(redacted, HasSubstr("db.internal/claimtrace"));
  EXPECT_THAT(redacted, HasSubstr("claims:***@"));
}

TEST(RedactDatabaseUrlTest, HidesPasswordGivenAsQueryParameter) {
  // libpq also accepts the password as a URI parameter.
  const std::string redacted = RedactDatabaseUrl(
      "postgresql://claims@db.internal/claimtrace?sslmode=require&password=hunter2");
  EXPECT_THAT(redacted, Not(HasSubstr("hunter2")));
  EXPECT_THAT(redacted, HasSubstr("sslmode=require"));
  EXPECT_THAT(redacted, HasSubstr("password=***"));
}

TEST(RedactDatabaseUrlTest, HidesPasswordInAnAtSignFreeQuery) {
  const std::string redacted =
      RedactDatabaseUrl("postgresql://db.internal/claimtrace?password=hunter2&sslmode=require");
  EXPECT_THAT(redacted, Not(HasSubstr("hunter2")));
  EXPECT_THAT(redacted, HasSubstr("&sslmode=require"));
}

TEST(RedactDatabaseUrlTest, DoesNotTreatAtSignInQueryAsUserInfo) {
  // An '@' after the authority is not a password separator.
  const std::string url = "postgresql://db.internal:5432/claimtrace?application_name=a:b@c";
  EXPECT_EQ(RedactDatabaseUrl(url), url);
}

}  // namespace
}  // namespace claimtrace::common
