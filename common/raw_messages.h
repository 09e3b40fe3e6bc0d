// Helpers for methods served from raw bytes (gRPC's raw callback methods):
// the request parsed by hand, the reply assembled from pieces that are
// already encoded. Used where building and serialising the reply message
// per call cost more than the call itself (TraceClaim, GetClaim).
//
// A protobuf message's encoding is the concatenation of its fields'
// encodings, so a reply may be written as "field 1: this message" followed
// by bytes already holding "field 2: ..." entries, and any conforming
// parser reads it as the one message.
#ifndef CLAIMTRACE_COMMON_RAW_MESSAGES_H_
#define CLAIMTRACE_COMMON_RAW_MESSAGES_H_

#include <google/protobuf/message.h>
#include <google/protobuf/message_lite.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/slice.h>

#include <memory>
#include <string>

#include "absl/status/status.h"

namespace claimtrace::common {

// Parses `wire` into `message`. INVALID_ARGUMENT if it is not a valid
// encoding: naming the field (a google.rpc.BadRequest, via FieldViolation)
// when a string field holds invalid UTF-8, which protobuf refuses to parse;
// UNIMPLEMENTED if the call carried no message at all (a caller that gave
// up before sending it), which is what gRPC itself answers then for methods
// it decodes.
absl::Status ParseRawRequest(const grpc::ByteBuffer& wire, google::protobuf::Message* message);

// Appends `message` encoded as field `field_number` (length-delimited) of
// an enclosing message.
void AppendMessageField(int field_number, const google::protobuf::MessageLite& message,
                        std::string* out);

// A slice over `bytes` without copying them; it keeps `owner` (which must
// own `bytes`, unchanged while it lives) alive until gRPC is done with it.
grpc::Slice SliceSharing(std::shared_ptr<const void> owner, const std::string& bytes);

}  // namespace claimtrace::common

#endif  // CLAIMTRACE_COMMON_RAW_MESSAGES_H_
