// A table of hostile and odd inputs, each with the exact status it must get,
// and a check that nothing changed (or, for odd-but-valid text, that it was
// stored whole). Real services, real SQLite files.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "tests/integration/service_fixture.h"

namespace claimtrace::testing {
namespace {

namespace pv1 = provenance::v1;
namespace cv1 = claims::v1;

class HostileInputTest : public ServicesTest {
 protected:
  void SetUp() override {
    ServicesTest::SetUp();
    StartBoth();
    ASSERT_TRUE(WaitForHealth(provenance_->address(), "claimtrace.provenance.v1.ProvenanceService",
                              "SERVING", std::chrono::seconds(15)));
    // One real article so reads have something to trip over.
    pv1::IngestArticleRequest request;
    request.set_text("Brightwater Foods said it sold 12,500 tonnes of oats in 2024.\n");
    pv1::IngestArticleResponse response;
    ASSERT_TRUE(provenance_stub_->IngestArticle(Context().get(), request, &response).ok());
    article_ = response.article().name();
  }

  // Articles, evidence and claims, to compare before and after.
  std::string Snapshot() {
    pv1::ListArticlesRequest articles_request;
    articles_request.set_page_size(1000);
    pv1::ListArticlesResponse articles;
    provenance_stub_->ListArticles(Context().get(), articles_request, &articles);
    cv1::ListClaimsRequest claims_request;
    claims_request.set_page_size(1000);
    cv1::ListClaimsResponse claims;
    claims_stub_->ListClaims(Context().get(), claims_request, &claims);
    std::string snapshot;
    for (const auto& a : articles.articles())
      snapshot += a.name() + ":" + std::to_string(a.evidence_count()) + " ";
    for (const auto& c : claims.claims())
      snapshot += c.name() + ":" + std::to_string(c.source_count()) + " ";
    return snapshot;
  }

  grpc::StatusCode IngestCode(const std::string& text,
                              std::chrono::seconds timeout = std::chrono::seconds(30)) {
    pv1::IngestArticleRequest request;
    request.set_text(text);
    pv1::IngestArticleResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + timeout);
    return provenance_stub_->IngestArticle(&context, request, &response).error_code();
  }

  std::string article_;
};

TEST_F(HostileInputTest, RejectedArticlesChangeNothing) {
  struct Case {
    std::string name;
    std::string text;
    grpc::StatusCode want;
  };
  const std::vector<Case> cases = {
      {"empty", "", grpc::StatusCode::INVALID_ARGUMENT},
      {"whitespace only", " \n\r\n\t \n", grpc::StatusCode::INVALID_ARGUMENT},
      {"NUL byte", std::string("Valid start\0then NUL", 20), grpc::StatusCode::INVALID_ARGUMENT},
      // Above the 8 MiB article limit but inside the message limit: the
      // service itself refuses it, naming the field.
      {"over the article limit", std::string(8 * 1024 * 1024 + 10, 'a'),
       grpc::StatusCode::INVALID_ARGUMENT},
      // 50 MB: gRPC refuses the message before it reaches the service.
      {"50 MB", std::string(50 * 1000 * 1000, 'b'), grpc::StatusCode::RESOURCE_EXHAUSTED},
  };
  const std::string before = Snapshot();
  for (const Case& c : cases) EXPECT_EQ(IngestCode(c.text), c.want) << c.name;
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(HealthStatus(provenance_->address(), ""), "SERVING");  // unharmed
}

TEST_F(HostileInputTest, OddButValidArticlesAreStoredWhole) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"1 MB single line", std::string(1 << 20, 'x')},
      {"deeply nested Markdown", std::string(5000, '>') + " " + std::string(5000, '[') + "quote" +
                                     std::string(5000, ']') + "\n\n" + std::string(3000, '#') +
                                     " deep\n"},
      {"only boilerplate", "Advertisement\n\nShare this article\n\nPhoto: Jane Roe / Agency\n"},
      {"only numbers", "1 2 3 4 5 6 7 8 9 10\n\n3.14159 2.71828 1,000,000\n\n2024 2025 2026\n"},
      {"right-to-left",
       "\xD7\x94\xD7\x9E\xD7\xA9\xD7\xA8\xD7\x93 \xD7\x90\xD7\x9E\xD7\xA8 \xD7\xA9-40% "
       "\xD7\x9E\xD7\x94\xD7\x9E\xD7\x99\xD7\x9C\xD7\x99\xD7\x9D.\n\n"
       "\xD8\xA7\xD9\x84\xD8\xB4\xD8\xB1\xD9\x83\xD8\xA9 \xD8\xA8\xD8\xA7\xD8\xB9\xD8\xAA 500 "
       "\xD8\xB3\xD9\x8A\xD8\xA7\xD8\xB1\xD8\xA9.\n"},
      {"CJK",
       "\xE5\x85\xAC\xE5\x8F\xB8\xE8\xA1\xA8\xE7\xA4\xBA\xEF\xBC\x8C\xE4\xBB\x8A\xE5\xB9\xB4\xE9"
       "\x94\x80"
       "\xE5\x94\xAE\xE4\xBA\x86 3,000 \xE5\x8F\xB0\xE3\x80\x82\n\nThe firm said revenue rose 12% "
       "in 2024.\n"},
  };
  for (const auto& [name, text] : cases) {
    pv1::IngestArticleRequest request;
    request.set_text(text);
    pv1::IngestArticleResponse response;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    const grpc::Status status = provenance_stub_->IngestArticle(&context, request, &response);
    ASSERT_TRUE(status.ok()) << name << ": " << status.error_message();
    pv1::VerifyArticleRequest verify_request;
    verify_request.set_name(response.article().name());
    pv1::VerifyArticleResponse verify;
    ASSERT_TRUE(provenance_stub_->VerifyArticle(Context().get(), verify_request, &verify).ok());
    EXPECT_TRUE(verify.ok()) << name;
    EXPECT_GT(verify.paragraphs_checked(), 0) << name;
  }
}

