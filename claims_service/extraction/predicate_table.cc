#include "claims_service/extraction/predicate_table.h"

#include <algorithm>
#include <fstream>
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

extern const char kEmbeddedPredicatesTsv[];

namespace {

bool IsSnakeCase(std::string_view name) {
  if (name.empty() || name.front() == '_' || name.back() == '_') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

absl::StatusOr<std::unique_ptr<PredicateTable>> PredicateTable::Parse(
    std::string_view tsv, std::string_view source_name) {
  std::unique_ptr<PredicateTable> table(new PredicateTable());
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
    if (columns.size() < 5 || columns.size() > 6) {
      return error(
          "expected 5 or 6 TAB-separated columns: kind, predicate, applies_to, "
          "statement template, cues[, units]");
    }
    PredicateRow row;
    const absl::string_view kind = absl::StripAsciiWhitespace(columns[0]);
    if (kind == "quantity") {
      row.kind = PredicateKind::kQuantity;
    } else if (kind == "date") {
      row.kind = PredicateKind::kDate;
    } else if (kind == "comparison") {
      row.kind = PredicateKind::kComparison;
    } else {
      return error(absl::StrCat("unknown kind '", kind, "' (want quantity, date, comparison)"));
    }
    row.predicate = std::string(absl::StripAsciiWhitespace(columns[1]));
    if (!IsSnakeCase(row.predicate)) {
      return error(absl::StrCat("predicate '", row.predicate, "' is not lower_snake_case"));
    }
    const absl::string_view applies = absl::StripAsciiWhitespace(columns[2]);
    if (row.kind == PredicateKind::kQuantity) {
      if (applies == "money") {
        row.applies_to = AmountClass::kMoney;
      } else if (applies == "percent") {
        row.applies_to = AmountClass::kPercent;
      } else if (applies == "times") {
        row.applies_to = AmountClass::kTimes;
      } else if (applies == "count") {
        row.applies_to = AmountClass::kCount;
      } else if (applies == "any") {
        row.applies_to = AmountClass::kAny;
      } else {
        return error(absl::StrCat("unknown applies_to '", applies,
                                  "' (want money, percent, times, count, any)"));
      }
    } else if (applies != "-") {
      return error("applies_to must be '-' for date and comparison rows");
    }
    row.statement_template = std::string(absl::StripAsciiWhitespace(columns[3]));
    if (row.statement_template.empty() || row.statement_template.find("{s}") == std::string::npos) {
      return error("statement template must mention the subject {s}");
    }
    if (columns.size() == 6) {
      if (row.applies_to != AmountClass::kCount) {
        return error("a units column is only allowed on count rows");
      }
      for (absl::string_view unit : absl::StrSplit(columns[5], '|', absl::SkipWhitespace())) {
        unit = absl::StripAsciiWhitespace(unit);
        if (unit == "@product") {
          row.any_product = true;
        } else {
          row.units.insert(absl::AsciiStrToLower(unit));
        }
      }
    }
    const int row_index = static_cast<int>(table->rows_.size());
    int cue_count = 0;
    for (absl::string_view cue : absl::StrSplit(columns[4], '|', absl::SkipWhitespace())) {
      std::string lower_cue;
      std::vector<Token> tokens = TokenizeWords(ToStd(absl::StripAsciiWhitespace(cue)), &lower_cue);
      if (tokens.empty()) continue;
      Cue entry;
      entry.row = row_index;
      for (const Token& token : tokens) entry.words.emplace_back(token.lower);
      table->cues_.push_back(std::move(entry));
      auto& bucket = table->by_first_word_[table->cues_.back().words[0]];
      table->first_words_.Add(table->cues_.back().words[0]);
      bucket.push_back(static_cast<int>(table->cues_.size() - 1));
      std::stable_sort(bucket.begin(), bucket.end(), [&table](int a, int b) {
        return table->cues_[a].words.size() > table->cues_[b].words.size();
      });
      ++cue_count;
    }
    if (cue_count == 0) return error("no cues");
    table->rows_.push_back(std::move(row));
  }
  return table;
}

absl::StatusOr<std::unique_ptr<PredicateTable>> PredicateTable::Load(const std::string& path) {
  absl::StatusOr<std::string> text = common::ReadWholeFile(path, "predicate table");
  if (!text.ok()) return text.status();
  return Parse(*text, path);
}

std::unique_ptr<PredicateTable> PredicateTable::Default() {
  absl::StatusOr<std::unique_ptr<PredicateTable>> table =
      Parse(kEmbeddedPredicatesTsv, "built-in predicates.tsv");
  if (!table.ok()) return std::unique_ptr<PredicateTable>(new PredicateTable());
  return *std::move(table);
}

template <typename OnMatch>
void PredicateTable::ForEachCue(const std::vector<Token>& tokens, std::size_t begin,
                                std::size_t end, OnMatch on_match) const {
  end = std::min(end, tokens.size());
  for (std::size_t i = begin; i < end; ++i) {
    if (tokens[i].kind != TokenKind::kWord) continue;
    if (!first_words_.MayContain(tokens[i].lower)) continue;
    auto it = by_first_word_.find(ToAbsl(tokens[i].lower));
    if (it == by_first_word_.end()) continue;
    for (int index : it->second) {
      const Cue& cue = cues_[index];
      const std::size_t length = cue.words.size();
      if (i + length > end) continue;
      bool ok = true;
      for (std::size_t k = 1; k < length && ok; ++k) ok = tokens[i + k].lower == cue.words[k];
      if (ok) on_match(CueMatch{cue.row, i, i + length - 1});
    }
  }
}

std::array<std::vector<CueMatch>, 3> PredicateTable::FindAllCues(
    const std::vector<Token>& tokens) const {
  std::array<std::vector<CueMatch>, 3> by_kind;
  ForEachCue(tokens, 0, tokens.size(), [&](const CueMatch& match) {
    by_kind[static_cast<int>(rows_[match.row].kind)].push_back(match);
  });
  return by_kind;
}

std::vector<CueMatch> PredicateTable::FindCues(const std::vector<Token>& tokens, std::size_t begin,
                                               std::size_t end, PredicateKind kind) const {
  std::vector<CueMatch> matches;
  ForEachCue(tokens, begin, end, [&](const CueMatch& match) {
    if (rows_[match.row].kind == kind) matches.push_back(match);
  });
  return matches;
}

const PredicateRow* PredicateTable::FindRow(PredicateKind kind, std::string_view predicate) const {
  for (const PredicateRow& row : rows_) {
    if (row.kind == kind && row.predicate == predicate) return &row;
  }
  return nullptr;
}

}  // namespace claimtrace::claims
