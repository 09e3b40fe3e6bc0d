#include "common/json_log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "tests/common/scoped_temp_dir.h"

namespace claimtrace::common {
namespace {

using ::claimtrace::test_support::ReadFileBytes;
using ::claimtrace::test_support::ScopedTempDir;
using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(JsonStringTest, QuotesPlainText) {
  EXPECT_EQ(JsonString(""), "\"\"");
  EXPECT_EQ(JsonString("claims served"), "\"claims served\"");
}

TEST(JsonStringTest, EscapesQuotesAndBackslashes) {
  EXPECT_EQ(JsonString(R"(say "hi" \o/)"), R"("say \"hi\" \\o/")");
}

TEST(JsonStringTest, EscapesNamedControlCharacters) {
  EXPECT_EQ(JsonString("a\nb\rc\td"), R"("a\nb\rc\td")");
}

TEST(JsonStringTest, EscapesEveryOtherControlCharacterAsUnicode) {
  EXPECT_EQ(JsonString(std::string("\0", 1)), R"("\u0000")");
  EXPECT_EQ(JsonString("\x01"), R"("\u0001")");
  EXPECT_EQ(JsonString("\b\f"), R"("\u0008\u000c")");
  EXPECT_EQ(JsonString("\x1b[31m"), R"("\u001b[31m")");
  EXPECT_EQ(JsonString("\x1f"), R"("\u001f")");
  // Every byte below 0x20 comes out escaped: no raw control byte remains.
  for (int c = 0; c < 0x20; ++c) {
    const std::string out = JsonString(std::string(1, static_cast<char>(c)));
    for (const char ch : out) {
      EXPECT_GE(static_cast<unsigned char>(ch), 0x20) << "byte " << c << " left raw";
    }
  }
}

TEST(JsonStringTest, PassesPrintableAsciiAndDeleteThrough) {
  EXPECT_EQ(JsonString("/<>&'\x7f"), "\"/<>&'\x7f\"");
}

TEST(JsonStringTest, PassesMultiByteUtf8Through) {
  const std::string text =
      "\xE2\x80\x9C"
      "Caf\xC3\xA9"
      "\xE2\x80\x9D \xE2\x80\x94 \xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x93\xB0";
  EXPECT_EQ(JsonString(text), "\"" + text + "\"");
}

TEST(LogJsonTest, WritesOneJsonObjectLineToStderr) {
  ScopedTempDir dir;
  const std::string path = dir.File("stderr.log");
  std::fflush(stderr);
  const int saved = ::dup(STDERR_FILENO);
  ASSERT_GE(saved, 0);
  FILE* capture = std::fopen(path.c_str(), "w");
  ASSERT_NE(capture, nullptr);
  ::dup2(::fileno(capture), STDERR_FILENO);
  LogJson("info", "article \"stored\"\n",
          {{"request_id", JsonString("r-1")}, {"paragraphs", "12"}});
  LogJson("warn", "second");
  ::dup2(saved, STDERR_FILENO);
  ::close(saved);
  std::fclose(capture);

  const std::string written = ReadFileBytes(path);
  const size_t first_end = written.find('\n');
  ASSERT_NE(first_end, std::string::npos) << written;
  const std::string first = written.substr(0, first_end);
  EXPECT_THAT(first, StartsWith("{\"time\":\""));
  EXPECT_THAT(first, HasSubstr("\"level\":\"info\""));
  EXPECT_THAT(first, HasSubstr(R"("msg":"article \"stored\"\n")"));
  EXPECT_THAT(first, HasSubstr("\"request_id\":\"r-1\""));
  EXPECT_THAT(first, HasSubstr("\"paragraphs\":12}"));
  EXPECT_EQ(first.back(), '}');
  const std::string second = written.substr(first_end + 1);
  EXPECT_THAT(second, HasSubstr("\"level\":\"warn\",\"msg\":\"second\"}"));
  EXPECT_EQ(second.back(), '\n');
  EXPECT_EQ(second.find('\n'), second.size() - 1) << "expected exactly two lines";
}

}  // namespace
}  // namespace claimtrace::common
