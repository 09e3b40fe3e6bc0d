#include "claims_service/postgres_claim_store.h"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "claims_service/extraction/claim_extractor.h"
#include "common/status_util.h"

namespace claimtrace::claims {
namespace {

using common::PgAccess;
using common::PgParams;
using common::PgResult;
using common::PgRowReader;
using common::PgTransaction;

// Versioned migrations, PostgreSQL dialect of the SQLite store's; append
// only. Key columns use the "C" collation so ordering and keyset pagination
// compare bytes, as SQLite does.
const std::vector<std::string>& Migrations() {
  static const auto* migrations = new std::vector<std::string>{
      R"sql(
      CREATE TABLE claims (
        seq BIGINT GENERATED ALWAYS AS IDENTITY,
        id TEXT COLLATE "C" PRIMARY KEY,
        kind INTEGER NOT NULL,
        subject_id TEXT COLLATE "C" NOT NULL,
        subject_name TEXT NOT NULL,
        predicate TEXT COLLATE "C" NOT NULL,
        value DOUBLE PRECISION,
        upper_value DOUBLE PRECISION,
        unit TEXT COLLATE "C" NOT NULL DEFAULT '',
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
        create_time BIGINT NOT NULL,
        update_time BIGINT NOT NULL,
        search_document TSVECTOR NOT NULL DEFAULT ''
      );
      CREATE INDEX claims_by_subject ON claims (subject_id, predicate, unit);
      CREATE INDEX claims_by_subject_name ON claims (lower(subject_name));
      CREATE INDEX claims_by_predicate ON claims (predicate);
      CREATE INDEX claims_by_source_count ON claims (source_count DESC, id);
      CREATE INDEX claims_by_update_time ON claims (update_time DESC, id);
      CREATE INDEX claims_search ON claims USING GIN (search_document);
      CREATE TABLE claim_sources (
        claim_id TEXT COLLATE "C" NOT NULL REFERENCES claims (id),
        article TEXT COLLATE "C" NOT NULL,
        claimant_id TEXT COLLATE "C" NOT NULL,
        claimant_name TEXT NOT NULL,
        claimant_affiliation TEXT NOT NULL DEFAULT '',
        create_time BIGINT NOT NULL,
        PRIMARY KEY (claim_id, article, claimant_id)
      );
      CREATE INDEX claim_sources_by_claimant ON claim_sources (claimant_id);
      CREATE INDEX claim_sources_by_claimant_name ON claim_sources (lower(claimant_name));
      CREATE INDEX claim_sources_by_article ON claim_sources (article);
      )sql",
  };
  return *migrations;
}

constexpr char kClaimColumns[] =
    "id, kind, subject_id, subject_name, predicate, value, upper_value, unit, bound, date_year, "
    "date_month, date_day, date_precision, object_id, object_name, quote_text, statement, "
    "claimant_id, claimant_name, claimant_affiliation, source_count, create_time, update_time";

// ts_rank weights {D, C, B, A}: unit, claimants, subject/object, statement.
constexpr char kRankWeights[] = "'{0.2, 0.3, 0.5, 1.0}'";

// Longest token kept (bytes); PostgreSQL refuses lexemes over 2 KiB.
constexpr size_t kMaxTokenBytes = 255;

StoredClaim ReadClaim(const PgResult& result, int row, int first_column = 0) {
  PgRowReader r(result, row, first_column);
  StoredClaim claim;
  claim.id = r.Text();
  ClaimContent& content = claim.content;
  content.kind = static_cast<ClaimKind>(r.Int());
  content.subject.id = r.Text();
  content.subject.name = r.Text();
  content.predicate = r.Text();
  const int quantity_column = r.column();
  if (!result.IsNull(row, quantity_column + 3)) {
    Quantity q;
    q.value = r.Double();
    q.upper_value = r.Double();
    q.unit = r.Text();
    q.bound = static_cast<Bound>(r.Int());
    content.quantity = q;
  } else {
    r.Skip(4);
  }
  const int date_column = r.column();
  if (!result.IsNull(row, date_column + 3)) {
    CalendarDate d;
    d.year = static_cast<int>(r.Int());
    d.month = static_cast<int>(r.Int());
    d.day = static_cast<int>(r.Int());
    d.precision = static_cast<DatePrecision>(r.Int());
    content.date = d;
  } else {
    r.Skip(4);
  }
  content.object.id = r.Text();
  content.object.name = r.Text();
  content.quote_text = r.Text();
  content.statement = r.Text();
  claim.claimant.id = r.Text();
  claim.claimant.name = r.Text();
  claim.claimant.affiliation = r.Text();
  claim.source_count = static_cast<int>(r.Int());
  claim.create_time = absl::FromUnixMicros(r.Int());
  claim.update_time = absl::FromUnixMicros(r.Int());
  return claim;
}

// Fills in `claimants` of every claim in `claims` with one query.
absl::Status LoadClaimants(PgTransaction& t, std::vector<StoredClaim*> claims) {
  if (claims.empty()) return absl::OkStatus();
  std::vector<std::string> ids;
  std::unordered_map<std::string, std::vector<StoredClaim*>> by_id;
  for (StoredClaim* claim : claims) {
    claim->claimants.clear();
    if (by_id[claim->id].empty()) ids.push_back(claim->id);
    by_id[claim->id].push_back(claim);
  }
  CLAIMTRACE_ASSIGN_OR_RETURN(
      PgResult rows,
      t.Execute("SELECT claim_id, claimant_id, MIN(claimant_name), MIN(claimant_affiliation) "
                "FROM claim_sources WHERE claim_id = ANY($1::text[]) GROUP BY claim_id, "
                "claimant_id ORDER BY claim_id, MIN(create_time), claimant_id",
                PgParams().Add(ids)));
  for (int i = 0; i < rows.rows(); ++i) {
    const Entity claimant{rows.Text(i, 1), rows.Text(i, 2), rows.Text(i, 3)};
    for (StoredClaim* claim : by_id[rows.Text(i, 0)]) claim->claimants.push_back(claimant);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<StoredClaim>> ReadClaimsWithClaimants(PgTransaction& t,
                                                                 std::string_view sql,
                                                                 const PgParams& params) {
  CLAIMTRACE_ASSIGN_OR_RETURN(PgResult rows, t.Execute(sql, params));
  std::vector<StoredClaim> claims;
  claims.reserve(rows.rows());
  for (int i = 0; i < rows.rows(); ++i) claims.push_back(ReadClaim(rows, i));
  std::vector<StoredClaim*> pointers;
  for (StoredClaim& claim : claims) pointers.push_back(&claim);
  CLAIMTRACE_RETURN_IF_ERROR(LoadClaimants(t, pointers));
  return claims;
}

// The claims with these ids (with claimants), by id.
absl::StatusOr<std::unordered_map<std::string, StoredClaim>> LoadClaims(
    PgTransaction& t, const std::vector<std::string>& ids) {
  CLAIMTRACE_ASSIGN_OR_RETURN(
      std::vector<StoredClaim> claims,
      ReadClaimsWithClaimants(
          t, absl::StrCat("SELECT ", kClaimColumns, " FROM claims WHERE id = ANY($1::text[])"),
          PgParams().Add(ids)));
  std::unordered_map<std::string, StoredClaim> by_id;
  for (StoredClaim& claim : claims) {
    std::string id = claim.id;
    by_id.emplace(std::move(id), std::move(claim));
  }
  return by_id;
}

// --- Tokenising, as FTS5's unicode61 with remove_diacritics does ----------

bool IsTokenCharacter(UChar32 c) {
  return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK | U_GC_M_MASK | U_GC_CO_MASK)) != 0;
}

bool IsLatinWithDiacritics(UChar32 c) {
  return (c >= 0x00C0 && c <= 0x024F) || (c >= 0x1E00 && c <= 0x1EFF);
}

// Case-folds `c` and strips the diacritics of a Latin letter ("Ü" -> "u");
// drops combining diacritical marks themselves. Appends UTF-8 to `out`.
void AppendFolded(UChar32 c, std::string& out) {
  c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
  if (c >= 0x0300 && c <= 0x036F) return;
  if (IsLatinWithDiacritics(c)) {
    UErrorCode error = U_ZERO_ERROR;
    static const UNormalizer2* nfd = unorm2_getNFDInstance(&error);
    UChar decomposition[8];
    error = U_ZERO_ERROR;
    const int32_t length =
        nfd == nullptr ? -1 : unorm2_getDecomposition(nfd, c, decomposition, 8, &error);
    if (U_SUCCESS(error) && length > 1 && !U16_IS_SURROGATE(decomposition[0])) {
      bool only_marks = true;
      for (int32_t i = 1; i < length; ++i) {
        only_marks = only_marks && decomposition[i] >= 0x0300 && decomposition[i] <= 0x036F;
      }
      if (only_marks) c = decomposition[0];
    }
  }
  char buffer[U8_MAX_LENGTH];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buffer), n, U8_MAX_LENGTH, c, error);
  if (!error) out.append(buffer, static_cast<size_t>(n));
}

