#include "common/sha256.h"

#include <openssl/evp.h>

#include <memory>

#include "absl/strings/escaping.h"

namespace claimtrace::common {
namespace {

// SHA-256 fetched from OpenSSL once: EVP_Digest(..., EVP_sha256(), ...)
// makes OpenSSL 3 look the algorithm up and make a context on every call,
// which was most of the cost of hashing a paragraph.
const EVP_MD* Sha256Algorithm() {
  static const EVP_MD* const md = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
    return fetched != nullptr ? fetched : EVP_sha256();
  }();
  return md;
}

struct ContextFree {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

}  // namespace

std::string Sha256Hex(std::string_view data) {
  // One digest context per thread, reset by each EVP_DigestInit_ex2.
  thread_local const std::unique_ptr<EVP_MD_CTX, ContextFree> context(EVP_MD_CTX_new());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  const bool digested = context != nullptr &&
                        EVP_DigestInit_ex2(context.get(), Sha256Algorithm(), nullptr) == 1 &&
                        EVP_DigestUpdate(context.get(), data.data(), data.size()) == 1 &&
                        EVP_DigestFinal_ex(context.get(), digest, &length) == 1;
  if (!digested) {
    EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  }
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), length));
}

}  // namespace claimtrace::common
