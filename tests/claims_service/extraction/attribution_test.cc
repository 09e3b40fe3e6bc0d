#include "claims_service/extraction/attribution.h"

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "claims_service/extraction/entity_table.h"
#include "claims_service/extraction/paragraph_analysis.h"
#include "claims_service/extraction/sentence_segmenter.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace claimtrace::claims {
namespace {

// Analyses invented paragraphs and answers "who asserts this phrase?".
class AttributionTest : public ::testing::Test {
 protected:
  void Analyze(std::vector<std::string> paragraphs) {
    paragraphs_ = std::move(paragraphs);
    std::vector<std::pair<int, std::string_view>> input;
    for (std::size_t i = 0; i < paragraphs_.size(); ++i) {
      input.emplace_back(static_cast<int>(i), paragraphs_[i]);
    }
    analysis_ = AnalyzeArticle(input, *table_, **segmenter_);
    attributions_.clear();
    for (const ParagraphAnalysis& p : analysis_.paragraphs) {
      attributions_.push_back(AttributeParagraph(p, nullptr));
    }
  }

  // The source of `phrase` in paragraph `index`, or nullptr.
  const AttributionSource* SourceOf(std::string_view phrase, int index = 0) {
    const std::string& text = paragraphs_[index];
    const std::size_t at = text.find(phrase);
    EXPECT_NE(at, std::string::npos) << phrase;
    if (at == std::string::npos) return nullptr;
    return attributions_[index].SourceFor(at, at + phrase.size());
  }

  std::string ClaimantOf(std::string_view phrase, int index = 0) {
    const AttributionSource* source = SourceOf(phrase, index);
    return source == nullptr ? "(publication)" : source->claimant.id;
  }

  std::unique_ptr<EntityTable> table_ = EntityTable::Default();
  absl::StatusOr<std::unique_ptr<SentenceSegmenter>> segmenter_ = SentenceSegmenter::Create();
  std::vector<std::string> paragraphs_;
  ArticleAnalysis analysis_;
  std::vector<ParagraphAttribution> attributions_;
};

TEST_F(AttributionTest, SaidThatAttributesTheFollowingClause) {
  Analyze({"Mara Lindqvist said that cargo volumes at the port fell 12% in May."});
  const AttributionSource* source = SourceOf("12%");
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->claimant.id, "mara-lindqvist");
  EXPECT_EQ(source->cue, "said");
}

TEST_F(AttributionTest, TrailingSaidAttributesTheClauseBefore) {
  Analyze({"Mara Lindqvist runs the harbour office.",
           "Cargo volumes fell 12% in May, Lindqvist said on Tuesday."});
  EXPECT_EQ(ClaimantOf("12%", 1), "mara-lindqvist");
  EXPECT_EQ(ClaimantOf("Tuesday", 1), "mara-lindqvist");
}

TEST_F(AttributionTest, InvertedSaysAfterAQuoteKeepsPersonAndAffiliation) {
  Analyze(
      {"“The harbour is running at full tilt this summer,” says Mara Lindqvist, an "
       "economist at Nordvik Bank."});
  ASSERT_EQ(attributions_[0].quotes.size(), 1u);
  const QuoteSpan& quote = attributions_[0].quotes[0];
  ASSERT_TRUE(quote.speaker.has_value());
  EXPECT_EQ(quote.speaker->claimant.id, "mara-lindqvist");
  EXPECT_EQ(quote.speaker->claimant.name, "Mara Lindqvist");
  EXPECT_EQ(quote.speaker->claimant.affiliation, "Nordvik Bank");
  EXPECT_EQ(quote.speaker->cue, "says");
}

TEST_F(AttributionTest, SpeakerBeforeAColonOwnsTheQuote) {
  Analyze(
      {"Port director Hanne Vik told reporters: “We expect a record autumn for container "
       "traffic.”"});
  ASSERT_EQ(attributions_[0].quotes.size(), 1u);
  ASSERT_TRUE(attributions_[0].quotes[0].speaker.has_value());
  EXPECT_EQ(attributions_[0].quotes[0].speaker->claimant.id, "hanne-vik");
}

TEST_F(AttributionTest, AccordingToAtTheStartCoversTheSentence) {
  Analyze({"According to the Nordic Freight Council, spot rates doubled to $4,000 per box."});
  const AttributionSource* source = SourceOf("$4,000");
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->claimant.id, "nordic-freight-council");
  EXPECT_EQ(source->cue, "according to");
}

