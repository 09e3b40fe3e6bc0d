// Tests for ArticleParser: validation, line endings, paragraph splitting with
// verbatim offsets, classification and metadata. All articles here are
// invented; the seed-corpus test reads real articles from CLAIMTRACE_SEED_DIR.
#include "provenance_service/article/article_parser.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/sha256.h"
#include "common/utf8.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "re2/re2.h"

namespace claimtrace::provenance {
namespace {

using ::testing::HasSubstr;

const ArticleParser& Parser() {
  static const ArticleParser* const parser = [] {
    absl::StatusOr<std::unique_ptr<ArticleParser>> created =
        ArticleParser::Create(ArticleParserOptions{});
    EXPECT_TRUE(created.ok()) << created.status();
    return created->release();
  }();
  return *parser;
}

ParsedArticle Parse(std::string_view text, const ArticleMetadata& given = {}) {
  return Parser().Parse(text, given);
}

absl::Time Utc(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, hour, minute, second),
                         absl::UTCTimeZone());
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

std::string TestdataPath(std::string_view name) {
  return absl::StrCat(CLAIMTRACE_SOURCE_DIR, "/tests/provenance_service/article/testdata/",
                      std::string(name));
}

// Every paragraph is the verbatim substring of normalized_text at its offset,
// numbered in order, hashed, starts at a character boundary and has no
// surrounding blank lines; paragraphs do not overlap.
void ExpectParagraphInvariants(const ParsedArticle& article) {
  std::size_t previous_end = 0;
  for (std::size_t i = 0; i < article.paragraphs.size(); ++i) {
    const ParsedParagraph& p = article.paragraphs[i];
    SCOPED_TRACE(absl::StrCat("paragraph ", i));
    EXPECT_EQ(p.index, static_cast<int>(i));
    ASSERT_LE(p.article_offset + p.text.size(), article.normalized_text.size());
    EXPECT_EQ(article.normalized_text.substr(p.article_offset, p.text.size()), p.text);
    EXPECT_TRUE(common::IsUtf8Boundary(article.normalized_text, p.article_offset));
    EXPECT_FALSE(p.text.empty());
    EXPECT_NE(p.text.front(), '\n');
    EXPECT_NE(p.text.back(), '\n');
    EXPECT_EQ(p.text.find("\n\n"), std::string::npos);
    EXPECT_EQ(p.sha256, common::Sha256Hex(p.text));
    EXPECT_GE(p.article_offset, previous_end);
    previous_end = p.article_offset + p.text.size();
  }
}

// The kind of the (first) paragraph whose text contains `needle`.
ParagraphKind KindOf(const ParsedArticle& article, std::string_view needle) {
  for (const ParsedParagraph& p : article.paragraphs) {
    if (p.text.find(needle) != std::string::npos) return p.kind;
  }
  ADD_FAILURE() << "no paragraph contains: " << needle;
  return ParagraphKind::kBody;
}

// The kind of the paragraph whose text is exactly `text`.
ParagraphKind KindOfExactly(const ParsedArticle& article, std::string_view text) {
  for (const ParsedParagraph& p : article.paragraphs) {
    if (p.text == text) return p.kind;
  }
  ADD_FAILURE() << "no paragraph is: " << text;
  return ParagraphKind::kBody;
}

std::vector<std::string> Texts(const ParsedArticle& article) {
  std::vector<std::string> texts;
  for (const ParsedParagraph& p : article.paragraphs) texts.push_back(p.text);
  return texts;
}

#define EXPECT_KIND(article, needle, expected_kind)                                          \
  EXPECT_STREQ(ParagraphKindName(KindOf(article, needle)), ParagraphKindName(expected_kind)) \
      << "paragraph containing: " << (needle)

// ---------------------------------------------------------------- validation

TEST(ValidateArticleTextTest, RejectsEmptyText) {
  const absl::Status status = ValidateArticleText("", 1000);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("empty"));
}

TEST(ValidateArticleTextTest, RejectsWhitespaceOnlyTextIncludingNoBreakSpaces) {
  for (std::string_view text : {" ", "\n\n\t  \r\n", "\u00A0 \u00A0\n", "\uFEFF\n"}) {
    const absl::Status status = ValidateArticleText(text, 1000);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << "text: " << text;
    EXPECT_THAT(status.message(), HasSubstr("white space"));
  }
}

TEST(ValidateArticleTextTest, RejectsInvalidUtf8AndNamesTheByteOffset) {
  const std::string text = "Caf\xC3\xA9 prices rose \xFF today.";  // é is two bytes
  const absl::Status status = ValidateArticleText(text, 1000);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("UTF-8"));
  EXPECT_THAT(status.message(), HasSubstr(absl::StrCat("byte offset ", text.find('\xFF'))));
  EXPECT_EQ(text.find('\xFF'), 18u);

  // A truncated multi-byte sequence at the end.
  const absl::Status truncated = ValidateArticleText("Prices \xE2\x80", 1000);
  EXPECT_THAT(truncated.message(), HasSubstr("byte offset 7"));
}

TEST(ValidateArticleTextTest, RejectsNulByteAndNamesTheByteOffset) {
  const std::string text("Budget\0 talks", 13);
  const absl::Status status = ValidateArticleText(text, 1000);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("NUL"));
  EXPECT_THAT(status.message(), HasSubstr("byte offset 6"));
}

