#include "common/status_util.h"

#include <gtest/gtest.h>

#include <string>

#include "absl/status/statusor.h"

namespace claimtrace::common {
namespace {

TEST(FieldViolationTest, IsInvalidArgumentNamingFieldAndDescription) {
  const absl::Status status = FieldViolation("page_size", "must not be negative");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "page_size: must not be negative");
  EXPECT_EQ(ViolatedField(status), "page_size");
}

TEST(FieldViolationTest, KeepsNestedFieldPathsAndUtf8Verbatim) {
  const absl::Status status = FieldViolation("context.publish_time",
                                             "\xE2\x80\x9C"
                                             "tomorrow"
                                             "\xE2\x80\x9D is in the future");
  EXPECT_EQ(ViolatedField(status), "context.publish_time");
  EXPECT_EQ(status.message(),
            "context.publish_time: \xE2\x80\x9C"
            "tomorrow"
            "\xE2\x80\x9D is in the future");
}

TEST(FieldViolationTest, SurvivesCopyingThroughStatusOr) {
  absl::StatusOr<int> result = FieldViolation("filter", "unknown field");
  ASSERT_FALSE(result.ok());
  const absl::Status copy = result.status();
  EXPECT_EQ(ViolatedField(copy), "filter");
}

TEST(ViolatedFieldTest, IsEmptyForStatusesThatAreNotFieldViolations) {
  EXPECT_EQ(ViolatedField(absl::OkStatus()), std::nullopt);
  EXPECT_EQ(ViolatedField(absl::InvalidArgumentError("filter: unknown field")), std::nullopt);
  EXPECT_EQ(ViolatedField(absl::NotFoundError("articles/x not found")), std::nullopt);
}

TEST(ViolatedFieldTest, IgnoresThePayloadOnOtherCodes) {
  // Re-coding a field violation (e.g. a downstream INVALID_ARGUMENT reported
  // as INTERNAL) must not blame the caller's field.
  const absl::Status violation = FieldViolation("text", "is empty");
  absl::Status internal(absl::StatusCode::kInternal, violation.message());
  violation.ForEachPayload(
      [&](absl::string_view url, const absl::Cord& payload) { internal.SetPayload(url, payload); });
  EXPECT_EQ(ViolatedField(internal), std::nullopt);
}

absl::Status FailsWhen(bool fail) {
  return fail ? FieldViolation("x", "failed") : absl::OkStatus();
}

absl::StatusOr<int> Twice(absl::StatusOr<int> value, int* reached) {
  CLAIMTRACE_ASSIGN_OR_RETURN(const int v, std::move(value));
  ++*reached;
  return v * 2;
}

absl::Status Chain(bool fail, int* reached) {
  CLAIMTRACE_RETURN_IF_ERROR(FailsWhen(fail));
  ++*reached;
  return absl::OkStatus();
}

TEST(StatusMacrosTest, ReturnIfErrorStopsOnlyOnErrors) {
  int reached = 0;
  EXPECT_TRUE(Chain(false, &reached).ok());
  EXPECT_EQ(reached, 1);
  const absl::Status status = Chain(true, &reached);
  EXPECT_EQ(ViolatedField(status), "x");
  EXPECT_EQ(reached, 1);
}

TEST(StatusMacrosTest, AssignOrReturnAssignsOrPropagates) {
  int reached = 0;
  absl::StatusOr<int> doubled = Twice(21, &reached);
  ASSERT_TRUE(doubled.ok());
  EXPECT_EQ(*doubled, 42);
  EXPECT_EQ(reached, 1);
  doubled = Twice(absl::StatusOr<int>(absl::NotFoundError("gone")), &reached);
  EXPECT_EQ(doubled.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(reached, 1);
}

}  // namespace
}  // namespace claimtrace::common