// The longest prefix of `token` of at most kMaxTokenBytes that ends on a
// character boundary.
void CapToken(std::string& token) {
  if (token.size() <= kMaxTokenBytes) return;
  size_t end = kMaxTokenBytes;
  while (end > 0 && (static_cast<unsigned char>(token[end]) & 0xC0) == 0x80) --end;
  token.resize(end);
}

// Quotes a lexeme for tsvector/tsquery input.
std::string Lexeme(std::string_view token) {
  std::string out = "'";
  for (const char c : token) {
    if (c == '\'') out += '\'';
    if (c == '\\') out += '\\';
    out += c;
  }
  out += '\'';
  return out;
}

// The tsvector literal of a claim's searchable text: statement (A), subject
// and object (B), claimants (C), unit (D); positions leave a gap between
// columns so a phrase cannot span two of them.
std::string SearchDocument(const StoredClaim& claim) {
  std::vector<std::string> claimant_names;
  for (const Entity& e : claim.claimants)
    claimant_names.push_back(absl::StrCat(e.name, " ", e.affiliation));
  const std::pair<std::string, char> columns[] = {
      {claim.content.statement, 'A'},
      {absl::StrCat(claim.content.subject.name, " ", claim.content.object.name), 'B'},
      {absl::StrJoin(claimant_names, " "), 'C'},
      {claim.content.quantity ? claim.content.quantity->unit : std::string(), 'D'},
  };
  std::string document;
  int position = 0;
  for (const auto& [text, weight] : columns) {
    for (const std::string& token : SearchTokens(text)) {
      position = std::min(position + 1, 16383);
      if (!document.empty()) document += ' ';
      absl::StrAppend(&document, Lexeme(token), ":", position, std::string(1, weight));
    }
    position += 1;  // the gap
  }
  return document;
}

}  // namespace