TEST(ValidateArticleTextTest, RejectsTextOverTheByteLimitButAcceptsTextAtIt) {
  const std::string text(100, 'a');
  const absl::Status over = ValidateArticleText(text, 99);
  EXPECT_EQ(over.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(over.message(), HasSubstr("100 bytes"));
  EXPECT_THAT(over.message(), HasSubstr("99"));
  EXPECT_TRUE(ValidateArticleText(text, 100).ok());
}

TEST(ValidateArticleTextTest, AcceptsMultibyteText) {
  EXPECT_TRUE(ValidateArticleText("“Quoted” — 東京 — שלום\n", 1000).ok());
}

// ------------------------------------------------------------- line endings

TEST(ArticleParserTest, NormalizesCrLfAndLoneCrAndHashesTheNormalizedText) {
  const ParsedArticle crlf = Parse("Title line\r\n\r\nFirst paragraph.\r\rSecond paragraph.\r\n");
  EXPECT_EQ(crlf.normalized_text, "Title line\n\nFirst paragraph.\n\nSecond paragraph.\n");
  EXPECT_EQ(crlf.content_sha256, common::Sha256Hex(crlf.normalized_text));
  const ParsedArticle lf = Parse("Title line\n\nFirst paragraph.\n\nSecond paragraph.\n");
  EXPECT_EQ(crlf.content_sha256, lf.content_sha256);
  ASSERT_EQ(crlf.paragraphs.size(), lf.paragraphs.size());
  for (std::size_t i = 0; i < lf.paragraphs.size(); ++i) {
    EXPECT_EQ(crlf.paragraphs[i].text, lf.paragraphs[i].text);
    EXPECT_EQ(crlf.paragraphs[i].article_offset, lf.paragraphs[i].article_offset);
  }
  ExpectParagraphInvariants(crlf);
}

TEST(ArticleParserTest, NormalisationChangesNothingButLineEndings) {
  const std::string text = "\tIndented  title\u00A0 \n\n  Body with  double spaces.  \n";
  EXPECT_EQ(NormalizeLineEndings(text), text);
  EXPECT_EQ(Parse(text).normalized_text, text);
}

// ---------------------------------------------------------------- splitting

TEST(ArticleParserTest, SplitsBlankLineSeparatedParagraphs) {
  const std::string text =
      "Ferry strike ends after two weeks\n\n\n"
      "Ferry crews returned to work on Friday after a deal on pay.\n"
      "   \t\n"
      "The union said members accepted a 6% rise over two years.\n\n"
      "Services will run to the normal timetable from Saturday.\n";
  const ParsedArticle article = Parse(text);
  ExpectParagraphInvariants(article);
  EXPECT_EQ(Texts(article),
            (std::vector<std::string>{"Ferry strike ends after two weeks",
                                      "Ferry crews returned to work on Friday after a deal on pay.",
                                      "The union said members accepted a 6% rise over two years.",
                                      "Services will run to the normal timetable from Saturday."}));
}

TEST(ArticleParserTest, KeepsHardWrappedLinesOfABlockInOneParagraph) {
  const std::string text =
      "Council approves budget\n\n"
      "The council approved a budget of 84 million pounds on\n"
      "Wednesday, with spending on roads up by a tenth and\n"
      "libraries kept open on Sundays.\n\n"
      "Opposition members voted against the plan, saying it\n"
      "relied on an optimistic forecast for business rates.\n";
  const ParsedArticle article = Parse(text);
  ExpectParagraphInvariants(article);
  ASSERT_EQ(article.paragraphs.size(), 3u);
  EXPECT_EQ(article.paragraphs[1].text,
            "The council approved a budget of 84 million pounds on\n"
            "Wednesday, with spending on roads up by a tenth and\n"
            "libraries kept open on Sundays.");
  EXPECT_EQ(article.paragraphs[1].kind, ParagraphKind::kBody);
}

TEST(ArticleParserTest, SplitsOneParagraphPerLineWhenThereAreNoBlankLines) {
  const ParsedArticle article = Parse(ReadFile(TestdataPath("one_per_line_layout.txt")));
  ExpectParagraphInvariants(article);
  std::size_t lines = 0;
  for (char c : article.normalized_text) lines += c == '\n';
  EXPECT_EQ(article.paragraphs.size(), lines);
  for (const ParsedParagraph& p : article.paragraphs) {
    EXPECT_EQ(p.text.find('\n'), std::string::npos) << p.text;
  }
}

TEST(ArticleParserTest, ReadsNearlyBlanklessTextOneParagraphPerLine) {
  std::string text = "Storm closes mountain passes\n\n";
  for (int i = 0; i < 12; ++i) {
    absl::StrAppend(&text, "Road number ", i + 1, " was closed for ", 2 * i + 3,
                    " hours on Sunday, police said.\n");
  }
  const ParsedArticle article = Parse(text);
  ExpectParagraphInvariants(article);
  EXPECT_EQ(article.paragraphs.size(), 13u);
}

TEST(ArticleParserTest, JoinsALowerCaseContinuationLineInLineMode) {
  const std::string text =
      "Mill reopens\n"
      "The paper mill in Dunmore will reopen in May with\n"
      "about 300 workers, its new owner said on Monday.\n"
      "Production will start on one line.\n"
      "A second line follows in the autumn.\n"
      "The owner did not give the price it paid.\n"
      "The mill closed in 2021 after a fire.\n"
      "Unions welcomed the news.\n"
      "Local shops expect more trade.\n"
      "The town council will hold a meeting on Friday.\n";
  const ParsedArticle article = Parse(text);
  ExpectParagraphInvariants(article);
  EXPECT_EQ(article.paragraphs[1].text,
            "The paper mill in Dunmore will reopen in May with\n"
            "about 300 workers, its new owner said on Monday.");
  EXPECT_EQ(article.paragraphs[2].text, "Production will start on one line.");
}

TEST(ArticleParserTest, SplitsStandAloneLinesOutOfABlock) {
  const ParsedArticle article = Parse(ReadFile(TestdataPath("blank_line_layout.txt")));
  ExpectParagraphInvariants(article);
  const std::vector<std::string> texts = Texts(article);
  EXPECT_THAT(texts, ::testing::Contains("Transport Desk March 3, 2025"));
  EXPECT_THAT(
      texts, ::testing::Contains("A container train leaves the Eastgate terminal on Monday. Photo: "
                                 "Lena Moss/Eastgate Press"));
}

TEST(ArticleParserTest, SplitsTitleLineFromAStandfirstInTheFirstBlock) {
  const ParsedArticle article = Parse(
      "Drought cuts wheat harvest\nFarmers expect the smallest crop in a decade.\n\n"
      "The agriculture ministry said yields fell by a third in the east of the country.\n");
  ExpectParagraphInvariants(article);
  ASSERT_GE(article.paragraphs.size(), 3u);
  EXPECT_EQ(article.paragraphs[0].text, "Drought cuts wheat harvest");
  EXPECT_EQ(article.metadata.title, "Drought cuts wheat harvest");
}

TEST(ArticleParserTest, KeepsIndentationAndInnerWhitespaceVerbatim) {
  const std::string text =
      "Title of the piece\n\n"
      "    An indented  paragraph\twith tabs.\n"
      "  Its second line.   \n\n"
      "Last paragraph.";
  const ParsedArticle article = Parse(text);
  ExpectParagraphInvariants(article);
  ASSERT_EQ(article.paragraphs.size(), 3u);
  EXPECT_EQ(article.paragraphs[1].text,
            "    An indented  paragraph\twith tabs.\n  Its second line.   ");
  EXPECT_EQ(article.paragraphs[2].text, "Last paragraph.");
}

TEST(ArticleParserTest, OffsetsAreByteOffsetsInMultibyteText) {
  const std::string title = "Ministers meet in 東京 — talks “constructive”";
  const std::string p1 =
      "“We have an agreement in principle,” said the envoy — adding that 東京 and Seoul "
      "would sign in March.";
  const std::string p2 = "שלום עולם: the delegation from Tel Aviv said it wanted a 5% tariff cut.";
  const std::string p3 = "وقال الوزير إن المحادثات ستستأنف — the minister said talks would resume.";
  const std::string p4 = "Prices in ¥ and € were discussed, officials said.";
  const std::string text = absl::StrCat(title, "\r\n\r\n", p1, "\n\n", p2, "\n\n", p3, "\n\n", p4);
  const ParsedArticle article = Parse(text);
  ExpectParagraphInvariants(article);
  ASSERT_EQ(article.paragraphs.size(), 5u);
  const std::vector<std::string> expected = {title, p1, p2, p3, p4};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(article.paragraphs[i].text, expected[i]);
    EXPECT_EQ(article.paragraphs[i].article_offset, article.normalized_text.find(expected[i]));
  }
  // The CR LF after the title is one byte in normalized_text.
  EXPECT_EQ(article.paragraphs[1].article_offset, title.size() + 2);
}

