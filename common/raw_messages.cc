#include "common/raw_messages.h"

#include <google/protobuf/io/coded_stream.h>

#include "absl/strings/str_cat.h"

namespace claimtrace::common {

absl::Status ParseRawRequest(const grpc::ByteBuffer& wire, google::protobuf::MessageLite* message) {
  if (!wire.Valid()) return absl::UnimplementedError("the call carried no request message");
  bool parsed = false;
  // A request of a few bytes arrives as one slice: read it in place.
  if (grpc::Slice single; wire.TrySingleSlice(&single).ok()) {
    parsed = message->ParseFromArray(single.begin(), static_cast<int>(single.size()));
  } else {
    grpc::Slice joined;
    if (!wire.DumpToSingleSlice(&joined).ok()) {
      return absl::UnimplementedError("the call carried no request message");
    }
    parsed = message->ParseFromArray(joined.begin(), static_cast<int>(joined.size()));
  }
  if (!parsed) {
    return absl::InvalidArgumentError(
        absl::StrCat("request is not a valid ", message->GetTypeName()));
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
