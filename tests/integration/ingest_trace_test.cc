// IngestArticle → claims_service extraction → evidence → TraceClaim, over
// loopback gRPC between the real binaries with real SQLite files.
#include <grpcpp/generic/generic_stub.h>
#include <signal.h>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/integration/service_fixture.h"

namespace claimtrace::testing {
namespace {

using ::testing::HasSubstr;
namespace pv1 = provenance::v1;
namespace cv1 = claims::v1;

// Two articles of our own that share one claim (the plant's cost) and
// disagree on another (where the company is based).
constexpr char kFirstArticle[] =
    "# Voltaris opens battery plant in Nevada\n"
    "\n"
    "https://www.example-news.test/2025/03/14/voltaris-plant\n"
    "\n"
    "March 14, 2025\n"
    "\n"
    "Voltaris, the Reno-based battery maker, said on Thursday that its new plant cost "
    "$2.1 billion and will employ at least 1,500 workers by 2027.\n"
    "\n"
    "“We expect output to reach up to 40% of the state’s storage demand,” said Mara Ellison, "
    "the company’s chief executive.\n"
    "\n"
    "Advertisement\n";

constexpr char kSecondArticle[] =
    "Battery maker Voltaris bets big on Nevada\n"
    "\n"
    "By Tom Reyes | March 20, 2025\n"
    "\n"
    "The Sacramento-based company said the plant cost $2.1 billion, according to a filing.\n"
    "\n"
    "Analysts at Northgate Research estimate the site will need more than 2,000 workers.\n";

class IngestTraceTest : public ServicesTest {
 protected:
  pv1::IngestArticleResponse Ingest(const std::string& text,
                                    grpc::StatusCode want = grpc::StatusCode::OK) {
    pv1::IngestArticleRequest request;
    request.set_text(text);
    pv1::IngestArticleResponse response;
    const grpc::Status status =
        provenance_stub_->IngestArticle(Context().get(), request, &response);
    EXPECT_EQ(status.error_code(), want) << status.error_message();
    return response;
  }

