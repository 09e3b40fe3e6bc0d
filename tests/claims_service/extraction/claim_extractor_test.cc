#include "claims_service/extraction/claim_extractor.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "claims_service/extraction/entity_table.h"
#include "claims_service/extraction/predicate_table.h"
#include "common/utf8.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace claimtrace::claims {
namespace {

using ::testing::HasSubstr;

// Runs the extractor on invented paragraphs (blank-line separated in the
// test source for readability) and offers lookups by quoted phrase.
class ClaimExtractorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto created = ClaimExtractor::Create({});
    ASSERT_TRUE(created.ok()) << created.status();
    extractor_ = created->release();
  }
  static void TearDownTestSuite() {
    delete extractor_;
    extractor_ = nullptr;
  }

  void Extract(std::vector<std::string> paragraphs, std::string title = "") {
    title_ = std::move(title);
    paragraphs_ = std::move(paragraphs);
    std::vector<ParagraphText> input;
    for (std::size_t i = 0; i < paragraphs_.size(); ++i) {
      input.push_back({static_cast<int>(i), paragraphs_[i]});
    }
    ArticleContext article;
    article.title = title_;
    article.publisher = "Harbour Ledger";
    article.publish_time =
        absl::FromCivil(absl::CivilSecond(2025, 3, 14, 9, 0, 0), absl::UTCTimeZone());
    claims_ = extractor_->Extract(article, input);
  }

  std::string SpanOf(const ExtractedClaim& claim) const {
    const std::string& text = paragraphs_[claim.mention.paragraph_index];
    return text.substr(claim.mention.start_offset,
                       claim.mention.end_offset - claim.mention.start_offset);
  }

  // The claim of `kind` whose span contains `phrase`, or nullptr.
  const ExtractedClaim* Find(ClaimKind kind, std::string_view phrase) const {
    for (const ExtractedClaim& claim : claims_) {
      if (claim.content.kind == kind && SpanOf(claim).find(phrase) != std::string::npos) {
        return &claim;
      }
    }
    return nullptr;
  }

  int Count(ClaimKind kind) const {
    int n = 0;
    for (const ExtractedClaim& claim : claims_) n += claim.content.kind == kind ? 1 : 0;
    return n;
  }

  static ClaimExtractor* extractor_;
  std::string title_;
  std::vector<std::string> paragraphs_;
  std::vector<ExtractedClaim> claims_;
};

ClaimExtractor* ClaimExtractorTest::extractor_ = nullptr;

TEST_F(ClaimExtractorTest, MoneyAmountBecomesAQuantityWithPredicateFromTheVerb) {
  Extract(
      {"Kestrel Foods said it spent nearly $6 million to train its new forecasting "
       "system."});
  const ExtractedClaim* claim = Find(ClaimKind::kQuantity, "$6 million");
  ASSERT_NE(claim, nullptr);
  ASSERT_TRUE(claim->content.quantity.has_value());
  EXPECT_DOUBLE_EQ(claim->content.quantity->value, 6e6);
  EXPECT_EQ(claim->content.quantity->unit, "USD");
  EXPECT_EQ(claim->content.quantity->bound, Bound::kApproximate);
  EXPECT_EQ(claim->content.predicate, "training_cost");
  EXPECT_EQ(claim->content.subject.id, "kestrel-foods");
  EXPECT_EQ(claim->mention.claimant.id, "kestrel-foods");
  EXPECT_EQ(claim->mention.cue, "said");
  EXPECT_EQ(SpanOf(*claim), "nearly $6 million");
  EXPECT_EQ(claim->content.statement,
            "Kestrel Foods spent approximately 6,000,000 USD on training (training_cost).");
}

TEST_F(ClaimExtractorTest, CountedNounCanonicalisesThroughTheEntityTable) {
  Extract(
      {"Harrow Cloud bought 2,048 Nvidia H800 chips last year, and it now owns more than "
       "10,000 A100s."});
  const ExtractedClaim* h800 = Find(ClaimKind::kQuantity, "2,048");
  ASSERT_NE(h800, nullptr);
  EXPECT_EQ(h800->content.quantity->unit, "nvidia-h800");
  EXPECT_EQ(h800->content.predicate, "chips_acquired");
  EXPECT_EQ(SpanOf(*h800), "2,048 Nvidia H800 chips");
  const ExtractedClaim* a100 = Find(ClaimKind::kQuantity, "10,000");
  ASSERT_NE(a100, nullptr);
  EXPECT_EQ(a100->content.quantity->unit, "nvidia-a100");
  EXPECT_EQ(a100->content.quantity->bound, Bound::kMoreThan);
}

