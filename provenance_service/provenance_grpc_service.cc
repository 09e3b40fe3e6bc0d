#include "provenance_service/provenance_grpc_service.h"

#include <memory>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/grpc_status.h"
#include "common/list_filter.h"
#include "common/page_token.h"
#include "common/raw_messages.h"
#include "common/status_util.h"
#include "google/protobuf/unknown_field_set.h"
#include "provenance_service/article_verifier.h"
#include "provenance_service/provenance_proto.h"

namespace claimtrace::provenance {
namespace {

// Full method names, for logs and metrics.
constexpr std::string_view kIngestArticleMethod =
    "/claimtrace.provenance.v1.ProvenanceService/IngestArticle";
constexpr std::string_view kGetArticleMethod =
    "/claimtrace.provenance.v1.ProvenanceService/GetArticle";
constexpr std::string_view kListArticlesMethod =
    "/claimtrace.provenance.v1.ProvenanceService/ListArticles";
constexpr std::string_view kGetParagraphMethod =
    "/claimtrace.provenance.v1.ProvenanceService/GetParagraph";
constexpr std::string_view kListParagraphsMethod =
    "/claimtrace.provenance.v1.ProvenanceService/ListParagraphs";
constexpr std::string_view kListEvidenceMethod =
    "/claimtrace.provenance.v1.ProvenanceService/ListEvidence";
constexpr std::string_view kTraceClaimMethod =
    "/claimtrace.provenance.v1.ProvenanceService/TraceClaim";
constexpr std::string_view kVerifyArticleMethod =
    "/claimtrace.provenance.v1.ProvenanceService/VerifyArticle";

using common::FieldViolation;

// A failed downstream call, reported with the same code and where it failed.
grpc::Status ClaimsServiceError(const grpc::Status& status) {
  return grpc::Status(status.error_code(),
                      absl::StrCat("claims_service: ", status.error_message()));
}

ArticleMetadata GivenMetadata(const v1::IngestArticleRequest& request) {
  ArticleMetadata given;
  given.uri = request.uri();
  given.title = request.title();
  given.publisher = request.publisher();
  given.language = request.language();
  if (request.has_publish_time()) given.publish_time = FromProto(request.publish_time());
  return given;
}

// State of one IngestArticle while claims_service extracts.
struct PendingIngest {
  std::unique_ptr<grpc::ClientContext> context;
  claims::v1::ExtractClaimsRequest request;
  claims::v1::ExtractClaimsResponse response;
  ArticleRecord record;
};

}  // namespace

ProvenanceGrpcService::ProvenanceGrpcService(const ArticleIngestor* ingestor, ArticleStore* store,
                                             ClaimsClient* claims, common::CallObserver* calls,
                                             ProvenanceServiceOptions options)
    : ingestor_(ingestor), store_(store), claims_(claims), calls_(calls), options_(options) {}

absl::StatusOr<v1::IngestArticleRequest> DecodeIngestArticleRequest(const std::string& wire) {
  google::protobuf::UnknownFieldSet fields;
  if (!fields.ParseFromString(wire)) {
    return absl::InvalidArgumentError("request is not a valid IngestArticleRequest");
  }
  v1::IngestArticleRequest request;
  const google::protobuf::Descriptor* descriptor = request.GetDescriptor();
  const google::protobuf::Reflection* reflection = request.GetReflection();
  for (int i = 0; i < fields.field_count(); ++i) {
    const google::protobuf::UnknownField& field = fields.field(i);
    const google::protobuf::FieldDescriptor* fd = descriptor->FindFieldByNumber(field.number());
    if (fd == nullptr) continue;  // a newer client's field: ignore, as protobuf would
    if (field.type() != google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED) {
      return FieldViolation(fd->name(), "has the wrong wire type");
    }
    const std::string& bytes = field.length_delimited();
    if (fd->type() == google::protobuf::FieldDescriptor::TYPE_STRING) {
      CLAIMTRACE_RETURN_IF_ERROR(common::CheckUtf8Field(fd->name(), bytes));
      reflection->SetString(&request, fd, bytes);
    } else if (fd->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE) {
      if (!reflection->MutableMessage(&request, fd)->ParseFromString(bytes)) {
        return FieldViolation(fd->name(), "is not a valid message");
      }
    }
  }
  return request;
}

namespace {

// One IngestArticle in flight: owns the decoded request and the response
// until the call finishes.
struct IngestCall {
  std::unique_ptr<common::ObservedCall> observed;
  v1::IngestArticleRequest request;
  v1::IngestArticleResponse response;
  grpc::ByteBuffer* wire_response = nullptr;

