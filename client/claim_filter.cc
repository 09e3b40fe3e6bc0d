#include "client/claim_filter.h"

#include <cctype>
#include <vector>

#include "absl/status/status.h"

namespace claimtrace::client {
namespace {

std::string Join(const std::vector<std::string>& terms) {
  std::string out;
  for (const std::string& term : terms) {
    if (!out.empty()) out += " AND ";
    out += term;
  }
  return out;
}

}  // namespace

std::string QuoteFilterValue(std::string_view value) {
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

absl::StatusOr<std::string> BuildClaimFilter(const ClaimFilterFlags& flags) {
  std::vector<std::string> terms;
  if (flags.subject) terms.push_back("subject = " + QuoteFilterValue(*flags.subject));
  if (flags.predicate) terms.push_back("predicate = " + QuoteFilterValue(*flags.predicate));
  if (flags.kind) {
    std::string kind;
    for (const char c : *flags.kind)
      kind += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    constexpr std::string_view kPrefix = "CLAIM_KIND_";
    if (kind.compare(0, kPrefix.size(), kPrefix) == 0) kind.erase(0, kPrefix.size());
    bool bare = !kind.empty();
    for (const char c : kind)
      bare = bare && (std::isupper(static_cast<unsigned char>(c)) || c == '_');
    if (!bare) {
      return absl::InvalidArgumentError(
          "--kind takes one of QUANTITY, DATE, LOCATION, COMPARISON, QUOTE, not \"" + *flags.kind +
          "\"");
    }
    terms.push_back("kind = " + kind);
  }
  if (flags.claimant) terms.push_back("claimant = " + QuoteFilterValue(*flags.claimant));
  if (flags.unit) terms.push_back("unit = " + QuoteFilterValue(*flags.unit));
  if (flags.min_sources) {
    const std::string& n = *flags.min_sources;
    bool digits = !n.empty() && n.size() <= 9;
    for (const char c : n) digits = digits && std::isdigit(static_cast<unsigned char>(c));
    if (!digits) {
      return absl::InvalidArgumentError("--min-sources takes a non-negative whole number, not \"" +
                                        n + "\"");
    }
    terms.push_back("source_count >= " + std::to_string(std::stoi(n)));
  }
  return Join(terms);
}

std::string BuildArticleFilter(const std::optional<std::string>& publisher,
                               const std::optional<std::string>& uri) {
  std::vector<std::string> terms;
  if (publisher) terms.push_back("publisher = " + QuoteFilterValue(*publisher));
  if (uri) terms.push_back("uri = " + QuoteFilterValue(*uri));
  return Join(terms);
}

}  // namespace claimtrace::client