  std::vector<pv1::Evidence> AllEvidence(const std::string& parent) {
    std::vector<pv1::Evidence> all;
    std::string token;
    do {
      pv1::ListEvidenceRequest request;
      request.set_parent(parent);
      request.set_page_size(3);
      request.set_page_token(token);
      pv1::ListEvidenceResponse response;
      const grpc::Status status =
          provenance_stub_->ListEvidence(Context().get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      all.insert(all.end(), response.evidence().begin(), response.evidence().end());
      token = response.next_page_token();
    } while (!token.empty());
    return all;
  }

  pv1::Paragraph GetParagraph(const std::string& name) {
    pv1::GetParagraphRequest request;
    request.set_name(name);
    pv1::Paragraph paragraph;
    EXPECT_TRUE(provenance_stub_->GetParagraph(Context().get(), request, &paragraph).ok()) << name;
    return paragraph;
  }

  // Every quote is its paragraph's slice, and no evidence is in a paragraph
  // that is not read for claims.
  void ExpectEvidenceIsVerbatim(const std::vector<pv1::Evidence>& evidence) {
    std::map<std::string, pv1::Paragraph> paragraphs;
    for (const pv1::Evidence& e : evidence) {
      if (!paragraphs.count(e.paragraph())) paragraphs[e.paragraph()] = GetParagraph(e.paragraph());
      const pv1::Paragraph& p = paragraphs[e.paragraph()];
      ASSERT_LE(e.end_offset(), static_cast<int>(p.text().size()));
      EXPECT_EQ(p.text().substr(e.start_offset(), e.end_offset() - e.start_offset()), e.quote());
      EXPECT_NE(p.kind(), pv1::PARAGRAPH_KIND_METADATA) << e.name();
      EXPECT_NE(p.kind(), pv1::PARAGRAPH_KIND_BOILERPLATE) << e.name();
    }
  }

  int64_t CountAll() {
    int64_t articles = 0;
    pv1::ListArticlesRequest request;
    request.set_page_size(1000);
    pv1::ListArticlesResponse response;
    EXPECT_TRUE(provenance_stub_->ListArticles(Context().get(), request, &response).ok());
    articles = response.articles_size();
    return articles * 1000000 + static_cast<int64_t>(AllEvidence("articles/-").size());
  }
};

TEST_F(IngestTraceTest, IngestStoresVerbatimParagraphsAndTraceableEvidence) {
  StartBoth();
  const pv1::IngestArticleResponse first = Ingest(kFirstArticle);
  EXPECT_TRUE(first.created());
  EXPECT_THAT(first.article().name(), ::testing::StartsWith("articles/"));
  EXPECT_EQ(first.article().title(), "Voltaris opens battery plant in Nevada");
  EXPECT_EQ(first.article().uri(), "https://www.example-news.test/2025/03/14/voltaris-plant");
  EXPECT_EQ(first.article().publish_time().seconds(), 1741910400);  // 2025-03-14T00:00:00Z
  EXPECT_GT(first.evidence_count(), 0);

  const std::vector<pv1::Evidence> evidence = AllEvidence(first.article().name());
  EXPECT_EQ(static_cast<int>(evidence.size()), first.evidence_count());
  ExpectEvidenceIsVerbatim(evidence);

  // Trace the first claim back to this article.
  ASSERT_FALSE(evidence.empty());
  pv1::TraceClaimRequest trace_request;
  trace_request.set_claim(evidence.front().claim());
  pv1::TraceClaimResponse trace;
  ASSERT_TRUE(provenance_stub_->TraceClaim(Context().get(), trace_request, &trace).ok());
  EXPECT_EQ(trace.claim().name(), evidence.front().claim());
  ASSERT_GE(trace.sources_size(), 1);
  EXPECT_EQ(trace.sources(0).article().name(), first.article().name());
  EXPECT_EQ(
      trace.sources(0).paragraph().text().substr(
          trace.sources(0).evidence().start_offset(),
          trace.sources(0).evidence().end_offset() - trace.sources(0).evidence().start_offset()),
      trace.sources(0).evidence().quote());

  pv1::VerifyArticleRequest verify_request;
  verify_request.set_name(first.article().name());
  pv1::VerifyArticleResponse verify;
  ASSERT_TRUE(provenance_stub_->VerifyArticle(Context().get(), verify_request, &verify).ok());
  EXPECT_TRUE(verify.ok());
  EXPECT_EQ(verify.evidence_checked(), first.evidence_count());
}

TEST_F(IngestTraceTest, ReingestingReturnsTheSameArticleAndWritesNothing) {
  StartBoth();
  const pv1::IngestArticleResponse first = Ingest(kFirstArticle);
  const int64_t before = CountAll();
  const pv1::IngestArticleResponse again = Ingest(kFirstArticle);
  EXPECT_FALSE(again.created());
  EXPECT_EQ(again.article().name(), first.article().name());
  EXPECT_EQ(again.evidence_count(), first.evidence_count());
  EXPECT_EQ(again.claim_count(), first.claim_count());
  EXPECT_EQ(CountAll(), before);
}

TEST_F(IngestTraceTest, TheSameClaimFromTwoArticlesIsOneClaimWithTwoSources) {
  StartBoth();
  const pv1::IngestArticleResponse first = Ingest(kFirstArticle);
  const pv1::IngestArticleResponse second = Ingest(kSecondArticle);
  std::set<std::string> first_claims, shared;
  for (const pv1::Evidence& e : AllEvidence(first.article().name())) first_claims.insert(e.claim());
  for (const pv1::Evidence& e : AllEvidence(second.article().name())) {
    if (first_claims.count(e.claim())) shared.insert(e.claim());
  }
  ASSERT_FALSE(shared.empty()) << "the $2.1 billion cost is in both articles";
  for (const std::string& name : shared) {
    cv1::GetClaimRequest request;
    request.set_name(name);
    cv1::Claim claim;
    ASSERT_TRUE(claims_stub_->GetClaim(Context().get(), request, &claim).ok());
    EXPECT_EQ(claim.source_count(), 2) << claim.statement();
    pv1::TraceClaimRequest trace_request;
    trace_request.set_claim(name);
    pv1::TraceClaimResponse trace;
    ASSERT_TRUE(provenance_stub_->TraceClaim(Context().get(), trace_request, &trace).ok());
    ASSERT_GE(trace.sources_size(), 2);
    // The claim in the trace is current too (provenance keeps the claims its
    // ingests return, so the second one refreshed it).
    EXPECT_EQ(trace.claim().source_count(), 2);
    // Earliest publication first: March 14 before March 20.
    EXPECT_EQ(trace.sources(0).article().name(), first.article().name());
    EXPECT_LE(trace.sources(0).article().publish_time().seconds(),
              trace.sources(1).article().publish_time().seconds());
  }
}

// OK GetClaim calls claims_service has counted (0 before the first).
double GetClaimCallsCounted(int metrics_port) {
  const std::string metrics = HttpGet(metrics_port, "/metrics");
  for (const absl::string_view line : absl::StrSplit(metrics, '\n')) {
    if (absl::StartsWith(line, "claimtrace_rpc_requests_total{") &&
        absl::StrContains(line, "method=\"/claimtrace.claims.v1.ClaimsService/GetClaim\"") &&
        absl::StrContains(line, "code=\"OK\"")) {
      double value = 0;
      if (absl::SimpleAtod(line.substr(line.rfind(' ') + 1), &value)) return value;
    }
  }
  return 0;
}

TEST_F(IngestTraceTest, TracingRecentlyIngestedClaimsAsksClaimsServiceNothing) {
  StartClaims();
  ASSERT_FALSE(HasFatalFailure());
  // A TTL no slow (sanitised) run can outlast.
  StartProvenance(claims_->address(), {"--claim_cache_ttl=10m"});
  const pv1::IngestArticleResponse first = Ingest(kFirstArticle);
  const std::vector<pv1::Evidence> evidence = AllEvidence(first.article().name());
  ASSERT_FALSE(evidence.empty());
  for (int round = 0; round < 3; ++round) {
    for (const pv1::Evidence& e : evidence) {
      pv1::TraceClaimRequest request;
      request.set_claim(e.claim());
      pv1::TraceClaimResponse trace;
      ASSERT_TRUE(provenance_stub_->TraceClaim(Context().get(), request, &trace).ok());
      EXPECT_EQ(trace.claim().name(), e.claim());
      EXPECT_EQ(trace.claim().source_count(), 1);
      EXPECT_GE(trace.sources_size(), 1);
    }
  }
  // The ingest handed provenance every claim it recorded, and the traces
  // came from memory: claims_service served no GetClaim at all.
  EXPECT_EQ(GetClaimCallsCounted(claims_->metrics_port()), 0);
}

TEST_F(IngestTraceTest, TraceShowsASourceAnotherReplicaRecordedDespiteTheClaimCopy) {
  StartClaims();
  ASSERT_FALSE(HasFatalFailure());
  // A TTL that outlasts the test: only noticing the stale copy can help.
  StartProvenance(claims_->address(), {"--claim_cache_ttl=10m"});
  const pv1::IngestArticleResponse first = Ingest(kFirstArticle);
  std::set<std::string> first_claims;
  for (const pv1::Evidence& e : AllEvidence(first.article().name())) first_claims.insert(e.claim());
  // Trace each once, so this replica holds a copy counting one source.
  for (const std::string& claim : first_claims) {
    pv1::TraceClaimRequest request;
    request.set_claim(claim);
    pv1::TraceClaimResponse trace;
    ASSERT_TRUE(provenance_stub_->TraceClaim(Context().get(), request, &trace).ok());
    EXPECT_EQ(trace.claim().source_count(), 1);
  }

  // Another replica on the same provenance database and claims_service
  // records the second article, which shares a claim with the first.
  ServiceProcess other;
  ASSERT_TRUE(other.Start(BinaryPath("provenance_service"),
                          {"--listen=127.0.0.1:0", "--metrics_listen=127.0.0.1:0",
                           "--db=sqlite:" + dir_ + "/provenance.db",
                           "--claims_addr=" + claims_->address(), "--claims_timeout=5s"},
                          dir_ + "/provenance-other.log"))
      << other.log();
  auto other_stub = pv1::ProvenanceService::NewStub(
      grpc::CreateChannel(other.address(), grpc::InsecureChannelCredentials()));
  pv1::IngestArticleRequest ingest;
  ingest.set_text(kSecondArticle);
  pv1::IngestArticleResponse second;
  ASSERT_TRUE(other_stub->IngestArticle(Context().get(), ingest, &second).ok());

  int shared = 0;
  for (const pv1::Evidence& e : AllEvidence(second.article().name())) {
    if (!first_claims.count(e.claim())) continue;
    ++shared;
    pv1::TraceClaimRequest request;
    request.set_claim(e.claim());
    pv1::TraceClaimResponse trace;
    ASSERT_TRUE(provenance_stub_->TraceClaim(Context().get(), request, &trace).ok());
    std::set<std::string> articles;
    for (const pv1::TraceSource& source : trace.sources()) articles.insert(source.article().name());
    EXPECT_EQ(articles.size(), 2u) << e.claim();
    EXPECT_EQ(trace.claim().source_count(), 2)
        << "the claim in a trace counts the articles the trace cites";
  }
  EXPECT_GT(shared, 0) << "the two articles share the plant's cost";
}

TEST_F(IngestTraceTest, IngestWithClaimsServiceDownIsUnavailableStoresNothingAndRetrySucceeds) {
  const int claims_port = FreeLoopbackPort();
  StartClaims(claims_port);
  StartProvenance(claims_->address());
  Ingest(kSecondArticle);
  const int64_t before = CountAll();
  ASSERT_EQ(claims_->Stop(SIGKILL), 128 + SIGKILL);

  pv1::IngestArticleRequest request;
  request.set_text(kFirstArticle);
  pv1::IngestArticleResponse response;
  const grpc::Status status = provenance_stub_->IngestArticle(Context().get(), request, &response);
  EXPECT_TRUE(status.error_code() == grpc::StatusCode::UNAVAILABLE ||
              status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED)
      << status.error_code() << " " << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("claims_service"));
  EXPECT_EQ(CountAll(), before);
  EXPECT_TRUE(WaitForHealth(provenance_->address(), "claimtrace.provenance.v1.ProvenanceService",
                            "NOT_SERVING", std::chrono::seconds(15)));

