// End-to-end tests of the claimctl binary against the real claims_service
// and provenance_service binaries. The extractor decides which claims an
// article yields, so tests pick claims from `claims list --output json`
// rather than expecting particular ones; checks that need a claim skip only
// when the extractor found none.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "claimtrace/claims/v1/claims_service.pb.h"
#include "claimtrace/provenance/v1/provenance_service.pb.h"
#include "tests/testing/service_process.h"

namespace claimtrace::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

namespace cv1 = claims::v1;
namespace pv1 = provenance::v1;

// Invented news copy; multi-byte punctuation (em dashes, curly quotes) sits
// before the figures so byte and character offsets differ.
constexpr char kCourierArticle[] =
    "Harbour Authority Orders Electric Cranes in $48 Million Deal\n\n"
    "By Mara Lindqvist\n\n"
    "March 4, 2024\n\n"
    "PORT ELLWOOD \xE2\x80\x94 The Port Ellwood Harbour Authority spent $48 million on a fleet of "
    "twelve electric cranes, its chief executive said on Monday.\n\n"
    "\xE2\x80\x9CWe moved more than 1.2 million containers last year,\xE2\x80\x9D said Tomas "
    "Aaberg, "
    "chief executive of the Harbour Authority. \xE2\x80\x9CThe new cranes will lift that by about "
    "30 percent.\xE2\x80\x9D\n\n"
    "The authority was founded in 1962 and is based in Port Ellwood, according to its annual "
    "report.\n\n"
    "Rival operator Northgate Terminals said it handled at least 900,000 containers in 2023.\n";

constexpr char kLedgerArticle[] =
    "Ellwood Harbour Spending Draws Council Questions\n\n"
    "By Ines Okafor\n\n"
    "March 1, 2024\n\n"
    "PORT ELLWOOD \xE2\x80\x94 The Port Ellwood Harbour Authority spent $48 million on a fleet of "
    "twelve electric cranes, council papers show.\n\n"
    "Councillor Ruth Abernathy said the authority \xE2\x80\x9Cshould have waited for cheaper "
    "models\xE2\x80\x9D \xE2\x80\x94 a view the authority rejects.\n\n"
    "The harbour employs 1,450 people, according to council figures.\n";

