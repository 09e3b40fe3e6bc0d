// Tests for the phrase file format, paragraph shapes and position rules.
#include "provenance_service/article/paragraph_classifier.h"

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace claimtrace::provenance {
namespace {

using ::testing::ElementsAre;

TEST(BoilerplatePhrasesTest, ParsesEachMarkerAndLowerCasesPhrases) {
  absl::StatusOr<BoilerplatePhrases> phrases = ParseBoilerplatePhrases(
      "# comment\n\nRead More\n= Advertisement\n~ (Getty Images)\n! Comments\n=x\n");
  ASSERT_TRUE(phrases.ok()) << phrases.status();
  EXPECT_THAT(phrases->prefix, ElementsAre("read more", "=x"));
  EXPECT_THAT(phrases->whole, ElementsAre("advertisement"));
  EXPECT_THAT(phrases->anywhere, ElementsAre("(getty images)"));
  EXPECT_THAT(phrases->section_start, ElementsAre("comments"));
}

TEST(BoilerplatePhrasesTest, BuiltInListIsTheShippedFile) {
  absl::StatusOr<BoilerplatePhrases> shipped =
      LoadBoilerplatePhrases(std::string(CLAIMTRACE_DATA_DIR) + "/boilerplate_phrases.txt");
  ASSERT_TRUE(shipped.ok()) << shipped.status();
  const BoilerplatePhrases& built_in = BuiltInBoilerplatePhrases();
  EXPECT_EQ(shipped->prefix, built_in.prefix);
  EXPECT_EQ(shipped->whole, built_in.whole);
  EXPECT_EQ(shipped->anywhere, built_in.anywhere);
  EXPECT_EQ(shipped->section_start, built_in.section_start);
  EXPECT_FALSE(built_in.whole.empty());
}

class ShapeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<ParagraphClassifier>> created =
        ParagraphClassifier::Create(BuiltInBoilerplatePhrases());
    ASSERT_TRUE(created.ok()) << created.status();
    classifier_ = *std::move(created);
  }
  ParagraphForm FormOf(std::string_view text) { return classifier_->Shape(text).form; }
  std::unique_ptr<ParagraphClassifier> classifier_;
};

TEST_F(ShapeTest, PrefixPhrasesMatchWholeWordsOnly) {
  EXPECT_EQ(FormOf("Read more: the budget in charts"), ParagraphForm::kBoilerplate);
  EXPECT_EQ(FormOf("Read moreover the notes."), ParagraphForm::kProse);
}

TEST_F(ShapeTest, AnywherePhrasesApplyOnlyToShortParagraphs) {
  const std::string caption = "Workers at the site on Monday. (Getty Images)";
  EXPECT_EQ(FormOf(caption), ParagraphForm::kBoilerplate);
  const std::string long_body =
      std::string(700, 'a') + " the agency credited the picture (Getty Images) in its report.";
  EXPECT_EQ(FormOf(long_body), ParagraphForm::kProse);
}

TEST_F(ShapeTest, RecognisesStructuralForms) {
  EXPECT_EQ(FormOf("## Results"), ParagraphForm::kMarkdownHeading);
  EXPECT_EQ(FormOf("#hashtag without space"), ParagraphForm::kProse);
  EXPECT_EQ(FormOf("> quoted"), ParagraphForm::kListOrQuote);
  EXPECT_EQ(FormOf("- item one\n- item two"), ParagraphForm::kListOrQuote);
  EXPECT_EQ(FormOf("![chart](https://a.example/c.png)"), ParagraphForm::kBoilerplate);
  EXPECT_EQ(FormOf("https://a.example/story"), ParagraphForm::kUrlLine);
  EXPECT_EQ(FormOf("Updated March 9, 2025"), ParagraphForm::kDateLine);
  EXPECT_EQ(FormOf("By Ana Ruiz"), ParagraphForm::kBylineLine);
  EXPECT_EQ(FormOf("COMMENTS"), ParagraphForm::kSectionStart);
  EXPECT_EQ(FormOf("— — —"), ParagraphForm::kBoilerplate);
}

TEST_F(ShapeTest, HeadingAndTitleFlags) {
  const ParagraphShape heading = classifier_->Shape("Where the money goes");
  EXPECT_TRUE(heading.heading_like);
  EXPECT_TRUE(heading.title_like);
  const ParagraphShape sentence = classifier_->Shape("The money goes to roads.");
  EXPECT_FALSE(sentence.heading_like);
  EXPECT_FALSE(sentence.title_like);
  const ParagraphShape long_title = classifier_->Shape(
      "Officials in the northern province say a new water pipeline will be finished two years "
      "early despite the rains");
  EXPECT_FALSE(long_title.heading_like);
  EXPECT_TRUE(long_title.title_like);
  const ParagraphShape cjk = classifier_->Shape("东京股市收盘上涨");
  EXPECT_TRUE(cjk.heading_like);
  EXPECT_FALSE(classifier_->Shape("东京股市收盘上涨。").heading_like);
}

TEST(ClassifyParagraphsTest, HeadEndsBeforeTheThirdBodyParagraph) {
  std::vector<ParagraphShape> shapes(8);
  const ArticleClassification result = ClassifyParagraphs(shapes);
  EXPECT_EQ(result.head_end, 2u);
  EXPECT_EQ(result.title_index, -1);
  for (ParagraphKind kind : result.kinds) EXPECT_EQ(kind, ParagraphKind::kBody);
}

TEST(ClassifyParagraphsTest, SectionStartAfterBodyMakesTheRestBoilerplate) {
  std::vector<ParagraphShape> shapes(4);
  shapes[1].form = ParagraphForm::kSectionStart;
  shapes[0].title_like = false;
  const ArticleClassification result = ClassifyParagraphs(shapes);
  EXPECT_THAT(result.kinds, ElementsAre(ParagraphKind::kBody, ParagraphKind::kBoilerplate,
                                        ParagraphKind::kBoilerplate, ParagraphKind::kBoilerplate));
}

}  // namespace
}  // namespace claimtrace::provenance