TEST_F(ClaimExtractorTest, PlainCountedNounIsALowerCasePlural) {
  Extract({"The translation service now supports 29 languages across its apps."});
  const ExtractedClaim* claim = Find(ClaimKind::kQuantity, "29");
  ASSERT_NE(claim, nullptr);
  EXPECT_EQ(claim->content.quantity->unit, "languages");
  EXPECT_EQ(claim->content.predicate, "languages_supported");
}

TEST_F(ClaimExtractorTest, ElidedNounTakesTheUnitOfTheEarlierCount) {
  Extract(
      {"Officials counted 16 more coastal towns at risk, bringing the total to more than "
       "600."});
  const ExtractedClaim* claim = Find(ClaimKind::kQuantity, "600");
  ASSERT_NE(claim, nullptr);
  EXPECT_EQ(claim->content.quantity->unit, "towns");
}

TEST_F(ClaimExtractorTest, NumbersInNamesAndUrlsAreNotClaims) {
  Extract(
      {"Readers of [the filing](https://example.org/2024/05/report-300) compared the RTX "
       "4090 with the GPT-4 demo."});
  EXPECT_EQ(Count(ClaimKind::kQuantity), 0);
  EXPECT_EQ(Count(ClaimKind::kDate), 0);
}

TEST_F(ClaimExtractorTest, DateWithEventVerbGetsThatPredicate) {
  Extract({"Based in Ghent, Belgium, Kestrel Foods was founded in July 2019 by Amara Osei."});
  const ExtractedClaim* date = Find(ClaimKind::kDate, "July 2019");
  ASSERT_NE(date, nullptr);
  EXPECT_EQ(date->content.predicate, "founded");
  ASSERT_TRUE(date->content.date.has_value());
  EXPECT_EQ(date->content.date->year, 2019);
  EXPECT_EQ(date->content.date->month, 7);
  EXPECT_EQ(date->content.date->precision, DatePrecision::kMonth);
  EXPECT_EQ(date->content.subject.id, "kestrel-foods");
  const ExtractedClaim* place = Find(ClaimKind::kLocation, "Ghent");
  ASSERT_NE(place, nullptr);
  EXPECT_EQ(place->content.predicate, "headquartered_in");
  EXPECT_EQ(place->content.object.id, "ghent");
  EXPECT_EQ(place->content.subject.id, "kestrel-foods");
  EXPECT_EQ(SpanOf(*place), "Based in Ghent");
}

TEST_F(ClaimExtractorTest, BasedCompoundLocatesTheOrganisationItModifies) {
  Extract({"Orbis Rail, a Lyon-based maker of signalling kit, won the contract.",
           "The Shanghai-based startup Lumo Robotics raised $40 million in March."});
  const ExtractedClaim* lyon = Find(ClaimKind::kLocation, "Lyon-based");
  ASSERT_NE(lyon, nullptr);
  EXPECT_EQ(lyon->content.subject.id, "orbis-rail");
  EXPECT_EQ(lyon->content.object.id, "lyon");
  EXPECT_EQ(SpanOf(*lyon), "Lyon-based");
  const ExtractedClaim* shanghai = Find(ClaimKind::kLocation, "Shanghai-based");
  ASSERT_NE(shanghai, nullptr);
  EXPECT_EQ(shanghai->content.subject.id, "lumo-robotics");
  EXPECT_EQ(shanghai->content.object.id, "shanghai");
  const ExtractedClaim* raised = Find(ClaimKind::kQuantity, "$40 million");
  ASSERT_NE(raised, nullptr);
  EXPECT_EQ(raised->content.predicate, "funding_raised");
}

TEST_F(ClaimExtractorTest, ComparisonVerbNamesSubjectAndObject) {
  Extract({"Tern Labs says its Atlas model rivals OpenAI’s GPT-4o on coding tests."});
  const ExtractedClaim* claim = Find(ClaimKind::kComparison, "rivals");
  ASSERT_NE(claim, nullptr);
  EXPECT_EQ(claim->content.predicate, "rivals");
  EXPECT_EQ(claim->content.object.id, "openai-gpt-4o");
  EXPECT_EQ(claim->content.subject.id, "atlas");
}

