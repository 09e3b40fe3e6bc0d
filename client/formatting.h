// Text and JSON renderings of claimtrace resources for claimctl output.
// JSON uses the protobuf JSON mapping with default options
// (google::protobuf::util::MessageToJsonString): lowerCamelCase field names,
// enum names as strings, default values omitted, one line.
#ifndef CLAIMTRACE_CLIENT_FORMATTING_H_
#define CLAIMTRACE_CLIENT_FORMATTING_H_

#include <google/protobuf/message.h>
#include <google/protobuf/timestamp.pb.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "claimtrace/claims/v1/claim.pb.h"
#include "claimtrace/common/v1/entity.pb.h"
#include "claimtrace/provenance/v1/article.pb.h"
#include "common/json_string.h"

namespace claimtrace::client {

// The message as one line of JSON ("{}" if it cannot be converted).
std::string ToJson(const google::protobuf::Message& message);

// `text` as a JSON string literal.

// JSON string literal (common/json_string.h).
using common::JsonString;

// One `claimctl export` record:
// {"claim":…,"evidence":…,"article":…,"paragraph":…}
std::string ExportRecordJson(const claims::v1::Claim& claim,
                             const provenance::v1::Evidence& evidence,
                             const provenance::v1::Article& article,
                             const provenance::v1::Paragraph& paragraph);

// "Dana Whitfield (Port Alder Transit)"; the id when there is no name; "" for
// an empty entity.
std::string EntityText(const common::v1::Entity& entity);

// "QUANTITY" for CLAIM_KIND_QUANTITY, "BODY" for PARAGRAPH_KIND_BODY.
std::string KindText(claims::v1::ClaimKind kind);
std::string ParagraphKindText(provenance::v1::ParagraphKind kind);

// 6000000 -> "6,000,000"; 2.5 -> "2.5"; 1e21 -> "1e+21".
std::string FormatNumber(double value);

// "~6,000,000 USD", "≥ 5 percent", "7–21 billion"; "" when unset.
std::string QuantityText(const claims::v1::Quantity& quantity);

// "2023", "2023-07", "2023-07-15" by precision; "" when unset.
std::string CalendarDateText(const claims::v1::CalendarDate& date);

// The value a claim states, for tables: the quantity, the date, or the
// other entity of LOCATION and COMPARISON claims.
std::string ClaimValueText(const claims::v1::Claim& claim);

// "2024-05-02" (UTC); "" when unset (zero).
std::string DateText(const google::protobuf::Timestamp& time);
// RFC 3339, e.g. "2024-05-02T09:30:00Z"; "" when unset.
std::string TimeText(const google::protobuf::Timestamp& time);

// RFC 3339 ("2024-05-02T09:30:00Z", "2024-05-02T09:30:00+02:00") or a plain
// date "2024-05-02" (midnight UTC). INVALID_ARGUMENT otherwise.
absl::StatusOr<google::protobuf::Timestamp> ParsePublishTime(std::string_view text);

// "label:  value" lines, labels padded to one column; long values wrap
// within `width` under the value column. Empty values are skipped. Labels in
// bold when `colour`.
std::string KeyValueLines(const std::vector<std::pair<std::string, std::string>>& rows, int width,
                          bool colour);

}  // namespace claimtrace::client

#endif  // CLAIMTRACE_CLIENT_FORMATTING_H_