std::vector<std::string> SearchTokens(std::string_view text) {
  std::vector<std::string> tokens;
  std::string token;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  auto flush = [&] {
    CapToken(token);
    if (!token.empty()) tokens.push_back(std::move(token));
    token.clear();
  };
  while (i < length) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c < 0 || !IsTokenCharacter(c)) {
      flush();
      continue;
    }
    AppendFolded(c, token);
  }
  flush();
  return tokens;
}

std::string PostgresSearchQuery(std::string_view text) {
  // Words are split exactly as the SQLite store splits them (runs of ASCII
  // letters and digits and of non-ASCII bytes, at most 16), then tokenised.
  auto is_word = [](char ch) {
    const auto u = static_cast<unsigned char>(ch);
    return std::isalnum(u) || u >= 0x80;
  };
  std::vector<std::string> terms;
  size_t i = 0;
  int words = 0;
  while (i < text.size() && words < 16) {
    if (!is_word(text[i])) {
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < text.size() && is_word(text[i])) ++i;
    ++words;
    const bool prefix = i < text.size() && text[i] == '*';
    std::vector<std::string> tokens = SearchTokens(text.substr(start, i - start));
    if (tokens.empty()) continue;
    std::vector<std::string> lexemes;
    for (size_t t = 0; t < tokens.size(); ++t) {
      lexemes.push_back(Lexeme(tokens[t]));
      if (prefix && t + 1 == tokens.size()) lexemes.back() += ":*";
    }
    terms.push_back(lexemes.size() == 1 ? lexemes[0]
                                        : absl::StrCat("(", absl::StrJoin(lexemes, " <-> "), ")"));
  }
  return absl::StrJoin(terms, " & ");
}

