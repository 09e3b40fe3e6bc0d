#include "client/names.h"

namespace claimtrace::client {
namespace {

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string WithPrefix(std::string_view name, std::string_view prefix) {
  if (name.empty() || StartsWith(name, prefix) || name.find('/') != std::string_view::npos) {
    return std::string(name);
  }
  return std::string(prefix) + std::string(name);
}

}  // namespace

std::string NormalizeClaimName(std::string_view name) { return WithPrefix(name, "claims/"); }

std::string NormalizeArticleName(std::string_view name) { return WithPrefix(name, "articles/"); }

std::string NormalizeParagraphName(std::string_view name) {
  if (name.empty() || StartsWith(name, "articles/")) return std::string(name);
  const size_t marker = name.find("/paragraphs/");
  if (marker != std::string_view::npos && marker > 0 &&
      name.substr(0, marker).find('/') == std::string_view::npos) {
    return "articles/" + std::string(name);
  }
  return std::string(name);
}

std::string_view ShortId(std::string_view name) {
  const size_t slash = name.rfind('/');
  return slash == std::string_view::npos ? name : name.substr(slash + 1);
}

}  // namespace claimtrace::client