TEST_F(ClaimExtractorTest, SuperlativesAndComparativesAreComparisons) {
  Extract(
      {"Velden is the region’s second-largest port by tonnage, and its fees are lower than "
       "rival Maasburg’s."});
  const ExtractedClaim* largest = Find(ClaimKind::kComparison, "second-largest");
  ASSERT_NE(largest, nullptr);
  EXPECT_EQ(largest->content.predicate, "superlative_second_largest");
  const ExtractedClaim* lower = Find(ClaimKind::kComparison, "lower than");
  ASSERT_NE(lower, nullptr);
  EXPECT_EQ(lower->content.predicate, "falls_below");
}

TEST_F(ClaimExtractorTest, QuoteNeedsASpeakerAndKeepsNormalisedText) {
  Extract(
      {"“We will   double exports to Asia within three years,” said Amara Osei, chief "
       "executive of Kestrel Foods.",
       "The menu promised a “taste of the sea” to every guest."});
  const ExtractedClaim* quote = Find(ClaimKind::kQuote, "double exports");
  ASSERT_NE(quote, nullptr);
  EXPECT_EQ(quote->content.quote_text, "We will double exports to Asia within three years");
  EXPECT_EQ(quote->content.subject.id, "amara-osei");
  EXPECT_EQ(quote->mention.claimant.id, "amara-osei");
  EXPECT_EQ(quote->mention.claimant.affiliation, "Kestrel Foods");
  EXPECT_EQ(SpanOf(*quote), "We will   double exports to Asia within three years,");
  EXPECT_EQ(Count(ClaimKind::kQuote), 1);  // the scare quote has no speaker
  const ExtractedClaim* years = Find(ClaimKind::kQuantity, "three years");
  ASSERT_NE(years, nullptr);
  EXPECT_EQ(years->mention.claimant.id, "amara-osei");
}

TEST_F(ClaimExtractorTest, UnattributedClaimsBelongToThePublication) {
  Extract({"Container traffic rose 4% in February."});
  const ExtractedClaim* claim = Find(ClaimKind::kQuantity, "4%");
  ASSERT_NE(claim, nullptr);
  EXPECT_EQ(claim->mention.claimant.id, "harbour-ledger");
  EXPECT_EQ(claim->mention.claimant.name, "Harbour Ledger");
  EXPECT_TRUE(claim->mention.cue.empty());
}

TEST_F(ClaimExtractorTest, ItAndTheCompanyResolveToTheLastOrganisation) {
  Extract(
      {"Kestrel Foods opened a plant in Ghent in 2021. It employs 430 people, and the "
       "company expects revenue of €90 million this year."});
  const ExtractedClaim* staff = Find(ClaimKind::kQuantity, "430");
  ASSERT_NE(staff, nullptr);
  EXPECT_EQ(staff->content.subject.id, "kestrel-foods");
  EXPECT_EQ(staff->content.predicate, "employees");
  const ExtractedClaim* revenue = Find(ClaimKind::kQuantity, "€90 million");
  ASSERT_NE(revenue, nullptr);
  EXPECT_EQ(revenue->content.subject.id, "kestrel-foods");
  EXPECT_EQ(revenue->content.predicate, "revenue");
  EXPECT_EQ(revenue->mention.claimant.id, "kestrel-foods");
}

// --- Subjects: organisations the entity table does not know ---------------

TEST_F(ClaimExtractorTest, UnknownNameOpeningASentenceWithAnAppositiveIsSubjectAndClaimant) {
  Extract({"Grainfield, the Leeds-based cereal maker, said on Monday that its new mill cost "
           "£84 million and will employ at least 300 people by 2027.",
           "“We expect the mill to supply up to 30% of the country’s oat flour,” said Ines "
           "Carvalho, the company’s operations director."},
          "Grainfield opens oat mill in Yorkshire");
  const ExtractedClaim* cost = Find(ClaimKind::kQuantity, "£84 million");
  ASSERT_NE(cost, nullptr);
  EXPECT_EQ(cost->content.subject.id, "grainfield");
  EXPECT_EQ(cost->content.predicate, "cost");
  EXPECT_EQ(cost->mention.claimant.id, "grainfield");
  EXPECT_EQ(cost->mention.cue, "said");
  const ExtractedClaim* staff = Find(ClaimKind::kQuantity, "300 people");
  ASSERT_NE(staff, nullptr);
  EXPECT_EQ(staff->content.subject.id, "grainfield");
  const ExtractedClaim* leeds = Find(ClaimKind::kLocation, "Leeds-based");
  ASSERT_NE(leeds, nullptr);
  EXPECT_EQ(leeds->content.subject.id, "grainfield");
  EXPECT_EQ(leeds->content.predicate, "headquartered_in");
  // The speaker who appears later is the claimant of her quote, not the
  // subject of the company's figures.
  const ExtractedClaim* share = Find(ClaimKind::kQuantity, "30%");
  ASSERT_NE(share, nullptr);
  EXPECT_EQ(share->content.subject.id, "grainfield");
  EXPECT_EQ(share->mention.claimant.id, "ines-carvalho");
  EXPECT_EQ(share->mention.claimant.affiliation, "Grainfield");
  for (const ExtractedClaim& claim : claims_) {
    if (claim.content.kind != ClaimKind::kQuote) {
      EXPECT_NE(claim.content.subject.id, "ines-carvalho") << SpanOf(claim);
    }
  }
}