absl::StatusOr<std::unique_ptr<PostgresClaimStore>> PostgresClaimStore::Open(
    const std::string& url, const common::PostgresOptions& options) {
  CLAIMTRACE_ASSIGN_OR_RETURN(std::unique_ptr<common::PostgresDatabase> db,
                              common::PostgresDatabase::Open(url, options));
  CLAIMTRACE_RETURN_IF_ERROR(db->Migrate("claims", Migrations()));
  return std::unique_ptr<PostgresClaimStore>(new PostgresClaimStore(std::move(db)));
}

absl::StatusOr<std::vector<StoredClaim>> PostgresClaimStore::RecordArticleClaims(
    std::string_view article, const std::vector<ExtractedClaim>& claims) {
  // Distinct claims (the first mention's content and claimant make the row)
  // and distinct (claim, claimant) sources, both in id order.
  std::vector<std::string> order;  // first appearance first
  std::map<std::string, const ExtractedClaim*> first;
  std::map<std::pair<std::string, std::string>, const Entity*> sources;
  for (const ExtractedClaim& claim : claims) {
    std::string id = ClaimId(claim.content);
    if (first.emplace(id, &claim).second) order.push_back(id);
    sources.emplace(std::make_pair(id, claim.mention.claimant.id), &claim.mention.claimant);
  }
  if (order.empty()) return std::vector<StoredClaim>();
  const std::int64_t now = absl::ToUnixMicros(absl::Now());

  PgParams insert_claims;
  {
    std::vector<std::string> ids, subject_ids, subject_names, predicates, units, object_ids,
        object_names, quotes, statements, claimant_ids, claimant_names, claimant_affiliations;
    std::vector<std::optional<std::int64_t>> kinds, bounds, years, months, days, precisions;
    std::vector<std::optional<double>> values, upper_values;
    for (const auto& [id, claim] : first) {
      const ClaimContent& c = claim->content;
      ids.push_back(id);
      kinds.push_back(static_cast<int>(c.kind));
      subject_ids.push_back(c.subject.id);
      subject_names.push_back(c.subject.name);
      predicates.push_back(c.predicate);
      values.push_back(c.quantity ? std::optional<double>(c.quantity->value) : std::nullopt);
      upper_values.push_back(c.quantity ? std::optional<double>(c.quantity->upper_value)
                                        : std::nullopt);
      units.push_back(c.quantity ? c.quantity->unit : "");
      bounds.push_back(c.quantity ? std::optional<std::int64_t>(static_cast<int>(c.quantity->bound))
                                  : std::nullopt);
      years.push_back(c.date ? std::optional<std::int64_t>(c.date->year) : std::nullopt);
      months.push_back(c.date ? std::optional<std::int64_t>(c.date->month) : std::nullopt);
      days.push_back(c.date ? std::optional<std::int64_t>(c.date->day) : std::nullopt);
      precisions.push_back(c.date ? std::optional<std::int64_t>(static_cast<int>(c.date->precision))
                                  : std::nullopt);
      object_ids.push_back(c.object.id);
      object_names.push_back(c.object.name);
      quotes.push_back(c.quote_text);
      statements.push_back(c.statement);
      claimant_ids.push_back(claim->mention.claimant.id);
      claimant_names.push_back(claim->mention.claimant.name);
      claimant_affiliations.push_back(claim->mention.claimant.affiliation);
    }
    insert_claims.Add(ids).Add(kinds).Add(subject_ids).Add(subject_names).Add(predicates);
    insert_claims.Add(values).Add(upper_values).Add(units).Add(bounds).Add(years).Add(months);
    insert_claims.Add(days).Add(precisions).Add(object_ids).Add(object_names).Add(quotes);
    insert_claims.Add(statements).Add(claimant_ids).Add(claimant_names).Add(claimant_affiliations);
    insert_claims.Add(now);
  }
  PgParams insert_sources;
  {
    std::vector<std::string> claim_ids, claimant_ids, names, affiliations;
    for (const auto& [key, claimant] : sources) {
      claim_ids.push_back(key.first);
      claimant_ids.push_back(key.second);
      names.push_back(claimant->name);
      affiliations.push_back(claimant->affiliation);
    }
    insert_sources.Add(claim_ids).Add(article).Add(claimant_ids).Add(names).Add(affiliations);
    insert_sources.Add(now);
  }

  std::vector<StoredClaim> result;
  CLAIMTRACE_RETURN_IF_ERROR(
      db_->InTransaction(PgAccess::kReadWrite, [&](PgTransaction& t) -> absl::Status {
        result.clear();
        CLAIMTRACE_RETURN_IF_ERROR(
            t.Execute(
                 "INSERT INTO claims (id, kind, subject_id, subject_name, predicate, value, "
                 "upper_value, unit, bound, date_year, date_month, date_day, date_precision, "
                 "object_id, object_name, quote_text, statement, claimant_id, claimant_name, "
                 "claimant_affiliation, source_count, create_time, update_time) "
                 "SELECT u.*, 0, $21, $21 FROM unnest($1::text[], $2::int[], $3::text[], "
                 "$4::text[], "
                 "$5::text[], $6::float8[], $7::float8[], $8::text[], $9::int[], $10::int[], "
                 "$11::int[], $12::int[], $13::int[], $14::text[], $15::text[], $16::text[], "
                 "$17::text[], $18::text[], $19::text[], $20::text[]) AS u(id, kind, subject_id, "
                 "subject_name, predicate, value, upper_value, unit, bound, date_year, date_month, "
                 "date_day, date_precision, object_id, object_name, quote_text, statement, "
                 "claimant_id, claimant_name, claimant_affiliation) ORDER BY u.id COLLATE \"C\" "
                 "ON CONFLICT (id) DO NOTHING",
                 insert_claims)
                .status());
        CLAIMTRACE_ASSIGN_OR_RETURN(
            PgResult added,
            t.Execute("INSERT INTO claim_sources (claim_id, article, claimant_id, claimant_name, "
                      "claimant_affiliation, create_time) SELECT u.claim_id, $2, u.claimant_id, "
                      "u.claimant_name, u.claimant_affiliation, $6 FROM unnest($1::text[], "
                      "$3::text[], $4::text[], $5::text[]) AS u(claim_id, claimant_id, "
                      "claimant_name, claimant_affiliation) ORDER BY u.claim_id COLLATE \"C\", "
                      "u.claimant_id COLLATE \"C\" ON CONFLICT DO NOTHING RETURNING claim_id",
                      insert_sources));
        std::set<std::string> changed_set;
        for (int i = 0; i < added.rows(); ++i) changed_set.insert(added.Text(i, 0));
        if (!changed_set.empty()) {
          const std::vector<std::string> changed(changed_set.begin(), changed_set.end());
          // Wait for every other transaction that touched these claims, then
          // recount in statements that see what they committed.
          CLAIMTRACE_RETURN_IF_ERROR(
              t.Execute("SELECT id FROM claims WHERE id = ANY($1::text[]) ORDER BY id "
                        "FOR NO KEY UPDATE",
                        PgParams().Add(changed))
                  .status());
          CLAIMTRACE_ASSIGN_OR_RETURN(
              PgResult counts,
              t.Execute("SELECT claim_id, COUNT(DISTINCT article) FROM claim_sources WHERE "
                        "claim_id = ANY($1::text[]) GROUP BY claim_id",
                        PgParams().Add(changed)));
          CLAIMTRACE_ASSIGN_OR_RETURN(auto current, LoadClaims(t, changed));
          std::vector<std::string> ids, documents;
          std::vector<std::optional<std::int64_t>> source_counts;
          for (int i = 0; i < counts.rows(); ++i) {
            const auto it = current.find(counts.Text(i, 0));
            if (it == current.end())
              return absl::InternalError("claim vanished inside its transaction");
            ids.push_back(it->first);
            source_counts.push_back(counts.Int(i, 1));
            documents.push_back(SearchDocument(it->second));
          }
          CLAIMTRACE_RETURN_IF_ERROR(
              t.Execute("UPDATE claims AS c SET source_count = u.n, update_time = CASE WHEN "
                        "c.source_count <> u.n THEN $4 ELSE c.update_time END, search_document = "
                        "u.document FROM unnest($1::text[], $2::int[], $3::tsvector[]) AS u(id, n, "
                        "document) WHERE c.id = u.id",
                        PgParams().Add(ids).Add(source_counts).Add(documents).Add(now))
                  .status());
        }
        CLAIMTRACE_ASSIGN_OR_RETURN(auto stored, LoadClaims(t, order));
        for (const std::string& id : order) {
          const auto it = stored.find(id);
          if (it == stored.end()) return absl::InternalError("recorded claim is missing");
          result.push_back(it->second);
        }
        return absl::OkStatus();
      }));
  return result;
}

