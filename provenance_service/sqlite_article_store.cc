#include "provenance_service/sqlite_article_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/status_util.h"

namespace claimtrace::provenance {
namespace {

using common::SqliteStatement;

const std::vector<std::string>& Migrations() {
  static const auto* migrations = new std::vector<std::string>{
      R"sql(
      CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        content_sha256 TEXT NOT NULL UNIQUE,
        text TEXT NOT NULL,
        uri TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        publisher TEXT NOT NULL DEFAULT '',
        byline TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT '',
        publish_time INTEGER,
        uri_source INTEGER NOT NULL DEFAULT 0,
        title_source INTEGER NOT NULL DEFAULT 0,
        publisher_source INTEGER NOT NULL DEFAULT 0,
        byline_source INTEGER NOT NULL DEFAULT 0,
        language_source INTEGER NOT NULL DEFAULT 0,
        publish_time_source INTEGER NOT NULL DEFAULT 0,
        create_time INTEGER NOT NULL
      );
      CREATE INDEX articles_by_publish_time ON articles(publish_time DESC, id);
      CREATE INDEX articles_by_publisher ON articles(publisher COLLATE NOCASE);
      CREATE INDEX articles_by_uri ON articles(uri);
      CREATE TABLE paragraphs (
        article_id TEXT NOT NULL REFERENCES articles(id),
        idx INTEGER NOT NULL,
        text TEXT NOT NULL,
        kind INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        article_offset INTEGER NOT NULL,
        PRIMARY KEY (article_id, idx)
      ) WITHOUT ROWID;
      CREATE TABLE evidence (
        article_id TEXT NOT NULL,
        paragraph_idx INTEGER NOT NULL,
        start_offset INTEGER NOT NULL,
        id TEXT NOT NULL,
        end_offset INTEGER NOT NULL,
        claim_id TEXT NOT NULL,
        quote TEXT NOT NULL,
        prefix TEXT NOT NULL,
        suffix TEXT NOT NULL,
        claimant_id TEXT NOT NULL,
        claimant_name TEXT NOT NULL,
        claimant_affiliation TEXT NOT NULL,
        cue TEXT NOT NULL,
        method TEXT NOT NULL,
        PRIMARY KEY (article_id, paragraph_idx, start_offset, id),
        FOREIGN KEY (article_id, paragraph_idx) REFERENCES paragraphs(article_id, idx)
      ) WITHOUT ROWID;
      CREATE INDEX evidence_by_claim ON evidence(claim_id);
      CREATE TABLE ingest_requests (
        request_id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id)
      ) WITHOUT ROWID;
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

ArticleRecord ReadArticle(const SqliteStatement& row, int c = 0) {
  ArticleRecord article;
  article.id = row.ColumnText(c++);
  article.content_sha256 = row.ColumnText(c++);
  ArticleMetadata& m = article.metadata;
  m.uri = row.ColumnText(c++);
  m.title = row.ColumnText(c++);
  m.publisher = row.ColumnText(c++);
  m.byline = row.ColumnText(c++);
  m.language = row.ColumnText(c++);
  if (!row.ColumnIsNull(c)) m.publish_time = absl::FromUnixMicros(row.ColumnInt(c));
  ++c;
  m.uri_source = static_cast<FieldSource>(row.ColumnInt(c++));
  m.title_source = static_cast<FieldSource>(row.ColumnInt(c++));
  m.publisher_source = static_cast<FieldSource>(row.ColumnInt(c++));
  m.byline_source = static_cast<FieldSource>(row.ColumnInt(c++));
  m.language_source = static_cast<FieldSource>(row.ColumnInt(c++));
  m.publish_time_source = static_cast<FieldSource>(row.ColumnInt(c++));
  article.create_time = absl::FromUnixMicros(row.ColumnInt(c++));
  article.paragraph_count = static_cast<int>(row.ColumnInt(c++));
  article.evidence_count = static_cast<int>(row.ColumnInt(c++));
  return article;
}

EvidenceRecord ReadEvidence(const SqliteStatement& row, int c = 0) {
  EvidenceRecord e;
  e.id = row.ColumnText(c++);
  e.article_id = row.ColumnText(c++);
  e.paragraph_index = static_cast<int>(row.ColumnInt(c++));
  e.claim_id = row.ColumnText(c++);
  e.start_offset = static_cast<int>(row.ColumnInt(c++));
  e.end_offset = static_cast<int>(row.ColumnInt(c++));
  e.quote = row.ColumnText(c++);
  e.prefix = row.ColumnText(c++);
  e.suffix = row.ColumnText(c++);
  e.claimant.id = row.ColumnText(c++);
  e.claimant.name = row.ColumnText(c++);
  e.claimant.affiliation = row.ColumnText(c++);
  e.cue = row.ColumnText(c++);
  e.method = row.ColumnText(c++);
  return e;
}

ParsedParagraph ReadParagraph(const SqliteStatement& row, int c = 0) {
  ParsedParagraph p;
  p.index = static_cast<int>(row.ColumnInt(c++));
  p.text = row.ColumnText(c++);
  p.kind = static_cast<ParagraphKind>(row.ColumnInt(c++));
  p.sha256 = row.ColumnText(c++);
  p.article_offset = static_cast<size_t>(row.ColumnInt(c++));
  return p;
}

template <typename T, typename Reader>
absl::StatusOr<std::vector<T>> ReadAll(SqliteStatement& statement, Reader reader) {
  std::vector<T> rows;
  while (true) {
    CLAIMTRACE_ASSIGN_OR_RETURN(bool row, statement.Step());
    if (!row) break;
    rows.push_back(reader(statement));
  }
  return rows;
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteArticleStore>> SqliteArticleStore::Open(
    const std::string& path) {
  CLAIMTRACE_ASSIGN_OR_RETURN(std::unique_ptr<common::SqliteDatabase> db,
                              common::SqliteDatabase::Open(path));
  CLAIMTRACE_RETURN_IF_ERROR(db->Migrate(Migrations()));
  return std::unique_ptr<SqliteArticleStore>(new SqliteArticleStore(std::move(db)));
}

absl::StatusOr<bool> SqliteArticleStore::Insert(const ArticleRecord& article,
                                                std::string_view request_id) {
  std::lock_guard<std::mutex> lock(mu_);
  bool inserted = false;
  traces_.Clear();  // new evidence may belong in any trace
  CLAIMTRACE_RETURN_IF_ERROR(db_->InTransaction([&]() -> absl::Status {
    if (!request_id.empty()) {
      CLAIMTRACE_ASSIGN_OR_RETURN(
          SqliteStatement seen,
          db_->Prepare("SELECT article_id FROM ingest_requests WHERE request_id = ?1"));
      seen.Bind(1, request_id);
      CLAIMTRACE_ASSIGN_OR_RETURN(bool found, seen.Step());
      if (found && seen.ColumnText(0) != article.id) {
        return common::FieldViolation("request_id",
                                      "was already used for a different article text");
      }
    }
    {
      CLAIMTRACE_ASSIGN_OR_RETURN(
          SqliteStatement insert,
          db_->Prepare(
              "INSERT INTO articles (id, content_sha256, text, uri, title, publisher, byline, "
              "language, publish_time, uri_source, title_source, publisher_source, "
              "byline_source, language_source, publish_time_source, create_time) VALUES "
              "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) "
              "ON CONFLICT DO NOTHING"));
      const ArticleMetadata& m = article.metadata;
      insert.Bind(1, article.id).Bind(2, article.content_sha256).Bind(3, article.text);
      insert.Bind(4, m.uri)
          .Bind(5, m.title)
          .Bind(6, m.publisher)
          .Bind(7, m.byline)
          .Bind(8, m.language);
      if (m.publish_time) {
        insert.Bind(9, absl::ToUnixMicros(*m.publish_time));
      } else {
        insert.BindNull(9);
      }
      insert.Bind(10, static_cast<int>(m.uri_source)).Bind(11, static_cast<int>(m.title_source));
      insert.Bind(12, static_cast<int>(m.publisher_source))
          .Bind(13, static_cast<int>(m.byline_source));
      insert.Bind(14, static_cast<int>(m.language_source));
      insert.Bind(15, static_cast<int>(m.publish_time_source));
      insert.Bind(16, absl::ToUnixMicros(absl::Now()));
      CLAIMTRACE_RETURN_IF_ERROR(insert.Run());
      inserted = db_->Changes() > 0;
    }
    if (inserted) {
      for (const ParsedParagraph& p : article.paragraphs) {
        CLAIMTRACE_ASSIGN_OR_RETURN(
            SqliteStatement insert,
            db_->Prepare(
                "INSERT INTO paragraphs (article_id, idx, text, kind, sha256, article_offset) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
        insert.Bind(1, article.id)
            .Bind(2, p.index)
            .Bind(3, p.text)
            .Bind(4, static_cast<int>(p.kind));
        insert.Bind(5, p.sha256).Bind(6, static_cast<std::int64_t>(p.article_offset));
        CLAIMTRACE_RETURN_IF_ERROR(insert.Run());
      }
      for (const EvidenceRecord& e : article.evidence) {
        CLAIMTRACE_ASSIGN_OR_RETURN(
            SqliteStatement insert,
            db_->Prepare("INSERT INTO evidence (article_id, paragraph_idx, start_offset, id, "
                         "end_offset, claim_id, quote, prefix, suffix, claimant_id, claimant_name, "
                         "claimant_affiliation, cue, method) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                         "?8, ?9, ?10, ?11, ?12, ?13, ?14) ON CONFLICT DO NOTHING"));
        insert.Bind(1, article.id).Bind(2, e.paragraph_index).Bind(3, e.start_offset).Bind(4, e.id);
        insert.Bind(5, e.end_offset).Bind(6, e.claim_id).Bind(7, e.quote).Bind(8, e.prefix);
        insert.Bind(9, e.suffix).Bind(10, e.claimant.id).Bind(11, e.claimant.name);
        insert.Bind(12, e.claimant.affiliation).Bind(13, e.cue).Bind(14, e.method);
        CLAIMTRACE_RETURN_IF_ERROR(insert.Run());
      }
    }
    if (!request_id.empty()) {
      CLAIMTRACE_ASSIGN_OR_RETURN(
          SqliteStatement remember,
          db_->Prepare("INSERT INTO ingest_requests (request_id, article_id) VALUES (?1, ?2) "
                       "ON CONFLICT DO NOTHING"));
      remember.Bind(1, request_id).Bind(2, article.id);
      CLAIMTRACE_RETURN_IF_ERROR(remember.Run());
    }
    return absl::OkStatus();
  }));
  return inserted;
}

absl::StatusOr<std::optional<std::string>> SqliteArticleStore::ArticleForRequestId(
    std::string_view request_id) {
  std::lock_guard<std::mutex> lock(mu_);
  CLAIMTRACE_ASSIGN_OR_RETURN(
      SqliteStatement seen,
      db_->Prepare("SELECT article_id FROM ingest_requests WHERE request_id = ?1"));
  seen.Bind(1, request_id);
  CLAIMTRACE_ASSIGN_OR_RETURN(bool found, seen.Step());
  if (!found) return std::optional<std::string>();
  return std::optional<std::string>(seen.ColumnText(0));
}

absl::StatusOr<ArticleRecord> SqliteArticleStore::GetArticle(std::string_view id) {
  std::lock_guard<std::mutex> lock(mu_);
  return GetArticleLocked(id);
}

absl::StatusOr<ArticleRecord> SqliteArticleStore::GetArticleLocked(std::string_view id) {
  CLAIMTRACE_ASSIGN_OR_RETURN(
      SqliteStatement query,
      db_->Prepare(absl::StrCat("SELECT ", kArticleColumns, " FROM articles a WHERE a.id = ?1")));
  query.Bind(1, id);
  CLAIMTRACE_ASSIGN_OR_RETURN(bool found, query.Step());
  if (!found) {
    return absl::NotFoundError(absl::StrCat(
        "article \"articles/", absl::string_view(id.data(), id.size()), "\" not found"));
  }
  return ReadArticle(query);
}

absl::StatusOr<bool> SqliteArticleStore::HasArticle(std::string_view id) {
  std::lock_guard<std::mutex> lock(mu_);
  CLAIMTRACE_ASSIGN_OR_RETURN(SqliteStatement query,
                              db_->Prepare("SELECT 1 FROM articles WHERE id = ?1"));
  query.Bind(1, id);
  return query.Step();
}

absl::StatusOr<ArticleRecord> SqliteArticleStore::GetArticleWithContent(std::string_view id) {
  std::lock_guard<std::mutex> lock(mu_);
  CLAIMTRACE_ASSIGN_OR_RETURN(ArticleRecord article, GetArticleLocked(id));
  {
    CLAIMTRACE_ASSIGN_OR_RETURN(SqliteStatement query,
                                db_->Prepare("SELECT text FROM articles WHERE id = ?1"));
    query.Bind(1, id);
    CLAIMTRACE_ASSIGN_OR_RETURN(bool found, query.Step());
    if (found) article.text = query.ColumnText(0);
  }
  {
    CLAIMTRACE_ASSIGN_OR_RETURN(
        SqliteStatement query,
        db_->Prepare(absl::StrCat("SELECT ", kParagraphColumns,
                                  " FROM paragraphs p WHERE p.article_id = ?1 ORDER BY p.idx")));
    query.Bind(1, id);
    CLAIMTRACE_ASSIGN_OR_RETURN(article.paragraphs, ReadAll<ParsedParagraph>(query, [](auto& r) {
                                  return ReadParagraph(r);
                                }));
  }
  {
    CLAIMTRACE_ASSIGN_OR_RETURN(
        SqliteStatement query,
        db_->Prepare(absl::StrCat("SELECT ", kEvidenceColumns,
                                  " FROM evidence e WHERE e.article_id = ?1 ORDER BY "
                                  "e.paragraph_idx, e.start_offset, e.id")));
    query.Bind(1, id);
    CLAIMTRACE_ASSIGN_OR_RETURN(
        article.evidence, ReadAll<EvidenceRecord>(query, [](auto& r) { return ReadEvidence(r); }));
  }
  return article;
}

absl::StatusOr<std::vector<ArticleRecord>> SqliteArticleStore::ListArticles(
    const ArticleQuery& query, std::int64_t offset, int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  CLAIMTRACE_ASSIGN_OR_RETURN(
      SqliteStatement statement,
      db_->Prepare(absl::StrCat(
          "SELECT ", kArticleColumns,
          " FROM articles a WHERE (?1 = '' OR a.publisher = ?1 COLLATE NOCASE) AND (?2 = '' OR "
          "a.uri = ?2) ORDER BY a.publish_time IS NULL, a.publish_time DESC, a.id LIMIT ?3 OFFSET "
          "?4")));
  statement.Bind(1, query.publisher).Bind(2, query.uri).Bind(3, limit).Bind(4, offset);
  return ReadAll<ArticleRecord>(statement, [](auto& r) { return ReadArticle(r); });
}

absl::StatusOr<ParsedParagraph> SqliteArticleStore::GetParagraph(std::string_view article_id,
                                                                 int index) {
  std::lock_guard<std::mutex> lock(mu_);
  return GetParagraphLocked(article_id, index);
}

absl::StatusOr<ParsedParagraph> SqliteArticleStore::GetParagraphLocked(std::string_view article_id,
                                                                       int index) {
  CLAIMTRACE_ASSIGN_OR_RETURN(
      SqliteStatement query,
      db_->Prepare(absl::StrCat("SELECT ", kParagraphColumns,
                                " FROM paragraphs p WHERE p.article_id = ?1 AND p.idx = ?2")));
  query.Bind(1, article_id).Bind(2, index);
  CLAIMTRACE_ASSIGN_OR_RETURN(bool found, query.Step());
  if (!found) {
    return absl::NotFoundError(absl::StrCat("paragraph \"articles/",
                                            absl::string_view(article_id.data(), article_id.size()),
                                            "/paragraphs/", index, "\" not found"));
  }
  return ReadParagraph(query);
}

absl::StatusOr<std::vector<ParsedParagraph>> SqliteArticleStore::ListParagraphs(
    std::string_view article_id, int after_index, int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  CLAIMTRACE_ASSIGN_OR_RETURN(
      SqliteStatement query,
      db_->Prepare(
          absl::StrCat("SELECT ", kParagraphColumns,
                       " FROM paragraphs p WHERE p.article_id = ?1 AND p.idx > ?2 ORDER BY "
                       "p.idx LIMIT ?3")));
  query.Bind(1, article_id).Bind(2, after_index).Bind(3, limit);
  return ReadAll<ParsedParagraph>(query, [](auto& r) { return ReadParagraph(r); });
}

absl::StatusOr<std::vector<EvidenceRecord>> SqliteArticleStore::ListEvidence(
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
  std::lock_guard<std::mutex> lock(mu_);
  CLAIMTRACE_ASSIGN_OR_RETURN(
      SqliteStatement query,
      db_->Prepare(absl::StrCat(
          "SELECT ", kEvidenceColumns,
          " FROM evidence e WHERE (?1 = '' OR e.article_id = ?1) AND (?2 < 0 OR e.paragraph_idx = "
          "?2) AND (?3 = '' OR e.claim_id = ?3) AND (?4 = 0 OR (e.article_id, e.paragraph_idx, "
          "e.start_offset, e.id) > (?5, ?6, ?7, ?8)) ORDER BY e.article_id, e.paragraph_idx, "
          "e.start_offset, e.id LIMIT ?9")));
  query.Bind(1, article_id).Bind(2, paragraph_index).Bind(3, claim_id);
  query.Bind(4, after_key.empty() ? 0 : 1).Bind(5, key_article).Bind(6, key_paragraph);
  query.Bind(7, key_start).Bind(8, key_id).Bind(9, limit);
  return ReadAll<EvidenceRecord>(query, [](auto& r) { return ReadEvidence(r); });
}

absl::Status SqliteArticleStore::ClearTracesIfChangedElsewhereLocked() {
  CLAIMTRACE_ASSIGN_OR_RETURN(const bool changed, db_->ChangedElsewhere());
  if (changed) traces_.Clear();
  return absl::OkStatus();
}

namespace {

std::size_t ApproximateBytes(const std::vector<TracedEvidence>& traced) {
  std::size_t bytes = sizeof(traced);
  for (const TracedEvidence& t : traced) {
    const EvidenceRecord& e = t.evidence;
    const ArticleMetadata& m = t.article.metadata;
    bytes += sizeof(TracedEvidence) + e.quote.size() + e.prefix.size() + e.suffix.size() +
             e.claimant.name.size() + e.claimant.affiliation.size() + m.title.size() +
             m.uri.size() + m.publisher.size() + m.byline.size() + t.paragraph.text.size() + 256;
  }
  return bytes;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const ClaimTrace>> SqliteArticleStore::TraceClaim(
    std::string_view claim_id, int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  CLAIMTRACE_RETURN_IF_ERROR(ClearTracesIfChangedElsewhereLocked());
  const std::string key =
      absl::StrCat(absl::string_view(claim_id.data(), claim_id.size()), "/", limit);
  if (std::optional<std::shared_ptr<const ClaimTrace>> cached = traces_.Find(key)) {
    return *std::move(cached);
  }
  CLAIMTRACE_ASSIGN_OR_RETURN(std::vector<TracedEvidence> traced,
                              TraceClaimLocked(claim_id, limit));
  auto trace = std::make_shared<const ClaimTrace>(std::move(traced));
  // Twice the records: the caller's encoding of them is kept beside them.
  traces_.Put(key, trace, 2 * ApproximateBytes(trace->sources));
  return trace;
}

absl::StatusOr<std::vector<TracedEvidence>> SqliteArticleStore::TraceClaimLocked(
    std::string_view claim_id, int limit) {
  CLAIMTRACE_ASSIGN_OR_RETURN(
      SqliteStatement query,
      db_->Prepare(absl::StrCat("SELECT ", kEvidenceColumns, ", ", kArticleColumns, ", ",
                                kParagraphColumns,
                                " FROM evidence e JOIN articles a ON a.id = e.article_id JOIN "
                                "paragraphs p ON p.article_id = e.article_id AND p.idx = "
                                "e.paragraph_idx WHERE e.claim_id = ?1 ORDER BY a.publish_time IS "
                                "NULL, a.publish_time, a.id, e.paragraph_idx, e.start_offset, e.id "
                                "LIMIT ?2")));
  query.Bind(1, claim_id).Bind(2, limit);
  return ReadAll<TracedEvidence>(query, [](auto& r) {
    TracedEvidence traced;
    traced.evidence = ReadEvidence(r, 0);
    traced.article = ReadArticle(r, kEvidenceColumnCount);
    traced.paragraph = ReadParagraph(r, kEvidenceColumnCount + kArticleColumnCount);
    return traced;
  });
}

absl::StatusOr<int> SqliteArticleStore::CountClaimsOfArticle(std::string_view article_id) {
  std::lock_guard<std::mutex> lock(mu_);
  CLAIMTRACE_ASSIGN_OR_RETURN(
      SqliteStatement q,
      db_->Prepare("SELECT COUNT(DISTINCT claim_id) FROM evidence WHERE article_id = ?1"));
  q.Bind(1, article_id);
  CLAIMTRACE_ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? static_cast<int>(q.ColumnInt(0)) : 0;
}

absl::StatusOr<std::int64_t> SqliteArticleStore::CountArticles() {
  std::lock_guard<std::mutex> lock(mu_);
  CLAIMTRACE_ASSIGN_OR_RETURN(SqliteStatement q, db_->Prepare("SELECT COUNT(*) FROM articles"));
  CLAIMTRACE_ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? q.ColumnInt(0) : 0;
}

absl::StatusOr<std::int64_t> SqliteArticleStore::CountEvidence() {
  std::lock_guard<std::mutex> lock(mu_);
  CLAIMTRACE_ASSIGN_OR_RETURN(SqliteStatement q, db_->Prepare("SELECT COUNT(*) FROM evidence"));
  CLAIMTRACE_ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? q.ColumnInt(0) : 0;
}

bool SqliteArticleStore::IsHealthy() {
  std::lock_guard<std::mutex> lock(mu_);
  absl::StatusOr<SqliteStatement> statement = db_->Prepare("SELECT 1");
  if (!statement.ok()) return false;
  absl::StatusOr<bool> row = statement->Step();
  return row.ok() && *row;
}

}  // namespace claimtrace::provenance