TEST_F(ClaimExtractorTest, TheStartupResolvesToTheOrganisationOnlyTheTitleNames) {
  Extract({"The Boston-based startup said the trial cost $45 million, according to a filing.",
           "Its revenue rose 12% to $8 million last year."},
          "Biotech startup Orvella bets on gene therapy");
  const ExtractedClaim* cost = Find(ClaimKind::kQuantity, "$45 million");
  ASSERT_NE(cost, nullptr);
  EXPECT_EQ(cost->content.subject.id, "orvella");
  EXPECT_EQ(cost->mention.claimant.id, "orvella");
  const ExtractedClaim* boston = Find(ClaimKind::kLocation, "Boston-based");
  ASSERT_NE(boston, nullptr);
  EXPECT_EQ(boston->content.subject.id, "orvella");
  const ExtractedClaim* revenue = Find(ClaimKind::kQuantity, "$8 million");
  ASSERT_NE(revenue, nullptr);
  EXPECT_EQ(revenue->content.subject.id, "orvella");
  EXPECT_EQ(revenue->content.predicate, "revenue");
}

TEST_F(ClaimExtractorTest, TheSameFactInTwoArticlesIsOneClaimAndPlacesConflictOnOneSubject) {
  Extract({"Kestrand, a Rotterdam-based shipping group, said its new terminal cost €640 million."},
          "Kestrand opens deep-water terminal");
  const ExtractedClaim* first_cost = Find(ClaimKind::kQuantity, "€640 million");
  const ExtractedClaim* first_place = Find(ClaimKind::kLocation, "Rotterdam-based");
  ASSERT_NE(first_cost, nullptr);
  ASSERT_NE(first_place, nullptr);
  const std::string first_id = ClaimId(first_cost->content);
  const ClaimContent first_location = first_place->content;

  Extract({"The Antwerp-based group said the terminal cost €640 million, according to port "
           "records."},
          "Shipping group Kestrand doubles its capacity");
  const ExtractedClaim* second_cost = Find(ClaimKind::kQuantity, "€640 million");
  const ExtractedClaim* second_place = Find(ClaimKind::kLocation, "Antwerp-based");
  ASSERT_NE(second_cost, nullptr);
  ASSERT_NE(second_place, nullptr);
  EXPECT_EQ(ClaimId(second_cost->content), first_id);
  EXPECT_EQ(second_place->content.subject.id, first_location.subject.id);
  EXPECT_EQ(second_place->content.predicate, first_location.predicate);
  EXPECT_NE(second_place->content.object.id, first_location.object.id);
}

TEST_F(ClaimExtractorTest, APersonIsTheSubjectOnlyWhenTheSentenceIsAboutThem) {
  Extract({"Halvorsen Marine Group builds ferries for coastal routes.",
           "Dag Solheim, the firm’s finance chief, said revenue reached $310 million.",
           "Solheim earned $2 million in salary last year."});
  const ExtractedClaim* revenue = Find(ClaimKind::kQuantity, "$310 million");
  ASSERT_NE(revenue, nullptr);
  EXPECT_EQ(revenue->content.subject.id, "halvorsen-marine-group");
  EXPECT_EQ(revenue->mention.claimant.id, "dag-solheim");
  EXPECT_EQ(revenue->mention.claimant.affiliation, "Halvorsen Marine Group");
  const ExtractedClaim* salary = Find(ClaimKind::kQuantity, "$2 million");
  ASSERT_NE(salary, nullptr);
  EXPECT_EQ(salary->content.subject.id, "dag-solheim");
  EXPECT_EQ(salary->content.predicate, "salary");
}

