#include "common/json_log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
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

TEST(LogLineTest, TimeHasMillisecondsAndFieldsFollowInOrder) {
  const absl::Time t = absl::FromUnixMillis(1764072000123);  // 2025-11-25T12:00:00.123Z
  EXPECT_EQ(FormatLogLine(t, "info", "rpc", {{"a", "1"}, {"b", JsonString("x")}}),
            "{\"time\":\"2025-11-25T12:00:00.123Z\",\"level\":\"info\",\"msg\":\"rpc\","
            "\"a\":1,\"b\":\"x\"}\n");
  // The cached second must not leak into the next one.
  EXPECT_THAT(FormatLogLine(t + absl::Milliseconds(900), "info", "rpc", {}),
              HasSubstr("\"2025-11-25T12:00:01.023Z\""));
  EXPECT_THAT(FormatLogLine(absl::FromUnixMillis(-1), "info", "rpc", {}),
              HasSubstr("\"1969-12-31T23:59:59.999Z\""));
}

class BufferedLogWriterTest : public ::testing::Test {
 protected:
  ~BufferedLogWriterTest() override { std::fclose(file_); }
  std::string Written() { return ReadFileBytes(path_); }
  ScopedTempDir dir_;
  std::string path_ = dir_.File("log");
  FILE* file_ = std::fopen(path_.c_str(), "w");
};

TEST_F(BufferedLogWriterTest, FlushWritesEveryQueuedLineInOrder) {
  BufferedLogWriter writer(::fileno(file_), absl::Hours(1));
  writer.Write("one\n");
  writer.Write("two\n");
  writer.Flush();
  EXPECT_EQ(Written(), "one\ntwo\n");
}

TEST_F(BufferedLogWriterTest, LinesAppearWithinTheIntervalWithoutAFlush) {
  BufferedLogWriter writer(::fileno(file_), absl::Milliseconds(10));
  writer.Write("soon\n");
  for (int i = 0; i < 500 && Written().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(Written(), "soon\n");
}

TEST_F(BufferedLogWriterTest, AFullBatchIsWrittenBeforeTheInterval) {
  BufferedLogWriter writer(::fileno(file_), absl::Hours(1), /*batch_bytes=*/64);
  writer.Write(std::string(100, 'x') + "\n");
  for (int i = 0; i < 500 && Written().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(Written().size(), 101u);
}

TEST_F(BufferedLogWriterTest, DestructionWritesWhatIsLeft) {
  {
    BufferedLogWriter writer(::fileno(file_), absl::Hours(1));
    writer.Write("last words\n");
  }
  EXPECT_EQ(Written(), "last words\n");
}

TEST_F(BufferedLogWriterTest, LinesFromManyThreadsNeverInterleave) {
  {
    BufferedLogWriter writer(::fileno(file_), absl::Milliseconds(1), 256);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&writer, t] {
        for (int i = 0; i < 500; ++i) writer.Write(absl::StrCat("thread ", t, " line ", i, "\n"));
      });
    }
    for (std::thread& thread : threads) thread.join();
  }
  const std::vector<std::string> lines = absl::StrSplit(Written(), '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 2000u);
  std::vector<int> next(4, 0);
  for (const std::string& line : lines) {
    const std::vector<std::string> words = absl::StrSplit(line, ' ');
    ASSERT_EQ(words.size(), 4u) << line;
    const int t = std::stoi(words[1]);
    EXPECT_EQ(std::stoi(words[3]), next[t]++) << "lines of one thread out of order";
  }
}

}  // namespace
}  // namespace claimtrace::common
