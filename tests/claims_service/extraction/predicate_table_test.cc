#include "claims_service/extraction/predicate_table.h"

#include <string>
#include <vector>

#include "claims_service/extraction/word_tokenizer.h"
#include "gtest/gtest.h"

namespace claimtrace::claims {
namespace {

std::vector<std::vector<std::size_t>> Flatten(const std::vector<CueMatch>& cues) {
  std::vector<std::vector<std::size_t>> out;
  for (const CueMatch& cue : cues) {
    out.push_back({static_cast<std::size_t>(cue.row), cue.first_token, cue.last_token});
  }
  return out;
}

TEST(PredicateTableTest, FindAllCuesMatchesFindCuesForEveryKind) {
  const auto table = PredicateTable::Default();
  const std::string text =
      "Voltaris spent $2.1 billion to train the model, was founded in 2019 and now "
      "outperforms its rival; revenue rose 12% after it raised $40m and acquired Halvard in "
      "March, matching rivals";
  std::string lower;
  const std::vector<Token> tokens = TokenizeWords(text, &lower);
  const auto all = table->FindAllCues(tokens);
  std::size_t found = 0;
  for (PredicateKind kind :
       {PredicateKind::kQuantity, PredicateKind::kDate, PredicateKind::kComparison}) {
    const std::vector<CueMatch> expected = table->FindCues(tokens, 0, tokens.size(), kind);
    EXPECT_EQ(Flatten(all[static_cast<int>(kind)]), Flatten(expected));
    found += expected.size();
  }
  EXPECT_GT(found, 2u);  // the sentence really has cues of several kinds
}

TEST(PredicateTableTest, FindAllCuesIgnoresCuesCutOffByTheEnd) {
  const auto table = PredicateTable::Default();
  std::string lower;
  const std::vector<Token> tokens = TokenizeWords("It was founded", &lower);
  const auto all = table->FindAllCues(tokens);
  for (PredicateKind kind :
       {PredicateKind::kQuantity, PredicateKind::kDate, PredicateKind::kComparison}) {
    EXPECT_EQ(Flatten(all[static_cast<int>(kind)]),
              Flatten(table->FindCues(tokens, 0, tokens.size(), kind)));
  }
}

}  // namespace
}  // namespace claimtrace::claims
