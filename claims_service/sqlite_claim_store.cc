#include "claims_service/sqlite_claim_store.h"

#include <algorithm>
#include <unordered_map>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "claims_service/extraction/claim_extractor.h"
#include "claims_service/search_rank.h"
#include "common/json_string.h"
#include "common/status_util.h"

namespace claimtrace::claims {
namespace {

using common::SqliteStatement;

// Versioned migrations; append only. Version N is migrations[N-1].
const std::vector<std::string>& Migrations() {
  static const auto* migrations = new std::vector<std::string>{
      R"sql(
      CREATE TABLE claims (
        id TEXT PRIMARY KEY,
        kind INTEGER NOT NULL,
        subject_id TEXT NOT NULL,
        subject_name TEXT NOT NULL,
        predicate TEXT NOT NULL,
        value REAL,
        upper_value REAL,
        unit TEXT NOT NULL DEFAULT '',
        bound INTEGER,
        date_year INTEGER,
        date_month INTEGER,
        date_day INTEGER,
        date_precision INTEGER,
        object_id TEXT NOT NULL DEFAULT '',
        object_name TEXT NOT NULL DEFAULT '',
        quote_text TEXT NOT NULL DEFAULT '',
        statement TEXT NOT NULL,
        claimant_id TEXT NOT NULL DEFAULT '',
        claimant_name TEXT NOT NULL DEFAULT '',
        claimant_affiliation TEXT NOT NULL DEFAULT '',
        source_count INTEGER NOT NULL DEFAULT 0,
        create_time INTEGER NOT NULL,
        update_time INTEGER NOT NULL
      );
      CREATE INDEX claims_by_subject ON claims(subject_id, predicate, unit);
      CREATE INDEX claims_by_subject_name ON claims(subject_name COLLATE NOCASE);
      CREATE INDEX claims_by_predicate ON claims(predicate);
      CREATE INDEX claims_by_source_count ON claims(source_count DESC, id);
      CREATE INDEX claims_by_update_time ON claims(update_time DESC, id);
      CREATE TABLE claim_sources (
        claim_id TEXT NOT NULL REFERENCES claims(id),
        article TEXT NOT NULL,
        claimant_id TEXT NOT NULL,
        claimant_name TEXT NOT NULL,
        claimant_affiliation TEXT NOT NULL DEFAULT '',
        create_time INTEGER NOT NULL,
        PRIMARY KEY (claim_id, article, claimant_id)
      ) WITHOUT ROWID;
      CREATE INDEX claim_sources_by_claimant ON claim_sources(claimant_id);
      CREATE INDEX claim_sources_by_claimant_name ON claim_sources(claimant_name COLLATE NOCASE);
      CREATE INDEX claim_sources_by_article ON claim_sources(article);
      CREATE VIRTUAL TABLE claims_fts USING fts5(
        statement, subject, claimants, unit, tokenize = 'unicode61 remove_diacritics 2');
      )sql",
      // 2: ListClaims by subject (and kind) in id order without sorting.
      R"sql(
      CREATE INDEX claims_by_subject_id ON claims(subject_id, id);
      CREATE INDEX claims_by_subject_kind_id ON claims(subject_id, kind, id);
      )sql",
  };
  return *migrations;
}

constexpr char kClaimColumns[] =
    "rowid, id, kind, subject_id, subject_name, predicate, value, upper_value, unit, bound, "
    "date_year, date_month, date_day, date_precision, object_id, object_name, quote_text, "
    "statement, claimant_id, claimant_name, claimant_affiliation, source_count, create_time, "
    "update_time";

std::int64_t ToMicros(absl::Time t) { return absl::ToUnixMicros(t); }

