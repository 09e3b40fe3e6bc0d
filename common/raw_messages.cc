#include "common/raw_messages.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/unknown_field_set.h>

#include <string_view>

#include "absl/strings/str_cat.h"
#include "common/status_util.h"

namespace claimtrace::common {

namespace {

// Why `wire` did not parse as `message`: a string field that is not UTF-8
// is named; anything else is a malformed request.
absl::Status DiagnoseBadRequest(std::string_view wire, const google::protobuf::Message& message) {
  google::protobuf::UnknownFieldSet fields;
  if (fields.ParseFromArray(wire.data(), static_cast<int>(wire.size()))) {
    const google::protobuf::Descriptor* descriptor = message.GetDescriptor();
    for (int i = 0; i < fields.field_count(); ++i) {
      const google::protobuf::UnknownField& field = fields.field(i);
      const google::protobuf::FieldDescriptor* fd = descriptor->FindFieldByNumber(field.number());
      if (fd == nullptr || fd->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
          field.type() != google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED) {
        continue;
      }
      CLAIMTRACE_RETURN_IF_ERROR(CheckUtf8Field(fd->name(), field.length_delimited()));
    }
  }
  return absl::InvalidArgumentError(absl::StrCat("request is not a valid ", message.GetTypeName()));
}

}  // namespace

absl::Status ParseRawRequest(const grpc::ByteBuffer& wire, google::protobuf::Message* message) {
  if (!wire.Valid()) return absl::UnimplementedError("the call carried no request message");
  // A request of a few bytes arrives as one slice: read it in place.
  grpc::Slice slice;
  if (!wire.TrySingleSlice(&slice).ok() && !wire.DumpToSingleSlice(&slice).ok()) {
    return absl::UnimplementedError("the call carried no request message");
  }
  const std::string_view bytes(reinterpret_cast<const char*>(slice.begin()), slice.size());
  if (!message->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return DiagnoseBadRequest(bytes, *message);
  }
  return absl::OkStatus();
}

void AppendMessageField(int field_number, const google::protobuf::MessageLite& message,
                        std::string* out) {
  const std::size_t size = message.ByteSizeLong();
  char header[16];
  std::uint8_t* end = google::protobuf::io::CodedOutputStream::WriteVarint32ToArray(
      static_cast<std::uint32_t>(field_number << 3 | 2), reinterpret_cast<std::uint8_t*>(header));
  end = google::protobuf::io::CodedOutputStream::WriteVarint64ToArray(size, end);
  out->append(header, reinterpret_cast<char*>(end) - header);
  const std::size_t at = out->size();
  out->resize(at + size);
  message.SerializeWithCachedSizesToArray(reinterpret_cast<std::uint8_t*>(out->data() + at));
}

grpc::Slice SliceSharing(std::shared_ptr<const void> owner, const std::string& bytes) {
  if (bytes.empty()) return grpc::Slice();
  auto* kept = new std::shared_ptr<const void>(std::move(owner));
  return grpc::Slice(
      const_cast<char*>(bytes.data()), bytes.size(),
      [](void* p) { delete static_cast<std::shared_ptr<const void>*>(p); }, kept);
}

}  // namespace claimtrace::common
