#include "claims_service/extraction/entity_table.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/service_flags.h"

namespace claimtrace::claims {

// Built-in copy of data/entity_aliases.tsv (generated at configure time).
extern const char kEmbeddedEntityAliasesTsv[];

namespace {

bool IsValidId(std::string_view id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::optional<EntityType> ParseType(std::string_view name) {
  if (name == "org") return EntityType::kOrg;
  if (name == "person") return EntityType::kPerson;
  if (name == "product") return EntityType::kProduct;
  if (name == "place") return EntityType::kPlace;
  if (name == "publication") return EntityType::kPublication;
  if (name == "institution") return EntityType::kInstitution;
  return std::nullopt;
}

// True when `word` equals `alias_word` or is its plural ("a100s", "glasses").
bool SameOrPlural(std::string_view word, std::string_view alias_word) {
  if (word == alias_word) return true;
  if (alias_word.size() < 2 || word.size() <= alias_word.size()) return false;
  if (!absl::StartsWith(ToAbsl(word), ToAbsl(alias_word))) return false;
  const std::string_view rest = word.substr(alias_word.size());
  return rest == "s" || rest == "es";
}

// Lower-case suffixes of "X-based"-style compounds whose X may be an entity.
bool IsCompoundSuffix(std::string_view suffix) {
  if (suffix.empty()) return false;
  return std::all_of(suffix.begin(), suffix.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; });
}

}  // namespace

std::string_view EntityTypeName(EntityType type) {
  switch (type) {
    case EntityType::kOrg:
      return "org";
    case EntityType::kPerson:
      return "person";
    case EntityType::kProduct:
      return "product";
    case EntityType::kPlace:
      return "place";
    case EntityType::kPublication:
      return "publication";
    case EntityType::kInstitution:
      return "institution";
  }
  return "org";
}

absl::Status EntityTable::AddAlias(std::string_view alias, int record) {
  alias = ToStd(absl::StripAsciiWhitespace(ToAbsl(alias)));
  if (alias.empty()) return absl::OkStatus();
  std::string lower_alias;
  std::vector<Token> tokens = TokenizeWords(alias, &lower_alias);
  if (tokens.empty())
    return absl::InvalidArgumentError(absl::StrCat("empty alias '", ToAbsl(alias), "'"));
  Alias entry;
  entry.record = record;
  for (const Token& token : tokens) {
    // "Moody's": the possessive is dropped, as it is in text.
    entry.words.emplace_back(token.lower);
  }
  const std::string_view first(alias.data() + tokens[0].start, tokens[0].end - tokens[0].start);
  const bool all_caps =
      std::none_of(first.begin(), first.end(), [](char c) { return absl::ascii_islower(c); });
  // "US", "U.S", "EU": short capitalised aliases match in capitals only.
  std::size_t letters = 0;
  for (char c : first) letters += absl::ascii_isalpha(c) ? 1 : 0;
  if (tokens.size() == 1 && all_caps && letters > 0 && letters <= 4 && first.size() <= 5) {
    entry.case_sensitive = true;
    entry.exact_first = std::string(first);
  }
  entry.lower_initial = absl::ascii_islower(static_cast<unsigned char>(first[0]));
  const auto first_byte = static_cast<unsigned char>(first[0]);
  if (entry.lower_initial || (entry.case_sensitive && !absl::ascii_isupper(first_byte) &&
                              !absl::ascii_isdigit(first_byte))) {
    uncapitalised_first_byte_[static_cast<unsigned char>(entry.words[0][0])] = true;
  }
  // Skip exact duplicates of an existing alias of the same entity.
  auto& bucket = by_first_word_[entry.words[0]];
  first_words_.Add(entry.words[0]);
  for (int index : bucket) {
    const Alias& other = aliases_[index];
    if (other.words == entry.words && other.case_sensitive == entry.case_sensitive) {
      if (other.record != record) {
        return absl::InvalidArgumentError(absl::StrCat(
            "alias '", ToAbsl(alias), "' already names '", records_[other.record]->id, "'"));
      }
      return absl::OkStatus();
    }
  }
  aliases_.push_back(std::move(entry));
  bucket.push_back(static_cast<int>(aliases_.size() - 1));
  std::stable_sort(bucket.begin(), bucket.end(), [this](int a, int b) {
    return aliases_[a].words.size() > aliases_[b].words.size();
  });
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<EntityTable>> EntityTable::Parse(std::string_view tsv,
                                                                std::string_view source_name) {
  std::unique_ptr<EntityTable> table(new EntityTable());
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(ToAbsl(tsv), '\n')) {
    ++line_number;
    line = absl::StripSuffix(line, "\r");
    const absl::string_view stripped = absl::StripAsciiWhitespace(line);
    if (stripped.empty() || stripped.front() == '#') continue;
    auto error = [&](absl::string_view message) {
      return absl::InvalidArgumentError(
          absl::StrCat(ToAbsl(source_name), ":", line_number, ": ", message));
    };
    std::vector<absl::string_view> columns = absl::StrSplit(line, '\t');
    if (columns.size() < 3 || columns.size() > 4) {
      return error("expected 3 or 4 TAB-separated columns: id, type, name, aliases");
    }
    const absl::string_view id = absl::StripAsciiWhitespace(columns[0]);
    if (!IsValidId(ToStd(id)))
      return error(absl::StrCat("invalid id '", id, "' (want [a-z0-9-]+)"));
    if (table->by_id_.contains(std::string(id)))
      return error(absl::StrCat("duplicate id '", id, "'"));
    const std::optional<EntityType> type = ParseType(ToStd(absl::StripAsciiWhitespace(columns[1])));
    if (!type.has_value()) {
      return error(absl::StrCat("unknown type '", columns[1],
                                "' (want org, person, product, place, publication, institution)"));
    }
    const absl::string_view name = absl::StripAsciiWhitespace(columns[2]);
    if (name.empty()) return error("empty canonical name");
    auto record = std::make_unique<EntityRecord>();
    record->id = std::string(id);
    record->name = std::string(name);
    record->type = *type;
    std::string lower_name;
    for (const Token& token : TokenizeWords(record->name, &lower_name)) {
      record->lower_name_words.emplace_back(token.lower);
    }
    const int index = static_cast<int>(table->records_.size());
    table->by_id_[record->id] = index;
    table->records_.push_back(std::move(record));
    if (absl::Status status = table->AddAlias(ToStd(name), index); !status.ok()) {
      return error(status.message());
    }
    if (columns.size() == 4) {
      for (absl::string_view alias : absl::StrSplit(columns[3], '|')) {
        if (absl::Status status = table->AddAlias(ToStd(alias), index); !status.ok()) {
          return error(status.message());
        }
      }
    }
  }
  return table;
}

absl::StatusOr<std::unique_ptr<EntityTable>> EntityTable::Load(const std::string& path) {
  absl::StatusOr<std::string> text = common::ReadWholeFile(path, "entity table");
  if (!text.ok()) return text.status();
  return Parse(*text, path);
}

std::unique_ptr<EntityTable> EntityTable::Default() {
  absl::StatusOr<std::unique_ptr<EntityTable>> table =
      Parse(kEmbeddedEntityAliasesTsv, "built-in entity_aliases.tsv");
  if (!table.ok()) return std::unique_ptr<EntityTable>(new EntityTable());
  return *std::move(table);
}

bool EntityTable::MatchAt(std::string_view text, const std::vector<Token>& tokens, std::size_t i,
                          std::string_view key, EntityMatch* best) const {
  if (!first_words_.MayContain(key)) return false;
  auto it = by_first_word_.find(ToAbsl(key));
  if (it == by_first_word_.end()) return false;
  const Token& first = tokens[i];
  const bool key_is_whole = key == first.lower;
  for (int index : it->second) {
    const Alias& alias = aliases_[index];
    const std::size_t length = alias.words.size();
    if (i + length > tokens.size()) continue;
    if (alias.case_sensitive) {
      if (text.substr(first.start, alias.exact_first.size()) != alias.exact_first) continue;
    } else if (!alias.lower_initial && !first.capitalised &&
               !(first.has_digit && !first.starts_lower)) {
      continue;
    }
    // A key that is a compound prefix ("beijing" of "beijing-based") or a
    // de-pluralised word only matches single-word aliases.
    if (!key_is_whole && length != 1) continue;
    bool ok = true;
    for (std::size_t k = 1; k < length && ok; ++k) {
      const Token& token = tokens[i + k];
      // Words of an alias are adjacent; no sentence punctuation in between
      // unless the alias itself has it.
      ok = (k + 1 == length) ? SameOrPlural(token.lower, alias.words[k])
                             : token.lower == alias.words[k];
    }
    if (!ok) continue;
    EntityMatch match;
    match.first_token = i;
    match.last_token = i + length - 1;
    match.start = first.start;
    match.end = tokens[i + length - 1].end;
    if (!key_is_whole && length == 1 && absl::StartsWith(ToAbsl(first.lower), ToAbsl(key)) &&
        first.lower.size() > key.size() && first.lower[key.size()] == '-') {
      match.end = first.start + key.size();  // "Beijing" of "Beijing-based"
    }
    match.record = records_[alias.record].get();
    *best = match;
    return true;  // aliases are sorted longest first
  }
  return false;
}

std::vector<EntityMatch> EntityTable::FindAll(std::string_view text,
                                              const std::vector<Token>& tokens) const {
  std::vector<EntityMatch> matches;
  std::size_t i = 0;
  while (i < tokens.size()) {
    const Token& token = tokens[i];
    // Aliases must start at a capitalised word or a digit unless they start
    // with a lower-case letter themselves (see MatchAt).
    const bool may_start_alias =
        token.capitalised || (token.has_digit && !token.starts_lower) ||
        (!token.lower.empty() &&
         uncapitalised_first_byte_[static_cast<unsigned char>(token.lower[0])]);
    if (token.kind != TokenKind::kWord || !may_start_alias) {
      ++i;
      continue;
    }
    EntityMatch match;
    bool found = MatchAt(text, tokens, i, token.lower, &match);
    const std::string_view word = token.lower;
    if (!found && word.size() > 2 && word.back() == 's') {
      found = MatchAt(text, tokens, i, std::string_view(word).substr(0, word.size() - 1), &match);
      if (!found && word.size() > 3 && word[word.size() - 2] == 'e') {
        found = MatchAt(text, tokens, i, std::string_view(word).substr(0, word.size() - 2), &match);
      }
    }
    if (!found) {
      const std::size_t hyphen = FindInWord(word, '-');
      if (hyphen != std::string::npos && hyphen > 0 &&
          IsCompoundSuffix(std::string_view(word).substr(hyphen + 1))) {
        found = MatchAt(text, tokens, i, std::string_view(word).substr(0, hyphen), &match);
      }
    }
    if (found) {
      matches.push_back(match);
      i = match.last_token + 1;
    } else {
      ++i;
    }
  }
  return matches;
}

const EntityRecord* EntityTable::Lookup(std::string_view name) const {
  std::string lower_name;
  const std::vector<Token> tokens = TokenizeWords(name, &lower_name);
  if (tokens.empty()) return nullptr;
  // Lookup is by name, so capitalisation rules do not apply: retry with the
  // first letter upper-cased when needed.
  std::vector<EntityMatch> matches = FindAll(name, tokens);
  if (matches.size() == 1 && matches[0].first_token == 0 &&
      matches[0].last_token + 1 == tokens.size()) {
    return matches[0].record;
  }
  std::string upper(name);
  if (!upper.empty() && absl::ascii_islower(static_cast<unsigned char>(upper[0]))) {
    upper[0] = static_cast<char>(absl::ascii_toupper(static_cast<unsigned char>(upper[0])));
    std::string lower_upper;
    const std::vector<Token> upper_tokens = TokenizeWords(upper, &lower_upper);
    matches = FindAll(upper, upper_tokens);
    if (matches.size() == 1 && matches[0].first_token == 0 &&
        matches[0].last_token + 1 == upper_tokens.size()) {
      return matches[0].record;
    }
  }
  return nullptr;
}

const EntityRecord* EntityTable::FindById(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  return it == by_id_.end() ? nullptr : records_[it->second].get();
}

}  // namespace claimtrace::claims