StoredClaim ReadClaim(const SqliteStatement& row, int first = 0) {
  StoredClaim claim;
  int c = first + 1;  // skip rowid
  claim.id = row.ColumnText(c++);
  ClaimContent& content = claim.content;
  content.kind = static_cast<ClaimKind>(row.ColumnInt(c++));
  content.subject.id = row.ColumnText(c++);
  content.subject.name = row.ColumnText(c++);
  content.predicate = row.ColumnText(c++);
  if (!row.ColumnIsNull(c + 3)) {
    Quantity q;
    q.value = row.ColumnDouble(c);
    q.upper_value = row.ColumnDouble(c + 1);
    q.unit = row.ColumnText(c + 2);
    q.bound = static_cast<Bound>(row.ColumnInt(c + 3));
    content.quantity = q;
  }
  c += 4;
  if (!row.ColumnIsNull(c + 3)) {
    CalendarDate d;
    d.year = static_cast<int>(row.ColumnInt(c));
    d.month = static_cast<int>(row.ColumnInt(c + 1));
    d.day = static_cast<int>(row.ColumnInt(c + 2));
    d.precision = static_cast<DatePrecision>(row.ColumnInt(c + 3));
    content.date = d;
  }
  c += 4;
  content.object.id = row.ColumnText(c++);
  content.object.name = row.ColumnText(c++);
  content.quote_text = row.ColumnText(c++);
  content.statement = row.ColumnText(c++);
  claim.claimant.id = row.ColumnText(c++);
  claim.claimant.name = row.ColumnText(c++);
  claim.claimant.affiliation = row.ColumnText(c++);
  claim.source_count = static_cast<int>(row.ColumnInt(c++));
  claim.create_time = absl::FromUnixMicros(row.ColumnInt(c++));
  claim.update_time = absl::FromUnixMicros(row.ColumnInt(c++));
  return claim;
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteClaimStore>> SqliteClaimStore::Open(const std::string& path) {
  CLAIMTRACE_ASSIGN_OR_RETURN(std::unique_ptr<common::SqliteDatabase> db,
                              common::SqliteDatabase::Open(path));
  CLAIMTRACE_RETURN_IF_ERROR(db->Migrate(Migrations()));
  CLAIMTRACE_RETURN_IF_ERROR(RegisterSearchRank(*db));
  return std::unique_ptr<SqliteClaimStore>(new SqliteClaimStore(std::move(db)));
}

absl::StatusOr<std::vector<StoredClaim>> SqliteClaimStore::RecordArticleClaims(
    std::string_view article, const std::vector<ExtractedClaim>& claims) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> order;  // distinct ids, first appearance first
  std::unordered_map<std::string, bool> seen;
  std::unordered_map<std::string, bool> gained_source;  // ids with a new (article, claimant)
  const std::int64_t now = ToMicros(absl::Now());
  CLAIMTRACE_RETURN_IF_ERROR(db_->InTransaction([&]() -> absl::Status {
    for (const ExtractedClaim& extracted : claims) {
      const ClaimContent& content = extracted.content;
      const Entity& claimant = extracted.mention.claimant;
      const std::string id = ClaimId(content);
      const bool first_time_here = seen.emplace(id, true).second;
      if (first_time_here) order.push_back(id);
      {
        CLAIMTRACE_ASSIGN_OR_RETURN(
            SqliteStatement insert,
            db_->Prepare(
                "INSERT INTO claims (id, kind, subject_id, subject_name, predicate, value, "
                "upper_value, unit, bound, date_year, date_month, date_day, "
                "date_precision, object_id, object_name, quote_text, statement, "
                "claimant_id, claimant_name, claimant_affiliation, source_count, "
                "create_time, update_time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, 0, ?21, ?21) "
                "ON CONFLICT (id) DO NOTHING"));
        insert.Bind(1, id).Bind(2, static_cast<int>(content.kind)).Bind(3, content.subject.id);
        insert.Bind(4, content.subject.name).Bind(5, content.predicate);
        if (content.quantity) {
          insert.Bind(6, content.quantity->value).Bind(7, content.quantity->upper_value);
          insert.Bind(8, content.quantity->unit).Bind(9, static_cast<int>(content.quantity->bound));
        } else {
          insert.BindNull(6).BindNull(7).Bind(8, "").BindNull(9);
        }
        if (content.date) {
          insert.Bind(10, content.date->year).Bind(11, content.date->month);
          insert.Bind(12, content.date->day).Bind(13, static_cast<int>(content.date->precision));
        } else {
          insert.BindNull(10).BindNull(11).BindNull(12).BindNull(13);
        }
        insert.Bind(14, content.object.id).Bind(15, content.object.name);
        insert.Bind(16, content.quote_text).Bind(17, content.statement);
        insert.Bind(18, claimant.id).Bind(19, claimant.name).Bind(20, claimant.affiliation);
        insert.Bind(21, now);
        CLAIMTRACE_RETURN_IF_ERROR(insert.Run());
      }
      CLAIMTRACE_ASSIGN_OR_RETURN(
          SqliteStatement source,
          db_->Prepare("INSERT INTO claim_sources (claim_id, article, claimant_id, claimant_name, "
                       "claimant_affiliation, create_time) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                       "ON CONFLICT DO NOTHING"));
      source.Bind(1, id).Bind(2, article).Bind(3, claimant.id).Bind(4, claimant.name);
      source.Bind(5, claimant.affiliation).Bind(6, now);
      CLAIMTRACE_RETURN_IF_ERROR(source.Run());
      if (db_->Changes() > 0) gained_source[id] = true;
    }
    // Refresh counts and the search index of every claim this article touched.
    for (const std::string& id : order) {
      CLAIMTRACE_ASSIGN_OR_RETURN(
          SqliteStatement update,
          db_->Prepare("UPDATE claims SET source_count = (SELECT COUNT(DISTINCT article) FROM "
                       "claim_sources WHERE claim_id = ?1), update_time = ?2 WHERE id = ?1 AND "
                       "source_count != (SELECT COUNT(DISTINCT article) FROM claim_sources WHERE "
                       "claim_id = ?1)"));
      update.Bind(1, id).Bind(2, now);
      CLAIMTRACE_RETURN_IF_ERROR(update.Run());
      // Nothing new: the index is current. (A new claimant within an article
      // already counted changes no count but must become searchable.)
      if (db_->Changes() == 0 && !gained_source[id]) continue;
      CLAIMTRACE_ASSIGN_OR_RETURN(StoredClaim stored, GetLocked(id));
      CLAIMTRACE_ASSIGN_OR_RETURN(SqliteStatement rowid_query,
                                  db_->Prepare("SELECT rowid FROM claims WHERE id = ?1"));
      rowid_query.Bind(1, id);
      CLAIMTRACE_ASSIGN_OR_RETURN(bool found, rowid_query.Step());
      if (!found) return absl::InternalError("claim vanished inside its transaction");
      const std::int64_t rowid = rowid_query.ColumnInt(0);
      CLAIMTRACE_ASSIGN_OR_RETURN(SqliteStatement remove,
                                  db_->Prepare("DELETE FROM claims_fts WHERE rowid = ?1"));
      remove.Bind(1, rowid);
      CLAIMTRACE_RETURN_IF_ERROR(remove.Run());
      std::vector<std::string> claimant_names;
      for (const Entity& e : stored.claimants) {
        claimant_names.push_back(absl::StrCat(e.name, " ", e.affiliation));
      }
      CLAIMTRACE_ASSIGN_OR_RETURN(
          SqliteStatement index,
          db_->Prepare("INSERT INTO claims_fts (rowid, statement, subject, claimants, unit) "
                       "VALUES (?1, ?2, ?3, ?4, ?5)"));
      index.Bind(1, rowid).Bind(2, stored.content.statement);
      index.Bind(3, absl::StrCat(stored.content.subject.name, " ", stored.content.object.name));
      index.Bind(4, absl::StrJoin(claimant_names, " "));
      index.Bind(5, stored.content.quantity ? stored.content.quantity->unit : "");
      CLAIMTRACE_RETURN_IF_ERROR(index.Run());
    }
    return absl::OkStatus();
  }));
  std::vector<StoredClaim> result;
  result.reserve(order.size());
  for (const std::string& id : order) {
    CLAIMTRACE_ASSIGN_OR_RETURN(StoredClaim stored, GetLocked(id));
    // Committed: the cache follows this connection's writes.
    cache_.Put(std::make_shared<const ClaimSnapshot>(stored));
    result.push_back(std::move(stored));
  }
  return result;
}

absl::Status SqliteClaimStore::ClearCacheIfChangedElsewhereLocked() {
  CLAIMTRACE_ASSIGN_OR_RETURN(const bool changed, db_->ChangedElsewhere());
  if (changed) cache_.Clear();
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const ClaimSnapshot>> SqliteClaimStore::Get(std::string_view id) {
  std::lock_guard<std::mutex> lock(mu_);
  CLAIMTRACE_RETURN_IF_ERROR(ClearCacheIfChangedElsewhereLocked());
  if (std::optional<std::shared_ptr<const ClaimSnapshot>> cached = cache_.Find(id)) {
    return *std::move(cached);
  }
  CLAIMTRACE_ASSIGN_OR_RETURN(StoredClaim claim, GetLocked(id));
  auto snapshot = std::make_shared<const ClaimSnapshot>(std::move(claim));
  cache_.Put(snapshot);
  return snapshot;
}

absl::StatusOr<StoredClaim> SqliteClaimStore::GetLocked(std::string_view id) {
  static const std::string* const kSelectClaimById =
      new std::string(absl::StrCat("SELECT ", kClaimColumns, " FROM claims WHERE id = ?1"));
  StoredClaim claim;
  {
    CLAIMTRACE_ASSIGN_OR_RETURN(SqliteStatement query, db_->Prepare(*kSelectClaimById));
    query.Bind(1, id);
    CLAIMTRACE_ASSIGN_OR_RETURN(bool found, query.Step());
    if (!found) {
      return absl::NotFoundError(
          absl::StrCat("claim \"claims/", absl::string_view(id.data(), id.size()), "\" not found"));
    }
    claim = ReadClaim(query);
  }
  CLAIMTRACE_RETURN_IF_ERROR(LoadClaimants(claim));
  return claim;
}

absl::Status SqliteClaimStore::LoadClaimants(std::vector<StoredClaim>& claims) {
  if (claims.size() <= 1) {
    for (StoredClaim& claim : claims) CLAIMTRACE_RETURN_IF_ERROR(LoadClaimants(claim));
    return absl::OkStatus();
  }
  // One query for the page, not one per claim: the ids go in as a JSON array.
  std::string ids = "[";
  absl::flat_hash_map<std::string_view, StoredClaim*> by_id;
  for (StoredClaim& claim : claims) {
    if (ids.size() > 1) ids += ",";
    common::AppendJsonString(&ids, claim.id);
    claim.claimants.clear();
    by_id[claim.id] = &claim;
  }
  ids += "]";
  CLAIMTRACE_ASSIGN_OR_RETURN(
      SqliteStatement query,
      db_->Prepare("SELECT claim_id, claimant_id, MIN(claimant_name), MIN(claimant_affiliation) "
                   "FROM claim_sources WHERE claim_id IN (SELECT value FROM json_each(?1)) "
                   "GROUP BY claim_id, claimant_id ORDER BY claim_id, MIN(create_time), "
                   "claimant_id"));
  query.Bind(1, ids);
  while (true) {
    CLAIMTRACE_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) break;
    const auto it = by_id.find(query.ColumnText(0));
    if (it == by_id.end()) continue;
    it->second->claimants.push_back(
        {query.ColumnText(1), query.ColumnText(2), query.ColumnText(3)});
  }
  return absl::OkStatus();
}

absl::Status SqliteClaimStore::LoadClaimants(StoredClaim& claim) {
  CLAIMTRACE_ASSIGN_OR_RETURN(
      SqliteStatement query,
      db_->Prepare("SELECT claimant_id, MIN(claimant_name), MIN(claimant_affiliation) FROM "
                   "claim_sources WHERE claim_id = ?1 GROUP BY claimant_id ORDER BY "
                   "MIN(create_time), claimant_id"));
  query.Bind(1, claim.id);
  claim.claimants.clear();
  while (true) {
    CLAIMTRACE_ASSIGN_OR_RETURN(bool row, query.Step());
    if (!row) break;
    claim.claimants.push_back({query.ColumnText(0), query.ColumnText(1), query.ColumnText(2)});
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> SqliteClaimStore::ResolveSubjectIdLocked(std::string_view subject) {
  {
    CLAIMTRACE_ASSIGN_OR_RETURN(SqliteStatement by_id,
                                db_->Prepare("SELECT 1 FROM claims WHERE subject_id = ?1 LIMIT 1"));
    by_id.Bind(1, subject);
    CLAIMTRACE_ASSIGN_OR_RETURN(bool is_id, by_id.Step());
    if (is_id) return std::string(subject);
  }
  CLAIMTRACE_ASSIGN_OR_RETURN(
      SqliteStatement by_name,
      db_->Prepare("SELECT subject_id FROM claims WHERE subject_name = ?1 COLLATE NOCASE LIMIT 1"));
  by_name.Bind(1, subject);
  CLAIMTRACE_ASSIGN_OR_RETURN(bool found, by_name.Step());
  // An unknown subject matches nothing; keep it as given.
  return found ? by_name.ColumnText(0) : std::string(subject);
}

absl::StatusOr<ClaimPage> SqliteClaimStore::List(const ClaimQuery& query,
                                                 std::string_view after_key, int limit) {
  // The statement text is assembled only from fixed fragments; every value
  // (filter text included) is a bound parameter.
  std::vector<std::string> where;
  // The subject may be given by id or by name: resolve a name to its id
  // first, so that the filter is one indexed equality (an OR across id and
  // name made SQLite read and sort every claim of a busy subject).
  if (!query.subject.empty()) where.push_back("subject_id = ?1");
  if (!query.predicate.empty()) where.push_back("predicate = ?2");
  if (query.kind) where.push_back("kind = ?3");
  if (!query.claimant.empty()) {
    where.push_back(
        "id IN (SELECT claim_id FROM claim_sources WHERE claimant_id = ?4 OR claimant_name = ?4 "
        "COLLATE NOCASE)");
  }
  if (!query.unit.empty()) where.push_back("unit = ?5");
  if (query.min_source_count > 0) where.push_back("source_count >= ?6");
  // Keyset pagination: the key is the last row's sort columns.
  std::string order;
  std::int64_t key_number = 0;
  std::string key_id;
  if (!after_key.empty()) {
    const absl::string_view key(after_key.data(), after_key.size());
    if (query.order == ClaimOrder::kId) {
      key_id = std::string(key);
    } else {
      std::vector<std::string> parts = absl::StrSplit(key, absl::MaxSplits('|', 1));
      if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &key_number)) {
        return common::FieldViolation("page_token", "does not match the requested order");
      }
      key_id = parts[1];
    }
  }
  switch (query.order) {
    case ClaimOrder::kId:
      if (!after_key.empty()) where.push_back("id > ?8");
      order = "id";
      break;
    case ClaimOrder::kSourceCountDesc:
      if (!after_key.empty())
        where.push_back("(source_count < ?7 OR (source_count = ?7 AND id > ?8))");
      order = "source_count DESC, id";
      break;
    case ClaimOrder::kUpdateTimeDesc:
      if (!after_key.empty())
        where.push_back("(update_time < ?7 OR (update_time = ?7 AND id > ?8))");
      order = "update_time DESC, id";
      break;
  }
  std::string sql = absl::StrCat("SELECT ", kClaimColumns, " FROM claims");
  if (!where.empty()) absl::StrAppend(&sql, " WHERE ", absl::StrJoin(where, " AND "));
  absl::StrAppend(&sql, " ORDER BY ", order, " LIMIT ?9");

  std::lock_guard<std::mutex> lock(mu_);
  ClaimPage page;
  std::string subject_id;
  if (!query.subject.empty()) {
    CLAIMTRACE_ASSIGN_OR_RETURN(subject_id, ResolveSubjectIdLocked(query.subject));
  }
  {
    CLAIMTRACE_ASSIGN_OR_RETURN(SqliteStatement statement, db_->Prepare(sql));
    if (!query.subject.empty()) statement.Bind(1, subject_id);
    if (!query.predicate.empty()) statement.Bind(2, query.predicate);
    if (query.kind) statement.Bind(3, static_cast<int>(*query.kind));
    if (!query.claimant.empty()) statement.Bind(4, query.claimant);
    if (!query.unit.empty()) statement.Bind(5, query.unit);
    if (query.min_source_count > 0) statement.Bind(6, query.min_source_count);
    if (!after_key.empty()) {
      if (query.order != ClaimOrder::kId) statement.Bind(7, key_number);
      statement.Bind(8, key_id);
    }
    statement.Bind(9, limit + 1);  // one extra row tells whether a next page exists
    while (true) {
      CLAIMTRACE_ASSIGN_OR_RETURN(bool row, statement.Step());
      if (!row) break;
      page.claims.push_back(ReadClaim(statement));
    }
  }
  if (static_cast<int>(page.claims.size()) > limit) {
    page.claims.pop_back();
    const StoredClaim& last = page.claims.back();
    switch (query.order) {
      case ClaimOrder::kId:
        page.next_key = last.id;
        break;
      case ClaimOrder::kSourceCountDesc:
        page.next_key = absl::StrCat(last.source_count, "|", last.id);
        break;
      case ClaimOrder::kUpdateTimeDesc:
        page.next_key = absl::StrCat(ToMicros(last.update_time), "|", last.id);
        break;
    }
  }
  CLAIMTRACE_RETURN_IF_ERROR(LoadClaimants(page.claims));
  return page;
}

absl::StatusOr<std::vector<StoredClaim>> SqliteClaimStore::Search(std::string_view text,
                                                                  std::int64_t offset, int limit) {
  const std::vector<std::string> phrases = SearchPhrases(text);
  if (phrases.empty()) return common::FieldViolation("query", "has no searchable word");
  const std::string fts_query = absl::StrJoin(phrases, " ");
  std::lock_guard<std::mutex> lock(mu_);
  // Ranking costs about a microsecond a match: rank only the newest matches.
  const std::int64_t ranked_matches = std::max<std::int64_t>(kSearchRankedMatches, offset + limit);
  // The IDF of each phrase needs how many claims match it: counted up to
  // kSearchRankedMatches, estimated beyond (search_rank.h).
  std::string match_counts;
  {
    std::int64_t first_rowid = -1, last_rowid = -1;
    for (const std::string& phrase : phrases) {
      CLAIMTRACE_ASSIGN_OR_RETURN(
          SqliteStatement newest,
          db_->Prepare("SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?1 ORDER BY rowid "
                       "DESC LIMIT ?2"));
      newest.Bind(1, phrase).Bind(2, kSearchRankedMatches);
      std::int64_t sampled = 0, oldest_sampled_rowid = 0;
      while (true) {
        CLAIMTRACE_ASSIGN_OR_RETURN(bool row, newest.Step());
        if (!row) break;
        ++sampled;
        oldest_sampled_rowid = newest.ColumnInt(0);
      }
      if (sampled == kSearchRankedMatches && first_rowid < 0) {
        CLAIMTRACE_ASSIGN_OR_RETURN(
            SqliteStatement span,
            db_->Prepare(
                "SELECT (SELECT min(rowid) FROM claims), (SELECT max(rowid) FROM claims)"));
        CLAIMTRACE_ASSIGN_OR_RETURN(bool row, span.Step());
        if (!row) return absl::InternalError("min/max rowid returned no row");
        first_rowid = span.ColumnInt(0);
        last_rowid = span.ColumnInt(1);
      }
      // A phrase no claim matches is one of no token ("—"), which FTS5
      // drops from the query (any other would leave nothing to rank): it
      // has no place in the counts, which go by FTS5's phrase numbers.
      if (sampled == 0) continue;
      absl::StrAppend(&match_counts, match_counts.empty() ? "" : " ",
                      EstimateMatchingRows(sampled, kSearchRankedMatches, oldest_sampled_rowid,
                                           first_rowid, last_rowid));
    }
  }
  // One walk down the matches, newest first, scoring each: the page is cut
  // here (a sort by score in SQL would walk them twice, once to find where
  // the newest ranked_matches end).
  struct Scored {
    double score;  // lower is more relevant
    std::int64_t rowid;
  };
  std::vector<Scored> scored;
  {
    static const std::string* const kScoredMatches = new std::string(
        absl::StrCat("SELECT rowid, ", kSearchRankFunction,
                     "(claims_fts, ?2, 10.0, 5.0, 3.0, 2.0) FROM claims_fts WHERE claims_fts "
                     "MATCH ?1 ORDER BY rowid DESC LIMIT ?3"));
    CLAIMTRACE_ASSIGN_OR_RETURN(SqliteStatement matches, db_->Prepare(*kScoredMatches));
    matches.Bind(1, fts_query).Bind(2, match_counts).Bind(3, ranked_matches);
    while (true) {
      CLAIMTRACE_ASSIGN_OR_RETURN(bool row, matches.Step());
      if (!row) break;
      scored.push_back({matches.ColumnDouble(1), matches.ColumnInt(0)});
    }
  }
  std::vector<StoredClaim> claims;
  if (offset >= static_cast<std::int64_t>(scored.size())) return claims;
  // Ties in insertion order.
  const auto page_end = scored.begin() + std::min<std::int64_t>(scored.size(), offset + limit);
  std::partial_sort(scored.begin(), page_end, scored.end(), [](const Scored& a, const Scored& b) {
    return a.score != b.score ? a.score < b.score : a.rowid < b.rowid;
  });
  static const std::string* const kClaimByRowid =
      new std::string(absl::StrCat("SELECT ", kClaimColumns, " FROM claims WHERE rowid = ?1"));
  for (auto it = scored.begin() + offset; it != page_end; ++it) {
    CLAIMTRACE_ASSIGN_OR_RETURN(SqliteStatement statement, db_->Prepare(*kClaimByRowid));
    statement.Bind(1, it->rowid);
    CLAIMTRACE_ASSIGN_OR_RETURN(bool row, statement.Step());
    if (!row) return absl::InternalError("an indexed claim is missing from the claims table");
    claims.push_back(ReadClaim(statement));
  }
  CLAIMTRACE_RETURN_IF_ERROR(LoadClaimants(claims));
  return claims;
}

// The kinds ListConflicts compares (quantities, dates, places), as stored:
// the SQL below says "kind IN (0, 1, 2)".
static_assert(static_cast<int>(ClaimKind::kQuantity) == 0 &&
                  static_cast<int>(ClaimKind::kDate) == 1 &&
                  static_cast<int>(ClaimKind::kLocation) == 2,
              "update the kind lists in CandidateConflictGroups");

absl::StatusOr<std::vector<ClaimGroup>> SqliteClaimStore::CandidateConflictGroups(
    std::string_view subject, std::int64_t offset, int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  struct Key {
    std::string subject_id, predicate, unit;
  };
  std::vector<Key> keys;
  {
    CLAIMTRACE_ASSIGN_OR_RETURN(
        SqliteStatement statement,
        db_->Prepare(
            "SELECT subject_id, predicate, unit FROM claims WHERE (?1 = '' OR "
            "subject_id = ?1) AND kind IN (0, 1, 2) GROUP BY subject_id, predicate, unit "
            "HAVING COUNT(*) > 1 ORDER BY subject_id, predicate, unit LIMIT ?2 OFFSET ?3"));
    statement.Bind(1, subject).Bind(2, limit).Bind(3, offset);
    while (true) {
      CLAIMTRACE_ASSIGN_OR_RETURN(bool row, statement.Step());
      if (!row) break;
      keys.push_back({statement.ColumnText(0), statement.ColumnText(1), statement.ColumnText(2)});
    }
  }
  std::vector<ClaimGroup> groups;
  for (const Key& key : keys) {
    ClaimGroup group{key.subject_id, key.predicate, {}};
    {
      CLAIMTRACE_ASSIGN_OR_RETURN(
          SqliteStatement statement,
          db_->Prepare(absl::StrCat("SELECT ", kClaimColumns,
                                    " FROM claims WHERE subject_id = ?1 AND predicate = ?2 AND "
                                    "unit = ?3 AND kind IN (0, 1, 2) ORDER BY source_count DESC, "
                                    "id LIMIT 100")));
      statement.Bind(1, key.subject_id).Bind(2, key.predicate).Bind(3, key.unit);
      while (true) {
        CLAIMTRACE_ASSIGN_OR_RETURN(bool row, statement.Step());
        if (!row) break;
        group.claims.push_back(ReadClaim(statement));
      }
    }
    CLAIMTRACE_RETURN_IF_ERROR(LoadClaimants(group.claims));
    groups.push_back(std::move(group));
  }
  return groups;
}

absl::StatusOr<std::int64_t> SqliteClaimStore::CountClaims() {
  std::lock_guard<std::mutex> lock(mu_);
  CLAIMTRACE_ASSIGN_OR_RETURN(SqliteStatement statement,
                              db_->Prepare("SELECT COUNT(*) FROM claims"));
  CLAIMTRACE_ASSIGN_OR_RETURN(bool row, statement.Step());
  return row ? statement.ColumnInt(0) : 0;
}

absl::StatusOr<std::int64_t> SqliteClaimStore::CountSources() {
  std::lock_guard<std::mutex> lock(mu_);
  CLAIMTRACE_ASSIGN_OR_RETURN(SqliteStatement statement,
                              db_->Prepare("SELECT COUNT(*) FROM claim_sources"));
  CLAIMTRACE_ASSIGN_OR_RETURN(bool row, statement.Step());
  return row ? statement.ColumnInt(0) : 0;
}

bool SqliteClaimStore::IsHealthy() {
  std::lock_guard<std::mutex> lock(mu_);
  absl::StatusOr<SqliteStatement> statement = db_->Prepare("SELECT 1");
  if (!statement.ok()) return false;
  absl::StatusOr<bool> row = statement->Step();
  return row.ok() && *row;
}

}  // namespace claimtrace::claims