TEST_F(ClaimExtractorTest, ADescriptionPrefersTheBodyWhoseNameHasItsHead) {
  Extract(
      {"The Lorland Water Authority ordered repairs after Brenna General Hospital reported "
       "42 cases of illness.",
       "The repairs will cost less than €3 million, the authority said."});
  const ExtractedClaim* cost = Find(ClaimKind::kQuantity, "€3 million");
  ASSERT_NE(cost, nullptr);
  EXPECT_EQ(cost->mention.claimant.id, "lorland-water-authority");
}

TEST_F(ClaimExtractorTest, AListenerNamedAfterARoleIsNotTheNextShe) {
  Extract({"Some analysts who spoke with KT expressed doubts about the figures.",
           "Lena Varga, a senior fellow at the Osterholm Institute, told KT that output was "
           "rising.",
           "But she said “we are still at the start of the race” for market share."});
  const ExtractedClaim* quote = Find(ClaimKind::kQuote, "start of the race");
  ASSERT_NE(quote, nullptr);
  EXPECT_EQ(quote->mention.claimant.id, "lena-varga");
}

// --- Units, bounds and false positives --------------------------------------

TEST_F(ClaimExtractorTest, YenSignIsJpyInJapaneseContextAndCnyOtherwise) {
  Extract({"Osaka-based Kurobane Robotics raised \u00A58 billion from Japanese banks.",
           "The group will spend \u00A5500 million on a new lab."},
          "Kurobane Robotics expands");
  const ExtractedClaim* raised = Find(ClaimKind::kQuantity, "8 billion");
  ASSERT_NE(raised, nullptr);
  EXPECT_EQ(raised->content.quantity->unit, "JPY");
  // No cue in its own sentence or paragraph: the article (Osaka, Japanese)
  // decides.
  const ExtractedClaim* lab = Find(ClaimKind::kQuantity, "500 million");
  ASSERT_NE(lab, nullptr);
  EXPECT_EQ(lab->content.quantity->unit, "JPY");

  Extract({"Hangzhou-based Qinyu Motors sold cars worth \u00A512 billion in China."});
  const ExtractedClaim* sold = Find(ClaimKind::kQuantity, "12 billion");
  ASSERT_NE(sold, nullptr);
  EXPECT_EQ(sold->content.quantity->unit, "CNY");
  Extract({"The fee is \u00A5300 per visit."});
  const ExtractedClaim* fee = Find(ClaimKind::kQuantity, "300");
  ASSERT_NE(fee, nullptr);
  EXPECT_EQ(fee->content.quantity->unit, "CNY");
}

TEST_F(ClaimExtractorTest, CountedNounSkipsANationalityAdjective) {
  Extract(
      {"Regulators now license 31 ports, and this week added 9 more Korean shippers, "
       "bringing the total to more than 200."});
  const ExtractedClaim* added = Find(ClaimKind::kQuantity, "9");
  ASSERT_NE(added, nullptr);
  EXPECT_EQ(added->content.quantity->unit, "shippers");
  const ExtractedClaim* total = Find(ClaimKind::kQuantity, "200");
  ASSERT_NE(total, nullptr);
  EXPECT_EQ(total->content.quantity->unit, "shippers");
}

TEST_F(ClaimExtractorTest, OverADurationAfterAnAmountSaysDuringWhat) {
  Extract({"The state will lend $4 billion over 20 years to the utility.",
           "The pier has stood for over 80 years."});
  const ExtractedClaim* during = Find(ClaimKind::kQuantity, "20 years");
  ASSERT_NE(during, nullptr);
  EXPECT_EQ(during->content.quantity->bound, Bound::kExact);
  const ExtractedClaim* more = Find(ClaimKind::kQuantity, "80 years");
  ASSERT_NE(more, nullptr);
  EXPECT_EQ(more->content.quantity->bound, Bound::kMoreThan);
}

TEST_F(ClaimExtractorTest, FramingDatelinesTargetsAndBoundsAreNotClaims) {
  Extract(
      {"OSLO, Feb 12 (Nordwire) \u2014 As of January 2025, the ferry line carried as many "
       "as 2.3 million passengers a year, and the city aims for net zero by 2040.",
       "\u201CWe sold less than half the salmon we caught,\u201D said trawler owner Siv "
       "Lunde."});
  EXPECT_EQ(Find(ClaimKind::kDate, "Feb 12"), nullptr);
  EXPECT_EQ(Find(ClaimKind::kDate, "January 2025"), nullptr);
  EXPECT_NE(Find(ClaimKind::kDate, "2040"), nullptr);
  EXPECT_EQ(Find(ClaimKind::kComparison, "as many as"), nullptr);
  const ExtractedClaim* passengers = Find(ClaimKind::kQuantity, "2.3 million");
  ASSERT_NE(passengers, nullptr);
  EXPECT_EQ(passengers->content.quantity->bound, Bound::kAtMost);
  for (const ExtractedClaim& claim : claims_) {
    EXPECT_NE(SpanOf(claim), "zero");
  }
  EXPECT_EQ(Find(ClaimKind::kComparison, "half the salmon"), nullptr);
  const ExtractedClaim* half = Find(ClaimKind::kQuantity, "less than half");
  ASSERT_NE(half, nullptr);
  EXPECT_EQ(half->content.quantity->unit, "percent");
}

