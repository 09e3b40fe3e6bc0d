// Resource names as users type them, made into the full names the services
// take. Short forms: a claim id ("0123abcd..."), an article id (32 hex), a
// paragraph as "<article id>/paragraphs/<n>". Full names pass unchanged.
// Nothing is validated here beyond the shape needed to add a prefix: the
// services reject malformed names with INVALID_ARGUMENT, and claimctl shows
// their message.
#ifndef CLAIMTRACE_CLIENT_NAMES_H_
#define CLAIMTRACE_CLIENT_NAMES_H_

#include <string>
#include <string_view>

namespace claimtrace::client {

// "abc" -> "claims/abc"; "claims/abc" unchanged; anything else holding a
// '/' unchanged (so the service names the problem).
std::string NormalizeClaimName(std::string_view name);

// "<id>" -> "articles/<id>"; "articles/<id>" unchanged; anything else
// holding a '/' unchanged.
std::string NormalizeArticleName(std::string_view name);

// "<id>/paragraphs/3" -> "articles/<id>/paragraphs/3"; names starting with
// "articles/" unchanged; anything else unchanged.
std::string NormalizeParagraphName(std::string_view name);

// The part after the last '/', e.g. the claim id of "claims/abc".
std::string_view ShortId(std::string_view name);

}  // namespace claimtrace::client

#endif  // CLAIMTRACE_CLIENT_NAMES_H_
