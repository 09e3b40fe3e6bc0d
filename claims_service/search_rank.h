// Relevance ranking for the SQLite store's full-text search: BM25 exactly as
// FTS5's built-in bm25() computes it, except for where each phrase's
// matching-row count (its document frequency, behind the IDF) comes from.
// bm25() counts it by walking the phrase's whole doclist on every query
// (xQueryPhrase): for a common word in a 1M-claim store that walk cost 7-9 ms,
// most of a search. claimtrace_bm25 takes the counts from its caller, who
// counts exactly up to a bound and estimates beyond it
// (EstimateMatchingRows): the IDF is a logarithm, so an estimate within a few
// percent moves a score by less than a percent.
#ifndef CLAIMTRACE_CLAIMS_SERVICE_SEARCH_RANK_H_
#define CLAIMTRACE_CLAIMS_SERVICE_SEARCH_RANK_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "common/sqlite_database.h"

namespace claimtrace::claims {

// The phrases of the FTS5 query for a search's user text (ClaimStore::Search):
// words are runs of letters, digits and non-ASCII bytes, each quoted (so
// FTS5 operators are plain words), a word followed by '*' a prefix; at most
// 16. Joined by spaces they must all match. Empty when the text has no word.
std::vector<std::string> SearchPhrases(std::string_view text);

// claimtrace_bm25(fts_table, counts, w0, w1, ...): the score
// bm25(fts_table, w0, w1, ...) gives (lower is more relevant; k1 = 1.2,
// b = 0.75; a column without a weight weighs 1), where `counts` is the text
// "n0 n1 ..." of how many rows match each phrase of the MATCH expression, in
// order. FTS5 drops a phrase of no token ("\"—\"", which matches no row)
// from the expression, so such a phrase has no count. A phrase without a
// count (counts shorter, or NULL) is counted as bm25() counts it. A count
// that is not a non-negative integer is an error.
inline constexpr char kSearchRankFunction[] = "claimtrace_bm25";

// Makes claimtrace_bm25 callable on db's connection.
absl::Status RegisterSearchRank(common::SqliteDatabase& db);

// How many rows match a phrase, from the newest of them: `sampled` matching
// rows were read newest first, at most `sample_limit`, and the oldest of them
// has rowid `oldest_sampled_rowid`; the table's rowids run from `first_rowid`
// to `last_rowid`. Fewer than sample_limit is the exact count; otherwise the
// matches are taken to be as dense over all rowids as over the sampled ones
// (never fewer than sampled, never more than the rowids).
std::int64_t EstimateMatchingRows(std::int64_t sampled, std::int64_t sample_limit,
                                  std::int64_t oldest_sampled_rowid, std::int64_t first_rowid,
                                  std::int64_t last_rowid);

}  // namespace claimtrace::claims

#endif  // CLAIMTRACE_CLAIMS_SERVICE_SEARCH_RANK_H_