  StartClaims(claims_port);
  ASSERT_TRUE(WaitForHealth(provenance_->address(), "claimtrace.provenance.v1.ProvenanceService",
                            "SERVING", std::chrono::seconds(15)));
  const pv1::IngestArticleResponse retried = Ingest(kFirstArticle);
  EXPECT_TRUE(retried.created());
  EXPECT_GT(CountAll(), before);
}

// INVALID_ARGUMENT carries a google.rpc.BadRequest naming the field.
std::string ViolatedField(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details()) || details.details_size() == 0) return "";
  google::rpc::BadRequest bad_request;
  if (!details.details(0).UnpackTo(&bad_request) || bad_request.field_violations_size() == 0)
    return "";
  return bad_request.field_violations(0).field();
}

TEST_F(IngestTraceTest, BadInputIsInvalidArgumentNamingTheFieldAndStoresNothing) {
  StartBoth();
  // Invalid UTF-8 cannot be sent through a conforming protobuf client, so
  // the request bytes are written by hand (field 1, length-delimited) and
  // sent with the generic stub, as a foreign or hostile client would.
  const std::vector<std::string> bad_texts = {
      "", "   \n\t  ", std::string("abc\0def", 7), "caf\xC3", "ok \xFF\xFE bytes", "\xED\xA0\x80"};
  grpc::GenericStub generic(
      grpc::CreateChannel(provenance_->address(), grpc::InsecureChannelCredentials()));
  for (const std::string& text : bad_texts) {
    std::string wire = "\x0A";
    wire.push_back(static_cast<char>(text.size()));
    wire += text;
    grpc::Slice slice(wire);
    grpc::ByteBuffer request(&slice, 1), reply;
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    grpc::Status status;
    auto context = Context();
    generic.UnaryCall(context.get(), "/claimtrace.provenance.v1.ProvenanceService/IngestArticle",
                      grpc::StubOptions(), &request, &reply, [&](grpc::Status s) {
                        std::lock_guard<std::mutex> lock(mu);
                        status = s;
                        done = true;
                        cv.notify_one();
                      });
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return done; });
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << text;
    EXPECT_EQ(ViolatedField(status), "text") << text;
  }
  EXPECT_EQ(CountAll(), 0);
  EXPECT_EQ(CountAll(), 0);

  cv1::GetClaimRequest malformed;
  malformed.set_name("claims/NOT-HEX");
  cv1::Claim claim;
  grpc::Status status = claims_stub_->GetClaim(Context().get(), malformed, &claim);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "name");

  pv1::TraceClaimRequest unknown;
  unknown.set_claim("claims/0000000000000000");
  pv1::TraceClaimResponse trace;
  status = provenance_stub_->TraceClaim(Context().get(), unknown, &trace);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);

  pv1::GetArticleRequest foreign;
  foreign.set_name("books/123");
  pv1::Article article;
  status = provenance_stub_->GetArticle(Context().get(), foreign, &article);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  cv1::ListClaimsRequest tampered;
  tampered.set_page_token("bm90LWEtdG9rZW4");
  cv1::ListClaimsResponse list;
  status = claims_stub_->ListClaims(Context().get(), tampered, &list);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(status), "page_token");

  cv1::ListClaimsRequest negative;
  negative.set_page_size(-1);
  status = claims_stub_->ListClaims(Context().get(), negative, &list);
  EXPECT_EQ(ViolatedField(status), "page_size");

  cv1::ListClaimsRequest hostile;
  hostile.set_filter("subject = \"x'; DROP TABLE claims; --\"");
  status = claims_stub_->ListClaims(Context().get(), hostile, &list);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(list.claims_size(), 0);
}

