// Known entities (organisations, people, products, places, publications,
// institutions) with their aliases, loaded from data/entity_aliases.tsv, and
// a longest-match lookup of them in tokenised text.
//
// File format (UTF-8, one entity per line, '#' starts a comment line, blank
// lines ignored), four TAB-separated columns:
//
//   id <TAB> type <TAB> canonical name <TAB> aliases separated by '|'
//
//   nvidia-a100	product	NVIDIA A100	A100|Nvidia A100|A100 GPU
//
// `id` is a lower-case ASCII slug ([a-z0-9-]+), unique in the file; `type`
// is one of org, person, product, place, publication, institution
// (universities, agencies, governments, think tanks); the canonical name is
// itself an alias; the alias column may be empty.
//
// Matching rules:
//  * case-insensitive, token-wise, longest alias wins, left to right;
//  * an alias written in capitals of at most 4 characters ("US", "EU", "UK")
//    matches only in capitals, so the pronoun "us" never becomes a country;
//  * other aliases must start at a capitalised word or a digit in the text,
//    unless the alias itself starts with a lower-case letter ("o1", "iPhone");
//  * a possessive on any word is ignored ("Nvidia's A100" = "Nvidia A100");
//  * a plural "s"/"es" on the last word is tolerated ("A100s", "H800s");
//  * "X-based"/"X-backed"-style compounds match X alone.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_ENTITY_TABLE_H_
#define CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_ENTITY_TABLE_H_

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "claims_service/extraction/string_views.h"
#include "claims_service/extraction/word_tokenizer.h"

namespace claimtrace::claims {

enum class EntityType { kOrg, kPerson, kProduct, kPlace, kPublication, kInstitution };

// "org", "person", ... as in the data file.
std::string_view EntityTypeName(EntityType type);

struct EntityRecord {
  std::string id;
  std::string name;
  EntityType type = EntityType::kOrg;
  // `name`'s words, lower-cased as TokenizeWords gives them; computed once
  // here because every mention of a known person is looked up by them.
  std::vector<std::string> lower_name_words;
};

// One match of a known entity: tokens [first_token, last_token] (inclusive)
// covering bytes [start, end) of the text.
struct EntityMatch {
  std::size_t first_token = 0;
  std::size_t last_token = 0;
  std::size_t start = 0;
  std::size_t end = 0;
  const EntityRecord* record = nullptr;  // owned by the table
};

class EntityTable {
 public:
  // Parses TSV content; `source_name` is used in error messages
  // (INVALID_ARGUMENT "<source_name>:<line>: ...").
  static absl::StatusOr<std::unique_ptr<EntityTable>> Parse(std::string_view tsv,
                                                            std::string_view source_name);
  // Reads and parses a file; NOT_FOUND when it does not exist.
  static absl::StatusOr<std::unique_ptr<EntityTable>> Load(const std::string& path);
  // The built-in table, compiled from data/entity_aliases.tsv.
  static std::unique_ptr<EntityTable> Default();

  // Every known entity mentioned in `tokens` (of `text`), left to right,
  // non-overlapping, longest first.
  std::vector<EntityMatch> FindAll(std::string_view text, const std::vector<Token>& tokens) const;

  // The entity named exactly `name` (any alias, case-insensitive, plural and
  // possessive tolerant), or nullptr.
  const EntityRecord* Lookup(std::string_view name) const;

  const EntityRecord* FindById(std::string_view id) const;
  std::size_t size() const { return records_.size(); }

 private:
  struct Alias {
    std::vector<std::string> words;  // lower-cased tokens
    std::string exact_first;         // original first word when case-sensitive
    bool case_sensitive = false;
    bool lower_initial = false;  // alias starts with a lower-case letter
    int record = 0;
  };

  EntityTable() = default;
  absl::Status AddAlias(std::string_view alias, int record);
  // Tries aliases starting with token `i` whose first word equals `key`.
  bool MatchAt(std::string_view text, const std::vector<Token>& tokens, std::size_t i,
               std::string_view key, EntityMatch* best) const;

  std::vector<std::unique_ptr<EntityRecord>> records_;
  std::vector<Alias> aliases_;
  // First alias word -> indices into aliases_, longest alias first.
  StringKeyMap<std::vector<int>> by_first_word_;
  WordFilter first_words_;  // by_first_word_'s keys: most words skip the lookup
  // First bytes of the aliases that can match at a word that is neither
  // capitalised nor led by a digit: those starting with a lower-case letter
  // ("o1", "iPhone") or, case-sensitive, with a non-ASCII character. Most
  // words are rejected with this instead of a lookup.
  std::array<bool, 256> uncapitalised_first_byte_{};
  StringKeyMap<int> by_id_;
};

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_EXTRACTION_ENTITY_TABLE_H_
