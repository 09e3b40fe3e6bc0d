#include "client/text_layout.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace claimtrace::client {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// True when `text` is valid UTF-8 (no sequence was cut).
bool IsValidUtf8(const std::string& text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t length = lead < 0x80           ? 1
                    : (lead >> 5) == 0x6  ? 2
                    : (lead >> 4) == 0xE  ? 3
                    : (lead >> 3) == 0x1E ? 4
                                          : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

TEST(DisplayWidthTest, CountsWideCjkAsTwoColumnsAndCombiningMarksAsNone) {
  EXPECT_EQ(DisplayWidth("port"), 4);
  EXPECT_EQ(DisplayWidth("\xE6\xB8\xAF\xE5\x8F\xA3"), 4);    // 港口
  EXPECT_EQ(DisplayWidth("e\xCC\x81"), 1);                   // e + combining acute
  EXPECT_EQ(DisplayWidth("\xE2\x80\x9Cok\xE2\x80\x9D"), 4);  // “ok”
  EXPECT_EQ(DisplayWidth("a\xE2\x80\x94"
                         "b"),
            3);                                    // a—b
  EXPECT_EQ(DisplayWidth("\xF0\x9F\x9A\xA2"), 2);  // ship emoji
}

TEST(DisplayWidthTest, IgnoresAnsiEscapes) {
  EXPECT_EQ(DisplayWidth(std::string(kAnsiHighlightStart) + "cost" + kAnsiReset), 4);
}

TEST(TruncateToWidthTest, LeavesTextThatFitsAlone) {
  EXPECT_EQ(TruncateToWidth("twelve cranes", 13), "twelve cranes");
}

TEST(TruncateToWidthTest, CutsWithEllipsisWithinTheWidth) {
  const std::string cut = TruncateToWidth("twelve electric cranes", 10);
  EXPECT_EQ(cut, "twelve el\xE2\x80\xA6");
  EXPECT_EQ(DisplayWidth(cut), 10);
}

TEST(TruncateToWidthTest, NeverSplitsMultiByteCharacters) {
  // Curly quotes and an em dash are three bytes each; every cut must stay
  // valid UTF-8 and within the width.
  const std::string text = "\xE2\x80\x9CThe harbour\xE2\x80\x94its cranes\xE2\x80\x9D";
  for (int width = 1; width <= DisplayWidth(text); ++width) {
    const std::string cut = TruncateToWidth(text, width);
    EXPECT_TRUE(IsValidUtf8(cut)) << width;
    EXPECT_LE(DisplayWidth(cut), width) << width;
  }
}

TEST(TruncateToWidthTest, DoesNotLetAWideCharacterOverflow) {
  const std::string text =
      "\xE6\xB8\xAF\xE5\x8F\xA3\xE8\xB5\xB7\xE9\x87\x8D\xE6\x9C\xBA";  // 港口起重机
  const std::string cut = TruncateToWidth(text, 4);
  // One wide character (2) + ellipsis (1) fits; a second would need 5.
  EXPECT_EQ(cut, "\xE6\xB8\xAF\xE2\x80\xA6");
  EXPECT_EQ(DisplayWidth(cut), 3);
  EXPECT_TRUE(IsValidUtf8(cut));
}

TEST(TruncateToWidthTest, IsEmptyForNoRoom) { EXPECT_EQ(TruncateToWidth("abc", 0), ""); }

TEST(OneLineTest, ReplacesLineBreaksAndTabs) { EXPECT_EQ(OneLine("a\nb\tc\r"), "a b c "); }

TEST(RenderTableTest, UsesNaturalWidthsWhenTheyFit) {
  const std::string table = RenderTable({FixedColumn("NAME"), FlexibleColumn("TITLE")},
                                        {{"a", "short"}, {"bbb", "x"}}, TableStyle{80, false});
  EXPECT_EQ(table, "NAME  TITLE\na     short\nbbb   x\n");
}

TEST(RenderTableTest, FitsTheWidthByShrinkingFlexibleColumns) {
  const std::string long_text(200, 'x');
  std::vector<std::vector<std::string>> rows = {
      {"claims/0123456789abcdef", long_text, "12", long_text},
      {"claims/fedcba9876543210", "short", "3", "also short"}};
  for (const int width : {40, 60, 100, 150}) {
    const std::string table =
        RenderTable({FixedColumn("NAME"), FlexibleColumn("SUBJECT", 6), FixedColumn("N", true),
                     FlexibleColumn("STATEMENT", 6, 2)},
                    rows, TableStyle{width, false});
    for (const std::string& line : Lines(table)) {
      EXPECT_LE(DisplayWidth(line), width) << line;
      EXPECT_THAT(line, Not(::testing::EndsWith(" ")));
    }
    // Fixed columns are never cut.
    EXPECT_THAT(table, HasSubstr("claims/0123456789abcdef"));
    EXPECT_THAT(table, HasSubstr("\xE2\x80\xA6"));
  }
}

TEST(RenderTableTest, LeavesOutDroppableColumnsWhenFixedOnesCannotFit) {
  const std::vector<TableColumn> columns = {FixedColumn("NAME"), FixedColumn("PUBLISHED", false, 1),
                                            FixedColumn("EVIDENCE", true, 2),
                                            FlexibleColumn("TITLE", 8)};
  const std::vector<std::vector<std::string>> rows = {
      {"articles/0f1e2d3c4b5a69788796a5b4c3d2e1f0", "2024-03-04", "12", "Harbour cranes arrive"}};
  const std::string wide = RenderTable(columns, rows, TableStyle{120, false});
  EXPECT_THAT(wide, HasSubstr("EVIDENCE"));
  EXPECT_THAT(wide, HasSubstr("PUBLISHED"));
  // Too narrow for all fixed columns: EVIDENCE (priority 2) goes first.
  const std::string narrow = RenderTable(columns, rows, TableStyle{66, false});
  EXPECT_THAT(narrow, Not(HasSubstr("EVIDENCE")));
  EXPECT_THAT(narrow, HasSubstr("PUBLISHED"));
  for (const std::string& line : Lines(narrow)) EXPECT_LE(DisplayWidth(line), 66) << line;
  const std::string narrower = RenderTable(columns, rows, TableStyle{56, false});
  EXPECT_THAT(narrower, Not(HasSubstr("PUBLISHED")));
  EXPECT_THAT(narrower, HasSubstr("articles/0f1e2d3c4b5a69788796a5b4c3d2e1f0"));
  for (const std::string& line : Lines(narrower)) EXPECT_LE(DisplayWidth(line), 56) << line;
}

TEST(RenderTableTest, GivesHeavierColumnsMoreRoom) {
  const std::string long_text(200, 'y');
  const std::vector<int> widths = FitColumnWidths(
      {FlexibleColumn("A", 4, 1), FlexibleColumn("B", 4, 3)}, {{long_text, long_text}}, 42);
  ASSERT_EQ(widths.size(), 2u);
  EXPECT_EQ(widths[0] + widths[1] + 2, 42);
  EXPECT_GT(widths[1], 2 * widths[0]);
}

TEST(RenderTableTest, AlignsColumnsByDisplayWidthWithMultiByteText) {
  const std::string table = RenderTable(
      {FlexibleColumn("SUBJECT"), FixedColumn("N", true)},
      {{"\xE6\xB8\xAF\xE5\x8F\xA3", "1"}, {"\xE2\x80\x9CPort\xE2\x80\x9D", "22"}, {"Harbour", "3"}},
      TableStyle{80, false});
  const std::vector<std::string> lines = Lines(table);
  ASSERT_EQ(lines.size(), 4u);
  // Every row ends at the same display column (right-aligned numbers).
  for (const std::string& line : lines)
    EXPECT_EQ(DisplayWidth(line), DisplayWidth(lines[0])) << line;
}

TEST(RenderTableTest, TruncatesMultiByteCellsToValidUtf8) {
  const std::string cell =
      "\xE2\x80\x9CWe moved more than 1.2 million containers\xE2\x80\x9D \xE2\x80\x94 "
      "\xE6\xB8\xAF\xE5\x8F\xA3\xE8\xB5\xB7\xE9\x87\x8D\xE6\x9C\xBA";
  for (int width = 12; width < 40; ++width) {
    const std::string table = RenderTable({FixedColumn("ID"), FlexibleColumn("QUOTE", 4)},
                                          {{"7", cell}}, TableStyle{width, false});
    EXPECT_TRUE(IsValidUtf8(table)) << width;
    for (const std::string& line : Lines(table)) EXPECT_LE(DisplayWidth(line), width) << line;
  }
}

TEST(RenderTableTest, BoldHeadersOnlyWithColour) {
  const auto columns = std::vector<TableColumn>{FixedColumn("NAME")};
  EXPECT_THAT(RenderTable(columns, {{"a"}}, TableStyle{80, true}), HasSubstr(kAnsiBold));
  EXPECT_THAT(RenderTable(columns, {{"a"}}, TableStyle{80, false}), Not(HasSubstr("\x1b[")));
}

TEST(RenderTableTest, ColoursCellsAfterLayoutAndOnlyWithColour) {
  TableColumn status = FixedColumn("STATUS");
  status.cell_colour = [](std::string_view cell) -> const char* {
    return cell == "SERVING" ? "\x1b[32m" : nullptr;
  };
  const std::string coloured = RenderTable({status}, {{"SERVING"}}, TableStyle{80, true});
  EXPECT_THAT(coloured, HasSubstr("\x1b[32mSERVING\x1b[0m"));
  EXPECT_THAT(RenderTable({status}, {{"SERVING"}}, TableStyle{80, false}), Not(HasSubstr("\x1b[")));
}

TEST(RenderTableTest, KeepsServiceTextFromInjectingEscapes) {
  const std::string table =
      RenderTable({FlexibleColumn("T")}, {{"evil\x1b[2Jtext"}}, TableStyle{80, false});
  EXPECT_THAT(table, Not(HasSubstr("\x1b")));
}

TEST(WrapTextTest, WrapsAtWordsWithinWidthAndIndents) {
  const std::string wrapped = WrapText(
      "The authority spent \xE2\x80\x9C$48 million\xE2\x80\x9D on twelve cranes", 20, "  ");
  for (const std::string& line : Lines(wrapped)) {
    EXPECT_LE(DisplayWidth(line), 22) << line;
    EXPECT_EQ(line.substr(0, 2), "  ");
  }
  EXPECT_THAT(wrapped, HasSubstr("\xE2\x80\x9C$48"));
}

TEST(WrapTextTest, KeepsParagraphBreaks) {
  EXPECT_EQ(WrapText("one\n\ntwo", 40, "> "), "> one\n>\n> two\n");
}

TEST(WrapTextTest, DoesNotCountEscapesTowardsWidth) {
  const std::string marked =
      std::string("aaaa ") + kAnsiHighlightStart + "bbbb" + kAnsiReset + " cccc";
  EXPECT_EQ(Lines(WrapText(marked, 14, "")).size(), 1u);
}

TEST(HighlightSpanTest, WrapsTheSpanInMarkers) {
  // The span starts after an em dash, so byte and character offsets differ.
  const std::string text = "Cost \xE2\x80\x94 $48 million, it said.";
  const int start = static_cast<int>(text.find('$'));
  const int end = static_cast<int>(text.find(','));
  EXPECT_EQ(HighlightSpan(text, start, end, HighlightStyle::kMarkers),
            "Cost \xE2\x80\x94 [[$48 million]], it said.");
}

TEST(HighlightSpanTest, UsesAnsiBoldColourOnATerminal) {
  const std::string text = "\xE2\x80\x9CWe moved 1.2 million containers\xE2\x80\x9D";
  const std::string marked =
      HighlightSpan(text, 3, static_cast<int>(text.size()) - 3, HighlightStyle::kAnsi);
  EXPECT_EQ(marked, std::string("\xE2\x80\x9C") + kAnsiHighlightStart +
                        "We moved 1.2 million containers" + kAnsiReset + "\xE2\x80\x9D");
  EXPECT_THAT(marked, Not(HasSubstr("[[")));
}

TEST(HighlightSpanTest, LeavesTextUnmarkedForInvalidSpans) {
  const std::string text = "\xE2\x80\x9Cquoted\xE2\x80\x9D";
  EXPECT_EQ(HighlightSpan(text, 1, 4, HighlightStyle::kMarkers), text);   // inside “
  EXPECT_EQ(HighlightSpan(text, 5, 3, HighlightStyle::kMarkers), text);   // reversed
  EXPECT_EQ(HighlightSpan(text, 0, 99, HighlightStyle::kMarkers), text);  // past the end
  EXPECT_EQ(HighlightSpan(text, -1, 3, HighlightStyle::kMarkers), text);
}

}  // namespace
}  // namespace claimtrace::client
