#include "common/page_token.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/escaping.h"
#include "common/status_util.h"

namespace claimtrace::common {
namespace {

constexpr char kQuery[] = "ListClaims|subject = \"acme\"|order=id";

// Expects `result` to be the page_token field violation.
template <typename T>
void ExpectBadPageToken(const absl::StatusOr<T>& result, const std::string& context) {
  ASSERT_FALSE(result.ok()) << context;
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << context;
  EXPECT_EQ(ViolatedField(result.status()), "page_token") << context;
}

std::string Base64Decode(const std::string& token) {
  std::string raw;
  EXPECT_TRUE(absl::WebSafeBase64Unescape(token, &raw));
  return raw;
}

TEST(PageTokenTest, RoundTripsOffsetAndKey) {
  PagePosition position;
  position.offset = 1234567890123;
  position.last_key = "42|0123abcd";
  const std::string token = EncodePageToken(kQuery, position);
  absl::StatusOr<PagePosition> decoded = DecodePageToken(token, kQuery);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->offset, position.offset);
  EXPECT_EQ(decoded->last_key, position.last_key);
}

TEST(PageTokenTest, RoundTripsKeysWithSeparatorsControlBytesAndUtf8) {
  PagePosition position;
  position.offset = 7;
  position.last_key = std::string("line\nbreak|pipe\\slash\"quote\x01\x7f\xff ", 27) +
                      "\xE2\x80\x9C\xE4\xB8\xAD\xE2\x80\x94\xE2\x80\x9D";
  const std::string token = EncodePageToken(kQuery, position);
  absl::StatusOr<PagePosition> decoded = DecodePageToken(token, kQuery);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->offset, 7);
  EXPECT_EQ(decoded->last_key, position.last_key);
}

TEST(PageTokenTest, TokenIsUrlSafeText) {
  PagePosition position;
  position.offset = 99;
  position.last_key = std::string("\xff\xfe/+=?&", 7);
  const std::string token = EncodePageToken(kQuery, position);
  ASSERT_FALSE(token.empty());
  for (const char c : token) {
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')
        << "unexpected character '" << c << "' in " << token;
  }
}

TEST(PageTokenTest, EmptyTokenIsTheFirstPage) {
  absl::StatusOr<PagePosition> decoded = DecodePageToken("", kQuery);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->offset, 0);
  EXPECT_EQ(decoded->last_key, "");
}

TEST(PageTokenTest, RejectsTokenMintedForAnotherQuery) {
  const std::string token = EncodePageToken(kQuery, {10, "k"});
  ExpectBadPageToken(DecodePageToken(token, "ListClaims|subject = \"other\"|order=id"), "filter");
  ExpectBadPageToken(DecodePageToken(token, ""), "empty fingerprint");
  // Still fine for its own query.
  EXPECT_TRUE(DecodePageToken(token, kQuery).ok());
}

TEST(PageTokenTest, RejectsEverySingleCharacterChange) {
  const std::string token = EncodePageToken(kQuery, {250, "7|abcdef0123456789"});
  const std::string original_raw = Base64Decode(token);
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  for (size_t i = 0; i < token.size(); ++i) {
    std::string tampered = token;
    tampered[i] = alphabet[(alphabet.find(token[i]) + 17) % alphabet.size()];
    absl::StatusOr<PagePosition> decoded = DecodePageToken(tampered, kQuery);
    if (decoded.ok()) {
      // Only a change confined to the unused padding bits of the last
      // character can decode; then the token bytes did not change at all.
      std::string raw;
      ASSERT_TRUE(absl::WebSafeBase64Unescape(tampered, &raw));
      EXPECT_EQ(raw, original_raw) << "accepted tampered token at character " << i;
    } else {
      EXPECT_EQ(ViolatedField(decoded.status()), "page_token") << i;
    }
  }
}

TEST(PageTokenTest, RejectsEditedOffsetWithOriginalChecksum) {
  const std::string token = EncodePageToken(kQuery, {20, "key"});
  std::string raw = Base64Decode(token);
  const size_t at = raw.find("\n20\n");
  ASSERT_NE(at, std::string::npos) << "token layout changed; update the test";
  raw.replace(at, 4, "\n90\n");
  ExpectBadPageToken(DecodePageToken(absl::WebSafeBase64Escape(raw), kQuery), "edited offset");
}

TEST(PageTokenTest, RejectsEveryTruncation) {
  const std::string token = EncodePageToken(kQuery, {3, "last-key"});
  for (size_t length = 1; length < token.size(); ++length) {
    ExpectBadPageToken(DecodePageToken(token.substr(0, length), kQuery),
                       "truncated to " + std::to_string(length));
  }
}

TEST(PageTokenTest, RejectsGarbage) {
  for (const std::string& garbage :
       {std::string("not a token"), std::string("%%%%"), std::string("===="), std::string("AAAA"),
        std::string("\xE2\x80\x9C\xE2\x80\x9D"), std::string("a\0b", 3),
        absl::WebSafeBase64Escape("1\nffffffffffffffff\n0\n\nffffffffffffffff"),
        absl::WebSafeBase64Escape("\n\n\n\n"), absl::WebSafeBase64Escape("hello world")}) {
    ExpectBadPageToken(DecodePageToken(garbage, kQuery), absl::CHexEscape(garbage));
  }
}

TEST(PageTokenTest, RejectsOverlongTokenBeforeDecoding) {
  ExpectBadPageToken(DecodePageToken(std::string(5000, 'A'), kQuery), "5000 A");
  ExpectBadPageToken(DecodePageToken(std::string(1 << 20, 'A'), kQuery), "1 MiB");
}

TEST(PageTokenTest, RejectsNegativeOffsets) {
  ExpectBadPageToken(DecodePageToken(EncodePageToken(kQuery, {-1, ""}), kQuery), "-1");
  ExpectBadPageToken(DecodePageToken(EncodePageToken(kQuery, {INT64_MIN, "k"}), kQuery), "min");
}

TEST(PageTokenTest, DifferentPositionsGiveDifferentTokens) {
  EXPECT_NE(EncodePageToken(kQuery, {1, ""}), EncodePageToken(kQuery, {2, ""}));
  EXPECT_NE(EncodePageToken(kQuery, {1, "a"}), EncodePageToken(kQuery, {1, "b"}));
  EXPECT_NE(EncodePageToken("q1", {1, "a"}), EncodePageToken("q2", {1, "a"}));
}

TEST(ResolvePageSizeTest, ZeroMeansDefault) {
  absl::StatusOr<int> size = ResolvePageSize(0, 50, 500);
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(*size, 50);
}

TEST(ResolvePageSizeTest, KeepsSizesWithinTheMaximum) {
  EXPECT_EQ(*ResolvePageSize(1, 50, 500), 1);
  EXPECT_EQ(*ResolvePageSize(137, 50, 500), 137);
  EXPECT_EQ(*ResolvePageSize(500, 50, 500), 500);
}

TEST(ResolvePageSizeTest, ClampsAboveTheMaximum) {
  EXPECT_EQ(*ResolvePageSize(501, 50, 500), 500);
  EXPECT_EQ(*ResolvePageSize(INT32_MAX, 50, 500), 500);
}

TEST(ResolvePageSizeTest, RejectsNegativeSizeNamingPageSize) {
  for (const int requested : {-1, -500, INT32_MIN}) {
    absl::StatusOr<int> size = ResolvePageSize(requested, 50, 500);
    ASSERT_FALSE(size.ok());
    EXPECT_EQ(size.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(ViolatedField(size.status()), "page_size");
  }
}

}  // namespace
}  // namespace claimtrace::common