absl::StatusOr<std::shared_ptr<const ClaimSnapshot>> PostgresClaimStore::Get(std::string_view id) {
  std::vector<StoredClaim> found;
  CLAIMTRACE_RETURN_IF_ERROR(
      db_->InTransaction(PgAccess::kReadOnly, [&](PgTransaction& t) -> absl::Status {
        CLAIMTRACE_ASSIGN_OR_RETURN(
            found, ReadClaimsWithClaimants(
                       t, absl::StrCat("SELECT ", kClaimColumns, " FROM claims WHERE id = $1"),
                       PgParams().Add(id)));
        return absl::OkStatus();
      }));
  if (found.empty()) {
    return absl::NotFoundError(
        absl::StrCat("claim \"claims/", absl::string_view(id.data(), id.size()), "\" not found"));
  }
  return std::make_shared<const ClaimSnapshot>(std::move(found.front()));
}

absl::StatusOr<ClaimPage> PostgresClaimStore::List(const ClaimQuery& query,
                                                   std::string_view after_key, int limit) {
  // The statement text is assembled only from fixed fragments; every value
  // (filter text included) is a parameter.
  PgParams params;
  std::vector<std::string> where;
  if (!query.subject.empty()) {
    params.Add(query.subject);
    where.push_back(absl::StrCat("(subject_id = ", params.Last(),
                                 " OR lower(subject_name) = lower(", params.Last(), "))"));
  }
  if (!query.predicate.empty()) {
    params.Add(query.predicate);
    where.push_back(absl::StrCat("predicate = ", params.Last()));
  }
  if (query.kind) {
    params.Add(static_cast<int>(*query.kind));
    where.push_back(absl::StrCat("kind = ", params.Last()));
  }
  if (!query.claimant.empty()) {
    params.Add(query.claimant);
    where.push_back(absl::StrCat(
        "id IN (SELECT claim_id FROM claim_sources WHERE claimant_id = ", params.Last(),
        " OR lower(claimant_name) = lower(", params.Last(), "))"));
  }
  if (!query.unit.empty()) {
    params.Add(query.unit);
    where.push_back(absl::StrCat("unit = ", params.Last()));
  }
  if (query.min_source_count > 0) {
    params.Add(query.min_source_count);
    where.push_back(absl::StrCat("source_count >= ", params.Last()));
  }
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
  std::string order;
  switch (query.order) {
    case ClaimOrder::kId:
      if (!after_key.empty()) {
        params.Add(key_id);
        where.push_back(absl::StrCat("id > ", params.Last()));
      }
      order = "id";
      break;
    case ClaimOrder::kSourceCountDesc:
    case ClaimOrder::kUpdateTimeDesc: {
      const char* column =
          query.order == ClaimOrder::kSourceCountDesc ? "source_count" : "update_time";
      if (!after_key.empty()) {
        params.Add(key_number);
        const std::string number = params.Last();
        params.Add(key_id);
        where.push_back(absl::StrCat("(", column, " < ", number, " OR (", column, " = ", number,
                                     " AND id > ", params.Last(), "))"));
      }
      order = absl::StrCat(column, " DESC, id");
      break;
    }
  }
  std::string sql = absl::StrCat("SELECT ", kClaimColumns, " FROM claims");
  if (!where.empty()) absl::StrAppend(&sql, " WHERE ", absl::StrJoin(where, " AND "));
  params.Add(limit + 1);  // one extra row tells whether a next page exists
  absl::StrAppend(&sql, " ORDER BY ", order, " LIMIT ", params.Last());

  ClaimPage page;
  CLAIMTRACE_RETURN_IF_ERROR(
      db_->InTransaction(PgAccess::kReadOnly, [&](PgTransaction& t) -> absl::Status {
        CLAIMTRACE_ASSIGN_OR_RETURN(PgResult rows, t.Execute(sql, params));
        page.claims.clear();
        for (int i = 0; i < rows.rows() && i < limit; ++i)
          page.claims.push_back(ReadClaim(rows, i));
        page.next_key.clear();
        if (rows.rows() > limit && !page.claims.empty()) {
          const StoredClaim& last = page.claims.back();
          switch (query.order) {
            case ClaimOrder::kId:
              page.next_key = last.id;
              break;
            case ClaimOrder::kSourceCountDesc:
              page.next_key = absl::StrCat(last.source_count, "|", last.id);
              break;
            case ClaimOrder::kUpdateTimeDesc:
              page.next_key = absl::StrCat(absl::ToUnixMicros(last.update_time), "|", last.id);
              break;
          }
        }
        std::vector<StoredClaim*> pointers;
        for (StoredClaim& claim : page.claims) pointers.push_back(&claim);
        return LoadClaimants(t, pointers);
      }));
  return page;
}

