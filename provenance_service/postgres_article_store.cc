#include "provenance_service/postgres_article_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/status_util.h"

namespace claimtrace::provenance {
namespace {

using common::PgAccess;
using common::PgParams;
using common::PgResult;
using common::PgRowReader;
using common::PgTransaction;

// PostgreSQL dialect of the SQLite store's migrations; append only. Key
// columns use the "C" collation so ordering and keyset pagination compare
// bytes, as SQLite does.
const std::vector<std::string>& Migrations() {
  static const auto* migrations = new std::vector<std::string>{
      R"sql(
      CREATE TABLE articles (
        id TEXT COLLATE "C" PRIMARY KEY,
        content_sha256 TEXT COLLATE "C" NOT NULL UNIQUE,
        text TEXT NOT NULL,
        uri TEXT COLLATE "C" NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        publisher TEXT NOT NULL DEFAULT '',
        byline TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT '',
        publish_time BIGINT,
        uri_source INTEGER NOT NULL DEFAULT 0,
        title_source INTEGER NOT NULL DEFAULT 0,
        publisher_source INTEGER NOT NULL DEFAULT 0,
        byline_source INTEGER NOT NULL DEFAULT 0,
        language_source INTEGER NOT NULL DEFAULT 0,
        publish_time_source INTEGER NOT NULL DEFAULT 0,
        create_time BIGINT NOT NULL
      );
      CREATE INDEX articles_by_publish_time ON articles (publish_time DESC NULLS LAST, id);
      CREATE INDEX articles_by_publisher ON articles (lower(publisher));
      CREATE INDEX articles_by_uri ON articles (uri);
      CREATE TABLE paragraphs (
        article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id),
        idx INTEGER NOT NULL,
        text TEXT NOT NULL,
        kind INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        article_offset BIGINT NOT NULL,
        PRIMARY KEY (article_id, idx)
      );
      CREATE TABLE evidence (
        article_id TEXT COLLATE "C" NOT NULL,
        paragraph_idx INTEGER NOT NULL,
        start_offset INTEGER NOT NULL,
        id TEXT COLLATE "C" NOT NULL,
        end_offset INTEGER NOT NULL,
        claim_id TEXT COLLATE "C" NOT NULL,
        quote TEXT NOT NULL,
        prefix TEXT NOT NULL,
        suffix TEXT NOT NULL,
        claimant_id TEXT NOT NULL,
        claimant_name TEXT NOT NULL,
        claimant_affiliation TEXT NOT NULL,
        cue TEXT NOT NULL,
        method TEXT NOT NULL,
        PRIMARY KEY (article_id, paragraph_idx, start_offset, id),
        FOREIGN KEY (article_id, paragraph_idx) REFERENCES paragraphs (article_id, idx)
      );
      CREATE INDEX evidence_by_claim ON evidence (claim_id);
      CREATE TABLE ingest_requests (
        request_id TEXT COLLATE "C" PRIMARY KEY,
        article_id TEXT COLLATE "C" NOT NULL REFERENCES articles (id)
      );
      )sql",
  };
  return *migrations;
}

constexpr char kArticleColumns[] =
    "a.id, a.content_sha256, a.uri, a.title, a.publisher, a.byline, a.language, a.publish_time, "
    "a.uri_source, a.title_source, a.publisher_source, a.byline_source, a.language_source, "
    "a.publish_time_source, a.create_time, "
    "(SELECT COUNT(*) FROM paragraphs p WHERE p.article_id = a.id), "
    "(SELECT COUNT(*) FROM evidence e WHERE e.article_id = a.id)";
constexpr int kArticleColumnCount = 17;

constexpr char kEvidenceColumns[] =
    "e.id, e.article_id, e.paragraph_idx, e.claim_id, e.start_offset, e.end_offset, e.quote, "
    "e.prefix, e.suffix, e.claimant_id, e.claimant_name, e.claimant_affiliation, e.cue, e.method";