  void Finish(const grpc::Status& status) {
    if (status.ok()) {
      const std::string bytes = response.SerializeAsString();
      grpc::Slice slice(bytes);
      *wire_response = grpc::ByteBuffer(&slice, 1);
    }
    observed->Finish(status);
  }
};

}  // namespace

grpc::ServerUnaryReactor* ProvenanceGrpcService::IngestArticle(grpc::CallbackServerContext* context,
                                                               const grpc::ByteBuffer* wire_request,
                                                               grpc::ByteBuffer* wire_response) {
  auto call = std::make_shared<IngestCall>();
  call->observed = calls_->Begin(context, kIngestArticleMethod, common::Access::kWrite);
  grpc::ServerUnaryReactor* reactor = call->observed->reactor();
  call->wire_response = wire_response;
  if (!call->observed->admitted()) {
    call->Finish(common::ToGrpcStatus(call->observed->admission()));
    return reactor;
  }
  std::string wire;
  {
    std::vector<grpc::Slice> slices;
    if (!wire_request->Dump(&slices).ok()) {
      call->Finish(grpc::Status(grpc::StatusCode::INTERNAL, "cannot read request"));
      return reactor;
    }
    for (const grpc::Slice& slice : slices) {
      wire.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
    }
  }
  absl::StatusOr<v1::IngestArticleRequest> decoded = DecodeIngestArticleRequest(wire);
  if (!decoded.ok()) {
    call->Finish(common::ToGrpcStatus(decoded.status()));
    return reactor;
  }
  call->request = *std::move(decoded);
  const v1::IngestArticleRequest* request = &call->request;
  v1::IngestArticleResponse* response = &call->response;

  if (request->request_id().size() > 128) {
    call->Finish(common::ToGrpcStatus(FieldViolation("request_id", "longer than 128 bytes")));
    return reactor;
  }
  absl::StatusOr<ArticleRecord> prepared =
      ingestor_->Prepare(request->text(), GivenMetadata(*request));
  if (!prepared.ok()) {
    call->Finish(common::ToGrpcStatus(prepared.status()));
    return reactor;
  }
  // Content addressing: the same text is the same article, already stored.
  absl::StatusOr<bool> exists = store_->HasArticle(prepared->id);
  if (!exists.ok() || *exists) {
    absl::Status status = exists.status();
    if (status.ok()) {
      absl::StatusOr<ArticleRecord> stored = store_->GetArticle(prepared->id);
      status = stored.status();
      if (stored.ok()) {
        ToProto(*stored, response->mutable_article());
        response->set_created(false);
        response->set_evidence_count(stored->evidence_count);
        absl::StatusOr<int> claim_count = store_->CountClaimsOfArticle(prepared->id);
        status = claim_count.status();
        if (claim_count.ok()) response->set_claim_count(*claim_count);
      }
    }
    call->Finish(common::ToGrpcStatus(status));
    return reactor;
  }

  auto pending = std::make_shared<PendingIngest>();
  pending->record = *std::move(prepared);
  pending->request.set_article(ArticleName(pending->record.id));
  claims::v1::ArticleContext* article_context = pending->request.mutable_context();
  const ArticleMetadata& metadata = pending->record.metadata;
  article_context->set_title(metadata.title);
  article_context->set_publisher(metadata.publisher);
  article_context->set_uri(metadata.uri);
  if (metadata.publish_time)
    ToProto(*metadata.publish_time, article_context->mutable_publish_time());
  for (const ParsedParagraph& paragraph : pending->record.paragraphs) {
    if (!IsExtractable(paragraph.kind)) continue;
    claims::v1::ParagraphText* out = pending->request.add_paragraphs();
    out->set_index(paragraph.index);
    out->set_text(paragraph.text);
  }

  // Stores the article with the mentions claims_service found (or none).
  auto commit = [this, pending, call]() -> absl::Status {
    std::vector<ClaimMentionInput> mentions;
    std::set<std::string> claim_ids;
    for (const claims::v1::ClaimMention& m : pending->response.mentions()) {
      CLAIMTRACE_ASSIGN_OR_RETURN(std::string claim_id,
                                  ParseClaimId(m.claim().name(), "claim.name"));
      claim_ids.insert(claim_id);
      mentions.push_back({claim_id,
                          m.paragraph_index(),
                          m.start_offset(),
                          m.end_offset(),
                          {m.claimant().id(), m.claimant().name(), m.claimant().affiliation()},
                          m.cue(),
                          m.method()});
    }
    CLAIMTRACE_RETURN_IF_ERROR(ingestor_->AttachEvidence(pending->record, mentions));
    // A caller that has given up was (or will be) told DEADLINE_EXCEEDED or
    // CANCELLED: store nothing, so that what it was told holds. (Its retry
    // finds the claims already recorded: ExtractClaims is idempotent.)
    if (call->observed->CallerGone()) {
      return absl::DeadlineExceededError("the caller gave up before the article was stored");
    }
    CLAIMTRACE_ASSIGN_OR_RETURN(bool created,
                                store_->Insert(pending->record, call->request.request_id()));
    CLAIMTRACE_ASSIGN_OR_RETURN(ArticleRecord stored, store_->GetArticle(pending->record.id));
    ToProto(stored, call->response.mutable_article());
    call->response.set_created(created);
    call->response.set_claim_count(static_cast<int>(claim_ids.size()));
    call->response.set_evidence_count(stored.evidence_count);
    return absl::OkStatus();
  };

  if (pending->request.paragraphs().empty()) {  // nothing to read: no claims
    call->Finish(common::ToGrpcStatus(commit()));
    return reactor;
  }
  pending->context = call->observed->DownstreamContext(options_.claims_timeout);
  claims_->ExtractClaims(pending->context.get(), &pending->request, &pending->response,
                         [call, pending, commit](grpc::Status status) {
                           if (!status.ok()) {
                             call->Finish(ClaimsServiceError(status));
                             return;
                           }
                           call->Finish(common::ToGrpcStatus(commit()));
                         });
  return reactor;
}

grpc::ServerUnaryReactor* ProvenanceGrpcService::GetArticle(grpc::CallbackServerContext* context,
                                                            const v1::GetArticleRequest* request,
                                                            v1::Article* response) {
  return calls_->Serve(context, kGetArticleMethod, common::Access::kRead, [&]() -> absl::Status {
    CLAIMTRACE_ASSIGN_OR_RETURN(std::string id, ParseArticleName(request->name(), "name"));
    CLAIMTRACE_ASSIGN_OR_RETURN(ArticleRecord article, store_->GetArticle(id));
    ToProto(article, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ProvenanceGrpcService::ListArticles(
    grpc::CallbackServerContext* context, const v1::ListArticlesRequest* request,
    v1::ListArticlesResponse* response) {
  return calls_->Serve(context, kListArticlesMethod, common::Access::kRead, [&]() -> absl::Status {
    CLAIMTRACE_ASSIGN_OR_RETURN(int page_size,
                                common::ResolvePageSize(request->page_size(), 50, 1000));
    static const auto* fields =
        new std::vector<common::FilterField>{{"publisher", {"="}}, {"uri", {"="}}};
    CLAIMTRACE_ASSIGN_OR_RETURN(std::vector<common::FilterTerm> terms,
                                common::ParseListFilter(request->filter(), *fields));
    ArticleQuery query;
    for (const common::FilterTerm& term : terms) {
      (term.field == "publisher" ? query.publisher : query.uri) = term.value;
    }
    const std::string fingerprint = absl::StrCat("ListArticles\n", request->filter());
    CLAIMTRACE_ASSIGN_OR_RETURN(common::PagePosition position,
                                common::DecodePageToken(request->page_token(), fingerprint));
    CLAIMTRACE_ASSIGN_OR_RETURN(std::vector<ArticleRecord> articles,
                                store_->ListArticles(query, position.offset, page_size + 1));
    const bool more = static_cast<int>(articles.size()) > page_size;
    if (more) articles.pop_back();
    for (const ArticleRecord& article : articles) ToProto(article, response->add_articles());
    if (more) {
      response->set_next_page_token(
          common::EncodePageToken(fingerprint, {position.offset + page_size, ""}));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ProvenanceGrpcService::GetParagraph(
    grpc::CallbackServerContext* context, const v1::GetParagraphRequest* request,
    v1::Paragraph* response) {
  return calls_->Serve(context, kGetParagraphMethod, common::Access::kRead, [&]() -> absl::Status {
    CLAIMTRACE_ASSIGN_OR_RETURN(auto name, ParseParagraphName(request->name(), "name"));
    CLAIMTRACE_ASSIGN_OR_RETURN(ParsedParagraph paragraph,
                                store_->GetParagraph(name.first, name.second));
    ToProto(name.first, paragraph, response);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ProvenanceGrpcService::ListParagraphs(
    grpc::CallbackServerContext* context, const v1::ListParagraphsRequest* request,
    v1::ListParagraphsResponse* response) {
  return calls_->Serve(
      context, kListParagraphsMethod, common::Access::kRead, [&]() -> absl::Status {
        CLAIMTRACE_ASSIGN_OR_RETURN(std::string id, ParseArticleName(request->parent(), "parent"));
        CLAIMTRACE_ASSIGN_OR_RETURN(int page_size,
                                    common::ResolvePageSize(request->page_size(), 100, 1000));
        const std::string fingerprint = absl::StrCat("ListParagraphs\n", request->parent());
        CLAIMTRACE_ASSIGN_OR_RETURN(common::PagePosition position,
                                    common::DecodePageToken(request->page_token(), fingerprint));
        if (request->page_token().empty()) {
          CLAIMTRACE_RETURN_IF_ERROR(
              store_->GetArticle(id).status());  // NOT_FOUND for unknown parents
        }
        const int after = request->page_token().empty() ? -1 : static_cast<int>(position.offset);
        CLAIMTRACE_ASSIGN_OR_RETURN(std::vector<ParsedParagraph> paragraphs,
                                    store_->ListParagraphs(id, after, page_size + 1));
        const bool more = static_cast<int>(paragraphs.size()) > page_size;
        if (more) paragraphs.pop_back();
        for (const ParsedParagraph& p : paragraphs) ToProto(id, p, response->add_paragraphs());
        if (more) {
          response->set_next_page_token(
              common::EncodePageToken(fingerprint, {paragraphs.back().index, ""}));
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ProvenanceGrpcService::ListEvidence(
    grpc::CallbackServerContext* context, const v1::ListEvidenceRequest* request,
    v1::ListEvidenceResponse* response) {
  return calls_->Serve(context, kListEvidenceMethod, common::Access::kRead, [&]() -> absl::Status {
    CLAIMTRACE_ASSIGN_OR_RETURN(int page_size,
                                common::ResolvePageSize(request->page_size(), 100, 1000));
    std::string article_id;
    int paragraph_index = -1;
    std::string claim_id;
    if (request->parent().empty() && request->claim().empty()) {
      return FieldViolation("parent",
                            "set parent (an article, a paragraph, or articles/-) or claim");
    }
    if (!request->parent().empty() && request->parent() != "articles/-") {
      if (request->parent().find("/paragraphs/") != std::string::npos) {
        CLAIMTRACE_ASSIGN_OR_RETURN(auto name, ParseParagraphName(request->parent(), "parent"));
        article_id = name.first;
        paragraph_index = name.second;
      } else {
        CLAIMTRACE_ASSIGN_OR_RETURN(article_id, ParseArticleName(request->parent(), "parent"));
      }
    }
    if (!request->claim().empty()) {
      CLAIMTRACE_ASSIGN_OR_RETURN(claim_id, ParseClaimId(request->claim(), "claim"));
    }
    const std::string fingerprint =
        absl::StrCat("ListEvidence\n", request->parent(), "\n", request->claim());
    CLAIMTRACE_ASSIGN_OR_RETURN(common::PagePosition position,
                                common::DecodePageToken(request->page_token(), fingerprint));
    if (!article_id.empty() && request->page_token().empty()) {
      CLAIMTRACE_RETURN_IF_ERROR(store_->GetArticle(article_id).status());
      if (paragraph_index >= 0) {
        CLAIMTRACE_RETURN_IF_ERROR(store_->GetParagraph(article_id, paragraph_index).status());
      }
    }
    CLAIMTRACE_ASSIGN_OR_RETURN(std::vector<EvidenceRecord> evidence,
                                store_->ListEvidence(article_id, paragraph_index, claim_id,
                                                     position.last_key, page_size + 1));
    const bool more = static_cast<int>(evidence.size()) > page_size;
    if (more) evidence.pop_back();
    for (const EvidenceRecord& e : evidence) ToProto(e, response->add_evidence());
    if (more) {
      response->set_next_page_token(
          common::EncodePageToken(fingerprint, {0, EvidenceKey(evidence.back())}));
    }
    return absl::OkStatus();
  });
}

struct ProvenanceGrpcService::PendingTrace {
  std::unique_ptr<common::ObservedCall> call;
  grpc::ByteBuffer* reply = nullptr;
  int page_size = 100;
  // The first GetClaim's, and the refetch's: a context lives until the
  // whole trace is done, never freed inside its own call's callback.
  std::unique_ptr<grpc::ClientContext> contexts[2];
  claims::v1::GetClaimRequest request;
  claims::v1::Claim claim;
  std::string claim_id;
};

namespace {

// The sources of a trace as they appear in a TraceClaimResponse: each a
// `sources` field (2). Made once per stored trace and shared by its replies.
std::string EncodeTraceSources(const ClaimTrace& trace) {
  v1::TraceClaimResponse sources_only;
  for (const TracedEvidence& t : trace.sources) {
    v1::TraceSource* source = sources_only.add_sources();
    ToProto(t.evidence, source->mutable_evidence());
    ToProto(t.article, source->mutable_article());
    ToProto(t.evidence.article_id, t.paragraph, source->mutable_paragraph());
  }
  return sources_only.SerializeAsString();
}

}  // namespace

// TraceClaim is served from raw bytes: the reply is the claim (encoded per
// call; it is small) followed by the trace's sources, encoded once per
// stored trace and sent without a copy. Building and serialising the
// sources (paragraphs of a few KB each) per call was most of a TraceClaim.
grpc::ServerUnaryReactor* ProvenanceGrpcService::TraceClaim(grpc::CallbackServerContext* context,
                                                            const grpc::ByteBuffer* wire_request,
                                                            grpc::ByteBuffer* wire_response) {
  auto pending = std::make_shared<PendingTrace>();
  pending->call = calls_->Begin(context, kTraceClaimMethod, common::Access::kRead);
  pending->reply = wire_response;
  common::ObservedCall* call = pending->call.get();
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->admitted()) {
    call->Finish(call->admission());
    return reactor;
  }
  v1::TraceClaimRequest request;
  const absl::Status parsed = common::ParseRawRequest(*wire_request, &request);
  absl::StatusOr<int> page_size =
      parsed.ok() ? common::ResolvePageSize(request.page_size(), 100, 1000) : parsed;
  absl::StatusOr<std::string> claim_id =
      page_size.ok() ? ParseClaimId(request.claim(), "claim") : page_size.status();
  if (!claim_id.ok()) {
    call->Finish(claim_id.status());
    return reactor;
  }
  pending->claim_id = *claim_id;
  pending->page_size = *page_size;
  pending->request.set_name(request.claim());
  FetchClaimThenTrace(std::move(pending), /*refetch=*/false);
  return reactor;
}

void ProvenanceGrpcService::FetchClaimThenTrace(std::shared_ptr<PendingTrace> pending,
                                                bool refetch) {
  if (refetch) {
    claims_->Forget(pending->request.name());
    pending->claim.Clear();
  } else if (std::shared_ptr<const KeptClaim> kept = claims_->FindKept(pending->request.name())) {
    AnswerTrace(std::move(pending), std::move(kept), /*refetched=*/false);
    return;
  }
  std::unique_ptr<grpc::ClientContext>& slot = pending->contexts[refetch ? 1 : 0];
  slot = pending->call->DownstreamContext(options_.claims_timeout);
  grpc::ClientContext* context = slot.get();
  const claims::v1::GetClaimRequest* request = &pending->request;
  claims::v1::Claim* claim = &pending->claim;
  claims_->GetClaim(
      context, request, claim,
      [this, pending = std::move(pending), refetch](grpc::Status status) mutable {
        if (!status.ok()) {
          pending->call->Finish(
              status.error_code() == grpc::StatusCode::NOT_FOUND
                  ? grpc::Status(grpc::StatusCode::NOT_FOUND,
                                 absl::StrCat("claim \"", pending->request.name(), "\" not found"))
                  : ClaimsServiceError(status));
          return;
        }
        AnswerTrace(std::move(pending), nullptr, refetch);
      });
}

void ProvenanceGrpcService::AnswerTrace(std::shared_ptr<PendingTrace> pending,
                                        std::shared_ptr<const KeptClaim> kept, bool refetched) {
  common::ObservedCall* call = pending->call.get();
  const claims::v1::Claim& claim = kept ? kept->claim : pending->claim;
  absl::StatusOr<std::shared_ptr<const ClaimTrace>> trace =
      store_->TraceClaim(pending->claim_id, pending->page_size);
  if (!trace.ok()) {
    call->Finish(trace.status());
    return;
  }
  // The evidence says which articles cite the claim; the claim's copy may be
  // older (kept by the claims client while another replica recorded a new
  // source). Sources are only ever added, so a copy counting fewer articles
  // than this page of evidence cites is stale: it is fetched once more from
  // claims_service itself. (A count above the evidence's is no sign:
  // claims_service also counts articles recorded through ExtractClaims by
  // other callers.)
  if (!refetched && (*trace)->cited_articles > claim.source_count()) {
    FetchClaimThenTrace(std::move(pending), /*refetch=*/true);
    return;
  }
  const auto claim_field = [&] {
    std::string field;
    common::AppendMessageField(v1::TraceClaimResponse::kClaimFieldNumber, claim, &field);
    return field;
  };
  grpc::Slice claim_slice;
  if (kept) {
    const std::string& field = kept->encoded.Get(claim_field);
    claim_slice = common::SliceSharing(std::move(kept), field);
  } else {
    claim_slice = grpc::Slice(claim_field());
  }
  const std::string& sources = (*trace)->encoded.Get([&] { return EncodeTraceSources(**trace); });
  grpc::Slice slices[2] = {std::move(claim_slice),
                           common::SliceSharing(*std::move(trace), sources)};
  *pending->reply = grpc::ByteBuffer(slices, sources.empty() ? 1 : 2);
  call->Finish(grpc::Status::OK);
}

grpc::ServerUnaryReactor* ProvenanceGrpcService::VerifyArticle(
    grpc::CallbackServerContext* context, const v1::VerifyArticleRequest* request,
    v1::VerifyArticleResponse* response) {
  return calls_->Serve(context, kVerifyArticleMethod, common::Access::kRead, [&]() -> absl::Status {
    CLAIMTRACE_ASSIGN_OR_RETURN(std::string id, ParseArticleName(request->name(), "name"));
    CLAIMTRACE_ASSIGN_OR_RETURN(ArticleRecord article, store_->GetArticleWithContent(id));
    const VerificationReport report = VerifyArticleRecord(article);
    response->set_ok(report.ok());
    response->set_paragraphs_checked(report.paragraphs_checked);
    response->set_evidence_checked(report.evidence_checked);
    for (const VerificationProblem& problem : report.problems) {
      v1::VerificationProblem* out = response->add_problems();
      out->set_resource(problem.resource);
      out->set_description(problem.description);
    }
    return absl::OkStatus();
  });
}

}  // namespace claimtrace::provenance
