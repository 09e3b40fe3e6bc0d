#include "claims_service/search_rank.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace claimtrace::claims {
namespace {

// FTS5's bm25() constants.
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

// What every row of one query shares: kept as the function's auxiliary data
// for the query, built at its first row.
struct QueryRank {
  std::vector<double> idf;             // per phrase
  std::vector<double> column_weights;  // per column
  double average_row_tokens = 0;
  std::vector<double> frequency;  // per phrase, scratch for the current row
};

int CountMatchingRow(const Fts5ExtensionApi*, Fts5Context*, void* rows) {
  ++*static_cast<sqlite3_int64*>(rows);
  return SQLITE_OK;
}

// Builds the query's constants, or sets the error on `result` and returns
// null.
QueryRank* BuildQueryRank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* result,
                          int argc, sqlite3_value** argv) {
  auto rank = std::make_unique<QueryRank>();
  sqlite3_int64 rows = 0;
  sqlite3_int64 tokens = 0;
  int rc = api->xRowCount(fts, &rows);
  if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(result, rc);
    return nullptr;
  }
  rank->average_row_tokens =
      rows > 0 && tokens > 0 ? static_cast<double>(tokens) / static_cast<double>(rows) : 1;

  std::vector<std::int64_t> counts;
  if (argc > 0 && sqlite3_value_type(argv[0]) != SQLITE_NULL) {
    const absl::string_view text(reinterpret_cast<const char*>(sqlite3_value_text(argv[0])),
                                 static_cast<std::size_t>(sqlite3_value_bytes(argv[0])));
    for (absl::string_view field : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
      std::int64_t count = 0;
      if (!absl::SimpleAtoi(field, &count) || count < 0) {
        sqlite3_result_error(result, "claimtrace_bm25: counts must be non-negative integers", -1);
        return nullptr;
      }
      counts.push_back(count);
    }
  }
  const int phrases = api->xPhraseCount(fts);
  rank->idf.resize(phrases);
  for (int i = 0; i < phrases; ++i) {
    sqlite3_int64 matching = 0;
    if (i < static_cast<int>(counts.size())) {
      matching = counts[i];
    } else {
      rc = api->xQueryPhrase(fts, i, &matching, CountMatchingRow);
      if (rc != SQLITE_OK) {
        sqlite3_result_error_code(result, rc);
        return nullptr;
      }
    }
    const double idf = std::log((static_cast<double>(rows - matching) + 0.5) /
                                (static_cast<double>(matching) + 0.5));
    rank->idf[i] = idf > 0 ? idf : 1e-6;  // as bm25(): a very common phrase still counts
  }
  rank->column_weights.assign(api->xColumnCount(fts), 1.0);
  for (int i = 1; i < argc && i - 1 < static_cast<int>(rank->column_weights.size()); ++i) {
    rank->column_weights[i - 1] = sqlite3_value_double(argv[i]);
  }
  rank->frequency.resize(phrases);
  return rank.release();
}

void DeleteQueryRank(void* rank) { delete static_cast<QueryRank*>(rank); }

void SearchRank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* result, int argc,
                sqlite3_value** argv) {
  auto* rank = static_cast<QueryRank*>(api->xGetAuxdata(fts, 0));
  if (rank == nullptr) {
    rank = BuildQueryRank(api, fts, result, argc, argv);
    if (rank == nullptr) return;
    const int rc = api->xSetAuxdata(fts, rank, DeleteQueryRank);  // deletes it on failure
    if (rc != SQLITE_OK) {
      sqlite3_result_error_code(result, rc);
      return;
    }
  }
  std::fill(rank->frequency.begin(), rank->frequency.end(), 0.0);
  int instances = 0;
  int rc = api->xInstCount(fts, &instances);
  for (int i = 0; rc == SQLITE_OK && i < instances; ++i) {
    int phrase = 0, column = 0, offset = 0;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    if (rc == SQLITE_OK) rank->frequency[phrase] += rank->column_weights[column];
  }
  int row_tokens = 0;
  if (rc == SQLITE_OK) rc = api->xColumnSize(fts, -1, &row_tokens);
  if (rc != SQLITE_OK) {
    sqlite3_result_error_code(result, rc);
    return;
  }
  const double length_norm =
      kK1 * (1 - kB + kB * static_cast<double>(row_tokens) / rank->average_row_tokens);
  double score = 0;
  for (std::size_t i = 0; i < rank->idf.size(); ++i) {
    const double f = rank->frequency[i];
    score += rank->idf[i] * (f * (kK1 + 1)) / (f + length_norm);
  }
  sqlite3_result_double(result, -score);
}

}  // namespace

absl::Status RegisterSearchRank(common::SqliteDatabase& db) {
  return db.CreateFts5Function(kSearchRankFunction, SearchRank);
}

std::vector<std::string> SearchPhrases(std::string_view text) {
  std::vector<std::string> phrases;
  size_t i = 0;
  while (i < text.size() && phrases.size() < 16) {
    auto is_word = [](char ch) {
      const auto u = static_cast<unsigned char>(ch);
      return std::isalnum(u) || u >= 0x80;
    };
    if (!is_word(text[i])) {
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < text.size() && is_word(text[i])) ++i;
    std::string phrase =
        absl::StrCat("\"", absl::string_view(text.data() + start, i - start), "\"");
    if (i < text.size() && text[i] == '*') phrase += "*";
    phrases.push_back(std::move(phrase));
  }
  return phrases;
}

std::int64_t EstimateMatchingRows(std::int64_t sampled, std::int64_t sample_limit,
                                  std::int64_t oldest_sampled_rowid, std::int64_t first_rowid,
                                  std::int64_t last_rowid) {
  if (sampled < sample_limit) return sampled;
  const std::int64_t all_rowids = last_rowid - first_rowid + 1;
  const std::int64_t sampled_rowids = last_rowid - oldest_sampled_rowid + 1;
  if (all_rowids <= 0 || sampled_rowids <= 0) return sampled;
  const double estimate = static_cast<double>(sampled) * static_cast<double>(all_rowids) /
                          static_cast<double>(sampled_rowids);
  return std::clamp(static_cast<std::int64_t>(std::llround(estimate)), sampled,
                    std::max(sampled, all_rowids));
}

}  // namespace claimtrace::claims