TEST(ArticleParserTest, ParagraphHashesDependOnlyOnParagraphText) {
  const ParsedArticle a = Parse("Title A\n\nShared sentence about the vote.\n");
  const ParsedArticle b = Parse("Other title B\n\nShared sentence about the vote.\n");
  ASSERT_EQ(a.paragraphs.size(), 2u);
  ASSERT_EQ(b.paragraphs.size(), 2u);
  EXPECT_EQ(a.paragraphs[1].sha256, b.paragraphs[1].sha256);
  EXPECT_NE(a.paragraphs[0].sha256, b.paragraphs[0].sha256);
  EXPECT_NE(a.content_sha256, b.content_sha256);
}

TEST(ArticleParserTest, IsDeterministic) {
  const std::string text = ReadFile(TestdataPath("markdown_layout.md"));
  const ParsedArticle first = Parse(text);
  const ParsedArticle second = Parse(text);
  ASSERT_EQ(first.paragraphs.size(), second.paragraphs.size());
  for (std::size_t i = 0; i < first.paragraphs.size(); ++i) {
    EXPECT_EQ(first.paragraphs[i].text, second.paragraphs[i].text);
    EXPECT_EQ(first.paragraphs[i].kind, second.paragraphs[i].kind);
  }
  EXPECT_EQ(first.metadata.publish_time, second.metadata.publish_time);
}

// ------------------------------------------------------------ classification

TEST(ClassificationTest, MarkdownLayoutTitleLinkAndDateAreMetadata) {
  const ParsedArticle article = Parse(ReadFile(TestdataPath("markdown_layout.md")));
  ExpectParagraphInvariants(article);
  EXPECT_KIND(article, "# Harbour city", ParagraphKind::kMetadata);
  EXPECT_KIND(article, "[https://www.example-tides.org", ParagraphKind::kMetadata);
  EXPECT_KIND(article, "*07:45 PM, Tuesday", ParagraphKind::kMetadata);
  EXPECT_KIND(article, "## How the turbines work", ParagraphKind::kHeading);
  EXPECT_KIND(article, "> The station should cover", ParagraphKind::kQuoteBlock);
  EXPECT_KIND(article, "Advertisement", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "Share this article", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "Eight turbines sit", ParagraphKind::kBody);
  EXPECT_KIND(article, "Critics, including", ParagraphKind::kBody);
}

TEST(ClassificationTest, BlankLineLayoutWithDeskLineCaptionPromptsAndComments) {
  const ParsedArticle article = Parse(ReadFile(TestdataPath("blank_line_layout.txt")));
  EXPECT_KIND(article, "Rail freight volumes climb", ParagraphKind::kMetadata);
  EXPECT_KIND(article, "The new line halves", ParagraphKind::kBody);
  EXPECT_KIND(article, "Transport Desk March 3, 2025", ParagraphKind::kMetadata);
  EXPECT_KIND(article, "Photo: Lena Moss", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "Listen to article", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "We may earn a commission", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "Capacity limits", ParagraphKind::kHeading);
  EXPECT_KIND(article, "Signalling on the older", ParagraphKind::kBody);
  // The comment section: the opener and everything after it.
  EXPECT_EQ(KindOfExactly(article, "Comments"), ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "Replying to a reader", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "Comments are moderated", ParagraphKind::kBoilerplate);
}

TEST(ClassificationTest, OnePerLineLayoutWithBulletsBylineAndCredit) {
  const ParsedArticle article = Parse(ReadFile(TestdataPath("one_per_line_layout.txt")));
  EXPECT_KIND(article, "Why a Small Dairy Town", ParagraphKind::kMetadata);
  EXPECT_KIND(article, "- A battery maker chose", ParagraphKind::kQuoteBlock);
  EXPECT_KIND(article, "- Local officials offered", ParagraphKind::kQuoteBlock);
  EXPECT_KIND(article, "By Marta Olsen", ParagraphKind::kMetadata);
  EXPECT_KIND(article, "Published Jan. 14, 2025", ParagraphKind::kMetadata);
  EXPECT_KIND(article, "Why Hollin won", ParagraphKind::kHeading);
  EXPECT_KIND(article, "“We had the land", ParagraphKind::kBody);
  EXPECT_KIND(article, "contributed reporting", ParagraphKind::kBoilerplate);
}

TEST(ClassificationTest, OnlyTheFirstTitleLikeLineIsTheTitle) {
  const ParsedArticle article = Parse(
      "Port strike spreads to three more terminals\n\n"
      "Second Short Line Here\n\n"
      "Dock workers at three more terminals walked out on Thursday, the union said.\n\n"
      "Talks with the port authority are due to resume next week, officials said.\n");
  EXPECT_EQ(article.metadata.title, "Port strike spreads to three more terminals");
  EXPECT_EQ(article.paragraphs[0].kind, ParagraphKind::kMetadata);
  EXPECT_EQ(article.paragraphs[1].kind, ParagraphKind::kHeading);
}

