#include "provenance_service/provenance_names.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status_util.h"

namespace claimtrace::provenance {
namespace {

using common::FieldViolation;

bool IsLowerHex(absl::string_view s, size_t length) {
  if (s.size() != length) return false;
  for (const char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::string> ParseArticleName(std::string_view name, std::string_view field) {
  const absl::string_view n(name.data(), name.size());
  if (n.empty()) return FieldViolation(field, "is required");
  if (!absl::StartsWith(n, "articles/") || !IsLowerHex(n.substr(9), 32)) {
    return FieldViolation(field, "must look like articles/{article} with a 32-character hex id");
  }
  return std::string(n.substr(9));
}

absl::StatusOr<std::pair<std::string, int>> ParseParagraphName(std::string_view name,
                                                               std::string_view field) {
  const absl::string_view n(name.data(), name.size());
  if (n.empty()) return FieldViolation(field, "is required");
  const size_t marker = n.find("/paragraphs/");
  int index = -1;
  if (marker == absl::string_view::npos || !absl::StartsWith(n, "articles/") ||
      !IsLowerHex(n.substr(9, marker - 9), 32) ||
      !absl::SimpleAtoi(n.substr(marker + 12), &index) || index < 0 ||
      absl::StrCat(index) != n.substr(marker + 12)) {
    return FieldViolation(field, "must look like articles/{article}/paragraphs/{index}");
  }
  return std::make_pair(std::string(n.substr(9, marker - 9)), index);
}

absl::StatusOr<std::string> ParseClaimId(std::string_view name, std::string_view field) {
  const absl::string_view n(name.data(), name.size());
  if (n.empty()) return FieldViolation(field, "is required");
  if (!absl::StartsWith(n, "claims/") || !IsLowerHex(n.substr(7), 16)) {
    return FieldViolation(field, "must look like claims/{claim} with a 16-character hex id");
  }
  return std::string(n.substr(7));
}

std::string ArticleName(std::string_view id) {
  return absl::StrCat("articles/", absl::string_view(id.data(), id.size()));
}

std::string ParagraphName(std::string_view article_id, int index) {
  return absl::StrCat(ArticleName(article_id), "/paragraphs/", index);
}

}  // namespace claimtrace::provenance