TEST_F(ClaimExtractorTest, TitlesInQuotationMarksAreNotQuotes) {
  Extract(
      {"Ada Brenner, the author of the 2019 book \u201CSalt Roads,\u201D told KT that "
       "fishing quotas had been cut.",
       "Brenner said the quotas were \u201Can experiment nobody asked for\u201D."});
  EXPECT_EQ(Find(ClaimKind::kQuote, "Salt Roads"), nullptr);
  const ExtractedClaim* quote = Find(ClaimKind::kQuote, "experiment nobody");
  ASSERT_NE(quote, nullptr);
  EXPECT_EQ(quote->mention.claimant.id, "ada-brenner");
}

TEST_F(ClaimExtractorTest, SpansLieOnUtf8BoundariesWithMultiByteText) {
  Extract(
      {"Zürich’s Alpwerk — a maker of heat pumps — sold 12,500 units in 2024, says its "
       "founder Jonas Bächli (約納斯)."});
  ASSERT_FALSE(claims_.empty());
  for (const ExtractedClaim& claim : claims_) {
    const std::string& text = paragraphs_[claim.mention.paragraph_index];
    EXPECT_TRUE(common::IsUtf8Boundary(text, claim.mention.start_offset));
    EXPECT_TRUE(common::IsUtf8Boundary(text, claim.mention.end_offset));
    EXPECT_LE(claim.mention.end_offset, text.size());
  }
  const ExtractedClaim* units = Find(ClaimKind::kQuantity, "12,500");
  ASSERT_NE(units, nullptr);
  EXPECT_EQ(SpanOf(*units), "12,500 units");
}

TEST_F(ClaimExtractorTest, ClaimsComeInParagraphThenOffsetOrder) {
  Extract({"Exports fell 3% in January and 5% in February.", "Imports rose 2% in March."});
  for (std::size_t i = 1; i < claims_.size(); ++i) {
    const Mention& a = claims_[i - 1].mention;
    const Mention& b = claims_[i].mention;
    EXPECT_TRUE(a.paragraph_index < b.paragraph_index ||
                (a.paragraph_index == b.paragraph_index && a.start_offset <= b.start_offset));
  }
}

ClaimContent SampleQuantity() {
  ClaimContent content;
  content.kind = ClaimKind::kQuantity;
  content.subject.id = "kestrel-foods";
  content.predicate = "revenue";
  content.quantity = Quantity{6e6, 6e6, "USD", Bound::kExact};
  return content;
}

TEST(ClaimIdTest, IsSixteenLowerHexCharacters) {
  const std::string id = ClaimId(SampleQuantity());
  ASSERT_EQ(id.size(), 16u);
  for (char c : id) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << id;
}

TEST(ClaimIdTest, IgnoresStatementClaimantAndRoundingNoise) {
  ClaimContent a = SampleQuantity();
  ClaimContent b = SampleQuantity();
  b.statement = "something else entirely";
  b.subject.name = "Kestrel";
  b.quantity->value = 6000000.0000001;
  b.quantity->upper_value = 6000000.0000001;
  EXPECT_EQ(ClaimId(a), ClaimId(b));
}

TEST(ClaimIdTest, KeepsInclusiveAndExclusiveBoundsApart) {
  ClaimContent at_least = SampleQuantity();
  at_least.quantity->bound = Bound::kAtLeast;
  ClaimContent more_than = SampleQuantity();
  more_than.quantity->bound = Bound::kMoreThan;
  EXPECT_NE(ClaimId(at_least), ClaimId(more_than));
}