TEST(ClassificationTest, SectionLabelAboveTheTitleIsNotTheTitle) {
  const ParsedArticle article = Parse(
      "Technology\n\nChipmaker delays new plant by a year\n\n"
      "The company said on Monday that demand had slowed in the second half.\n");
  EXPECT_EQ(article.metadata.title, "Chipmaker delays new plant by a year");
  EXPECT_EQ(article.paragraphs[0].kind, ParagraphKind::kHeading);
}

TEST(ClassificationTest, MenuLinesAboveTheTitleAreNotTheTitle) {
  const ParsedArticle article = Parse(
      "Home\nNews\nWorld\nGlacier retreat doubles in a decade\n"
      "Alpine glaciers lost twice as much ice in the 2010s as in the 2000s, a study found.\n"
      "The study used satellite data from 1,200 glaciers.\n");
  EXPECT_EQ(article.metadata.title, "Glacier retreat doubles in a decade");
  EXPECT_EQ(KindOfExactly(article, "Home"), ParagraphKind::kHeading);
}

TEST(ClassificationTest, ShortLinesStatingQuantitiesAreNotHeadings) {
  const ParsedArticle article = Parse(
      "Quarterly results\n\n"
      "The retailer reported its figures on Tuesday.\n\n"
      "Revenue: $4.2 billion\n\n"
      "Turnout reached 61%\n\n"
      "Staff numbers fell to 12,400\n\n"
      "Analysts had expected weaker numbers.\n");
  EXPECT_KIND(article, "Revenue: $4.2 billion", ParagraphKind::kBody);
  EXPECT_KIND(article, "Turnout reached 61%", ParagraphKind::kBody);
  EXPECT_KIND(article, "Staff numbers fell to 12,400", ParagraphKind::kBody);
}

TEST(ClassificationTest, ShortLinesBetweenBodyParagraphsAreHeadings) {
  const ParsedArticle article = Parse(
      "Water bills to rise\n\n"
      "Household water bills will rise by 9% in April, the regulator said.\n\n"
      "What changes for customers\n\n"
      "Most homes will pay about 40 euros more a year.\n\n"
      "3. Metering And Leak Repairs In Older Districts\n\n"
      "The utility said it would fit 20,000 meters.\n\n"
      "Who pays the most?\n\n"
      "Large families in rural areas will pay the most, the regulator said.\n");
  EXPECT_KIND(article, "What changes for customers", ParagraphKind::kHeading);
  EXPECT_KIND(article, "3. Metering And Leak Repairs", ParagraphKind::kHeading);
  EXPECT_KIND(article, "Who pays the most?", ParagraphKind::kHeading);
  EXPECT_KIND(article, "Most homes will pay", ParagraphKind::kBody);
}

TEST(ClassificationTest, QuotedSpeechAndSentencesAreNotHeadings) {
  const ParsedArticle article = Parse(
      "Mayor defends budget\n\n"
      "The mayor spoke to reporters on Monday.\n\n"
      "“We will not cut libraries”\n\n"
      "He said so twice.\n\n"
      "the rest of the plan was not discussed\n\n"
      "Officials left after an hour.\n");
  EXPECT_KIND(article, "He said so twice.", ParagraphKind::kBody);
  EXPECT_KIND(article, "“We will not cut libraries”", ParagraphKind::kBody);
  EXPECT_KIND(article, "the rest of the plan", ParagraphKind::kBody);
}

TEST(ClassificationTest, CaptionsCreditsAndCopyrightAreBoilerplate) {
  const ParsedArticle article = Parse(
      "Floods hit river towns\n\n"
      "Image for article titled Floods hit river towns\n\n"
      "Rescue boats on the Elm river. (Getty Images)\n\n"
      "A flooded street in Marlow, March 2, 2025. REUTERS/Ana Ruiz/File Photo\n\n"
      "Residents clear mud from a shop. Karl Weiss/Valley News Agency\n\n"
      "Illustration: Studio Nine\n\n"
      "Getty Images\n\n"
      "Image: Regional Fire Service\n\n"
      "Water levels peaked at 5.2 metres on Sunday, the agency said.\n\n"
      "© 2025 Valley Media Group. All rights reserved.\n\n"
      "Copyright 2025 Valley Media Group\n");
  EXPECT_KIND(article, "Image for article titled", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "(Getty Images)", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "REUTERS/Ana Ruiz", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "Karl Weiss/Valley News Agency", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "Illustration: Studio Nine", ParagraphKind::kBoilerplate);
  EXPECT_EQ(KindOfExactly(article, "Getty Images"), ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "Image: Regional", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "© 2025", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "Copyright 2025", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "Water levels peaked", ParagraphKind::kBody);
}

TEST(ClassificationTest, PromptsAdsAndAffiliateNoticesAreBoilerplate) {
  const ParsedArticle article = Parse(
      "Phone makers cut prices\n\n"
      "Listen to this article · 4 min\n\n"
      "Prices of mid-range phones fell 12% in a year, a survey found.\n\n"
      "ADVERTISEMENT\n\n"
      "Sign up for our morning briefing\n\n"
      "Subscribe to our newsletter to get the day’s news in your inbox.\n\n"
      "Share on Facebook\n\n"
      "- Share on X\n\n"
      "Read more: Why chip prices keep falling\n\n"
      "[Read more](https://example.net/chips)\n\n"
      "This post may contain affiliate links; we may earn a commission.\n\n"
      "5 min read\n\n"
      "***\n\n"
      "The survey covered 14 countries, its authors said.\n");
  EXPECT_KIND(article, "Listen to this article", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "ADVERTISEMENT", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "Sign up for our", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "Subscribe to our", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "Share on Facebook", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "- Share on X", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "Read more: Why", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "[Read more]", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "affiliate links", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "5 min read", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "***", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "Prices of mid-range", ParagraphKind::kBody);
  EXPECT_KIND(article, "The survey covered", ParagraphKind::kBody);
}

TEST(ClassificationTest, BodyTextMentioningPhotosOrRightsStaysBody) {
  const ParsedArticle article = Parse(
      "Court rules on image rights\n\n"
      "Getty Images won a ruling on Tuesday against a start-up that copied 12,000 "
      "photos, the court said.\n\n"
      "Copyright lawyers said the case would be appealed.\n\n"
      "Share prices of the start-up’s investors fell 4%.\n");
  EXPECT_KIND(article, "Getty Images won", ParagraphKind::kBody);
  EXPECT_KIND(article, "Copyright lawyers said", ParagraphKind::kBody);
  EXPECT_KIND(article, "Share prices of", ParagraphKind::kBody);
}