constexpr int kEvidenceColumnCount = 14;

constexpr char kParagraphColumns[] = "p.idx, p.text, p.kind, p.sha256, p.article_offset";

ArticleRecord ReadArticle(const PgResult& result, int row, int first_column = 0) {
  PgRowReader r(result, row, first_column);
  ArticleRecord article;
  article.id = r.Text();
  article.content_sha256 = r.Text();
  ArticleMetadata& m = article.metadata;
  m.uri = r.Text();
  m.title = r.Text();
  m.publisher = r.Text();
  m.byline = r.Text();
  m.language = r.Text();
  if (!r.NextIsNull()) {
    m.publish_time = absl::FromUnixMicros(r.Int());
  } else {
    r.Skip();
  }
  m.uri_source = static_cast<FieldSource>(r.Int());
  m.title_source = static_cast<FieldSource>(r.Int());
  m.publisher_source = static_cast<FieldSource>(r.Int());
  m.byline_source = static_cast<FieldSource>(r.Int());
  m.language_source = static_cast<FieldSource>(r.Int());
  m.publish_time_source = static_cast<FieldSource>(r.Int());
  article.create_time = absl::FromUnixMicros(r.Int());
  article.paragraph_count = static_cast<int>(r.Int());
  article.evidence_count = static_cast<int>(r.Int());
  return article;
}

EvidenceRecord ReadEvidence(const PgResult& result, int row, int first_column = 0) {
  PgRowReader r(result, row, first_column);
  EvidenceRecord e;
  e.id = r.Text();
  e.article_id = r.Text();
  e.paragraph_index = static_cast<int>(r.Int());
  e.claim_id = r.Text();
  e.start_offset = static_cast<int>(r.Int());
  e.end_offset = static_cast<int>(r.Int());
  e.quote = r.Text();
  e.prefix = r.Text();
  e.suffix = r.Text();
  e.claimant.id = r.Text();
  e.claimant.name = r.Text();
  e.claimant.affiliation = r.Text();
  e.cue = r.Text();
  e.method = r.Text();
  return e;
}

ParsedParagraph ReadParagraph(const PgResult& result, int row, int first_column = 0) {
  PgRowReader r(result, row, first_column);
  ParsedParagraph p;
  p.index = static_cast<int>(r.Int());
  p.text = r.Text();
  p.kind = static_cast<ParagraphKind>(r.Int());
  p.sha256 = r.Text();
  p.article_offset = static_cast<size_t>(r.Int());
  return p;
}

template <typename T, typename Reader>
std::vector<T> ReadAll(const PgResult& result, Reader reader) {
  std::vector<T> rows;
  rows.reserve(result.rows());
  for (int i = 0; i < result.rows(); ++i) rows.push_back(reader(result, i));
  return rows;
}

absl::Status ArticleNotFound(std::string_view id) {
  return absl::NotFoundError(
      absl::StrCat("article \"articles/", absl::string_view(id.data(), id.size()), "\" not found"));
}

}  // namespace

absl::StatusOr<std::unique_ptr<PostgresArticleStore>> PostgresArticleStore::Open(
    const std::string& url, const common::PostgresOptions& options) {
  CLAIMTRACE_ASSIGN_OR_RETURN(std::unique_ptr<common::PostgresDatabase> db,
                              common::PostgresDatabase::Open(url, options));
  CLAIMTRACE_RETURN_IF_ERROR(db->Migrate("provenance", Migrations()));
  return std::unique_ptr<PostgresArticleStore>(new PostgresArticleStore(std::move(db)));
}

absl::StatusOr<common::PgResult> PostgresArticleStore::Query(std::string_view sql,
                                                             const PgParams& params) {
  PgResult result;
  CLAIMTRACE_RETURN_IF_ERROR(
      db_->InTransaction(PgAccess::kReadOnly, [&](PgTransaction& t) -> absl::Status {
        CLAIMTRACE_ASSIGN_OR_RETURN(result, t.Execute(sql, params));
        return absl::OkStatus();
      }));
  return result;
}

