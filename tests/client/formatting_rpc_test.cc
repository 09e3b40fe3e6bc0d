#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "client/formatting.h"
#include "client/rpc_session.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace claimtrace::client {
namespace {

using ::testing::HasSubstr;

TEST(ParsePublishTimeTest, AcceptsRfc3339AndPlainDates) {
  const auto utc = ParsePublishTime("2024-03-04T09:30:00Z");
  ASSERT_TRUE(utc.ok());
  EXPECT_EQ(TimeText(*utc), "2024-03-04T09:30:00Z");
  const auto offset = ParsePublishTime("2024-03-04T09:30:00+02:00");
  ASSERT_TRUE(offset.ok());
  EXPECT_EQ(offset->seconds(), utc->seconds() - 2 * 3600);
  const auto date = ParsePublishTime("2024-03-04");
  ASSERT_TRUE(date.ok());
  EXPECT_EQ(TimeText(*date), "2024-03-04T00:00:00Z");
  EXPECT_EQ(DateText(*date), "2024-03-04");
}

TEST(ParsePublishTimeTest, RejectsOtherShapesAndImpossibleDates) {
  for (const char* bad :
       {"March 4, 2024", "2024-3-4", "2024-02-31", "2024-03-04T25:00:00Z", "", "now"}) {
    EXPECT_FALSE(ParsePublishTime(bad).ok()) << bad;
  }
}

TEST(FormatNumberTest, GroupsWholeNumbersAndKeepsFractions) {
  EXPECT_EQ(FormatNumber(48000000), "48,000,000");
  EXPECT_EQ(FormatNumber(900), "900");
  EXPECT_EQ(FormatNumber(-1234), "-1,234");
  EXPECT_EQ(FormatNumber(1.2), "1.2");
}

TEST(QuantityTextTest, ShowsBoundsApart) {
  claims::v1::Quantity quantity;
  quantity.set_value(5);
  quantity.set_upper_value(5);
  quantity.set_unit("percent");
  quantity.set_bound(claims::v1::BOUND_AT_LEAST);
  const std::string at_least = QuantityText(quantity);
  quantity.set_bound(claims::v1::BOUND_MORE_THAN);
  const std::string more_than = QuantityText(quantity);
  EXPECT_NE(at_least, more_than);
  EXPECT_EQ(more_than, "> 5 percent");
  quantity.set_bound(claims::v1::BOUND_RANGE);
  quantity.set_upper_value(7);
  EXPECT_EQ(QuantityText(quantity),
            "5\xE2\x80\x93"
            "7 percent");
}

TEST(CalendarDateTextTest, FollowsThePrecision) {
  claims::v1::CalendarDate date;
  date.set_year(2023);
  date.set_month(7);
  date.set_precision(claims::v1::DATE_PRECISION_MONTH);
  EXPECT_EQ(CalendarDateText(date), "2023-07");
  date.set_day(15);
  date.set_precision(claims::v1::DATE_PRECISION_DAY);
  EXPECT_EQ(CalendarDateText(date), "2023-07-15");
}

TEST(ExportRecordJsonTest, HasExactlyTheFourKeysInProtobufJson) {
  claims::v1::Claim claim;
  claim.set_name("claims/0123456789abcdef");
  claim.set_kind(claims::v1::CLAIM_KIND_QUANTITY);
  claim.set_source_count(2);
  provenance::v1::Evidence evidence;
  evidence.set_quote("\xE2\x80\x9C$48 million\xE2\x80\x9D");
  evidence.set_start_offset(7);
  provenance::v1::Article article;
  article.set_title("Cranes \"arrive\"");
  provenance::v1::Paragraph paragraph;
  paragraph.set_kind(provenance::v1::PARAGRAPH_KIND_BODY);
  const std::string json = ExportRecordJson(claim, evidence, article, paragraph);
  EXPECT_EQ(json.find('\n'), std::string::npos);
  google::protobuf::Struct parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(json, &parsed).ok()) << json;
  std::set<std::string> keys;
  for (const auto& [key, value] : parsed.fields()) keys.insert(key);
  EXPECT_EQ(keys, (std::set<std::string>{"claim", "evidence", "article", "paragraph"}));
  const auto& claim_json = parsed.fields().at("claim").struct_value().fields();
  EXPECT_EQ(claim_json.at("kind").string_value(), "CLAIM_KIND_QUANTITY");
  EXPECT_EQ(claim_json.at("sourceCount").number_value(), 2);
  const auto& evidence_json = parsed.fields().at("evidence").struct_value().fields();
  EXPECT_EQ(evidence_json.at("startOffset").number_value(), 7);
  EXPECT_EQ(evidence_json.at("quote").string_value(), evidence.quote());
  EXPECT_EQ(parsed.fields().at("article").struct_value().fields().at("title").string_value(),
            "Cranes \"arrive\"");
}

