#include "common/raw_messages.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "claimtrace/provenance/v1/provenance_service.pb.h"
#include "common/encoded_once.h"
#include "common/status_util.h"

namespace claimtrace::common {
namespace {

namespace pv1 = provenance::v1;

std::string Joined(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  EXPECT_TRUE(buffer.Dump(&slices).ok());
  std::string joined;
  for (const grpc::Slice& s : slices)
    joined.append(reinterpret_cast<const char*>(s.begin()), s.size());
  return joined;
}

TEST(RawMessagesTest, AFieldThenEncodedFieldsParseAsTheWholeMessage) {
  pv1::TraceClaimResponse whole;
  whole.mutable_claim()->set_name("claims/0123456789abcdef");
  whole.mutable_claim()->set_source_count(3);
  pv1::TraceClaimResponse sources_only;
  for (int i = 0; i < 3; ++i) {
    pv1::TraceSource* source = sources_only.add_sources();
    source->mutable_paragraph()->set_text(
        std::string(200 * (i + 1), 'a' + i));  // multi-byte lengths
    source->mutable_evidence()->set_quote("q" + std::to_string(i));
  }
  whole.mutable_sources()->CopyFrom(sources_only.sources());

  std::string claim_field;
  AppendMessageField(pv1::TraceClaimResponse::kClaimFieldNumber, whole.claim(), &claim_field);
  auto owner = std::make_shared<std::string>(sources_only.SerializeAsString());
  grpc::Slice slices[2] = {grpc::Slice(claim_field), SliceSharing(owner, *owner)};
  const grpc::ByteBuffer reply(slices, 2);

  EXPECT_EQ(Joined(reply), whole.SerializeAsString()) << "the canonical encoding, byte for byte";
  pv1::TraceClaimResponse parsed;
  ASSERT_TRUE(ParseRawRequest(reply, &parsed).ok());
  EXPECT_EQ(parsed.claim().source_count(), 3);
  ASSERT_EQ(parsed.sources_size(), 3);
  EXPECT_EQ(parsed.sources(2).paragraph().text().size(), 600u);
}

TEST(RawMessagesTest, ASharingSliceKeepsItsOwnerAliveAndCopiesNothing) {
  auto owner = std::make_shared<std::string>("encoded bytes");
  std::weak_ptr<std::string> watch = owner;
  grpc::ByteBuffer buffer;
  {
    grpc::Slice slice = SliceSharing(owner, *owner);
    EXPECT_EQ(reinterpret_cast<const char*>(slice.begin()), owner->data());
    buffer = grpc::ByteBuffer(&slice, 1);
  }
  owner.reset();
  EXPECT_FALSE(watch.expired()) << "the buffer still refers to the bytes";
  EXPECT_EQ(Joined(buffer), "encoded bytes");
  buffer.Clear();
  EXPECT_TRUE(watch.expired());
}

// What ParseRawRequest makes of `wire` as a TraceClaimRequest.
absl::Status ParseTraceRequest(const std::string& wire) {
  grpc::Slice slice(wire);
  const grpc::ByteBuffer buffer(&slice, 1);
  pv1::TraceClaimRequest request;
  return ParseRawRequest(buffer, &request);
}

TEST(RawMessagesTest, GarbageIsNotARequest) {
  const absl::Status status = ParseTraceRequest(
      "\x0A\x7F"
      "short");  // claims 127 bytes, has 5
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "request is not a valid claimtrace.provenance.v1.TraceClaimRequest");
}

TEST(RawMessagesTest, InvalidUtf8InAStringFieldNamesTheField) {
  std::string wire = "\x10\x05";  // page_size = 5, then claim = 6 bytes, one of them bad
  wire += std::string("\x0A\x06", 2) + "claims";
  wire[wire.size() - 2] = '\xFF';
  const absl::Status status = ParseTraceRequest(wire);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "claim: is not valid UTF-8 (byte 4)");
  EXPECT_EQ(ViolatedField(status), "claim") << "a BadRequest names the field";
}

TEST(RawMessagesTest, NoMessageAtAllIsWhatGrpcAnswersForItsOwnMethods) {
  const grpc::ByteBuffer none;  // a call whose caller never sent the message
  pv1::TraceClaimRequest request;
  EXPECT_EQ(ParseRawRequest(none, &request).code(), absl::StatusCode::kUnimplemented);
  const grpc::Slice empty_slice(std::string{});
  const grpc::ByteBuffer empty(&empty_slice, 1);  // a valid message with no field set
  EXPECT_TRUE(ParseRawRequest(empty, &request).ok());
}

TEST(EncodedOnceTest, EncodesOnceWhateverHowManyThreadsAsk) {
  EncodedOnce encoded;
  std::atomic<int> calls{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      EXPECT_EQ(encoded.Get([&] {
        ++calls;
        return std::string("wire");
      }),
                "wire");
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(calls.load(), 1);
}

}  // namespace
}  // namespace claimtrace::common
