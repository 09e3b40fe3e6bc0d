#include "common/status_util.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"

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

std::optional<std::string> ViolatedField(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kInvalidArgument) return std::nullopt;
  auto payload = status.GetPayload(kFieldPayloadUrl);
  if (!payload) return std::nullopt;
  return std::string(*payload);
}

}  // namespace claimtrace::common
