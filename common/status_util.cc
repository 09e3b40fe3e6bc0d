#include "common/status_util.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "common/utf8.h"

namespace claimtrace::common {
namespace {
constexpr char kFieldPayloadUrl[] = "type.claimtrace.dev/field";
}  // namespace

absl::Status FieldViolation(std::string_view field, std::string_view description) {
  absl::Status status(absl::StatusCode::kInvalidArgument,
                      absl::StrCat(absl::string_view(field.data(), field.size()), ": ",
                                   absl::string_view(description.data(), description.size())));
  status.SetPayload(kFieldPayloadUrl, absl::Cord(absl::string_view(field.data(), field.size())));
  return status;
}

absl::Status CheckUtf8Field(std::string_view field, std::string_view bytes) {
  if (std::optional<std::size_t> bad = FindInvalidUtf8(bytes)) {
    return FieldViolation(field, absl::StrCat("is not valid UTF-8 (byte ", *bad, ")"));
  }
  return absl::OkStatus();
}

std::optional<std::string> ViolatedField(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kInvalidArgument) return std::nullopt;
  auto payload = status.GetPayload(kFieldPayloadUrl);
  if (!payload) return std::nullopt;
  return std::string(*payload);
}

}  // namespace claimtrace::common
