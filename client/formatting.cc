#include "client/formatting.h"

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "absl/status/status.h"
#include "client/text_layout.h"
#include "common/number_text.h"

namespace claimtrace::client {
namespace {

std::string StripPrefix(std::string text, std::string_view prefix) {
  if (text.compare(0, prefix.size(), prefix) == 0) text.erase(0, prefix.size());
  return text;
}

bool IsSet(const google::protobuf::Timestamp& time) {
  return time.seconds() != 0 || time.nanos() != 0;
}

bool IsDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string ToJson(const google::protobuf::Message& message) {
  std::string out;
  if (!google::protobuf::util::MessageToJsonString(message, &out).ok()) return "{}";
  return out;
}

std::string ExportRecordJson(const claims::v1::Claim& claim,
                             const provenance::v1::Evidence& evidence,
                             const provenance::v1::Article& article,
                             const provenance::v1::Paragraph& paragraph) {
  return "{\"claim\":" + ToJson(claim) + ",\"evidence\":" + ToJson(evidence) +
         ",\"article\":" + ToJson(article) + ",\"paragraph\":" + ToJson(paragraph) + "}";
}

std::string EntityText(const common::v1::Entity& entity) {
  std::string text = !entity.name().empty() ? entity.name() : entity.id();
  if (!entity.affiliation().empty()) {
    text += text.empty() ? entity.affiliation() : " (" + entity.affiliation() + ")";
  }
  return text;
}

std::string KindText(claims::v1::ClaimKind kind) {
  return StripPrefix(claims::v1::ClaimKind_Name(kind), "CLAIM_KIND_");
}

std::string ParagraphKindText(provenance::v1::ParagraphKind kind) {
  return StripPrefix(provenance::v1::ParagraphKind_Name(kind), "PARAGRAPH_KIND_");
}

std::string FormatNumber(double value) {
  if (!std::isfinite(value)) return std::to_string(value);
  if (common::IsGroupableWholeNumber(value)) return common::GroupedWholeNumber(value);
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.10g", value);
  return buffer;
}

std::string QuantityText(const claims::v1::Quantity& quantity) {
  if (quantity.bound() == claims::v1::BOUND_UNSPECIFIED && quantity.value() == 0 &&
      quantity.unit().empty()) {
    return "";
  }
  std::string number = FormatNumber(quantity.value());
  switch (quantity.bound()) {
    case claims::v1::BOUND_APPROXIMATE:
      number = "~" + number;
      break;
    case claims::v1::BOUND_AT_LEAST:
      number = "\xE2\x89\xA5 " + number;
      break;  // ≥
    case claims::v1::BOUND_MORE_THAN:
      number = "> " + number;
      break;
    case claims::v1::BOUND_AT_MOST:
      number = "\xE2\x89\xA4 " + number;
      break;  // ≤
    case claims::v1::BOUND_LESS_THAN:
      number = "< " + number;
      break;
    case claims::v1::BOUND_RANGE:
      number += "\xE2\x80\x93" + FormatNumber(quantity.upper_value());  // –
      break;
    default:
      break;
  }
  if (!quantity.unit().empty()) number += " " + quantity.unit();
  return number;
}

std::string CalendarDateText(const claims::v1::CalendarDate& date) {
  if (date.year() == 0) return "";
  char buffer[32];
  switch (date.precision()) {
    case claims::v1::DATE_PRECISION_YEAR:
      std::snprintf(buffer, sizeof(buffer), "%04d", date.year());
      break;
    case claims::v1::DATE_PRECISION_MONTH:
      std::snprintf(buffer, sizeof(buffer), "%04d-%02d", date.year(), date.month());
      break;
    default:
      if (date.day() == 0 && date.month() == 0) {
        std::snprintf(buffer, sizeof(buffer), "%04d", date.year());
      } else if (date.day() == 0) {
        std::snprintf(buffer, sizeof(buffer), "%04d-%02d", date.year(), date.month());
      } else {
        std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02d", date.year(), date.month(),
                      date.day());
      }
  }
  return buffer;
}

std::string ClaimValueText(const claims::v1::Claim& claim) {
  if (claim.has_quantity()) {
    std::string text = QuantityText(claim.quantity());
    if (!text.empty()) return text;
  }
  if (claim.has_date()) {
    std::string text = CalendarDateText(claim.date());
    if (!text.empty()) return text;
  }
  if (claim.has_object()) return EntityText(claim.object());
  return "";
}

std::string DateText(const google::protobuf::Timestamp& time) {
  if (!IsSet(time)) return "";
  const std::time_t seconds = static_cast<std::time_t>(time.seconds());
  std::tm tm{};
  if (gmtime_r(&seconds, &tm) == nullptr) return "";
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%d", &tm);
  return buffer;
}

std::string TimeText(const google::protobuf::Timestamp& time) {
  if (!IsSet(time)) return "";
  return google::protobuf::util::TimeUtil::ToString(time);
}

absl::StatusOr<google::protobuf::Timestamp> ParsePublishTime(std::string_view text) {
  std::string value(text);
  // A plain date: YYYY-MM-DD.
  if (value.size() == 10 && value[4] == '-' && value[7] == '-' && IsDigits(value.substr(0, 4)) &&
      IsDigits(value.substr(5, 2)) && IsDigits(value.substr(8, 2))) {
    value += "T00:00:00Z";
  }
  google::protobuf::Timestamp time;
  // Protobuf's parser wants an upper-case T and Z.
  for (char& c : value) {
    if (c == 't') c = 'T';
    if (c == 'z') c = 'Z';
  }
  if (value.size() < 20 || !google::protobuf::util::TimeUtil::FromString(value, &time)) {
    return absl::InvalidArgumentError(
        "--published takes RFC 3339 (2024-05-02T09:30:00Z) or YYYY-MM-DD, not \"" +
        std::string(text) + "\"");
  }
  // Check the calendar fields survive a round trip (FromString accepts
  // 2024-02-31 by normalising it).
  const std::string date_part = value.substr(0, 10);
  google::protobuf::Timestamp midnight;
  if (google::protobuf::util::TimeUtil::FromString(date_part + "T00:00:00Z", &midnight) &&
      DateText(midnight) != date_part) {
    return absl::InvalidArgumentError("--published: no such date \"" + std::string(text) + "\"");
  }
  return time;
}

std::string KeyValueLines(const std::vector<std::pair<std::string, std::string>>& rows, int width,
                          bool colour) {
  int label_width = 0;
  for (const auto& [label, value] : rows) {
    if (!value.empty()) label_width = std::max(label_width, DisplayWidth(label) + 1);
  }
  label_width += 2;
  std::string out;
  const std::string indent(static_cast<size_t>(label_width), ' ');
  for (const auto& [label, value] : rows) {
    if (value.empty()) continue;
    std::string wrapped = WrapText(value, std::max(width - label_width, 20), indent);
    // The first line carries the label instead of the indent.
    std::string head = label + ":";
    head.resize(static_cast<size_t>(label_width), ' ');
    if (colour)
      head =
          kAnsiBold + label + ":" + kAnsiReset + std::string(label_width - label.size() - 1, ' ');
    out += head + wrapped.substr(indent.size());
  }
  return out;
}

}  // namespace claimtrace::client