TEST(JsonStringTest, EscapesControlCharactersAndQuotes) {
  EXPECT_EQ(JsonString("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
}

TEST(KeyValueLinesTest, AlignsValuesAndSkipsEmptyOnes) {
  EXPECT_EQ(KeyValueLines({{"name", "claims/1"}, {"empty", ""}, {"statement", "x"}}, 80, false),
            "name:       claims/1\nstatement:  x\n");
}

ServiceEndpoint Endpoint() { return ServiceEndpoint{"claims service", "localhost:50051", nullptr}; }

TEST(DescribeRpcFailureTest, ExplainsAnUnreachableServiceInOneLine) {
  const RpcFailure failure = DescribeRpcFailure(
      Endpoint(), grpc::Status(grpc::StatusCode::UNAVAILABLE, "failed to connect to all addresses"),
      /*connected=*/false, "", std::chrono::seconds(10));
  EXPECT_EQ(failure.exit_code, kExitUnavailable);
  EXPECT_EQ(failure.message, "cannot reach claims service at localhost:50051 (UNAVAILABLE)");
}

TEST(DescribeRpcFailureTest, NamesTheMissingResource) {
  const RpcFailure failure =
      DescribeRpcFailure(Endpoint(), grpc::Status(grpc::StatusCode::NOT_FOUND, "no row"), true,
                         "claim \"claims/0123456789abcdef\"", std::chrono::seconds(10));
  EXPECT_EQ(failure.exit_code, kExitNotFound);
  EXPECT_EQ(failure.message, "claim \"claims/0123456789abcdef\" not found");
}

TEST(DescribeRpcFailureTest, ShowsTheServiceMessageAndTheBadRequestField) {
  google::rpc::BadRequest bad_request;
  auto* violation = bad_request.add_field_violations();
  violation->set_field("name");
  violation->set_description("must look like claims/{claim}");
  google::rpc::Status details;
  details.set_code(3);
  details.set_message("name: must look like claims/{claim}");
  details.add_details()->PackFrom(bad_request);
  const grpc::Status status(grpc::StatusCode::INVALID_ARGUMENT,
                            "name: must look like claims/{claim}", details.SerializeAsString());
  const RpcFailure failure =
      DescribeRpcFailure(Endpoint(), status, true, "x", std::chrono::seconds(10));
  EXPECT_EQ(failure.exit_code, kExitInvalidArgument);
  EXPECT_EQ(failure.message, "invalid argument: name: must look like claims/{claim} [field: name]");
}

TEST(DescribeRpcFailureTest, ReportsDeadlinesWithTheTimeout) {
  const RpcFailure failure = DescribeRpcFailure(
      Endpoint(), grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "Deadline Exceeded"), true, "",
      std::chrono::milliseconds(1500));
  EXPECT_EQ(failure.exit_code, kExitUnavailable);
  EXPECT_THAT(failure.message, HasSubstr("did not answer within 1500ms (DEADLINE_EXCEEDED)"));
}

TEST(DescribeRpcFailureTest, KeepsOtherErrorsOnOneLineWithExitOne) {
  const RpcFailure failure =
      DescribeRpcFailure(Endpoint(), grpc::Status(grpc::StatusCode::INTERNAL, "disk\nfull"), true,
                         "", std::chrono::seconds(1));
  EXPECT_EQ(failure.exit_code, kExitFailure);
  EXPECT_EQ(failure.message.find('\n'), std::string::npos);
  EXPECT_THAT(failure.message, HasSubstr("(INTERNAL)"));
}

TEST(ResolveAddressTest, PrefersFlagThenEnvironmentThenDefault) {
  EXPECT_EQ(ResolveAddress("a:1", "b:2", "c:3"), "a:1");
  EXPECT_EQ(ResolveAddress("", "b:2", "c:3"), "b:2");
  EXPECT_EQ(ResolveAddress("", "", "c:3"), "c:3");
  EXPECT_EQ(ResolveAddress("", nullptr, "c:3"), "c:3");
}

TEST(NewRequestIdTest, IsThirtyTwoHexCharactersAndFresh) {
  const std::string a = NewRequestId(), b = NewRequestId();
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace claimtrace::client