TEST_F(IngestTraceTest, ListClaimsFiltersPagesAndFindsConflicts) {
  StartBoth();
  Ingest(kFirstArticle);
  Ingest(kSecondArticle);
  // Paging with a small page visits every claim once.
  std::set<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    cv1::ListClaimsRequest request;
    request.set_page_size(2);
    request.set_page_token(token);
    request.set_order_by(cv1::CLAIM_ORDER_SOURCE_COUNT_DESC);
    cv1::ListClaimsResponse response;
    ASSERT_TRUE(claims_stub_->ListClaims(Context().get(), request, &response).ok());
    for (const cv1::Claim& claim : response.claims()) {
      EXPECT_TRUE(seen.insert(claim.name()).second) << "claim listed twice: " << claim.name();
    }
    token = response.next_page_token();
    ++pages;
  } while (!token.empty() && pages < 100);
  EXPECT_GT(seen.size(), 2u);

  cv1::ListClaimsRequest corroborated;
  corroborated.set_filter("source_count >= 2");
  cv1::ListClaimsResponse response;
  ASSERT_TRUE(claims_stub_->ListClaims(Context().get(), corroborated, &response).ok());
  for (const cv1::Claim& claim : response.claims()) EXPECT_GE(claim.source_count(), 2);
  EXPECT_GE(response.claims_size(), 1);

  cv1::SearchClaimsRequest search;
  search.set_query("voltaris");
  cv1::SearchClaimsResponse found;
  ASSERT_TRUE(claims_stub_->SearchClaims(Context().get(), search, &found).ok());
  EXPECT_GE(found.claims_size(), 1);

  // Reno-based vs Sacramento-based is a contradiction about one company.
  cv1::ListConflictsRequest conflicts_request;
  cv1::ListConflictsResponse conflicts;
  ASSERT_TRUE(claims_stub_->ListConflicts(Context().get(), conflicts_request, &conflicts).ok());
  bool location_conflict = false;
  for (const cv1::Conflict& conflict : conflicts.conflicts()) {
    for (const cv1::Claim& claim : conflict.claims()) {
      if (claim.kind() == cv1::CLAIM_KIND_LOCATION) location_conflict = true;
    }
  }
  EXPECT_TRUE(location_conflict);
}