TEST(ClassificationTest, CommentCountBeforeBodyDoesNotSwallowTheArticle) {
  const ParsedArticle article = Parse(
      "Library reopens after repairs\n\n"
      "12 comments\n\n"
      "The central library reopened on Monday after a two-year repair.\n\n"
      "Visitors queued from 8 a.m., staff said.\n");
  EXPECT_KIND(article, "12 comments", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "The central library", ParagraphKind::kBody);
  EXPECT_KIND(article, "Visitors queued", ParagraphKind::kBody);
}

TEST(ClassificationTest, BlockQuotesAndBulletListsAreQuoteBlocks) {
  const ParsedArticle article = Parse(
      "Key points from the report\n\n"
      "- Exports rose 4% in the quarter.\n"
      "- Imports fell for a third month.\n"
      "* The trade surplus widened.\n\n"
      "> “This is the strongest quarter since 2019,” the minister wrote.\n"
      "> The ministry will publish details on Friday.\n\n"
      "The figures were released on Thursday.\n");
  ExpectParagraphInvariants(article);
  EXPECT_KIND(article, "- Exports rose 4%", ParagraphKind::kQuoteBlock);
  EXPECT_KIND(article, "> “This is the strongest", ParagraphKind::kQuoteBlock);
  EXPECT_KIND(article, "The figures were released", ParagraphKind::kBody);
  EXPECT_TRUE(IsExtractable(ParagraphKind::kQuoteBlock));
}

TEST(ClassificationTest, OnlyBodyAndQuoteBlocksAreExtractable) {
  EXPECT_TRUE(IsExtractable(ParagraphKind::kBody));
  EXPECT_TRUE(IsExtractable(ParagraphKind::kQuoteBlock));
  EXPECT_FALSE(IsExtractable(ParagraphKind::kHeading));
  EXPECT_FALSE(IsExtractable(ParagraphKind::kMetadata));
  EXPECT_FALSE(IsExtractable(ParagraphKind::kBoilerplate));
}

TEST(ClassificationTest, PhrasesMatchAcrossNoBreakSpaces) {
  const ParsedArticle article = Parse(
      "Tram line extended\n\nListen\u00A0to\u00A0article\n\n"
      "The tram line will reach the airport by 2027, the city said.\n");
  EXPECT_KIND(article, "Listen", ParagraphKind::kBoilerplate);
}

// ------------------------------------------------------------ phrase files

class PhraseFileTest : public ::testing::Test {
 protected:
  std::string WriteTempFile(std::string_view name, std::string_view contents) {
    const std::filesystem::path path =
        std::filesystem::path(::testing::TempDir()) / std::string(name);
    std::ofstream(path, std::ios::binary) << contents;
    return path.string();
  }
};

TEST_F(PhraseFileTest, UsesTheGivenPhraseFileInsteadOfTheBuiltInList) {
  ArticleParserOptions options;
  options.boilerplate_phrases_path =
      WriteTempFile("phrases.txt", "# custom\n= breaking alert\n~ brought to you by\nwatch live\n");
  absl::StatusOr<std::unique_ptr<ArticleParser>> parser = ArticleParser::Create(options);
  ASSERT_TRUE(parser.ok()) << parser.status();
  const ParsedArticle article = (*parser)->Parse(
      "Election night\n\nBreaking alert!\n\nThis coverage is brought to you by Acme Bank.\n\n"
      "Watch live: the count\n\nAdvertisement\n\n"
      "Polls closed at 10 p.m. and counting began at once.\n",
      {});
  EXPECT_KIND(article, "Breaking alert!", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "brought to you by", ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "Watch live", ParagraphKind::kBoilerplate);
  // Not in the custom list, so not boilerplate by phrase.
  EXPECT_NE(KindOf(article, "Advertisement"), ParagraphKind::kBoilerplate);
}

