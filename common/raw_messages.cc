#include "common/raw_messages.h"

#include <google/protobuf/io/coded_stream.h>

#include <vector>

#include "absl/strings/str_cat.h"

namespace claimtrace::common {

absl::Status ParseRawRequest(const grpc::ByteBuffer& wire, google::protobuf::MessageLite* message) {
  std::vector<grpc::Slice> slices;
  if (!wire.Valid() || !wire.Dump(&slices).ok()) {
    return absl::UnimplementedError("the call carried no request message");
  }
  bool parsed = false;
  if (slices.size() == 1) {
    parsed = message->ParseFromArray(slices[0].begin(), static_cast<int>(slices[0].size()));
  } else {
    std::string joined;
    for (const grpc::Slice& slice : slices) {
      joined.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
    }
    parsed = message->ParseFromString(joined);
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