TEST(ClaimIdTest, DifferentUnitOrValueOrKindIsADifferentClaim) {
  ClaimContent base = SampleQuantity();
  ClaimContent euro = SampleQuantity();
  euro.quantity->unit = "EUR";
  ClaimContent more = SampleQuantity();
  more.quantity->value = 7e6;
  more.quantity->upper_value = 7e6;
  EXPECT_NE(ClaimId(base), ClaimId(euro));
  EXPECT_NE(ClaimId(base), ClaimId(more));
  ClaimContent quote;
  quote.kind = ClaimKind::kQuote;
  quote.subject.id = "amara-osei";
  quote.predicate = "said";
  quote.quote_text = "We will grow.";
  ClaimContent other_quote = quote;
  other_quote.quote_text = "We will shrink.";
  EXPECT_NE(ClaimId(quote), ClaimId(other_quote));
}

TEST_F(ClaimExtractorTest, SameContentFromTwoArticlesHasTheSameId) {
  Extract({"Kestrel Foods said its revenue reached $6 million in 2024."});
  const ExtractedClaim* first = Find(ClaimKind::kQuantity, "$6 million");
  ASSERT_NE(first, nullptr);
  const ClaimContent first_content = first->content;
  Extract({"Revenue at Kestrel Foods reached 6,000,000 dollars last year, analysts said."});
  const ExtractedClaim* second = Find(ClaimKind::kQuantity, "6,000,000");
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(first_content.statement, second->content.statement);
  EXPECT_EQ(ClaimId(first_content), ClaimId(second->content));
}

TEST(ClaimExtractorCreateTest, ReportsMissingAndMalformedDataFiles) {
  auto missing = ClaimExtractor::Create({"/nonexistent/claimtrace-data"});
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  auto bad = EntityTable::Parse("acme\tcompany\tAcme\n", "test.tsv");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("test.tsv:1"));
  auto bad_predicates =
      PredicateTable::Parse("quantity\tRevenue\tmoney\t{s} x\trevenue\n", "p.tsv");
  EXPECT_EQ(bad_predicates.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ClaimExtractorCreateTest, DataDirectoryFilesLoad) {
  auto extractor = ClaimExtractor::Create({CLAIMTRACE_DATA_DIR});
  EXPECT_TRUE(extractor.ok()) << extractor.status();
}

TEST(EntityTableTest, MatchesAliasesCaseInsensitivelyWithPluralsAndPossessives) {
  auto table = EntityTable::Default();
  ASSERT_NE(table->Lookup("A100s"), nullptr);
  EXPECT_EQ(table->Lookup("A100s")->id, "nvidia-a100");
  EXPECT_EQ(table->Lookup("NVIDIA A100")->id, "nvidia-a100");
  const std::string text = "Nvidia’s A100 and Nvidia A100 GPUs beat the us team in the US.";
  std::string lower_text;
  const std::vector<Token> tokens = TokenizeWords(text, &lower_text);
  const std::vector<EntityMatch> matches = table->FindAll(text, tokens);
  ASSERT_EQ(matches.size(), 3u);
  EXPECT_EQ(matches[0].record->id, "nvidia-a100");
  EXPECT_EQ(matches[1].record->id, "nvidia-a100");
  EXPECT_EQ(matches[2].record->id, "united-states");  // not the pronoun "us"
}

// Most words are rejected by their first byte before any alias lookup; the
// aliases that may start at an uncapitalised word must still match there.
TEST(EntityTableTest, AliasesStartingLowerCaseOrNonAsciiMatchAtUncapitalisedWords) {
  auto table = EntityTable::Parse(
      "openai-o1\tproduct\tOpenAI o1\to1|o1 model\n"
      "apple-iphone\tproduct\tiPhone\t\n"
      "netherlands\tplace\tNetherlands\tthe Netherlands\n"
      "ubs\torg\tUBS\t\xC3\x9c"
      "B\n"
      "nvidia\torg\tNvidia\t\n",
      "test");
  ASSERT_TRUE(table.ok()) << table.status();
  const std::string text =
      "the o1 model beat iphones in the Netherlands, \xC3\x9c"
      "B said; nvidia did not, Nvidia did.";
  std::string lower_text;
  const std::vector<Token> tokens = TokenizeWords(text, &lower_text);
  std::vector<std::string> ids;
  for (const EntityMatch& match : (*table)->FindAll(text, tokens)) ids.push_back(match.record->id);
  // "the Netherlands" is matched from its lower-case "the"; "nvidia" in lower
  // case is not a name.
  EXPECT_THAT(ids,
              ::testing::ElementsAre("openai-o1", "apple-iphone", "netherlands", "ubs", "nvidia"));
}

