// claimtrace.provenance.v1.ProvenanceService over gRPC's callback API.
// Validates requests, calls ArticleIngestor / ArticleStore and
// claims_service (asynchronously, never blocking a server thread on it),
// and maps results to messages.
#ifndef CLAIMTRACE_PROVENANCE_SERVICE_PROVENANCE_GRPC_SERVICE_H_
#define CLAIMTRACE_PROVENANCE_SERVICE_PROVENANCE_GRPC_SERVICE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "claimtrace/provenance/v1/provenance_service.grpc.pb.h"
#include "common/observed_call.h"
#include "provenance_service/article_ingestor.h"
#include "provenance_service/article_store.h"
#include "provenance_service/claims_client.h"

namespace claimtrace::provenance {

// Decodes an IngestArticleRequest from its wire bytes without protobuf's
// UTF-8 check, then checks every string field itself: INVALID_ARGUMENT
// naming the field (e.g. "text") with the offset of the first bad byte.
absl::StatusOr<v1::IngestArticleRequest> DecodeIngestArticleRequest(const std::string& wire);

struct ProvenanceServiceOptions {
  // Deadline for each call to claims_service (shortened to the incoming
  // call's deadline when that is sooner).
  absl::Duration claims_timeout = absl::Seconds(30);
};

// IngestArticle is served from raw bytes: protobuf refuses to parse a
// string field holding invalid UTF-8, which would surface as an opaque
// INTERNAL error; decoding it ourselves lets us answer INVALID_ARGUMENT
// naming the field, as for any other bad text. TraceClaim is too, so that
// its reply can reuse each stored trace's encoding (see TraceClaim).
class ProvenanceGrpcService final : public v1::ProvenanceService::WithRawCallbackMethod_TraceClaim<
                                        v1::ProvenanceService::WithRawCallbackMethod_IngestArticle<
                                            v1::ProvenanceService::CallbackService>> {
 public:
  // All pointers must outlive the service.
  ProvenanceGrpcService(const ArticleIngestor* ingestor, ArticleStore* store, ClaimsClient* claims,
                        common::CallObserver* calls, ProvenanceServiceOptions options);

  grpc::ServerUnaryReactor* IngestArticle(grpc::CallbackServerContext* context,
                                          const grpc::ByteBuffer* request,
                                          grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetArticle(grpc::CallbackServerContext* context,
                                       const v1::GetArticleRequest* request,
                                       v1::Article* response) override;
  grpc::ServerUnaryReactor* ListArticles(grpc::CallbackServerContext* context,
                                         const v1::ListArticlesRequest* request,
                                         v1::ListArticlesResponse* response) override;
  grpc::ServerUnaryReactor* GetParagraph(grpc::CallbackServerContext* context,
                                         const v1::GetParagraphRequest* request,
                                         v1::Paragraph* response) override;
  grpc::ServerUnaryReactor* ListParagraphs(grpc::CallbackServerContext* context,
                                           const v1::ListParagraphsRequest* request,
                                           v1::ListParagraphsResponse* response) override;
  grpc::ServerUnaryReactor* ListEvidence(grpc::CallbackServerContext* context,
                                         const v1::ListEvidenceRequest* request,
                                         v1::ListEvidenceResponse* response) override;
  grpc::ServerUnaryReactor* TraceClaim(grpc::CallbackServerContext* context,
                                       const grpc::ByteBuffer* request,
                                       grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* VerifyArticle(grpc::CallbackServerContext* context,
                                          const v1::VerifyArticleRequest* request,
                                          v1::VerifyArticleResponse* response) override;

 private:
  struct PendingTrace;
  // Takes the traced claim from the claims client's copies, or fetches it
  // (`refetch`: from claims_service itself), then answers with AnswerTrace.
  void FetchClaimThenTrace(std::shared_ptr<PendingTrace> pending, bool refetch);
  // Reads the claim's evidence and replies with the claim (`kept`, or the
  // one fetched into `pending`) and its sources; a claim copy that counts
  // fewer articles than the evidence cites is fetched again, once.
  void AnswerTrace(std::shared_ptr<PendingTrace> pending, std::shared_ptr<const KeptClaim> kept,
                   bool refetched);

  const ArticleIngestor* ingestor_;
  ArticleStore* store_;
  ClaimsClient* claims_;
  common::CallObserver* calls_;
  ProvenanceServiceOptions options_;
};

}  // namespace claimtrace::provenance

#endif  // CLAIMTRACE_PROVENANCE_SERVICE_PROVENANCE_GRPC_SERVICE_H_
