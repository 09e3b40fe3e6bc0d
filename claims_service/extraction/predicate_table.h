// Cue words that name the relation of a claim, loaded from
// data/predicates.tsv (format documented there): "spent ... to train" ->
// training_cost, "founded in" -> founded, "outperforms" -> outperforms.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_PREDICATE_TABLE_H_
#define CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_PREDICATE_TABLE_H_

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "claims_service/extraction/string_views.h"
#include "claims_service/extraction/word_tokenizer.h"

namespace claimtrace::claims {

enum class PredicateKind { kQuantity, kDate, kComparison };

// Which amounts a quantity row applies to.
enum class AmountClass { kAny, kMoney, kPercent, kTimes, kCount };

struct PredicateRow {
  PredicateKind kind = PredicateKind::kQuantity;
  std::string predicate;
  AmountClass applies_to = AmountClass::kAny;
  std::string statement_template;  // with {s} {q} {d} {o}
  // Count rows only: the row applies when the unit is one of these; empty
  // means any unit. `any_product` accepts product entity ids.
  StringKeySet units;
  bool any_product = false;
};

// A cue found in text: which row, and the tokens [first, last] it covers.
struct CueMatch {
  int row = -1;
  std::size_t first_token = 0;
  std::size_t last_token = 0;
};

class PredicateTable {
 public:
  static absl::StatusOr<std::unique_ptr<PredicateTable>> Parse(std::string_view tsv,
                                                               std::string_view source_name);
  static absl::StatusOr<std::unique_ptr<PredicateTable>> Load(const std::string& path);
  // The built-in rows, compiled from data/predicates.tsv.
  static std::unique_ptr<PredicateTable> Default();

  // Every cue of rows of `kind` among tokens [begin, end), left to right
  // (several rows may match at one position).
  std::vector<CueMatch> FindCues(const std::vector<Token>& tokens, std::size_t begin,
                                 std::size_t end, PredicateKind kind) const;

  // FindCues over all of `tokens` for every kind at once, with one word
  // lookup per token: the cues of kind k are in result[static_cast<int>(k)].
  std::array<std::vector<CueMatch>, 3> FindAllCues(const std::vector<Token>& tokens) const;

  const PredicateRow& row(int index) const { return rows_[index]; }
  const std::vector<PredicateRow>& rows() const { return rows_; }
  // The row with this predicate name and kind, or nullptr.
  const PredicateRow* FindRow(PredicateKind kind, std::string_view predicate) const;

 private:
  struct Cue {
    std::vector<std::string> words;
    int row = 0;
  };
  PredicateTable() = default;
  // Calls on_match(match) for every cue among tokens [begin, end), left
  // to right: the one matcher behind FindCues and FindAllCues.
  template <typename OnMatch>
  void ForEachCue(const std::vector<Token>& tokens, std::size_t begin, std::size_t end,
                  OnMatch on_match) const;

  std::vector<PredicateRow> rows_;
  std::vector<Cue> cues_;
  StringKeyMap<std::vector<int>> by_first_word_;
  WordFilter first_words_;  // by_first_word_'s keys: most words skip the lookup
};

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_PREDICATE_TABLE_H_