TEST(WordTokenizerTest, LowerCasedTextViewsTheInputOrTheBufferWithByteSpans) {
  const std::string text = "O\u2019Brien\u2019s CEO said \u201Cno\u201D \u2014 costs fell.";
  std::string lower_text;
  const std::vector<Token> tokens = TokenizeWords(text, &lower_text);
  std::vector<std::string> lower;
  for (const Token& token : tokens) lower.emplace_back(token.lower);
  EXPECT_THAT(lower, ::testing::ElementsAre("o'brien", "ceo", "said", "\u201C", "no", "\u201D",
                                            "\u2014", "costs", "fell", "."));
  EXPECT_TRUE(tokens[0].possessive);
  EXPECT_EQ(text.substr(tokens[0].start, tokens[0].end - tokens[0].start), "O\u2019Brien");
  EXPECT_LE(lower_text.size(), text.size());
  // Lower-case words are views of the text itself; the rest of the buffer.
  EXPECT_EQ(tokens[2].lower.data(), text.data() + tokens[2].start);
  EXPECT_GE(tokens[1].lower.data(), lower_text.data());
  EXPECT_LT(tokens[1].lower.data(), lower_text.data() + lower_text.size());
}

TEST(EntityTableTest, DataFileEqualsTheBuiltInTable) {
  auto from_file = EntityTable::Load(std::string(CLAIMTRACE_DATA_DIR) + "/entity_aliases.tsv");
  ASSERT_TRUE(from_file.ok()) << from_file.status();
  EXPECT_EQ((*from_file)->size(), EntityTable::Default()->size());
  EXPECT_GT((*from_file)->size(), 300u);
}

// Invariants over the seed articles (read from $CLAIMTRACE_SEED_DIR).
std::vector<std::string> SplitParagraphs(const std::string& text) {
  std::vector<std::string> paragraphs;
  const bool blank_lines = text.find("\n\n") != std::string::npos;
  std::string current;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!blank_lines) {
      if (!line.empty()) paragraphs.push_back(line);
      continue;
    }
    if (line.empty()) {
      if (!current.empty()) paragraphs.push_back(current);
      current.clear();
    } else {
      if (!current.empty()) current.push_back('\n');
      current += line;
    }
  }
  if (!current.empty()) paragraphs.push_back(current);
  return paragraphs;
}

TEST_F(ClaimExtractorTest, SeedArticlesYieldWellFormedClaims) {
  const char* dir = std::getenv("CLAIMTRACE_SEED_DIR");
  if (dir == nullptr || !std::filesystem::is_directory(dir)) {
    GTEST_SKIP() << "CLAIMTRACE_SEED_DIR is not set";
  }
  int files = 0;
  // An article may hold nothing to check; the corpus as a whole does.
  std::size_t total_claims = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    Extract(SplitParagraphs(buffer.str()));
    ++files;
    total_claims += claims_.size();
    for (const ExtractedClaim& claim : claims_) {
      SCOPED_TRACE(entry.path().string() + ": " + claim.content.statement);
      ASSERT_GE(claim.mention.paragraph_index, 0);
      ASSERT_LT(claim.mention.paragraph_index, static_cast<int>(paragraphs_.size()));
      const std::string& text = paragraphs_[claim.mention.paragraph_index];
      EXPECT_LT(claim.mention.start_offset, claim.mention.end_offset);
      EXPECT_LE(claim.mention.end_offset, text.size());
      EXPECT_TRUE(common::IsUtf8Boundary(text, claim.mention.start_offset));
      EXPECT_TRUE(common::IsUtf8Boundary(text, claim.mention.end_offset));
      EXPECT_FALSE(claim.content.subject.id.empty());
      EXPECT_FALSE(claim.content.predicate.empty());
      EXPECT_FALSE(claim.content.statement.empty());
      EXPECT_FALSE(claim.mention.claimant.id.empty());
      if (claim.content.kind == ClaimKind::kQuantity) {
        EXPECT_TRUE(claim.content.quantity.has_value());
      }
      if (claim.content.kind == ClaimKind::kDate) {
        EXPECT_TRUE(claim.content.date.has_value());
      }
      if (claim.content.kind == ClaimKind::kQuote) {
        EXPECT_FALSE(claim.content.quote_text.empty());
      }
      EXPECT_EQ(ClaimId(claim.content).size(), 16u);
    }
  }
  EXPECT_GT(files, 0);
  EXPECT_GT(total_claims, static_cast<std::size_t>(files));
}

}  // namespace
}  // namespace claimtrace::claims