absl::StatusOr<bool> PostgresArticleStore::Insert(const ArticleRecord& article,
                                                  std::string_view request_id) {
  const ArticleMetadata& m = article.metadata;
  PgParams insert_article;
  insert_article.Add(article.id).Add(article.content_sha256).Add(article.text).Add(m.uri);
  insert_article.Add(m.title).Add(m.publisher).Add(m.byline).Add(m.language);
  if (m.publish_time) {
    insert_article.Add(absl::ToUnixMicros(*m.publish_time));
  } else {
    insert_article.AddNull();
  }
  insert_article.Add(static_cast<int>(m.uri_source)).Add(static_cast<int>(m.title_source));
  insert_article.Add(static_cast<int>(m.publisher_source)).Add(static_cast<int>(m.byline_source));
  insert_article.Add(static_cast<int>(m.language_source));
  insert_article.Add(static_cast<int>(m.publish_time_source));
  insert_article.Add(absl::ToUnixMicros(absl::Now()));

  PgParams insert_paragraphs;
  {
    std::vector<std::optional<std::int64_t>> indexes, kinds, offsets;
    std::vector<std::string> texts, hashes;
    for (const ParsedParagraph& p : article.paragraphs) {
      indexes.push_back(p.index);
      texts.push_back(p.text);
      kinds.push_back(static_cast<int>(p.kind));
      hashes.push_back(p.sha256);
      offsets.push_back(static_cast<std::int64_t>(p.article_offset));
    }
    insert_paragraphs.Add(article.id).Add(indexes).Add(texts).Add(kinds).Add(hashes).Add(offsets);
  }
  PgParams insert_evidence;
  {
    std::vector<std::optional<std::int64_t>> paragraphs, starts, ends;
    std::vector<std::string> ids, claims, quotes, prefixes, suffixes, claimant_ids, claimant_names,
        affiliations, cues, methods;
    for (const EvidenceRecord& e : article.evidence) {
      paragraphs.push_back(e.paragraph_index);
      starts.push_back(e.start_offset);
      ids.push_back(e.id);
      ends.push_back(e.end_offset);
      claims.push_back(e.claim_id);
      quotes.push_back(e.quote);
      prefixes.push_back(e.prefix);
      suffixes.push_back(e.suffix);
      claimant_ids.push_back(e.claimant.id);
      claimant_names.push_back(e.claimant.name);
      affiliations.push_back(e.claimant.affiliation);
      cues.push_back(e.cue);
      methods.push_back(e.method);
    }
    insert_evidence.Add(article.id).Add(paragraphs).Add(starts).Add(ids).Add(ends).Add(claims);
    insert_evidence.Add(quotes).Add(prefixes).Add(suffixes).Add(claimant_ids).Add(claimant_names);
    insert_evidence.Add(affiliations).Add(cues).Add(methods);
  }

  bool inserted = false;
  CLAIMTRACE_RETURN_IF_ERROR(
      db_->InTransaction(PgAccess::kReadWrite, [&](PgTransaction& t) -> absl::Status {
        inserted = false;
        CLAIMTRACE_ASSIGN_OR_RETURN(
            PgResult added,
            t.Execute(
                "INSERT INTO articles (id, content_sha256, text, uri, title, publisher, byline, "
                "language, publish_time, uri_source, title_source, publisher_source, "
                "byline_source, language_source, publish_time_source, create_time) VALUES ($1, "
                "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) "
                "ON CONFLICT DO NOTHING RETURNING id",
                insert_article));
        inserted = added.rows() > 0;
        if (inserted && !article.paragraphs.empty()) {
          CLAIMTRACE_RETURN_IF_ERROR(
              t.Execute(
                   "INSERT INTO paragraphs (article_id, idx, text, kind, sha256, article_offset) "
                   "SELECT $1, u.idx, u.text, u.kind, u.sha256, u.article_offset FROM "
                   "unnest($2::int[], $3::text[], $4::int[], $5::text[], $6::bigint[]) AS "
                   "u(idx, text, kind, sha256, article_offset)",
                   insert_paragraphs)
                  .status());
        }
        if (inserted && !article.evidence.empty()) {
          CLAIMTRACE_RETURN_IF_ERROR(
              t.Execute(
                   "INSERT INTO evidence (article_id, paragraph_idx, start_offset, id, "
                   "end_offset, claim_id, quote, prefix, suffix, claimant_id, claimant_name, "
                   "claimant_affiliation, cue, method) SELECT $1, u.* FROM unnest($2::int[], "
                   "$3::int[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], "
                   "$9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[]) "
                   "AS u ON CONFLICT DO NOTHING",
                   insert_evidence)
                  .status());
        }
        if (!request_id.empty()) {
          CLAIMTRACE_ASSIGN_OR_RETURN(
              PgResult remembered,
              t.Execute("INSERT INTO ingest_requests (request_id, article_id) VALUES ($1, $2) "
                        "ON CONFLICT DO NOTHING RETURNING article_id",
                        PgParams().Add(request_id).Add(article.id)));
          if (remembered.rows() == 0) {
            // Taken, perhaps a moment ago by another replica: the conflict
            // waited for it to commit, so this statement sees its row.
            CLAIMTRACE_ASSIGN_OR_RETURN(
                PgResult seen,
                t.Execute("SELECT article_id FROM ingest_requests WHERE request_id = $1",
                          PgParams().Add(request_id)));
            if (seen.rows() > 0 && seen.Text(0, 0) != article.id) {
              return common::FieldViolation("request_id",
                                            "was already used for a different article text");
            }
          }
        }
        return absl::OkStatus();
      }));
  return inserted;
}