absl::StatusOr<std::vector<StoredClaim>> PostgresClaimStore::Search(std::string_view text,
                                                                    std::int64_t offset,
                                                                    int limit) {
  const std::string tsquery = PostgresSearchQuery(text);
  if (tsquery.empty()) return common::FieldViolation("query", "has no searchable word");
  std::vector<StoredClaim> claims;
  CLAIMTRACE_RETURN_IF_ERROR(
      db_->InTransaction(PgAccess::kReadOnly, [&](PgTransaction& t) -> absl::Status {
        CLAIMTRACE_ASSIGN_OR_RETURN(
            claims,
            ReadClaimsWithClaimants(
                t,
                absl::StrCat("SELECT ", kClaimColumns,
                             " FROM claims WHERE search_document @@ $1::tsquery ORDER BY "
                             "ts_rank(",
                             kRankWeights,
                             ", search_document, $1::tsquery, 1) DESC, seq LIMIT $2 OFFSET $3"),
                PgParams().Add(tsquery).Add(limit).Add(offset)));
        return absl::OkStatus();
      }));
  return claims;
}

// The kinds ListConflicts compares (quantities, dates, places), as stored:
// the SQL below says "kind IN (0, 1, 2)".
static_assert(static_cast<int>(ClaimKind::kQuantity) == 0 &&
                  static_cast<int>(ClaimKind::kDate) == 1 &&
                  static_cast<int>(ClaimKind::kLocation) == 2,
              "update the kind lists in CandidateConflictGroups");