// The seed corpus: real articles with real layouts. Only general
// invariants, plus the metadata the issue names for the first file.
TEST_F(IngestTraceTest, SeedArticlesIngestWithVerbatimEvidenceAndMetadata) {
  const char* seed_dir = std::getenv("CLAIMTRACE_SEED_DIR");
  if (seed_dir == nullptr || !std::filesystem::is_directory(seed_dir)) {
    GTEST_SKIP() << "CLAIMTRACE_SEED_DIR is not set to the seed articles";
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(seed_dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_FALSE(files.empty());
  StartBoth();
  for (const auto& file : files) {
    const pv1::IngestArticleResponse response = Ingest(ReadFile(file.string()));
    EXPECT_TRUE(response.created()) << file;
    // A title is read wherever the article opens with one; an article that
    // opens with a bullet summary has none to read.
    pv1::ListParagraphsRequest first_paragraph;
    first_paragraph.set_parent(response.article().name());
    first_paragraph.set_page_size(1);
    pv1::ListParagraphsResponse paragraphs;
    ASSERT_TRUE(
        provenance_stub_->ListParagraphs(Context().get(), first_paragraph, &paragraphs).ok());
    ASSERT_EQ(paragraphs.paragraphs_size(), 1);
    if (paragraphs.paragraphs(0).kind() != pv1::PARAGRAPH_KIND_QUOTE_BLOCK) {
      EXPECT_FALSE(response.article().title().empty()) << file;
    }
    ExpectEvidenceIsVerbatim(AllEvidence(response.article().name()));
    if (file == files.front()) {
      EXPECT_THAT(response.article().uri(), HasSubstr("technologyreview.com"));
      EXPECT_EQ(response.article().publish_time().seconds() / 86400, 20112);  // 2025-01-24
    }
  }
  const int64_t before = CountAll();
  for (const auto& file : files) EXPECT_FALSE(Ingest(ReadFile(file.string())).created());
  EXPECT_EQ(CountAll(), before);
}

}  // namespace
}  // namespace claimtrace::testing
