#include "claims_service/claims_grpc_service.h"

#include <unordered_map>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "claims_service/claim_proto.h"
#include "claims_service/conflict_finder.h"
#include "common/grpc_status.h"
#include "common/list_filter.h"
#include "common/page_token.h"
#include "common/raw_messages.h"
#include "common/status_util.h"
#include "common/utf8.h"

namespace claimtrace::claims {
namespace {

// Full method names, for logs and metrics.
constexpr std::string_view kExtractClaimsMethod =
    "/claimtrace.claims.v1.ClaimsService/ExtractClaims";
constexpr std::string_view kGetClaimMethod = "/claimtrace.claims.v1.ClaimsService/GetClaim";
constexpr std::string_view kBatchGetClaimsMethod =
    "/claimtrace.claims.v1.ClaimsService/BatchGetClaims";
constexpr std::string_view kListClaimsMethod = "/claimtrace.claims.v1.ClaimsService/ListClaims";
constexpr std::string_view kSearchClaimsMethod = "/claimtrace.claims.v1.ClaimsService/SearchClaims";
constexpr std::string_view kListConflictsMethod =
    "/claimtrace.claims.v1.ClaimsService/ListConflicts";

using common::FieldViolation;

constexpr int kMaxParagraphs = 20000;
constexpr int kMaxBatchGet = 1000;

absl::Status ValidateArticleName(std::string_view name) {
  const absl::string_view n(name.data(), name.size());
  if (n.empty()) return FieldViolation("article", "is required");
  if (!absl::StartsWith(n, "articles/") || n.size() == 9 || n.size() > 9 + 64) {
    return FieldViolation("article", "must look like articles/{article}");
  }
  for (const char c : n.substr(9)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-')) {
      return FieldViolation("article", "article id may hold only a-z, 0-9 and '-'");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<ClaimQuery> ParseClaimQuery(const v1::ListClaimsRequest& request) {
  static const auto* fields = new std::vector<common::FilterField>{
      {"subject", {"="}},  {"predicate", {"="}}, {"kind", {"="}},
      {"claimant", {"="}}, {"unit", {"="}},      {"source_count", {">=", ">", "="}},
  };
  CLAIMTRACE_ASSIGN_OR_RETURN(std::vector<common::FilterTerm> terms,
                              common::ParseListFilter(request.filter(), *fields));
  ClaimQuery query;
  for (const common::FilterTerm& term : terms) {
    if (term.field == "subject") query.subject = term.value;
    if (term.field == "predicate") query.predicate = term.value;
    if (term.field == "claimant") query.claimant = term.value;
    if (term.field == "unit") query.unit = term.value;
    if (term.field == "kind") {
      query.kind = ParseClaimKind(term.value);
      if (!query.kind)
        return FieldViolation("filter", absl::StrCat("unknown kind \"", term.value, "\""));
    }
    if (term.field == "source_count") {
      int n = 0;
      if (!absl::SimpleAtoi(term.value, &n) || n < 0) {
        return FieldViolation("filter", "source_count takes a non-negative whole number");
      }
      query.min_source_count = term.op == ">" ? n + 1 : n;
    }
  }
  switch (request.order_by()) {
    case v1::CLAIM_ORDER_UNSPECIFIED:
      query.order = ClaimOrder::kId;
      break;
    case v1::CLAIM_ORDER_SOURCE_COUNT_DESC:
      query.order = ClaimOrder::kSourceCountDesc;
      break;
    case v1::CLAIM_ORDER_UPDATE_TIME_DESC:
      query.order = ClaimOrder::kUpdateTimeDesc;
      break;
    default:
      return FieldViolation("order_by", "unknown order");
  }
  return query;
}

}  // namespace

ClaimsGrpcService::ClaimsGrpcService(const ClaimExtractor* extractor, ClaimStore* store,
                                     ConflictPolicy conflict_policy, common::CallObserver* calls)
    : extractor_(extractor),
      store_(store),
      conflict_policy_(std::move(conflict_policy)),
      calls_(calls) {}

grpc::ServerUnaryReactor* ClaimsGrpcService::ExtractClaims(grpc::CallbackServerContext* context,
                                                           const v1::ExtractClaimsRequest* request,
                                                           v1::ExtractClaimsResponse* response) {
  return calls_->Serve(
      context, kExtractClaimsMethod, common::Access::kWrite, [&]() -> absl::Status {
        CLAIMTRACE_RETURN_IF_ERROR(ValidateArticleName(request->article()));
        if (request->paragraphs().empty())
          return FieldViolation("paragraphs", "at least one is required");
        if (request->paragraphs_size() > kMaxParagraphs) {
          return FieldViolation("paragraphs",
                                absl::StrCat("at most ", kMaxParagraphs, " per article"));
        }
        ArticleContext article;
        article.name = request->article();
        article.title = request->context().title();
        article.publisher = request->context().publisher();
        article.uri = request->context().uri();
        if (request->context().has_publish_time()) {
          article.publish_time =
              absl::FromUnixSeconds(request->context().publish_time().seconds()) +
              absl::Nanoseconds(request->context().publish_time().nanos());
        }
        std::vector<ParagraphText> paragraphs;
        paragraphs.reserve(request->paragraphs_size());
        for (int i = 0; i < request->paragraphs_size(); ++i) {
          const v1::ParagraphText& paragraph = request->paragraphs(i);
          const std::string field = absl::StrCat("paragraphs[", i, "]");
          if (paragraph.index() < 0)
            return FieldViolation(field + ".index", "must not be negative");
          if (auto bad = common::FindInvalidUtf8(paragraph.text())) {
            return FieldViolation(field + ".text", absl::StrCat("invalid UTF-8 at byte ", *bad));
          }
          paragraphs.push_back({paragraph.index(), paragraph.text()});
        }
        std::vector<ExtractedClaim> extracted = extractor_->Extract(article, paragraphs);
        CLAIMTRACE_ASSIGN_OR_RETURN(std::vector<StoredClaim> stored,
                                    store_->RecordArticleClaims(article.name, extracted));
        std::unordered_map<std::string, const StoredClaim*> by_id;
        for (const StoredClaim& claim : stored) by_id[claim.id] = &claim;
        for (const ExtractedClaim& claim : extracted) {
          const auto it = by_id.find(ClaimId(claim.content));
          if (it == by_id.end()) return absl::InternalError("extracted claim was not stored");
          v1::ClaimMention* mention = response->add_mentions();
          ToProto(*it->second, mention->mutable_claim());
          mention->set_paragraph_index(claim.mention.paragraph_index);
          mention->set_start_offset(static_cast<int>(claim.mention.start_offset));
          mention->set_end_offset(static_cast<int>(claim.mention.end_offset));
          ToProto(claim.mention.claimant, mention->mutable_claimant());
          mention->set_cue(claim.mention.cue);
          mention->set_method(claim.mention.method);
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ClaimsGrpcService::GetClaim(grpc::CallbackServerContext* context,
                                                      const grpc::ByteBuffer* wire_request,
                                                      grpc::ByteBuffer* wire_response) {
  return calls_->Serve(context, kGetClaimMethod, common::Access::kRead, [&]() -> absl::Status {
    v1::GetClaimRequest request;
    CLAIMTRACE_RETURN_IF_ERROR(common::ParseRawRequest(*wire_request, &request));
    CLAIMTRACE_ASSIGN_OR_RETURN(std::string id, ParseClaimName(request.name(), "name"));
    CLAIMTRACE_ASSIGN_OR_RETURN(std::shared_ptr<const ClaimSnapshot> snapshot, store_->Get(id));
    const std::string& encoded = snapshot->encoded.Get([&] {
      v1::Claim claim;
      ToProto(snapshot->claim, &claim);
      return claim.SerializeAsString();
    });
    grpc::Slice slice = common::SliceSharing(std::move(snapshot), encoded);
    *wire_response = grpc::ByteBuffer(&slice, 1);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ClaimsGrpcService::BatchGetClaims(
    grpc::CallbackServerContext* context, const v1::BatchGetClaimsRequest* request,
    v1::BatchGetClaimsResponse* response) {
  return calls_->Serve(
      context, kBatchGetClaimsMethod, common::Access::kRead, [&]() -> absl::Status {
        if (request->names_size() > kMaxBatchGet) {
          return FieldViolation("names", absl::StrCat("at most ", kMaxBatchGet, " names"));
        }
        std::vector<std::string> ids;
        for (int i = 0; i < request->names_size(); ++i) {
          CLAIMTRACE_ASSIGN_OR_RETURN(
              std::string id, ParseClaimName(request->names(i), absl::StrCat("names[", i, "]")));
          ids.push_back(std::move(id));
        }
        for (const std::string& id : ids) {
          CLAIMTRACE_ASSIGN_OR_RETURN(std::shared_ptr<const ClaimSnapshot> snapshot,
                                      store_->Get(id));
          ToProto(snapshot->claim, response->add_claims());
        }
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ClaimsGrpcService::ListClaims(grpc::CallbackServerContext* context,
                                                        const v1::ListClaimsRequest* request,
                                                        v1::ListClaimsResponse* response) {
  return calls_->Serve(context, kListClaimsMethod, common::Access::kRead, [&]() -> absl::Status {
    CLAIMTRACE_ASSIGN_OR_RETURN(int page_size,
                                common::ResolvePageSize(request->page_size(), 50, 1000));
    CLAIMTRACE_ASSIGN_OR_RETURN(ClaimQuery query, ParseClaimQuery(*request));
    const std::string fingerprint =
        absl::StrCat("ListClaims\n", request->filter(), "\n", request->order_by());
    CLAIMTRACE_ASSIGN_OR_RETURN(common::PagePosition position,
                                common::DecodePageToken(request->page_token(), fingerprint));
    CLAIMTRACE_ASSIGN_OR_RETURN(ClaimPage page, store_->List(query, position.last_key, page_size));
    for (const StoredClaim& claim : page.claims) ToProto(claim, response->add_claims());
    if (!page.next_key.empty()) {
      response->set_next_page_token(common::EncodePageToken(fingerprint, {0, page.next_key}));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ClaimsGrpcService::SearchClaims(grpc::CallbackServerContext* context,
                                                          const v1::SearchClaimsRequest* request,
                                                          v1::SearchClaimsResponse* response) {
  return calls_->Serve(context, kSearchClaimsMethod, common::Access::kRead, [&]() -> absl::Status {
    if (request->query().empty()) return FieldViolation("query", "is required");
    if (request->query().size() > 1024) return FieldViolation("query", "longer than 1024 bytes");
    CLAIMTRACE_ASSIGN_OR_RETURN(int page_size,
                                common::ResolvePageSize(request->page_size(), 20, 200));
    const std::string fingerprint = absl::StrCat("SearchClaims\n", request->query());
    CLAIMTRACE_ASSIGN_OR_RETURN(common::PagePosition position,
                                common::DecodePageToken(request->page_token(), fingerprint));
    CLAIMTRACE_ASSIGN_OR_RETURN(std::vector<StoredClaim> claims,
                                store_->Search(request->query(), position.offset, page_size + 1));
    const bool more = static_cast<int>(claims.size()) > page_size;
    if (more) claims.pop_back();
    for (const StoredClaim& claim : claims) ToProto(claim, response->add_claims());
    if (more) {
      response->set_next_page_token(common::EncodePageToken(
          fingerprint, {position.offset + static_cast<int64_t>(claims.size()), ""}));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ClaimsGrpcService::ListConflicts(grpc::CallbackServerContext* context,
                                                           const v1::ListConflictsRequest* request,
                                                           v1::ListConflictsResponse* response) {
  return calls_->Serve(context, kListConflictsMethod, common::Access::kRead, [&]() -> absl::Status {
    CLAIMTRACE_ASSIGN_OR_RETURN(int page_size,
                                common::ResolvePageSize(request->page_size(), 50, 500));
    const std::string fingerprint = absl::StrCat("ListConflicts\n", request->subject());
    CLAIMTRACE_ASSIGN_OR_RETURN(common::PagePosition position,
                                common::DecodePageToken(request->page_token(), fingerprint));
    // Candidate groups are scanned in batches; those without a contradiction
    // are skipped, and the token records how far the scan got.
    int64_t offset = position.offset;
    constexpr int kBatch = 200;
    bool exhausted = false;
    while (response->conflicts_size() < page_size && !exhausted) {
      CLAIMTRACE_ASSIGN_OR_RETURN(
          std::vector<ClaimGroup> groups,
          store_->CandidateConflictGroups(request->subject(), offset, kBatch));
      exhausted = static_cast<int>(groups.size()) < kBatch;
      for (const ClaimGroup& group : groups) {
        ++offset;
        if (conflict_policy_.IsGeneric(group.predicate)) continue;
        std::vector<ClaimContent> contents;
        for (const StoredClaim& claim : group.claims) contents.push_back(claim.content);
        std::optional<ConflictVerdict> verdict =
            FindConflict(contents, conflict_policy_.single_valued_predicates);
        if (!verdict) continue;
        v1::Conflict* conflict = response->add_conflicts();
        ToProto(group.claims.front().content.subject, conflict->mutable_subject());
        conflict->set_predicate(group.predicate);
        conflict->set_explanation(verdict->explanation);
        for (int index : verdict->conflicting) ToProto(group.claims[index], conflict->add_claims());
        if (response->conflicts_size() >= page_size) {
          exhausted = exhausted && &group == &groups.back();
          break;
        }
      }
    }
    if (!exhausted) {
      response->set_next_page_token(common::EncodePageToken(fingerprint, {offset, ""}));
    }
    return absl::OkStatus();
  });
}

}  // namespace claimtrace::claims