TEST_F(AttributionTest, AccordingToAtTheEndCoversTheClauseBefore) {
  Analyze(
      {"Spot rates doubled to $4,000 per box, according to Oskar Brandt, a shipping analyst "
       "at Tidewater Analytics."});
  EXPECT_EQ(ClaimantOf("$4,000"), "oskar-brandt");
}

TEST_F(AttributionTest, AppositiveBetweenSourceAndVerbKeepsAffiliation) {
  Analyze(
      {"Oskar Brandt, founder of the consultancy Tidewater Analytics, estimates that the "
       "fleet has at least 40 vessels."});
  const AttributionSource* source = SourceOf("at least 40");
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->claimant.id, "oskar-brandt");
  EXPECT_EQ(source->claimant.affiliation, "Tidewater Analytics");
  EXPECT_EQ(source->cue, "estimates");
}

TEST_F(AttributionTest, PronounSpeakerResolvesToLastNamedPerson) {
  Analyze(
      {"Oskar Brandt has tracked the fleet since 2015. “Demand is soft and owners are "
       "nervous,” he said."});
  ASSERT_EQ(attributions_[0].quotes.size(), 1u);
  ASSERT_TRUE(attributions_[0].quotes[0].speaker.has_value());
  EXPECT_EQ(attributions_[0].quotes[0].speaker->claimant.id, "oskar-brandt");
}

TEST_F(AttributionTest, PersonNamedInsideAQuoteIsNotTheLaterHe) {
  Analyze({"Ines Moreau chairs the board.",
           "“Even Mr Castell admits the plan works,” she said. “It is done,” he added."});
  ASSERT_EQ(attributions_[1].quotes.size(), 2u);
  EXPECT_EQ(attributions_[1].quotes[0].speaker->claimant.id, "ines-moreau");
}

TEST_F(AttributionTest, CompanyIsTheClaimantOfItsOwnStatement) {
  Analyze({"Kestrel Foods said its quarterly profit rose 8% on stronger export demand."});
  const AttributionSource* source = SourceOf("8%");
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->claimant.id, "kestrel-foods");
  EXPECT_EQ(source->cue, "said");
}

TEST_F(AttributionTest, TheCompanyResolvesToTheOrganisationNamedBefore) {
  Analyze(
      {"Kestrel Foods opened a plant in Ghent. The company said output would reach 900 "
       "tonnes a day."});
  EXPECT_EQ(ClaimantOf("900 tonnes"), "kestrel-foods");
}

TEST_F(AttributionTest, MultiSentenceQuoteBelongsToItsSpeaker) {
  Analyze({"“Demand is soft. Prices will fall 10% before they recover,” said Oskar Brandt."});
  EXPECT_EQ(ClaimantOf("10%"), "oskar-brandt");
}

TEST_F(AttributionTest, ContinuedQuoteKeepsThePreviousSpeaker) {
  Analyze({"“Demand is soft,” Oskar Brandt said. “Prices will fall 10% before they recover.”"});
  EXPECT_EQ(ClaimantOf("10%"), "oskar-brandt");
}

TEST_F(AttributionTest, TwoSourcesInOneSentenceSplitTheSentence) {
  Analyze(
      {"The trade paper Harbour Weekly estimates that the terminal handles 9,000 boxes a "
       "day, but Oskar Brandt, founder of Tidewater Analytics, estimates that it handles "
       "at least 12,000."});
  EXPECT_EQ(ClaimantOf("9,000"), "harbour-weekly");
  EXPECT_EQ(ClaimantOf("at least 12,000"), "oskar-brandt");
}

TEST_F(AttributionTest, AnalystsAtAFirmMeanTheFirm) {
  Analyze({"Analysts at Corvel Securities estimate that grain prices will rise 6% next year."});
  EXPECT_EQ(ClaimantOf("6%"), "corvel-securities");
}

TEST_F(AttributionTest, UnattributedTextHasNoSource) {
  Analyze({"Rates doubled in March as the canal stayed shut for repairs."});
  EXPECT_EQ(SourceOf("doubled"), nullptr);
}

TEST_F(AttributionTest, ClaimantNounsAreNotReportingVerbs) {
  Analyze({"Kestrel Foods rejected Corvel’s claims about the plant on Friday."});
  EXPECT_EQ(SourceOf("about the plant"), nullptr);
}

}  // namespace
}  // namespace claimtrace::claims
