// Conversions between provenance records and claimtrace.provenance.v1
// messages, and resource-name parsing. Used only by the gRPC adapter.
#ifndef CLAIMTRACE_PROVENANCE_SERVICE_PROVENANCE_PROTO_H_
#define CLAIMTRACE_PROVENANCE_SERVICE_PROVENANCE_PROTO_H_

#include <string>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"
#include "claimtrace/provenance/v1/article.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "provenance_service/article_store.h"
#include "provenance_service/provenance_names.h"

namespace claimtrace::provenance {

void ToProto(const ArticleRecord& article, v1::Article* out);
void ToProto(std::string_view article_id, const ParsedParagraph& paragraph, v1::Paragraph* out);
void ToProto(const EvidenceRecord& evidence, v1::Evidence* out);
void ToProto(absl::Time time, google::protobuf::Timestamp* out);
absl::Time FromProto(const google::protobuf::Timestamp& timestamp);

}  // namespace claimtrace::provenance

#endif  // CLAIMTRACE_PROVENANCE_SERVICE_PROVENANCE_PROTO_H_