absl::StatusOr<std::optional<std::string>> PostgresArticleStore::ArticleForRequestId(
    std::string_view request_id) {
  CLAIMTRACE_ASSIGN_OR_RETURN(PgResult seen,
                              Query("SELECT article_id FROM ingest_requests WHERE request_id = $1",
                                    PgParams().Add(request_id)));
  if (seen.rows() == 0) return std::optional<std::string>();
  return std::optional<std::string>(seen.Text(0, 0));
}

absl::StatusOr<ArticleRecord> PostgresArticleStore::GetArticle(std::string_view id) {
  CLAIMTRACE_ASSIGN_OR_RETURN(PgResult rows, Query(absl::StrCat("SELECT ", kArticleColumns,
                                                                " FROM articles a WHERE a.id = $1"),
                                                   PgParams().Add(id)));
  if (rows.rows() == 0) return ArticleNotFound(id);
  return ReadArticle(rows, 0);
}

absl::StatusOr<bool> PostgresArticleStore::HasArticle(std::string_view id) {
  CLAIMTRACE_ASSIGN_OR_RETURN(PgResult rows,
                              Query("SELECT 1 FROM articles WHERE id = $1", PgParams().Add(id)));
  return rows.rows() > 0;
}

absl::StatusOr<ArticleRecord> PostgresArticleStore::GetArticleWithContent(std::string_view id) {
  ArticleRecord article;
  bool found = false;
  CLAIMTRACE_RETURN_IF_ERROR(
      db_->InTransaction(PgAccess::kReadOnly, [&](PgTransaction& t) -> absl::Status {
        CLAIMTRACE_ASSIGN_OR_RETURN(PgResult rows,
                                    t.Execute(absl::StrCat("SELECT ", kArticleColumns,
                                                           ", a.text FROM articles a WHERE "
                                                           "a.id = $1"),
                                              PgParams().Add(id)));
        found = rows.rows() > 0;
        if (!found) return absl::OkStatus();
        article = ReadArticle(rows, 0);
        article.text = rows.Text(0, kArticleColumnCount);
        CLAIMTRACE_ASSIGN_OR_RETURN(
            PgResult paragraphs,
            t.Execute(absl::StrCat("SELECT ", kParagraphColumns,
                                   " FROM paragraphs p WHERE p.article_id = $1 ORDER BY p.idx"),
                      PgParams().Add(id)));
        article.paragraphs = ReadAll<ParsedParagraph>(
            paragraphs, [](const PgResult& r, int i) { return ReadParagraph(r, i); });
        CLAIMTRACE_ASSIGN_OR_RETURN(
            PgResult evidence,
            t.Execute(absl::StrCat("SELECT ", kEvidenceColumns,
                                   " FROM evidence e WHERE e.article_id = $1 ORDER BY "
                                   "e.paragraph_idx, e.start_offset, e.id"),
                      PgParams().Add(id)));
        article.evidence = ReadAll<EvidenceRecord>(
            evidence, [](const PgResult& r, int i) { return ReadEvidence(r, i); });
        return absl::OkStatus();
      }));
  if (!found) return ArticleNotFound(id);
  return article;
}