absl::StatusOr<std::vector<ClaimGroup>> PostgresClaimStore::CandidateConflictGroups(
    std::string_view subject, std::int64_t offset, int limit) {
  std::vector<ClaimGroup> groups;
  CLAIMTRACE_RETURN_IF_ERROR(
      db_->InTransaction(PgAccess::kReadOnly, [&](PgTransaction& t) -> absl::Status {
        groups.clear();
        CLAIMTRACE_ASSIGN_OR_RETURN(
            std::vector<StoredClaim> claims,
            ReadClaimsWithClaimants(
                t,
                absl::StrCat(
                    "WITH groups AS (SELECT subject_id, predicate, unit FROM claims WHERE ($1 = '' "
                    "OR "
                    "subject_id = $1) AND kind IN (0, 1, 2) GROUP BY subject_id, predicate, unit "
                    "HAVING COUNT(*) > 1 ORDER BY subject_id, predicate, unit LIMIT $2 OFFSET $3), "
                    "ranked AS (SELECT c.*, row_number() OVER (PARTITION BY c.subject_id, "
                    "c.predicate, c.unit ORDER BY c.source_count DESC, c.id) AS n FROM claims c "
                    "JOIN "
                    "groups g ON c.subject_id = g.subject_id AND c.predicate = g.predicate AND "
                    "c.unit = g.unit WHERE c.kind IN (0, 1, 2)) SELECT ",
                    kClaimColumns,
                    " FROM ranked WHERE n <= 100 ORDER BY subject_id, predicate, unit, "
                    "source_count DESC, id"),
                PgParams().Add(subject).Add(limit).Add(offset)));
        for (StoredClaim& claim : claims) {
          const std::string unit = claim.content.quantity ? claim.content.quantity->unit : "";
          if (groups.empty() || groups.back().subject_id != claim.content.subject.id ||
              groups.back().predicate != claim.content.predicate ||
              (groups.back().claims.front().content.quantity
                   ? groups.back().claims.front().content.quantity->unit
                   : std::string()) != unit) {
            groups.push_back({claim.content.subject.id, claim.content.predicate, {}});
          }
          groups.back().claims.push_back(std::move(claim));
        }
        return absl::OkStatus();
      }));
  return groups;
}

absl::StatusOr<std::int64_t> PostgresClaimStore::Count(const char* sql) {
  std::int64_t count = 0;
  CLAIMTRACE_RETURN_IF_ERROR(
      db_->InTransaction(PgAccess::kReadOnly, [&](PgTransaction& t) -> absl::Status {
        CLAIMTRACE_ASSIGN_OR_RETURN(PgResult rows, t.Execute(sql));
        count = rows.Int(0, 0);
        return absl::OkStatus();
      }));
  return count;
}

absl::StatusOr<std::int64_t> PostgresClaimStore::CountClaims() {
  return Count("SELECT COUNT(*) FROM claims");
}

absl::StatusOr<std::int64_t> PostgresClaimStore::CountSources() {
  return Count("SELECT COUNT(*) FROM claim_sources");
}

bool PostgresClaimStore::IsHealthy() { return db_->IsHealthy(); }

}  // namespace claimtrace::claims
