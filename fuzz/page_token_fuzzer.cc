// libFuzzer target: page tokens are user input; decoding must never crash
// and must reject anything it did not mint for the same query.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/list_filter.h"
#include "common/page_token.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto position = claimtrace::common::DecodePageToken(input, "ListClaims\nfilter");
  if (position.ok() && !input.empty()) {
    // Whatever decodes must re-encode to a token that decodes the same.
    auto again = claimtrace::common::DecodePageToken(
        claimtrace::common::EncodePageToken("ListClaims\nfilter", *position), "ListClaims\nfilter");
    if (!again.ok() || again->offset != position->offset || again->last_key != position->last_key) {
      std::abort();
    }
  }
  // Filters are user input too.
  static const std::vector<claimtrace::common::FilterField> kFields = {
      {"subject", {"="}}, {"kind", {"="}}, {"source_count", {">=", ">", "="}}};
  (void)claimtrace::common::ParseListFilter(input, kFields);
  return 0;
}