TEST_F(PhraseFileTest, RejectsAMarkerWithoutAPhrase) {
  ArticleParserOptions options;
  options.boilerplate_phrases_path = WriteTempFile("bad_phrases.txt", "= ok\n~\n");
  const absl::StatusOr<std::unique_ptr<ArticleParser>> parser = ArticleParser::Create(options);
  EXPECT_EQ(parser.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(parser.status().message(), HasSubstr("line 2"));
}

TEST_F(PhraseFileTest, ReportsMissingFilesAsNotFound) {
  ArticleParserOptions options;
  options.boilerplate_phrases_path = "/nonexistent/claimtrace/phrases.txt";
  EXPECT_EQ(ArticleParser::Create(options).status().code(), absl::StatusCode::kNotFound);
  ArticleParserOptions publisher_options;
  publisher_options.publisher_hosts_path = "/nonexistent/claimtrace/hosts.txt";
  EXPECT_EQ(ArticleParser::Create(publisher_options).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(PhraseFileTest, ShippedDataFilesLoadAndGiveTheBuiltInResults) {
  ArticleParserOptions options;
  options.boilerplate_phrases_path = absl::StrCat(CLAIMTRACE_DATA_DIR, "/boilerplate_phrases.txt");
  options.publisher_hosts_path = absl::StrCat(CLAIMTRACE_DATA_DIR, "/publisher_hosts.txt");
  absl::StatusOr<std::unique_ptr<ArticleParser>> parser = ArticleParser::Create(options);
  ASSERT_TRUE(parser.ok()) << parser.status();
  for (std::string_view name :
       {"markdown_layout.md", "blank_line_layout.txt", "one_per_line_layout.txt"}) {
    const std::string text = ReadFile(TestdataPath(name));
    const ParsedArticle from_files = (*parser)->Parse(text, {});
    const ParsedArticle built_in = Parse(text);
    ASSERT_EQ(from_files.paragraphs.size(), built_in.paragraphs.size()) << name;
    for (std::size_t i = 0; i < built_in.paragraphs.size(); ++i) {
      EXPECT_EQ(from_files.paragraphs[i].kind, built_in.paragraphs[i].kind) << name << " " << i;
    }
    EXPECT_EQ(from_files.metadata.publisher, built_in.metadata.publisher);
  }
}

TEST_F(PhraseFileTest, UsesTheGivenPublisherTable) {
  ArticleParserOptions options;
  options.publisher_hosts_path =
      WriteTempFile("hosts.txt", "# test\nexample-tides.org   Tides Weekly\n");
  absl::StatusOr<std::unique_ptr<ArticleParser>> parser = ArticleParser::Create(options);
  ASSERT_TRUE(parser.ok()) << parser.status();
  const ParsedArticle article = (*parser)->Parse(ReadFile(TestdataPath("markdown_layout.md")), {});
  EXPECT_EQ(article.metadata.publisher, "Tides Weekly");
}

// ----------------------------------------------------------------- metadata

TEST(MetadataTest, ReadsMarkdownTitleLinkAndTimeWeekdayDateLine) {
  const ParsedArticle article = Parse(ReadFile(TestdataPath("markdown_layout.md")));
  const ArticleMetadata& m = article.metadata;
  EXPECT_EQ(m.title, "Harbour city opens its first tidal power station");
  EXPECT_EQ(m.title_source, FieldSource::kInferred);
  EXPECT_EQ(m.uri, "https://www.example-tides.org/2024/11/05/harbour-tidal-station/");
  EXPECT_EQ(m.uri_source, FieldSource::kInferred);
  EXPECT_EQ(m.publisher, "example-tides.org");  // not in the table: the host
  EXPECT_EQ(m.publisher_source, FieldSource::kInferred);
  ASSERT_TRUE(m.publish_time.has_value());
  EXPECT_EQ(*m.publish_time, Utc(2024, 11, 5, 19, 45));
  EXPECT_EQ(m.publish_time_source, FieldSource::kInferred);
  EXPECT_EQ(m.language, "en");
  EXPECT_EQ(m.language_source, FieldSource::kInferred);
  EXPECT_EQ(m.byline_source, FieldSource::kNone);
}

TEST(MetadataTest, ReadsDeskBeforeDateAsBylineAndDate) {
  const ParsedArticle article = Parse(ReadFile(TestdataPath("blank_line_layout.txt")));
  EXPECT_EQ(article.metadata.byline, "Transport Desk");
  EXPECT_EQ(article.metadata.byline_source, FieldSource::kInferred);
  ASSERT_TRUE(article.metadata.publish_time.has_value());
  EXPECT_EQ(*article.metadata.publish_time, Utc(2025, 3, 3));
  EXPECT_EQ(article.metadata.title, "Rail freight volumes climb as new corridor opens");
  EXPECT_EQ(article.metadata.uri_source, FieldSource::kNone);
  EXPECT_EQ(article.metadata.publisher_source, FieldSource::kNone);
}

TEST(MetadataTest, ReadsByLineAndAbbreviatedMonthDate) {
  const ParsedArticle article = Parse(ReadFile(TestdataPath("one_per_line_layout.txt")));
  EXPECT_EQ(article.metadata.byline, "Marta Olsen");
  ASSERT_TRUE(article.metadata.publish_time.has_value());
  EXPECT_EQ(*article.metadata.publish_time, Utc(2025, 1, 14));
  EXPECT_EQ(article.metadata.title, "Why a Small Dairy Town Became a Battery Hub");
}

struct DateCase {
  std::string line;
  absl::Time expected;
};

TEST(MetadataTest, ReadsEachDateFormatFromAHeadDateLine) {
  const std::vector<DateCase> cases = {
      {"*09:05 AM, Tuesday, March 4, 2025*", Utc(2025, 3, 4, 9, 5)},
      {"Metro Desk March 3, 2025", Utc(2025, 3, 3)},
      {"2025-03-04", Utc(2025, 3, 4)},
      {"2025-03-04T10:15:00Z", Utc(2025, 3, 4, 10, 15)},
      {"Published 2025-03-04T10:15:00+05:30", Utc(2025, 3, 4, 4, 45)},
      {"Mar. 4, 2025", Utc(2025, 3, 4)},
      {"Sept. 30, 2024", Utc(2024, 9, 30)},
      {"4 March 2025", Utc(2025, 3, 4)},
      {"Published: 4 March 2025 at 18:30 GMT", Utc(2025, 3, 4, 18, 30)},
      {"Updated 3:45 p.m. ET, July 9, 2024", Utc(2024, 7, 9, 19, 45)},
      {"January 15, 2024 11:00 PM EST", Utc(2024, 1, 16, 4, 0)},
      {"Monday 12 February 2024 14:05 UTC+1", Utc(2024, 2, 12, 13, 5)},
      {"By Jane Roe | Feb 2, 2024", Utc(2024, 2, 2)},
      {"_Posted on 21/06/2023_", Utc(2023, 6, 21)},
      {"Sun 5 Jan 2025 14.30 GMT", Utc(2025, 1, 5, 14, 30)},
      {"March 5, 2025 4:12 PM GMT · Updated 2 hours ago", Utc(2025, 3, 5, 16, 12)},
      {"Updated 10:47 AM EST, Fri January 24, 2025", Utc(2025, 1, 24, 15, 47)},
  };
  for (const DateCase& c : cases) {
    const std::string text = absl::StrCat(
        "Harbour tolls to rise\n\n", c.line,
        "\n\nTolls at the harbour will rise by 3% from May, the port authority said.\n");
    const ParsedArticle article = Parse(text);
    ASSERT_TRUE(article.metadata.publish_time.has_value()) << c.line;
    EXPECT_EQ(*article.metadata.publish_time, c.expected)
        << c.line << " read as " << absl::FormatTime(*article.metadata.publish_time);
    EXPECT_EQ(article.metadata.publish_time_source, FieldSource::kInferred);
    EXPECT_KIND(article, c.line, ParagraphKind::kMetadata);
  }
}

TEST(MetadataTest, IgnoresImpossibleAndAmbiguousDates) {
  for (const char* line : {"February 30, 2025", "2025-13-01", "03/04/2025"}) {
    const ParsedArticle article = Parse(absl::StrCat(
        "Harbour tolls to rise\n\n", line, "\n\nTolls at the harbour will rise by 3% from May.\n"));
    EXPECT_FALSE(article.metadata.publish_time.has_value()) << line;
    EXPECT_EQ(article.metadata.publish_time_source, FieldSource::kNone);
  }
}

TEST(MetadataTest, ReadsANameLineAboveADateLineAsTheByline) {
  const ParsedArticle article = Parse(
      "Skip to main content\n"
      "Environment\n"
      "Rivers in southern Europe hit record lows after dry winter\n"
      "Ana Ruiz in Madrid\n"
      "Sun 9 Mar 2025 14.30 CET\n"
      "Share\n"
      "Rivers fell to record lows in February, hydrologists said.\n"
      "Reservoirs in three regions were below a third of capacity.\n"
      "Photograph: Pablo Soto/Agencia Sur\n");
  EXPECT_EQ(article.metadata.title, "Rivers in southern Europe hit record lows after dry winter");
  EXPECT_EQ(article.metadata.byline, "Ana Ruiz in Madrid");
  EXPECT_EQ(article.metadata.byline_source, FieldSource::kInferred);
  ASSERT_TRUE(article.metadata.publish_time.has_value());
  EXPECT_EQ(*article.metadata.publish_time, Utc(2025, 3, 9, 13, 30));
  EXPECT_EQ(KindOfExactly(article, "Ana Ruiz in Madrid"), ParagraphKind::kMetadata);
  EXPECT_EQ(KindOfExactly(article, "Skip to main content"), ParagraphKind::kBoilerplate);
  EXPECT_EQ(KindOfExactly(article, "Share"), ParagraphKind::kBoilerplate);
  EXPECT_KIND(article, "Photograph:", ParagraphKind::kBoilerplate);
}

TEST(MetadataTest, NeverTakesTheDateFromBodySentences) {
  const ParsedArticle article = Parse(
      "Harbour tolls to rise\n\n"
      "On March 4, 2025, the port authority said tolls would rise.\n\n"
      "Published in the annual report\n\n"
      "The report was dated 2025-02-28 and covers the last year.\n");
  EXPECT_FALSE(article.metadata.publish_time.has_value());
  EXPECT_EQ(article.metadata.publish_time_source, FieldSource::kNone);
}

TEST(MetadataTest, IgnoresDateLinesAfterTheHead) {
  std::string text = "Harbour tolls to rise\n\n";
  for (int i = 0; i < 4; ++i) {
    absl::StrAppend(&text, "Paragraph ", i + 1,
                    " of the story says something new about tolls.\n\n");
  }
  absl::StrAppend(&text, "Updated March 9, 2025\n\nA final paragraph follows the update line.\n");
  const ParsedArticle article = Parse(text);
  EXPECT_FALSE(article.metadata.publish_time.has_value());
  EXPECT_KIND(article, "Updated March 9, 2025", ParagraphKind::kMetadata);
}

TEST(MetadataTest, ReadsEachUrlLineForm) {
  const std::vector<std::string> lines = {
      "https://news.example.com/2025/03/04/tolls",
      "<https://news.example.com/2025/03/04/tolls>",
      "[Harbour tolls to rise](https://news.example.com/2025/03/04/tolls)",
      "[https://news.example.com/2025/03/04/tolls]",
      "Source: https://news.example.com/2025/03/04/tolls",
      "*https://news.example.com/2025/03/04/tolls*",
  };
  for (const std::string& line : lines) {
    const ParsedArticle article = Parse(absl::StrCat(
        "Harbour tolls to rise\n\n", line, "\n\nTolls at the harbour will rise by 3% from May.\n"));
    EXPECT_EQ(article.metadata.uri, "https://news.example.com/2025/03/04/tolls") << line;
    EXPECT_EQ(article.metadata.uri_source, FieldSource::kInferred);
    EXPECT_EQ(article.metadata.publisher, "news.example.com") << line;
    EXPECT_KIND(article, line, ParagraphKind::kMetadata);
  }
}

TEST(MetadataTest, TakesTheFirstUrlOfTheHeadWhenThereIsNoUrlLine) {
  const ParsedArticle article = Parse(
      "Harbour tolls to rise\n\n"
      "Originally published by Coast Daily (https://www.coastdaily.example/tolls).\n\n"
      "Tolls will rise by 3% from May, see https://port.example/notice for details.\n");
  EXPECT_EQ(article.metadata.uri, "https://www.coastdaily.example/tolls");
  EXPECT_EQ(article.metadata.publisher, "coastdaily.example");
}

TEST(MetadataTest, MapsWellKnownHostsIncludingSubdomainsToPublishers) {
  const ParsedArticle article = Parse(
      "Battery costs keep falling\n\n"
      "https://www.technologyreview.com/2025/02/01/battery-costs/\n\n"
      "Battery pack prices fell 20% last year, analysts said.\n");
  EXPECT_EQ(article.metadata.publisher, "MIT Technology Review");
  const ParsedArticle subdomain = Parse(
      "Battery costs keep falling\n\nhttps://edition.cnn.com/2025/02/01/battery\n\n"
      "Battery pack prices fell 20% last year, analysts said.\n");
  EXPECT_EQ(subdomain.metadata.publisher, "CNN");
}

TEST(MetadataTest, KeepsGivenFieldsAndMarksThemGiven) {
  ArticleMetadata given;
  given.uri = "https://given.example/story";
  given.title = "Given title";
  given.publisher = "Given Publisher";
  given.byline = "Given Author";
  given.language = "fr";
  given.publish_time = Utc(2020, 1, 2, 3, 4, 5);
  const ParsedArticle article = Parse(ReadFile(TestdataPath("markdown_layout.md")), given);
  const ArticleMetadata& m = article.metadata;
  EXPECT_EQ(m.uri, given.uri);
  EXPECT_EQ(m.title, given.title);
  EXPECT_EQ(m.publisher, given.publisher);
  EXPECT_EQ(m.byline, given.byline);
  EXPECT_EQ(m.language, given.language);
  EXPECT_EQ(m.publish_time, given.publish_time);
  for (FieldSource source : {m.uri_source, m.title_source, m.publisher_source, m.byline_source,
                             m.language_source, m.publish_time_source}) {
    EXPECT_EQ(source, FieldSource::kGiven);
  }
  // Classification does not depend on what was given.
  EXPECT_KIND(article, "# Harbour city", ParagraphKind::kMetadata);
}

TEST(MetadataTest, InfersPublisherFromAGivenUri) {
  ArticleMetadata given;
  given.uri = "https://www.reuters.com/markets/some-story";
  const ParsedArticle article =
      Parse("Markets steady\n\nStocks were little changed on Monday.\n", given);
  EXPECT_EQ(article.metadata.uri_source, FieldSource::kGiven);
  EXPECT_EQ(article.metadata.publisher, "Reuters");
  EXPECT_EQ(article.metadata.publisher_source, FieldSource::kInferred);
}

TEST(MetadataTest, LeavesUnknownFieldsEmptyWithSourceNone) {
  const ParsedArticle article = Parse(
      "Stocks were little changed on Monday as investors waited for rate news.\n\n"
      "Bond yields edged up, traders said.\n");
  const ArticleMetadata& m = article.metadata;
  EXPECT_TRUE(m.title.empty());
  EXPECT_EQ(m.title_source, FieldSource::kNone);
  EXPECT_TRUE(m.uri.empty());
  EXPECT_EQ(m.uri_source, FieldSource::kNone);
  EXPECT_EQ(m.publisher_source, FieldSource::kNone);
  EXPECT_EQ(m.byline_source, FieldSource::kNone);
  EXPECT_EQ(m.publish_time_source, FieldSource::kNone);
  EXPECT_EQ(m.language, "en");
  EXPECT_EQ(m.language_source, FieldSource::kInferred);
  for (const ParsedParagraph& p : article.paragraphs) EXPECT_EQ(p.kind, ParagraphKind::kBody);
}

// -------------------------------------------------------------- performance

std::string MakeLargeArticle(std::size_t target_bytes) {
  std::string text =
      "# Grid operator publishes winter outlook\n\nhttps://grid.example/outlook\n\n"
      "*10:00 AM, Monday, October 6, 2025*\n\n";
  int i = 0;
  while (text.size() < target_bytes) {
    ++i;
    absl::StrAppend(&text, "Demand in region ", i, " is expected to peak at ", 1000 + i % 977,
                    " megawatts — up 3% on last winter — the operator said in its “outlook” "
                    "published on Monday, adding that imports from 東京-based suppliers would "
                    "cover any shortfall.\n\n");
    if (i % 7 == 0) absl::StrAppend(&text, "Advertisement\n\n");
    if (i % 11 == 0) absl::StrAppend(&text, "Regional figures\n\n");
    if (i % 13 == 0) absl::StrAppend(&text, "- Reserve margin stays above 10%.\n\n");
  }
  return text;
}

double SecondsToParse(const std::string& text, std::size_t min_paragraphs) {
  const auto start = std::chrono::steady_clock::now();
  const ParsedArticle article = Parse(text);
  const auto end = std::chrono::steady_clock::now();
  EXPECT_GE(article.paragraphs.size(), min_paragraphs);
  return std::chrono::duration<double>(end - start).count();
}

TEST(PerformanceTest, ParsesAnEightMebibyteArticleInLinearTime) {
  const std::string small = MakeLargeArticle(1 << 20);
  const std::string large = MakeLargeArticle(8 << 20);
  SecondsToParse(small, 1000);  // warm up lazily compiled patterns
  const double small_seconds = SecondsToParse(small, 1000);
  const double large_seconds = SecondsToParse(large, 8000);
  std::cout << "parse 1 MiB: " << small_seconds << " s, 8 MiB: " << large_seconds << " s\n";
  // Linear: eight times the text takes about eight times as long.
  EXPECT_LT(large_seconds, 16 * small_seconds + 0.05)
      << "1 MiB: " << small_seconds << " s, 8 MiB: " << large_seconds << " s";
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__)
  EXPECT_LT(large_seconds, 1.0) << "8 MiB took " << large_seconds << " s";
#endif
  // A single 8 MiB line without any break is also fast.
  const std::string one_line(8 << 20, 'x');
  const double one_line_seconds = SecondsToParse(one_line + "\nSecond line.", 2);
  std::cout << "parse 8 MiB line: " << one_line_seconds << " s\n";
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__)
  EXPECT_LT(one_line_seconds, 1.0);
#else
  (void)one_line_seconds;
#endif
}

// ------------------------------------------------------------------- seeds

// Reads every file of $CLAIMTRACE_SEED_DIR and checks general invariants only.
TEST(SeedCorpusTest, SeedArticlesKeepGeneralInvariants) {
  const char* dir = std::getenv("CLAIMTRACE_SEED_DIR");
  if (dir == nullptr || !std::filesystem::is_directory(dir)) {
    GTEST_SKIP() << "CLAIMTRACE_SEED_DIR is not set or not a directory";
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) GTEST_SKIP() << "no files in " << dir;

  // A stand-alone date in a short line: "Month D, YYYY", "D Month YYYY" or ISO.
  static const RE2 kDateInShortLine(
      R"((?i)(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|)"
      R"(\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{4}|)"
      R"(\d{4}-\d\d-\d\d))");
  for (const std::filesystem::path& path : files) {
    SCOPED_TRACE(path.string());
    const std::string text = ReadFile(path);
    ASSERT_TRUE(ValidateArticleText(text, 64 << 20).ok());
    const ParsedArticle article = Parse(text);
    ExpectParagraphInvariants(article);

    int body = 0;
    for (const ParsedParagraph& p : article.paragraphs) body += p.kind == ParagraphKind::kBody;
    EXPECT_GE(body, 1);

    // The title is found unless the article opens with a list or quote (a
    // summary with no title above it).
    ASSERT_FALSE(article.paragraphs.empty());
    if (article.paragraphs[0].kind != ParagraphKind::kQuoteBlock) {
      EXPECT_FALSE(article.metadata.title.empty());
      EXPECT_EQ(article.metadata.title_source, FieldSource::kInferred);
    }

    // The head: the first few paragraphs (at least as many as the parser's).
    const std::size_t head = std::min<std::size_t>(article.paragraphs.size(), 6);
    bool head_has_url = false;
    bool head_has_date_line = false;
    for (std::size_t i = 0; i < head; ++i) {
      const std::string& t = article.paragraphs[i].text;
      head_has_url |=
          t.find("http://") != std::string::npos || t.find("https://") != std::string::npos;
      head_has_date_line |= t.size() <= 80 && t.find('\n') == std::string::npos &&
                            RE2::PartialMatch(t, kDateInShortLine);
    }
    if (head_has_url) {
      EXPECT_TRUE(RE2::PartialMatch(article.metadata.uri, R"(^https?://[^/\s]+)"))
          << "uri: " << article.metadata.uri;
      EXPECT_FALSE(article.metadata.publisher.empty());
    }
    if (head_has_date_line) {
      EXPECT_TRUE(article.metadata.publish_time.has_value());
    }
  }
}

}  // namespace
}  // namespace claimtrace::provenance
