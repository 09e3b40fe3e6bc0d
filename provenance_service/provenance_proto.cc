#include "provenance_service/provenance_proto.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status_util.h"

namespace claimtrace::provenance {
namespace {

v1::FieldSource ToProto(FieldSource source) {
  switch (source) {
    case FieldSource::kNone:
      return v1::FIELD_SOURCE_UNSPECIFIED;
    case FieldSource::kGiven:
      return v1::FIELD_SOURCE_GIVEN;
    case FieldSource::kInferred:
      return v1::FIELD_SOURCE_INFERRED;
  }
  return v1::FIELD_SOURCE_UNSPECIFIED;
}

v1::ParagraphKind ToProto(ParagraphKind kind) {
  switch (kind) {
    case ParagraphKind::kBody:
      return v1::PARAGRAPH_KIND_BODY;
    case ParagraphKind::kHeading:
      return v1::PARAGRAPH_KIND_HEADING;
    case ParagraphKind::kMetadata:
      return v1::PARAGRAPH_KIND_METADATA;
    case ParagraphKind::kBoilerplate:
      return v1::PARAGRAPH_KIND_BOILERPLATE;
    case ParagraphKind::kQuoteBlock:
      return v1::PARAGRAPH_KIND_QUOTE_BLOCK;
  }
  return v1::PARAGRAPH_KIND_UNSPECIFIED;
}

}  // namespace

void ToProto(absl::Time time, google::protobuf::Timestamp* out) {
  const int64_t micros = absl::ToUnixMicros(time);
  int64_t seconds = micros / 1000000;
  int64_t rest = micros % 1000000;
  if (rest < 0) {
    rest += 1000000;
    --seconds;
  }
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(rest * 1000));
}

absl::Time FromProto(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

void ToProto(const ArticleRecord& article, v1::Article* out) {
  const ArticleMetadata& m = article.metadata;
  out->set_name(ArticleName(article.id));
  out->set_uri(m.uri);
  out->set_title(m.title);
  out->set_publisher(m.publisher);
  if (m.publish_time) ToProto(*m.publish_time, out->mutable_publish_time());
  out->set_content_sha256(article.content_sha256);
  out->set_byline(m.byline);
  out->set_language(m.language);
  v1::MetadataSources* sources = out->mutable_metadata_sources();
  sources->set_uri(ToProto(m.uri_source));
  sources->set_title(ToProto(m.title_source));
  sources->set_publisher(ToProto(m.publisher_source));
  sources->set_publish_time(ToProto(m.publish_time_source));
  sources->set_byline(ToProto(m.byline_source));
  sources->set_language(ToProto(m.language_source));
  out->set_paragraph_count(article.paragraph_count);
  out->set_evidence_count(article.evidence_count);
  ToProto(article.create_time, out->mutable_create_time());
}

void ToProto(std::string_view article_id, const ParsedParagraph& paragraph, v1::Paragraph* out) {
  out->set_name(ParagraphName(article_id, paragraph.index));
  out->set_index(paragraph.index);
  out->set_text(paragraph.text);
  out->set_kind(ToProto(paragraph.kind));
  out->set_sha256(paragraph.sha256);
  out->set_article_offset(static_cast<int32_t>(paragraph.article_offset));
}

void ToProto(const EvidenceRecord& e, v1::Evidence* out) {
  const std::string paragraph = ParagraphName(e.article_id, e.paragraph_index);
  out->set_name(absl::StrCat(paragraph, "/evidence/", e.id));
  out->set_claim(absl::StrCat("claims/", e.claim_id));
  out->set_paragraph(paragraph);
  out->set_start_offset(e.start_offset);
  out->set_end_offset(e.end_offset);
  out->set_quote(e.quote);
  out->mutable_claimant()->set_id(e.claimant.id);
  out->mutable_claimant()->set_name(e.claimant.name);
  out->mutable_claimant()->set_affiliation(e.claimant.affiliation);
  out->set_cue(e.cue);
  out->set_prefix(e.prefix);
  out->set_suffix(e.suffix);
  out->set_method(e.method);
  out->set_article(ArticleName(e.article_id));
}

}  // namespace claimtrace::provenance