absl::StatusOr<std::vector<ArticleRecord>> PostgresArticleStore::ListArticles(
    const ArticleQuery& query, std::int64_t offset, int limit) {
  CLAIMTRACE_ASSIGN_OR_RETURN(
      PgResult rows,
      Query(absl::StrCat("SELECT ", kArticleColumns,
                         " FROM articles a WHERE ($1 = '' OR lower(a.publisher) = lower($1)) AND "
                         "($2 = '' OR a.uri = $2) ORDER BY a.publish_time DESC NULLS LAST, a.id "
                         "LIMIT $3 OFFSET $4"),
            PgParams().Add(query.publisher).Add(query.uri).Add(limit).Add(offset)));
  return ReadAll<ArticleRecord>(rows, [](const PgResult& r, int i) { return ReadArticle(r, i); });
}

absl::StatusOr<ParsedParagraph> PostgresArticleStore::GetParagraph(std::string_view article_id,
                                                                   int index) {
  CLAIMTRACE_ASSIGN_OR_RETURN(
      PgResult rows,
      Query(absl::StrCat("SELECT ", kParagraphColumns,
                         " FROM paragraphs p WHERE p.article_id = $1 AND p.idx = $2"),
            PgParams().Add(article_id).Add(index)));
  if (rows.rows() == 0) {
    return absl::NotFoundError(absl::StrCat("paragraph \"articles/",
                                            absl::string_view(article_id.data(), article_id.size()),
                                            "/paragraphs/", index, "\" not found"));
  }
  return ReadParagraph(rows, 0);
}

absl::StatusOr<std::vector<ParsedParagraph>> PostgresArticleStore::ListParagraphs(
    std::string_view article_id, int after_index, int limit) {
  CLAIMTRACE_ASSIGN_OR_RETURN(
      PgResult rows,
      Query(absl::StrCat("SELECT ", kParagraphColumns,
                         " FROM paragraphs p WHERE p.article_id = $1 AND p.idx > $2 ORDER BY "
                         "p.idx LIMIT $3"),
            PgParams().Add(article_id).Add(after_index).Add(limit)));
  return ReadAll<ParsedParagraph>(rows,
                                  [](const PgResult& r, int i) { return ReadParagraph(r, i); });
}

