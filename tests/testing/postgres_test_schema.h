// A private, empty schema on the test PostgreSQL server, so tests sharing
// one server (started by scripts/with-postgres.sh, which exports
// CLAIMTRACE_TEST_POSTGRES_URL) never see each other's tables. The schema is
// dropped when the object goes out of scope.
#ifndef CLAIMTRACE_TESTS_TESTING_POSTGRES_TEST_SCHEMA_H_
#define CLAIMTRACE_TESTS_TESTING_POSTGRES_TEST_SCHEMA_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/postgres_database.h"

namespace claimtrace::testing {

// The server URL, or "" when PostgreSQL tests should skip.
inline std::string TestPostgresUrl() {
  const char* url = std::getenv("CLAIMTRACE_TEST_POSTGRES_URL");
  return url != nullptr ? std::string(url) : std::string();
}

// The message PostgreSQL tests skip with when there is no server.
inline const char* NoPostgresMessage() {
  return "CLAIMTRACE_TEST_POSTGRES_URL is not set: no PostgreSQL server to test against. Run "
         "under scripts/with-postgres.sh (scripts/test.sh does) to start a throwaway one.";
}

// `url` with `key=value` added to its query string (value URL-encoded by
// the caller).
inline std::string WithUrlParameter(const std::string& url, const std::string& key,
                                    const std::string& value) {
  return absl::StrCat(url, url.find('?') == std::string::npos ? "?" : "&", key, "=", value);
}

class PostgresTestSchema {
 public:
  PostgresTestSchema() {
    static std::atomic<int> counter{0};
    name_ = absl::StrCat("test_", getpid(), "_", counter++, "_",
                         absl::ToUnixMicros(absl::Now()) % 1000000);
    server_url_ = TestPostgresUrl();
    if (server_url_.empty()) return;
    common::PostgresOptions options;
    options.pool_size = 1;
    options.application_name = "claimtrace-test-admin";
    absl::StatusOr<std::unique_ptr<common::PostgresDatabase>> admin =
        common::PostgresDatabase::Open(server_url_, options);
    if (!admin.ok()) {
      ADD_FAILURE() << "cannot reach the test server: " << admin.status();
      return;
    }
    admin_ = std::move(*admin);
    const absl::Status created = Run(absl::StrCat("CREATE SCHEMA ", name_));
    if (!created.ok()) ADD_FAILURE() << "cannot create schema " << name_ << ": " << created;
    // Connections of stores under test use only this schema.
    url_ = WithUrlParameter(server_url_, "options", absl::StrCat("-c%20search_path%3D", name_));
  }
  ~PostgresTestSchema() {
    if (admin_ != nullptr) Run(absl::StrCat("DROP SCHEMA ", name_, " CASCADE")).IgnoreError();
  }
  PostgresTestSchema(const PostgresTestSchema&) = delete;
  PostgresTestSchema& operator=(const PostgresTestSchema&) = delete;

  bool available() const { return !url_.empty(); }
  // The server URL restricted to this schema.
  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }

  // Runs SQL (no parameters) in the schema as the test's own connection.
  absl::Status Run(const std::string& sql) {
    if (admin_ == nullptr) return absl::FailedPreconditionError("no test server");
    return admin_->InTransaction(common::PgAccess::kReadWrite, [&](common::PgTransaction& t) {
      return t.ExecuteScript(absl::StrCat("SET LOCAL search_path = ", name_, ", public; ", sql));
    });
  }

  // The rows of a query run in the schema.
  absl::StatusOr<common::PgResult> Query(const std::string& sql,
                                         const common::PgParams& params = common::PgParams()) {
    if (admin_ == nullptr) return absl::FailedPreconditionError("no test server");
    common::PgResult result;
    absl::Status status =
        admin_->InTransaction(common::PgAccess::kReadWrite, [&](common::PgTransaction& t) {
          absl::Status set = t.ExecuteScript(absl::StrCat("SET LOCAL search_path = ", name_));
          if (!set.ok()) return set;
          absl::StatusOr<common::PgResult> rows = t.Execute(sql, params);
          if (!rows.ok()) return rows.status();
          result = *std::move(rows);
          return absl::OkStatus();
        });
    if (!status.ok()) return status;
    return result;
  }

 private:
  std::string name_;
  std::string server_url_;
  std::string url_;
  std::unique_ptr<common::PostgresDatabase> admin_;
};

}  // namespace claimtrace::testing

#endif  // CLAIMTRACE_TESTS_TESTING_POSTGRES_TEST_SCHEMA_H_
