#include "common/page_token.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/sha256.h"
#include "common/status_util.h"

namespace claimtrace::common {
namespace {

constexpr char kVersion = '1';
constexpr size_t kMacLength = 16;  // hex characters of SHA-256
// Bounds the token size so a hostile token cannot make us allocate much.
constexpr size_t kMaxTokenLength = 4096;

std::string Fingerprint(std::string_view query) { return Sha256Hex(query).substr(0, 16); }

// Layout before base64url: version, fingerprint, offset, last_key, mac over
// the rest, separated by '\n' (the key is escaped with CHexEscape).
std::string Body(std::string_view fingerprint, const PagePosition& position) {
  return absl::StrCat(std::string(1, kVersion), "\n",
                      absl::string_view(fingerprint.data(), fingerprint.size()), "\n",
                      position.offset, "\n", absl::CHexEscape(position.last_key));
}

}  // namespace

std::string EncodePageToken(std::string_view query_fingerprint, const PagePosition& position) {
  const std::string body = Body(Fingerprint(query_fingerprint), position);
  const std::string mac = Sha256Hex(body).substr(0, kMacLength);
  return absl::WebSafeBase64Escape(absl::StrCat(body, "\n", mac));
}

absl::StatusOr<PagePosition> DecodePageToken(std::string_view token,
                                             std::string_view query_fingerprint) {
  if (token.empty()) return PagePosition{};
  const absl::Status invalid = FieldViolation("page_token", "is not a token from this query");
  if (token.size() > kMaxTokenLength) return invalid;
  std::string raw;
  if (!absl::WebSafeBase64Unescape(absl::string_view(token.data(), token.size()), &raw)) {
    return invalid;
  }
  const size_t mac_start = raw.rfind('\n');
  if (mac_start == std::string::npos) return invalid;
  const std::string body = raw.substr(0, mac_start);
  if (raw.substr(mac_start + 1) != Sha256Hex(body).substr(0, kMacLength)) return invalid;
  // version \n fingerprint \n offset \n key
  const size_t a = body.find('\n');
  const size_t b = a == std::string::npos ? a : body.find('\n', a + 1);
  const size_t c = b == std::string::npos ? b : body.find('\n', b + 1);
  if (c == std::string::npos || body[0] != kVersion || a != 1) return invalid;
  if (body.substr(a + 1, b - a - 1) != Fingerprint(query_fingerprint)) return invalid;
  PagePosition position;
  if (!absl::SimpleAtoi(absl::string_view(body).substr(b + 1, c - b - 1), &position.offset) ||
      position.offset < 0) {
    return invalid;
  }
  std::string error;
  if (!absl::CUnescape(absl::string_view(body).substr(c + 1), &position.last_key, &error)) {
    return invalid;
  }
  return position;
}

absl::StatusOr<int> ResolvePageSize(int requested, int default_size, int max_size) {
  if (requested < 0) return FieldViolation("page_size", "must not be negative");
  if (requested == 0) return default_size;
  return requested > max_size ? max_size : requested;
}

}  // namespace claimtrace::common
