// Resource names of provenance resources (AIP-122): articles/{article},
// articles/{article}/paragraphs/{index}, and claims/{claim} references.
#ifndef CLAIMTRACE_PROVENANCE_SERVICE_PROVENANCE_NAMES_H_
#define CLAIMTRACE_PROVENANCE_SERVICE_PROVENANCE_NAMES_H_

#include <string>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"

namespace claimtrace::provenance {

// {article} of "articles/{article}" (32 lower-case hex), or INVALID_ARGUMENT
// naming `field`.
absl::StatusOr<std::string> ParseArticleName(std::string_view name, std::string_view field);
// ({article}, {index}) of "articles/{article}/paragraphs/{index}".
absl::StatusOr<std::pair<std::string, int>> ParseParagraphName(std::string_view name,
                                                               std::string_view field);
// {claim} of "claims/{claim}" (16 lower-case hex).
absl::StatusOr<std::string> ParseClaimId(std::string_view name, std::string_view field);

std::string ArticleName(std::string_view id);
std::string ParagraphName(std::string_view article_id, int index);

}  // namespace claimtrace::provenance

#endif  // CLAIMTRACE_PROVENANCE_SERVICE_PROVENANCE_NAMES_H_