absl::StatusOr<std::vector<EvidenceRecord>> PostgresArticleStore::ListEvidence(
    std::string_view article_id, int paragraph_index, std::string_view claim_id,
    std::string_view after_key, int limit) {
  std::string key_article;
  int key_paragraph = -1;
  int key_start = -1;
  std::string key_id;
  if (!after_key.empty()) {
    std::vector<std::string> parts = absl::StrSplit(
        absl::string_view(after_key.data(), after_key.size()), absl::MaxSplits('|', 3));
    if (parts.size() != 4 || !absl::SimpleAtoi(parts[1], &key_paragraph) ||
        !absl::SimpleAtoi(parts[2], &key_start)) {
      return common::FieldViolation("page_token", "is not a token from this query");
    }
    key_article = parts[0];
    key_id = parts[3];
  }
  CLAIMTRACE_ASSIGN_OR_RETURN(
      PgResult rows,
      Query(
          absl::StrCat("SELECT ", kEvidenceColumns,
                       " FROM evidence e WHERE ($1 = '' OR e.article_id = $1) AND ($2 < 0 OR "
                       "e.paragraph_idx = $2) AND ($3 = '' OR e.claim_id = $3) AND ($4 = 0 OR "
                       "(e.article_id, e.paragraph_idx, e.start_offset, e.id) > ($5, $6, $7, $8)) "
                       "ORDER BY e.article_id, e.paragraph_idx, e.start_offset, e.id LIMIT $9"),
          PgParams()
              .Add(article_id)
              .Add(paragraph_index)
              .Add(claim_id)
              .Add(after_key.empty() ? 0 : 1)
              .Add(key_article)
              .Add(key_paragraph)
              .Add(key_start)
              .Add(key_id)
              .Add(limit)));
  return ReadAll<EvidenceRecord>(rows, [](const PgResult& r, int i) { return ReadEvidence(r, i); });
}

absl::StatusOr<std::shared_ptr<const ClaimTrace>> PostgresArticleStore::TraceClaim(
    std::string_view claim_id, int limit) {
  CLAIMTRACE_ASSIGN_OR_RETURN(
      PgResult rows,
      Query(
          absl::StrCat("SELECT ", kEvidenceColumns, ", ", kArticleColumns, ", ", kParagraphColumns,
                       " FROM evidence e JOIN articles a ON a.id = e.article_id JOIN "
                       "paragraphs p ON p.article_id = e.article_id AND p.idx = "
                       "e.paragraph_idx WHERE e.claim_id = $1 ORDER BY a.publish_time ASC NULLS "
                       "LAST, a.id, e.paragraph_idx, e.start_offset, e.id LIMIT $2"),
          PgParams().Add(claim_id).Add(limit)));
  return std::make_shared<const ClaimTrace>(
      ReadAll<TracedEvidence>(rows, [](const PgResult& r, int i) {
        TracedEvidence traced;
        traced.evidence = ReadEvidence(r, i, 0);
        traced.article = ReadArticle(r, i, kEvidenceColumnCount);
        traced.paragraph = ReadParagraph(r, i, kEvidenceColumnCount + kArticleColumnCount);
        return traced;
      }));
}

absl::StatusOr<int> PostgresArticleStore::CountClaimsOfArticle(std::string_view article_id) {
  CLAIMTRACE_ASSIGN_OR_RETURN(
      PgResult rows, Query("SELECT COUNT(DISTINCT claim_id) FROM evidence WHERE article_id = $1",
                           PgParams().Add(article_id)));
  return static_cast<int>(rows.Int(0, 0));
}

absl::StatusOr<std::int64_t> PostgresArticleStore::CountArticles() {
  CLAIMTRACE_ASSIGN_OR_RETURN(PgResult rows, Query("SELECT COUNT(*) FROM articles", PgParams()));
  return rows.Int(0, 0);
}

absl::StatusOr<std::int64_t> PostgresArticleStore::CountEvidence() {
  CLAIMTRACE_ASSIGN_OR_RETURN(PgResult rows, Query("SELECT COUNT(*) FROM evidence", PgParams()));
  return rows.Int(0, 0);
}

bool PostgresArticleStore::IsHealthy() { return db_->IsHealthy(); }

}  // namespace claimtrace::provenance