TEST_F(HostileInputTest, HostileReadsGetPreciseStatuses) {
  const std::string before = Snapshot();
  auto get_claim = [&](const std::string& name) {
    cv1::GetClaimRequest request;
    request.set_name(name);
    cv1::Claim claim;
    return claims_stub_->GetClaim(Context().get(), request, &claim).error_code();
  };
  EXPECT_EQ(get_claim(""), grpc::StatusCode::INVALID_ARGUMENT);  // missing
  EXPECT_EQ(get_claim("claims/"), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(get_claim("claims/0123456789ABCDEF"), grpc::StatusCode::INVALID_ARGUMENT);  // case
  EXPECT_EQ(get_claim("claims/0123456789abcdef/x"), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(get_claim("articles/0123456789abcdef"), grpc::StatusCode::INVALID_ARGUMENT);  // foreign
  EXPECT_EQ(get_claim("claims/' OR 1=1 --"), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(get_claim("claims/0123456789abcdef"), grpc::StatusCode::NOT_FOUND);

  auto list_claims = [&](int page_size, const std::string& token, const std::string& filter,
                         int order = 0) {
    cv1::ListClaimsRequest request;
    request.set_page_size(page_size);
    request.set_page_token(token);
    request.set_filter(filter);
    request.set_order_by(static_cast<cv1::ClaimOrder>(order));
    cv1::ListClaimsResponse response;
    return claims_stub_->ListClaims(Context().get(), request, &response).error_code();
  };
  EXPECT_EQ(list_claims(-5, "", ""), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(list_claims(2000000000, "", ""), grpc::StatusCode::OK);  // clamped
  EXPECT_EQ(list_claims(0, "%%%not-base64%%%", ""), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(list_claims(0, std::string(10000, 'A'), ""), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(list_claims(0, "", "subject = \"x\" OR 1=1"), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(list_claims(0, "", "subject = \"x\"; DELETE FROM claims"),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(list_claims(0, "", "subject = \"'); DROP TABLE claims; --\""), grpc::StatusCode::OK);
  EXPECT_EQ(list_claims(0, "", "kind = NOT_A_KIND"), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(list_claims(0, "", "", 99), grpc::StatusCode::INVALID_ARGUMENT);  // unknown enum

  // A token minted for one filter is refused for another.
  cv1::ListClaimsRequest paged;
  paged.set_page_size(1);
  cv1::ListClaimsResponse first_page;
  ASSERT_TRUE(claims_stub_->ListClaims(Context().get(), paged, &first_page).ok());
  if (!first_page.next_page_token().empty()) {
    EXPECT_EQ(list_claims(1, first_page.next_page_token(), "kind = QUANTITY"),
              grpc::StatusCode::INVALID_ARGUMENT);
    std::string tampered = first_page.next_page_token();
    tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
    EXPECT_EQ(list_claims(1, tampered, ""), grpc::StatusCode::INVALID_ARGUMENT);
  }

  cv1::SearchClaimsRequest search;
  search.set_query("\"unbalanced AND (NEAR OR * ^ -");
  cv1::SearchClaimsResponse found;
  EXPECT_EQ(claims_stub_->SearchClaims(Context().get(), search, &found).error_code(),
            grpc::StatusCode::OK);
  search.set_query("*** ((( )))");
  EXPECT_EQ(claims_stub_->SearchClaims(Context().get(), search, &found).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  pv1::GetParagraphRequest paragraph;
  paragraph.set_name(article_ + "/paragraphs/-1");
  pv1::Paragraph p;
  EXPECT_EQ(provenance_stub_->GetParagraph(Context().get(), paragraph, &p).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  paragraph.set_name(article_ + "/paragraphs/99999");
  EXPECT_EQ(provenance_stub_->GetParagraph(Context().get(), paragraph, &p).error_code(),
            grpc::StatusCode::NOT_FOUND);
  pv1::TraceClaimRequest trace;
  trace.set_claim("claims/0123456789abcdef");
  trace.set_page_size(-1);
  pv1::TraceClaimResponse traced;
  EXPECT_EQ(provenance_stub_->TraceClaim(Context().get(), trace, &traced).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  pv1::ListEvidenceRequest evidence;  // neither parent nor claim
  pv1::ListEvidenceResponse evidence_response;
  EXPECT_EQ(
      provenance_stub_->ListEvidence(Context().get(), evidence, &evidence_response).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);

  // An already expired deadline never reaches the handler.
  grpc::ClientContext expired;
  expired.set_deadline(std::chrono::system_clock::now() - std::chrono::seconds(1));
  pv1::ListArticlesRequest list;
  pv1::ListArticlesResponse articles;
  EXPECT_EQ(provenance_stub_->ListArticles(&expired, list, &articles).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);

  EXPECT_EQ(Snapshot(), before);
}

}  // namespace
}  // namespace claimtrace::testing
