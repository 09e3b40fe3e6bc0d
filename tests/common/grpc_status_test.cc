#include "common/grpc_status.h"

#include <gtest/gtest.h>

#include <string>

#include "common/status_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace claimtrace::common {
namespace {

TEST(ToGrpcStatusTest, OkStaysOk) {
  const grpc::Status status = ToGrpcStatus(absl::OkStatus());
  EXPECT_TRUE(status.ok());
  EXPECT_TRUE(status.error_details().empty());
}

TEST(ToGrpcStatusTest, FieldViolationCarriesBadRequestDetailsNamingTheField) {
  const grpc::Status status = ToGrpcStatus(FieldViolation("page_size", "must not be negative"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "page_size: must not be negative");
  ASSERT_FALSE(status.error_details().empty());

  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  EXPECT_EQ(details.code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_EQ(details.message(), status.error_message());
  ASSERT_EQ(details.details_size(), 1);
  ASSERT_TRUE(details.details(0).Is<google::rpc::BadRequest>());
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "page_size");
  EXPECT_EQ(bad_request.field_violations(0).description(), "page_size: must not be negative");
}

TEST(ToGrpcStatusTest, NestedFieldPathIsKept) {
  const grpc::Status status = ToGrpcStatus(FieldViolation("context.publish_time", "bad"));
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad_request));
  EXPECT_EQ(bad_request.field_violations(0).field(), "context.publish_time");
}

TEST(ToGrpcStatusTest, PlainStatusesKeepCodeAndMessageWithoutDetails) {
  const struct {
    absl::Status in;
    grpc::StatusCode code;
  } cases[] = {
      {absl::InvalidArgumentError("no field named"), grpc::StatusCode::INVALID_ARGUMENT},
      {absl::NotFoundError("claim \"claims/0123456789abcdef\" not found"),
       grpc::StatusCode::NOT_FOUND},
      {absl::AlreadyExistsError("exists"), grpc::StatusCode::ALREADY_EXISTS},
      {absl::FailedPreconditionError("schema too new"), grpc::StatusCode::FAILED_PRECONDITION},
      {absl::UnavailableError("database locked"), grpc::StatusCode::UNAVAILABLE},
      {absl::InternalError("\xE2\x80\x9C"
                           "broken"
                           "\xE2\x80\x9D"),
       grpc::StatusCode::INTERNAL},
      {absl::DeadlineExceededError("slow"), grpc::StatusCode::DEADLINE_EXCEEDED},
      {absl::ResourceExhaustedError("too big"), grpc::StatusCode::RESOURCE_EXHAUSTED},
  };
  for (const auto& c : cases) {
    const grpc::Status status = ToGrpcStatus(c.in);
    EXPECT_EQ(status.error_code(), c.code) << c.in;
    EXPECT_EQ(status.error_message(), std::string(c.in.message()));
    EXPECT_TRUE(status.error_details().empty()) << c.in;
  }
}

TEST(FromGrpcStatusTest, KeepsCodeAndMessage) {
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok());
  const absl::Status status =
      FromGrpcStatus(grpc::Status(grpc::StatusCode::UNAVAILABLE, "claims_service is down"));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(status.message(), "claims_service is down");
}

TEST(FromGrpcStatusTest, RoundTripsThroughToGrpcStatus) {
  const absl::Status original = absl::PermissionDeniedError("nope");
  const absl::Status back = FromGrpcStatus(ToGrpcStatus(original));
  EXPECT_EQ(back.code(), original.code());
  EXPECT_EQ(back.message(), original.message());
}

}  // namespace
}  // namespace claimtrace::common