template <typename Message>
Message ParseJson(const std::string& json) {
  Message message;
  const auto status = google::protobuf::util::JsonStringToMessage(json, &message);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\nin: " << json.substr(0, 2000);
  return message;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// Runs of whitespace as one space (the trace view re-flows paragraphs).
std::string Squash(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return out;
}

size_t CodePoints(const std::string& text) {
  size_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

// A loopback port nothing listens on (free a moment ago).
int UnusedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct PtyResult {
  int exit_code = -1;
  std::string output;
};

// Runs `argv` on a pseudo-terminal (stdout and stderr both the terminal,
// window size unknown so $COLUMNS decides the width). `env` entries are set;
// NO_COLOR is cleared unless given.
PtyResult RunOnPty(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  PtyResult result;
  int master = -1;
  struct winsize size {};  // 0 columns: the program falls back to $COLUMNS
  const pid_t pid = forkpty(&master, nullptr, nullptr, &size);
  if (pid < 0) return result;
  if (pid == 0) {
    unsetenv("NO_COLOR");
    for (const std::string& assignment : env) {
      const size_t eq = assignment.find('=');
      setenv(assignment.substr(0, eq).c_str(), assignment.substr(eq + 1).c_str(), 1);
    }
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  char buffer[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd fd{master, POLLIN, 0};
    if (poll(&fd, 1, 200) <= 0) {
      int status = 0;
      if (waitpid(pid, &status, WNOHANG) == pid) {
        // Drain what is left, then stop.
        ssize_t n;
        while ((n = read(master, buffer, sizeof(buffer))) > 0) result.output.append(buffer, n);
        result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        close(master);
        return result;
      }
      continue;
    }
    const ssize_t n = read(master, buffer, sizeof(buffer));
    if (n <= 0) break;  // EIO once the child has exited
    result.output.append(buffer, n);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) == pid && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  close(master);
  return result;
}

class ClaimctlEndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir("claimctl-e2e");
    ASSERT_FALSE(dir_.empty());
    claims_ = std::make_unique<ServiceProcess>();
    ASSERT_TRUE(claims_->Start(
        BinaryPath("claims_service"),
        {"--listen=127.0.0.1:0", "--metrics_listen=", "--db=sqlite:" + dir_ + "/claims.db"},
        dir_ + "/claims.log"))
        << claims_->log();
    provenance_ = std::make_unique<ServiceProcess>();
    ASSERT_TRUE(provenance_->Start(
        BinaryPath("provenance_service"),
        {"--listen=127.0.0.1:0", "--metrics_listen=", "--db=sqlite:" + dir_ + "/provenance.db",
         "--claims_addr=" + claims_->address()},
        dir_ + "/provenance.log"))
        << provenance_->log();
  }

  void TearDown() override {
    if (provenance_) provenance_->Stop(SIGTERM);
    if (claims_) claims_->Stop(SIGTERM);
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }

  // claimctl with the services' addresses (after the command, to show that
  // global flags work there) and a width wide enough not to wrap.
  CommandResult Claimctl(std::vector<std::string> args, std::vector<std::string> env = {},
                         const std::string& stdin_text = "") {
    std::vector<std::string> argv = {BinaryPath("claimctl")};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back("--claims=" + claims_->address());
    argv.push_back("--provenance");
    argv.push_back(provenance_->address());
    if (env.empty()) env.push_back("COLUMNS=10000");
    return RunCommand(argv, env, stdin_text);
  }

  std::string WriteFile(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // Ingests both articles (the later-published one first); returns the
  // responses in that order.
  std::vector<pv1::IngestArticleResponse> IngestBoth() {
    std::vector<pv1::IngestArticleResponse> responses;
    const CommandResult courier =
        Claimctl({"ingest", WriteFile("courier.txt", kCourierArticle), "--publisher",
                  "Ellwood Courier", "--published", "2024-03-04", "-o", "jsonl"});
    EXPECT_EQ(courier.exit_code, 0) << courier.err;
    responses.push_back(ParseJson<pv1::IngestArticleResponse>(courier.out));
    const CommandResult ledger =
        Claimctl({"ingest", WriteFile("ledger.txt", kLedgerArticle), "--publisher",
                  "Northgate Ledger", "--published", "2024-03-01T08:00:00Z", "-o", "jsonl"});
    EXPECT_EQ(ledger.exit_code, 0) << ledger.err;
    responses.push_back(ParseJson<pv1::IngestArticleResponse>(ledger.out));
    return responses;
  }

  std::vector<cv1::Claim> AllClaims() {
    const CommandResult listed = Claimctl({"claims", "list", "--output", "json"});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    const auto response = ParseJson<cv1::ListClaimsResponse>(listed.out);
    EXPECT_TRUE(response.next_page_token().empty());
    return {response.claims().begin(), response.claims().end()};
  }

  std::string dir_;
  std::unique_ptr<ServiceProcess> claims_;
  std::unique_ptr<ServiceProcess> provenance_;
};

TEST_F(ClaimctlEndToEndTest, IngestPrintsNameTitleClaimCountAndWhetherNew) {
  const std::string path = WriteFile("courier.txt", kCourierArticle);
  const CommandResult first = Claimctl({"ingest", path, "--published", "2024-03-04"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const std::vector<std::string> lines = Lines(first.out);
  ASSERT_EQ(lines.size(), 2u) << first.out;
  EXPECT_THAT(lines[0], StartsWith("ARTICLE"));
  EXPECT_THAT(lines[1],
              ::testing::MatchesRegex("articles/[0-9a-f]{32} +new +[0-9]+ +Harbour Authority "
                                      "Orders Electric Cranes in \\$48 Million Deal"));

  // Again: the same article, already stored, with the same claim count.
  const CommandResult again = Claimctl({"ingest", path, "-o", "jsonl"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const auto response = ParseJson<pv1::IngestArticleResponse>(again.out);
  EXPECT_FALSE(response.created());
  EXPECT_EQ(lines[1].substr(0, 41), response.article().name());
  EXPECT_THAT(lines[1], HasSubstr(" " + std::to_string(response.claim_count()) + "  "));
  EXPECT_EQ(response.article().title(),
            "Harbour Authority Orders Electric Cranes in $48 Million Deal");
}

TEST_F(ClaimctlEndToEndTest, IngestsADirectoryInNameOrderAndStdin) {
  WriteFile("batch/b-ledger.md", kLedgerArticle);
  WriteFile("batch/a-courier.txt", kCourierArticle);
  WriteFile("batch/notes.json", "{\"not\": \"an article\"}");
  const CommandResult batch = Claimctl({"ingest", dir_ + "/batch", "--output=jsonl"});
  ASSERT_EQ(batch.exit_code, 0) << batch.err;
  const std::vector<std::string> lines = Lines(batch.out);
  ASSERT_EQ(lines.size(), 2u) << batch.out;
  EXPECT_THAT(ParseJson<pv1::IngestArticleResponse>(lines[0]).article().title(),
              HasSubstr("Electric Cranes"));
  EXPECT_THAT(ParseJson<pv1::IngestArticleResponse>(lines[1]).article().title(),
              HasSubstr("Council Questions"));

  const std::string text =
      "Quay Lights Return\n\nThe quay lights were switched back on after "
      "repairs costing $2 million, the harbour said.\n";
  const CommandResult piped =
      Claimctl({"ingest", "-", "--title", "Quay lights", "-o", "json"}, {}, text);
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  google::protobuf::ListValue array = ParseJson<google::protobuf::ListValue>(piped.out);
  ASSERT_EQ(array.values_size(), 1);
  const auto& article =
      array.values(0).struct_value().fields().at("article").struct_value().fields();
  EXPECT_EQ(article.at("title").string_value(), "Quay lights");
  EXPECT_TRUE(array.values(0).struct_value().fields().at("created").bool_value());
}

TEST_F(ClaimctlEndToEndTest, IngestRejectsBadArgumentsWithUsageErrors) {
  const std::string path = WriteFile("courier.txt", kCourierArticle);
  const CommandResult bad_date = Claimctl({"ingest", path, "--published", "4 March 2024"});
  EXPECT_EQ(bad_date.exit_code, 2);
  EXPECT_THAT(bad_date.err, StartsWith("claimctl: --published takes RFC 3339"));
  const CommandResult two_uris = Claimctl({"ingest", path, path, "--uri", "https://example.com/a"});
  EXPECT_EQ(two_uris.exit_code, 2);
  const CommandResult missing = Claimctl({"ingest", dir_ + "/nope.txt"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err,
            "claimctl: cannot read " + dir_ + "/nope.txt: No such file or directory\n");
}

TEST_F(ClaimctlEndToEndTest, ClaimsGetAcceptsShortAndFullNames) {
  IngestBoth();
  const std::vector<cv1::Claim> claims = AllClaims();
  if (claims.empty()) GTEST_SKIP() << "the extractor found no claims";
  const cv1::Claim& claim = claims.front();
  ASSERT_THAT(claim.name(), StartsWith("claims/"));
  const std::string short_id = claim.name().substr(7);

  const CommandResult full = Claimctl({"claims", "get", claim.name(), "-o", "json"});
  const CommandResult brief = Claimctl({"claims", "get", short_id, "-o", "json"});
  ASSERT_EQ(full.exit_code, 0) << full.err;
  ASSERT_EQ(brief.exit_code, 0) << brief.err;
  EXPECT_EQ(ParseJson<cv1::Claim>(full.out).name(), claim.name());
  EXPECT_EQ(ParseJson<cv1::Claim>(brief.out).name(), claim.name());
  EXPECT_EQ(ParseJson<cv1::Claim>(brief.out).statement(), claim.statement());

  const CommandResult table = Claimctl({"claims", "get", short_id});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("name:"));
  EXPECT_THAT(table.out, HasSubstr(claim.name()));
  EXPECT_THAT(table.out, HasSubstr(claim.statement()));
}

TEST_F(ClaimctlEndToEndTest, ClaimsListFiltersBySubjectKindAndSources) {
  IngestBoth();
  const std::vector<cv1::Claim> claims = AllClaims();
  if (claims.empty()) GTEST_SKIP() << "the extractor found no claims";
  const cv1::Claim& picked = claims.front();

  const std::string subject =
      !picked.subject().id().empty() ? picked.subject().id() : picked.subject().name();
  const CommandResult by_subject = Claimctl({"claims", "list", "--subject", subject, "--kind",
                                             cv1::ClaimKind_Name(picked.kind()), "-o", "json"});
  ASSERT_EQ(by_subject.exit_code, 0) << by_subject.err;
  const auto filtered = ParseJson<cv1::ListClaimsResponse>(by_subject.out);
  std::set<std::string> names;
  for (const cv1::Claim& claim : filtered.claims()) {
    names.insert(claim.name());
    EXPECT_EQ(claim.kind(), picked.kind()) << claim.name();
  }
  EXPECT_EQ(names.count(picked.name()), 1u) << by_subject.out;
  EXPECT_LE(filtered.claims_size(), static_cast<int>(claims.size()));

  const CommandResult shared = Claimctl({"claims", "list", "--min-sources", "2", "-o", "jsonl"});
  ASSERT_EQ(shared.exit_code, 0) << shared.err;
  int expected_shared = 0;
  for (const cv1::Claim& claim : claims) expected_shared += claim.source_count() >= 2;
  const std::vector<std::string> lines = Lines(shared.out);
  EXPECT_EQ(static_cast<int>(lines.size()), expected_shared);
  for (const std::string& line : lines) EXPECT_GE(ParseJson<cv1::Claim>(line).source_count(), 2);

  // A value with quotes and backslashes reaches the service intact (no
  // match, no filter syntax error).
  const CommandResult awkward =
      Claimctl({"claims", "list", "--subject", "a \"b\" \\ AND kind = DATE"});
  EXPECT_EQ(awkward.exit_code, 0) << awkward.err;
  EXPECT_EQ(awkward.out, "");
  EXPECT_THAT(awkward.err, HasSubstr("No claims."));

  // One page at a time.
  if (claims.size() >= 2) {
    const CommandResult page = Claimctl({"claims", "list", "--page-size", "1", "-o", "json"});
    ASSERT_EQ(page.exit_code, 0) << page.err;
    const auto first = ParseJson<cv1::ListClaimsResponse>(page.out);
    ASSERT_EQ(first.claims_size(), 1);
    ASSERT_FALSE(first.next_page_token().empty());
    const CommandResult next = Claimctl({"claims", "list", "--page-size", "1", "--page-token",
                                         first.next_page_token(), "-o", "json"});
    ASSERT_EQ(next.exit_code, 0) << next.err;
    EXPECT_EQ(ParseJson<cv1::ListClaimsResponse>(next.out).claims(0).name(), claims[1].name());
  }
}

TEST_F(ClaimctlEndToEndTest, TraceMarksTheQuotedSpanWhenNotATerminal) {
  IngestBoth();
  const std::vector<cv1::Claim> claims = AllClaims();
  if (claims.empty()) GTEST_SKIP() << "the extractor found no claims";
  for (const cv1::Claim& claim : claims) {
    const CommandResult json = Claimctl({"trace", claim.name(), "-o", "json"});
    ASSERT_EQ(json.exit_code, 0) << json.err;
    const auto trace = ParseJson<pv1::TraceClaimResponse>(json.out);
    EXPECT_EQ(trace.claim().name(), claim.name());
    ASSERT_GE(trace.sources_size(), 1) << claim.name();

    const CommandResult text = Claimctl({"trace", claim.name().substr(7)});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    EXPECT_THAT(text.out, Not(HasSubstr("\x1b[")));
    EXPECT_THAT(text.out, HasSubstr(claim.statement()));
    int64_t previous_time = 0;
    for (const pv1::TraceSource& source : trace.sources()) {
      const pv1::Evidence& evidence = source.evidence();
      const std::string& paragraph = source.paragraph().text();
      ASSERT_LE(evidence.end_offset(), static_cast<int>(paragraph.size()));
      const std::string quote = paragraph.substr(evidence.start_offset(),
                                                 evidence.end_offset() - evidence.start_offset());
      EXPECT_EQ(quote, evidence.quote());
      EXPECT_THAT(Squash(text.out), HasSubstr(Squash(paragraph.substr(0, evidence.start_offset()) +
                                                     "[[" + quote + "]]")));
      EXPECT_THAT(text.out, HasSubstr(source.article().publisher()));
      EXPECT_THAT(text.out, HasSubstr(source.article().title()));
      EXPECT_THAT(text.out, HasSubstr("paragraph:  " + std::to_string(source.paragraph().index())));
      // Earliest publication first.
      EXPECT_GE(source.article().publish_time().seconds(), previous_time);
      previous_time = source.article().publish_time().seconds();
    }
    const CommandResult jsonl = Claimctl({"trace", claim.name(), "-o", "jsonl"});
    EXPECT_EQ(static_cast<int>(Lines(jsonl.out).size()), trace.sources_size());
  }
}

TEST_F(ClaimctlEndToEndTest, TraceSourcesLimitsTheSourcesShownAndSaysSo) {
  IngestBoth();
  const CommandResult shared = Claimctl({"claims", "list", "--min-sources", "2", "-o", "json"});
  ASSERT_EQ(shared.exit_code, 0) << shared.err;
  const auto claims = ParseJson<cv1::ListClaimsResponse>(shared.out);
  if (claims.claims().empty()) GTEST_SKIP() << "no claim with two sources";
  const std::string name = claims.claims(0).name();
  const CommandResult one = Claimctl({"trace", name, "--sources", "1", "-o", "json"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(ParseJson<pv1::TraceClaimResponse>(one.out).sources_size(), 1);
  const CommandResult text = Claimctl({"trace", name, "--sources", "1"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("Showing the first 1 sources"));
  const CommandResult all = Claimctl({"trace", name});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_THAT(all.out, Not(HasSubstr("Showing the first")));
  for (const char* bad : {"0", "1001", "x", ""}) {
    const CommandResult refused = Claimctl({"trace", name, "--sources", bad});
    EXPECT_EQ(refused.exit_code, 2) << bad;
    EXPECT_THAT(refused.err, HasSubstr("--sources takes a whole number from 1 to 1000")) << bad;
  }
}

TEST_F(ClaimctlEndToEndTest, TraceListsASharedClaimsEarlierSourceFirst) {
  IngestBoth();
  const CommandResult shared = Claimctl({"claims", "list", "--min-sources", "2", "-o", "json"});
  ASSERT_EQ(shared.exit_code, 0) << shared.err;
  const auto claims = ParseJson<cv1::ListClaimsResponse>(shared.out);
  if (claims.claims().empty())
    GTEST_SKIP() << "the two articles share no claim with this extractor";
  const CommandResult text = Claimctl({"trace", claims.claims(0).name()});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  // The Ledger (1 March) is listed before the Courier (4 March), although it
  // was ingested second.
  const size_t ledger = text.out.find("Northgate Ledger");
  const size_t courier = text.out.find("Ellwood Courier", text.out.find("Source 1"));
  ASSERT_NE(ledger, std::string::npos) << text.out;
  ASSERT_NE(courier, std::string::npos) << text.out;
  EXPECT_LT(ledger, courier);
  EXPECT_THAT(text.out, HasSubstr("date:       2024-03-01"));
}

TEST_F(ClaimctlEndToEndTest, ExportJsonlHasOneObjectPerEvidenceWithItsContext) {
  const auto ingested = IngestBoth();
  int expected = 0;
  for (const auto& response : ingested) expected += response.article().evidence_count();

  const CommandResult exported = Claimctl({"export", "--output", "jsonl"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const std::vector<std::string> lines = Lines(exported.out);
  EXPECT_EQ(static_cast<int>(lines.size()), expected);
  std::set<std::string> evidence_names;
  for (const std::string& line : lines) {
    const auto record = ParseJson<google::protobuf::Struct>(line);
    std::set<std::string> keys;
    for (const auto& [key, value] : record.fields()) keys.insert(key);
    ASSERT_EQ(keys, (std::set<std::string>{"claim", "evidence", "article", "paragraph"})) << line;
    // Each part is its protobuf message in JSON form.
    const auto part = [&](const char* key) {
      std::string json;
      EXPECT_TRUE(
          google::protobuf::util::MessageToJsonString(record.fields().at(key).struct_value(), &json)
              .ok());
      return json;
    };
    const auto claim = ParseJson<cv1::Claim>(part("claim"));
    const auto evidence = ParseJson<pv1::Evidence>(part("evidence"));
    const auto article = ParseJson<pv1::Article>(part("article"));
    const auto paragraph = ParseJson<pv1::Paragraph>(part("paragraph"));

    EXPECT_EQ(evidence.claim(), claim.name());
    EXPECT_EQ(evidence.article(), article.name());
    EXPECT_EQ(evidence.paragraph(), paragraph.name());
    ASSERT_LE(evidence.start_offset(), evidence.end_offset());
    ASSERT_LE(evidence.end_offset(), static_cast<int>(paragraph.text().size()));
    EXPECT_EQ(paragraph.text().substr(evidence.start_offset(),
                                      evidence.end_offset() - evidence.start_offset()),
              evidence.quote());
    EXPECT_TRUE(evidence_names.insert(evidence.name()).second) << "repeated " << evidence.name();
  }

  const CommandResult json = Claimctl({"export", "-o", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(ParseJson<google::protobuf::ListValue>(json.out).values_size(), expected);

  const CommandResult one =
      Claimctl({"export", "--article", ingested[1].article().name().substr(9), "-o", "jsonl"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(static_cast<int>(Lines(one.out).size()), ingested[1].article().evidence_count());
}

TEST_F(ClaimctlEndToEndTest, ListAndGetCommandsPrintTheirMessagesAsJson) {
  const auto ingested = IngestBoth();
  const pv1::Article& article = ingested[0].article();

  const auto articles =
      ParseJson<pv1::ListArticlesResponse>(Claimctl({"articles", "list", "-o", "json"}).out);
  ASSERT_EQ(articles.articles_size(), 2);
  // Newest first.
  EXPECT_EQ(articles.articles(0).name(), article.name());
  const auto by_publisher = ParseJson<pv1::ListArticlesResponse>(
      Claimctl({"articles", "list", "--publisher", "Northgate Ledger", "-o", "json"}).out);
  ASSERT_EQ(by_publisher.articles_size(), 1);
  EXPECT_EQ(by_publisher.articles(0).publisher(), "Northgate Ledger");

  const CommandResult got = Claimctl({"articles", "get", article.name().substr(9), "-o", "json"});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  EXPECT_EQ(ParseJson<pv1::Article>(got.out).content_sha256(), article.content_sha256());

  const auto paragraphs = ParseJson<pv1::ListParagraphsResponse>(
      Claimctl({"paragraphs", "list", article.name(), "-o", "json"}).out);
  EXPECT_EQ(paragraphs.paragraphs_size(), article.paragraph_count());
  const CommandResult jsonl =
      Claimctl({"paragraphs", "list", article.name().substr(9), "-o", "jsonl"});
  EXPECT_EQ(static_cast<int>(Lines(jsonl.out).size()), article.paragraph_count());

  const CommandResult paragraph =
      Claimctl({"paragraphs", "get", article.name().substr(9) + "/paragraphs/0", "-o", "json"});
  ASSERT_EQ(paragraph.exit_code, 0) << paragraph.err;
  EXPECT_EQ(ParseJson<pv1::Paragraph>(paragraph.out).name(), article.name() + "/paragraphs/0");

  const CommandResult conflicts = Claimctl({"conflicts", "-o", "json"});
  ASSERT_EQ(conflicts.exit_code, 0) << conflicts.err;
  ParseJson<cv1::ListConflictsResponse>(conflicts.out);
  const CommandResult search = Claimctl({"claims", "search", "harbour", "-o", "json"});
  ASSERT_EQ(search.exit_code, 0) << search.err;
  ParseJson<cv1::SearchClaimsResponse>(search.out);
}

TEST_F(ClaimctlEndToEndTest, TablesFitTheGivenWidth) {
  IngestBoth();
  for (const auto& command : std::vector<std::vector<std::string>>{
           {"claims", "list"}, {"articles", "list"}, {"export"}}) {
    const CommandResult result = Claimctl(command, {"COLUMNS=72"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    for (const std::string& line : Lines(result.out)) EXPECT_LE(CodePoints(line), 72u) << line;
  }
}

TEST_F(ClaimctlEndToEndTest, NotFoundAndMalformedNamesHaveTheirExitCodes) {
  const CommandResult unknown = Claimctl({"claims", "get", "0000000000000000"});
  EXPECT_EQ(unknown.exit_code, 3);
  EXPECT_EQ(unknown.err, "claimctl: claim \"claims/0000000000000000\" not found\n");
  EXPECT_EQ(unknown.out, "");
  const CommandResult trace = Claimctl({"trace", "claims/0000000000000000"});
  EXPECT_EQ(trace.exit_code, 3);
  EXPECT_EQ(trace.err, "claimctl: claim \"claims/0000000000000000\" not found\n");
  const CommandResult article = Claimctl({"articles", "get", std::string(32, 'a')});
  EXPECT_EQ(article.exit_code, 3);
  EXPECT_EQ(article.err, "claimctl: article \"articles/" + std::string(32, 'a') + "\" not found\n");

  const CommandResult malformed = Claimctl({"claims", "get", "not-a-claim!"});
  EXPECT_EQ(malformed.exit_code, 4);
  EXPECT_THAT(malformed.err, StartsWith("claimctl: invalid argument: "));
  EXPECT_THAT(malformed.err, HasSubstr("[field: name]"));
  EXPECT_EQ(Lines(malformed.err).size(), 1u);
  EXPECT_EQ(Claimctl({"paragraphs", "get", "articles/xyz/paragraphs/one"}).exit_code, 4);

  const CommandResult usage = Claimctl({"claims", "list", "--sbject", "x"});
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_THAT(usage.err, HasSubstr("did you mean --subject?"));
  EXPECT_EQ(Claimctl({"claims", "list", "--min-sources", "many"}).exit_code, 2);
}

TEST_F(ClaimctlEndToEndTest, HealthReportsBothServicesWithAddresses) {
  // provenance_service is SERVING once its readiness poll has seen claims.
  CommandResult health;
  const auto start = std::chrono::steady_clock::now();
  do {
    health = Claimctl({"health"});
    if (health.exit_code == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  } while (SecondsSince(start) < 15);
  ASSERT_EQ(health.exit_code, 0) << health.out << health.err;
  EXPECT_THAT(health.out, HasSubstr(claims_->address()));
  EXPECT_THAT(health.out, HasSubstr(provenance_->address()));
  const std::vector<std::string> lines = Lines(health.out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_THAT(lines[1], HasSubstr("SERVING"));
  EXPECT_THAT(lines[2], HasSubstr("SERVING"));

  const auto json = ParseJson<google::protobuf::Struct>(Claimctl({"health", "-o", "json"}).out);
  const auto& services = json.fields().at("services").list_value();
  ASSERT_EQ(services.values_size(), 2);
  EXPECT_EQ(services.values(0).struct_value().fields().at("service").string_value(),
            "claimtrace.claims.v1.ClaimsService");
  EXPECT_EQ(services.values(1).struct_value().fields().at("service").string_value(),
            "claimtrace.provenance.v1.ProvenanceService");
  for (const auto& service : services.values()) {
    EXPECT_EQ(service.struct_value().fields().at("status").string_value(), "SERVING");
  }

  // With claims_service gone, health fails with 5.
  claims_->Stop(SIGTERM);
  const CommandResult down = Claimctl({"health"});
  EXPECT_EQ(down.exit_code, 5);
  EXPECT_THAT(down.err, HasSubstr("claimctl: cannot reach claims service at " + claims_->address() +
                                  " (UNAVAILABLE)"));
}

TEST_F(ClaimctlEndToEndTest, VerboseShowsTheRequestIdTheServiceSaw) {
  const CommandResult result = Claimctl({"-v", "claims", "get", "0000000000000000"});
  EXPECT_EQ(result.exit_code, 3);
  std::smatch match;
  const std::regex line(
      "claimctl: GetClaim 127\\.0\\.0\\.1:[0-9]+ -> NOT_FOUND in [0-9.]+ ms "
      "\\(x-request-id ([0-9a-f]{32})\\)");
  ASSERT_TRUE(std::regex_search(result.err, match, line)) << result.err;
  const std::string request_id = match[1];
  // The service logs the id it received.
  const auto start = std::chrono::steady_clock::now();
  while (claims_->log().find(request_id) == std::string::npos && SecondsSince(start) < 5) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_THAT(claims_->log(), HasSubstr(request_id));
}

TEST_F(ClaimctlEndToEndTest, ColourOnlyOnATerminalAndNeverWithNoColor) {
  IngestBoth();
  const std::vector<std::string> base = {BinaryPath("claimctl"), "--claims", claims_->address(),
                                         "--provenance", provenance_->address()};
  auto with = [&](std::vector<std::string> args) {
    std::vector<std::string> argv = base;
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  };
  const PtyResult coloured = RunOnPty(with({"articles", "list"}), {"COLUMNS=70"});
  ASSERT_EQ(coloured.exit_code, 0) << coloured.output;
  EXPECT_THAT(coloured.output, HasSubstr("\x1b[1m"));
  // $COLUMNS sets the width when the terminal does not say.
  for (std::string line : Lines(coloured.output)) {
    line = std::regex_replace(line, std::regex("\x1b\\[[0-9;]*m|\r"), "");
    EXPECT_LE(CodePoints(line), 70u) << line;
  }
  for (const char* no_color : {"NO_COLOR=1", "NO_COLOR="}) {
    const PtyResult plain = RunOnPty(with({"articles", "list"}), {"COLUMNS=70", no_color});
    ASSERT_EQ(plain.exit_code, 0) << plain.output;
    EXPECT_THAT(plain.output, Not(HasSubstr("\x1b[")));
    EXPECT_THAT(plain.output, HasSubstr("articles/"));
  }

  const std::vector<cv1::Claim> claims = AllClaims();
  if (claims.empty()) GTEST_SKIP() << "the extractor found no claims to trace";
  const PtyResult trace = RunOnPty(with({"trace", claims.front().name()}), {"COLUMNS=100"});
  ASSERT_EQ(trace.exit_code, 0) << trace.output;
  EXPECT_THAT(trace.output, HasSubstr("\x1b[1;33m"));
  EXPECT_THAT(trace.output, Not(HasSubstr("[[")));
  const PtyResult plain_trace =
      RunOnPty(with({"trace", claims.front().name()}), {"COLUMNS=100", "NO_COLOR=1"});
  EXPECT_THAT(plain_trace.output, Not(HasSubstr("\x1b[")));
  EXPECT_THAT(plain_trace.output, HasSubstr("[["));
}

TEST_F(ClaimctlEndToEndTest, ShowsIngestProgressOnlyOnATerminal) {
  for (int i = 0; i < 4; ++i) {
    WriteFile("many/story-" + std::to_string(i) + ".txt",
              "Ferry Timetable Changes\n\nThe ferry will run " + std::to_string(i + 2) +
                  " extra crossings a day from June, the operator said.\n");
  }
  const std::vector<std::string> argv = {
      BinaryPath("claimctl"), "ingest",       dir_ + "/many",        "--claims",
      claims_->address(),     "--provenance", provenance_->address()};
  const PtyResult terminal = RunOnPty(argv, {"COLUMNS=100"});
  ASSERT_EQ(terminal.exit_code, 0) << terminal.output;
  EXPECT_THAT(terminal.output, HasSubstr("[1/4] ingesting story-0.txt"));
  EXPECT_THAT(terminal.output, HasSubstr("[4/4] ingesting story-3.txt"));
  EXPECT_THAT(terminal.output, HasSubstr(" new "));

  const CommandResult piped = RunCommand(argv);
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.err, "");
  const std::vector<std::string> lines = Lines(piped.out);
  ASSERT_EQ(lines.size(), 5u);  // header + 4 files, now already stored
  for (size_t i = 1; i < lines.size(); ++i) EXPECT_THAT(lines[i], HasSubstr(" existing "));
}

// A TLS variable that names no usable file is an error before any call:
// never a silent fall-back to plaintext.
TEST(ClaimctlWithoutServicesTest, UnusableTlsFilesAreAnErrorNotPlaintext) {
  const std::string claimctl = BinaryPath("claimctl");
  const std::string address = "127.0.0.1:" + std::to_string(UnusedPort());
  const CommandResult missing_ca = RunCommand({claimctl, "claims", "list", "--claims", address},
                                              {"CLAIMTRACE_TLS_CA=/nonexistent/ca.pem"});
  EXPECT_EQ(missing_ca.exit_code, 2);
  EXPECT_EQ(missing_ca.err,
            "claimctl: $CLAIMTRACE_TLS_CA names /nonexistent/ca.pem, which cannot be read or is "
            "empty\n");
  const CommandResult cert_without_key = RunCommand({claimctl, "health", "--claims", address},
                                                    {"CLAIMTRACE_TLS_CERT=/nonexistent/cert.pem"});
  EXPECT_EQ(cert_without_key.exit_code, 2);
  EXPECT_THAT(cert_without_key.err, HasSubstr("$CLAIMTRACE_TLS_CERT"));
  // Help needs no credentials.
  EXPECT_EQ(RunCommand({claimctl, "--help"}, {"CLAIMTRACE_TLS_CA=/nonexistent/ca.pem"}).exit_code,
            0);
}

// No services at all.
TEST(ClaimctlWithoutServicesTest, UnreachableServicesExitFiveWithOneClearLine) {
  const std::string address = "127.0.0.1:" + std::to_string(UnusedPort());
  const std::string claimctl = BinaryPath("claimctl");
  auto start = std::chrono::steady_clock::now();
  const CommandResult get =
      RunCommand({claimctl, "claims", "get", "abc", "--claims", address, "--timeout", "5s"});
  EXPECT_LT(SecondsSince(start), 5.0);
  EXPECT_EQ(get.exit_code, 5);
  EXPECT_EQ(get.err, "claimctl: cannot reach claims service at " + address + " (UNAVAILABLE)\n");
  EXPECT_EQ(get.out, "");

  const CommandResult trace = RunCommand({claimctl, "--provenance", address, "trace", "abc"});
  EXPECT_EQ(trace.exit_code, 5);
  EXPECT_EQ(trace.err,
            "claimctl: cannot reach provenance service at " + address + " (UNAVAILABLE)\n");

  // Addresses from the environment when no flag is given; flags win.
  const CommandResult from_env =
      RunCommand({claimctl, "claims", "list"}, {"CLAIMTRACE_CLAIMS_ADDR=" + address});
  EXPECT_EQ(from_env.exit_code, 5);
  EXPECT_EQ(from_env.err,
            "claimctl: cannot reach claims service at " + address + " (UNAVAILABLE)\n");
  const std::string other = "127.0.0.1:" + std::to_string(UnusedPort());
  const CommandResult flag_wins = RunCommand({claimctl, "claims", "list", "--claims", other},
                                             {"CLAIMTRACE_CLAIMS_ADDR=" + address});
  EXPECT_THAT(flag_wins.err, HasSubstr(other));

  start = std::chrono::steady_clock::now();
  const CommandResult health =
      RunCommand({claimctl, "health", "--claims", address, "--provenance", other});
  EXPECT_LT(SecondsSince(start), 10.0);
  EXPECT_EQ(health.exit_code, 5);
  EXPECT_THAT(health.err, HasSubstr("cannot reach claims service at " + address));
  EXPECT_THAT(health.err, HasSubstr("cannot reach provenance service at " + other));
  EXPECT_THAT(health.out, HasSubstr("UNREACHABLE"));
}

TEST(ClaimctlWithoutServicesTest, SilentServerFailsWithinTheTimeout) {
  // Accepts connections (the kernel does) but never speaks HTTP/2.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(listen(fd, 16), 0);
  socklen_t length = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  const std::string target = "127.0.0.1:" + std::to_string(ntohs(address.sin_port));

  const auto start = std::chrono::steady_clock::now();
  const CommandResult result = RunCommand(
      {BinaryPath("claimctl"), "claims", "get", "abc", "--claims", target, "--timeout", "300ms"});
  const double elapsed = SecondsSince(start);
  close(fd);
  EXPECT_EQ(result.exit_code, 5);
  EXPECT_THAT(result.err, StartsWith("claimctl: "));
  EXPECT_THAT(result.err, HasSubstr(target));
  EXPECT_THAT(result.err, HasSubstr("300ms"));
  EXPECT_EQ(Lines(result.err).size(), 1u);
  EXPECT_LT(elapsed, 3.0);
}

TEST(ClaimctlWithoutServicesTest, HelpWorksForEveryCommandWithoutServices) {
  const std::string claimctl = BinaryPath("claimctl");
  const CommandResult top = RunCommand({claimctl, "--help"});
  EXPECT_EQ(top.exit_code, 0);
  EXPECT_THAT(top.out, HasSubstr("Exit codes:"));
  for (const auto& command : std::vector<std::vector<std::string>>{{"ingest"},
                                                                   {"articles", "list"},
                                                                   {"articles", "get"},
                                                                   {"paragraphs", "list"},
                                                                   {"paragraphs", "get"},
                                                                   {"claims", "list"},
                                                                   {"claims", "get"},
                                                                   {"claims", "search"},
                                                                   {"conflicts"},
                                                                   {"trace"},
                                                                   {"export"},
                                                                   {"health"}}) {
    std::vector<std::string> argv = {claimctl};
    argv.insert(argv.end(), command.begin(), command.end());
    argv.push_back("--help");
    const CommandResult help = RunCommand(argv);
    EXPECT_EQ(help.exit_code, 0) << command[0];
    EXPECT_THAT(help.out, HasSubstr("Example")) << command[0];
    std::vector<std::string> via_help = {claimctl, "help"};
    via_help.insert(via_help.end(), command.begin(), command.end());
    EXPECT_EQ(RunCommand(via_help).out, help.out);
  }
  const CommandResult unknown = RunCommand({claimctl, "frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, StartsWith("claimctl: unknown command \"frobnicate\""));
}

}  // namespace
}  // namespace claimtrace::testing
