#include "client/commands.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "client/claim_filter.h"
#include "client/formatting.h"
#include "client/names.h"
#include "client/text_layout.h"

namespace claimtrace::client {
namespace {

namespace cv1 = claims::v1;
namespace pv1 = provenance::v1;
using google::protobuf::RepeatedPtrField;

constexpr char kAnsiGreen[] = "\x1b[32m";
constexpr char kAnsiRed[] = "\x1b[31m";

// Ingesting this many files or more shows a progress line on a terminal.
constexpr size_t kProgressThreshold = 4;

int Fail(CommandIo& io, int code, const std::string& message) {
  io.out.flush();
  io.err << "claimctl: " << message << "\n";
  io.err.flush();
  return code;
}

int ReportRpc(CommandIo& io, RpcSession& rpc, ServiceEndpoint& endpoint, const grpc::Status& status,
              std::string_view resource) {
  const RpcFailure failure = rpc.Describe(endpoint, status, resource);
  return Fail(io, failure.exit_code, failure.message);
}

TableStyle Style(const CommandIo& io) { return TableStyle{io.terminal.width, io.terminal.colour}; }

OutputFormat Format(const ParsedCommandLine& parsed) { return parsed.global.output; }

std::string Quoted(const std::string& kind, const std::string& name) {
  return kind + " \"" + name + "\"";
}

// ---------------------------------------------------------------- paging

struct Paging {
  bool single_page = false;
  int page_size = 0;
  std::string page_token;
};

// Reads the whole number --`flag` (from 1 to `max`) into *value when given.
// Returns kExitOk, or a usage error naming the flag.
int ReadCount(const ParsedCommandLine& parsed, const std::string& flag, int max, CommandIo& io,
              int* value, bool* given = nullptr) {
  const auto text = parsed.get(flag);
  if (given != nullptr) *given = text.has_value();
  if (!text) return kExitOk;
  char* end = nullptr;
  const long number = std::strtol(text->c_str(), &end, 10);
  if (text->empty() || *end != '\0' || number < 1 || number > max) {
    return Fail(io, kExitUsage,
                "--" + flag + " takes a whole number from 1 to " + std::to_string(max) +
                    ", not \"" + *text + "\"");
  }
  *value = static_cast<int>(number);
  return kExitOk;
}

// Reads --page-size and --page-token. Returns kExitOk or a usage error.
int ReadPaging(const ParsedCommandLine& parsed, int max_page_size, CommandIo& io, Paging* paging) {
  paging->page_size = max_page_size;
  bool sized = false;
  if (const int code =
          ReadCount(parsed, "page-size", max_page_size, io, &paging->page_size, &sized);
      code != kExitOk) {
    return code;
  }
  if (sized) paging->single_page = true;
  if (auto token = parsed.get("page-token")) {
    paging->page_token = *token;
    paging->single_page = true;
  }
  return kExitOk;
}

// Calls `fetch(context, page_size, page_token, &page)` for every page (or
// the one page asked for) and merges the pages into `merged`; its
// next_page_token is the last page's in single-page mode, else empty.
template <typename Response, typename Fetch>
int FetchPages(CommandIo& io, RpcSession& rpc, ServiceEndpoint& endpoint, std::string_view method,
               const Paging& paging, std::string_view resource, Response* merged, Fetch fetch) {
  std::string token = paging.page_token;
  while (true) {
    Response page;
    const grpc::Status status = rpc.Call(endpoint, method, [&](grpc::ClientContext* context) {
      return fetch(context, paging.page_size, token, &page);
    });
    if (!status.ok()) return ReportRpc(io, rpc, endpoint, status, resource);
    merged->MergeFrom(page);
    if (paging.single_page) {
      merged->set_next_page_token(page.next_page_token());
      return kExitOk;
    }
    if (page.next_page_token().empty()) break;
    if (page.next_page_token() == token) {
      return Fail(io, kExitFailure, endpoint.display_name + " returned the same page token twice");
    }
    token = page.next_page_token();
  }
  merged->clear_next_page_token();
  return kExitOk;
}

// Prints a list response: json the whole message, jsonl one item per line,
// table through `table`. With one page asked for, the next token goes to
// stderr for table and jsonl output.
template <typename Response, typename Item, typename Table>
void PrintList(CommandIo& io, OutputFormat format, const Response& response,
               const RepeatedPtrField<Item>& items, const std::string& empty_message, Table table) {
  switch (format) {
    case OutputFormat::kJson:
      io.out << ToJson(response) << "\n";
      return;
    case OutputFormat::kJsonl:
      for (const Item& item : items) io.out << ToJson(item) << "\n";
      break;
    case OutputFormat::kTable:
      if (items.empty()) {
        io.err << empty_message << "\n";
      } else {
        io.out << table(items);
      }
      break;
  }
  if (!response.next_page_token().empty()) {
    io.out.flush();
    io.err << "claimctl: more results: --page-token " << response.next_page_token() << "\n";
  }
}

void PrintOne(CommandIo& io, OutputFormat format, const google::protobuf::Message& message,
              const std::string& text) {
  if (format == OutputFormat::kTable) {
    io.out << text;
  } else {
    io.out << ToJson(message) << "\n";
  }
}

// ---------------------------------------------------------------- renderers

std::string EntityWithId(const common::v1::Entity& entity) {
  std::string text = EntityText(entity);
  if (!entity.id().empty() && entity.id() != entity.name()) text += " [" + entity.id() + "]";
  return text;
}

std::string ClaimsTable(const RepeatedPtrField<cv1::Claim>& claims, const CommandIo& io) {
  std::vector<TableColumn> columns = {
      FixedColumn("NAME"),
      FixedColumn("KIND", false, 2),
      FlexibleColumn("SUBJECT", 8),
      FlexibleColumn("PREDICATE", 8),
      FlexibleColumn("VALUE", 10),
      FixedColumn("SOURCES", true, 1),
      FlexibleColumn("STATEMENT", 12, 2),
  };
  std::vector<std::vector<std::string>> rows;
  for (const cv1::Claim& claim : claims) {
    rows.push_back({claim.name(), KindText(claim.kind()), EntityText(claim.subject()),
                    claim.predicate(), ClaimValueText(claim), std::to_string(claim.source_count()),
                    claim.statement()});
  }
  return RenderTable(columns, rows, Style(io));
}

std::vector<std::pair<std::string, std::string>> ClaimFields(const cv1::Claim& claim) {
  std::string claimants;
  for (const common::v1::Entity& entity : claim.claimants()) {
    if (!claimants.empty()) claimants += "; ";
    claimants += EntityText(entity);
  }
  return {
      {"name", claim.name()},
      {"statement", claim.statement()},
      {"kind", KindText(claim.kind())},
      {"subject", EntityWithId(claim.subject())},
      {"predicate", claim.predicate()},
      {"value", ClaimValueText(claim)},
      {"claimant", EntityWithId(claim.claimant())},
      {"claimants", claim.claimants_size() > 1 ? claimants : ""},
      {"sources", std::to_string(claim.source_count())},
      {"created", TimeText(claim.create_time())},
      {"updated", TimeText(claim.update_time())},
  };
}

std::string ArticlesTable(const RepeatedPtrField<pv1::Article>& articles, const CommandIo& io) {
  std::vector<TableColumn> columns = {
      FixedColumn("NAME"),
      FixedColumn("PUBLISHED", false, 1),
      FlexibleColumn("PUBLISHER", 8),
      FixedColumn("PARAGRAPHS", true, 3),
      FixedColumn("EVIDENCE", true, 2),
      FlexibleColumn("TITLE", 12, 2),
  };
  std::vector<std::vector<std::string>> rows;
  for (const pv1::Article& article : articles) {
    rows.push_back({article.name(), DateText(article.publish_time()), article.publisher(),
                    std::to_string(article.paragraph_count()),
                    std::to_string(article.evidence_count()), article.title()});
  }
  return RenderTable(columns, rows, Style(io));
}

std::string ArticleText(const pv1::Article& article, const CommandIo& io) {
  return KeyValueLines(
      {
          {"name", article.name()},
          {"title", article.title()},
          {"publisher", article.publisher()},
          {"published", TimeText(article.publish_time())},
          {"uri", article.uri()},
          {"byline", article.byline()},
          {"language", article.language()},
          {"paragraphs", std::to_string(article.paragraph_count())},
          {"evidence", std::to_string(article.evidence_count())},
          {"sha256", article.content_sha256()},
          {"ingested", TimeText(article.create_time())},
      },
      io.terminal.width, io.terminal.colour);
}

std::string ParagraphsTable(const RepeatedPtrField<pv1::Paragraph>& paragraphs,
                            const CommandIo& io) {
  std::vector<TableColumn> columns = {FixedColumn("INDEX", true), FixedColumn("KIND"),
                                      FlexibleColumn("TEXT", 20, 3)};
  std::vector<std::vector<std::string>> rows;
  for (const pv1::Paragraph& paragraph : paragraphs) {
    rows.push_back(
        {std::to_string(paragraph.index()), ParagraphKindText(paragraph.kind()), paragraph.text()});
  }
  return RenderTable(columns, rows, Style(io));
}

std::string ParagraphText(const pv1::Paragraph& paragraph, const CommandIo& io) {
  std::string out = KeyValueLines({{"name", paragraph.name()},
                                   {"index", std::to_string(paragraph.index())},
                                   {"kind", ParagraphKindText(paragraph.kind())},
                                   {"offset", std::to_string(paragraph.article_offset())},
                                   {"sha256", paragraph.sha256()}},
                                  io.terminal.width, io.terminal.colour);
  out += "\n" + WrapText(paragraph.text(), io.terminal.width - 4, "    ");
  return out;
}

// ---------------------------------------------------------------- ingest

struct IngestInput {
  std::string path;  // "-" for stdin
};

std::string ReadStream(std::istream& in) {
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

bool HasArticleExtension(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return extension == ".txt" || extension == ".md";
}

// Expands directories; returns kExitOk or an error code after printing.
int CollectInputs(const std::vector<std::string>& args, CommandIo& io,
                  std::vector<IngestInput>* inputs) {
  bool stdin_used = false;
  for (const std::string& arg : args) {
    if (arg == "-") {
      if (stdin_used) return Fail(io, kExitUsage, "\"-\" (stdin) may be given only once");
      stdin_used = true;
      inputs->push_back({"-"});
      continue;
    }
    std::error_code error;
    const std::filesystem::file_status status = std::filesystem::status(arg, error);
    if (error || !std::filesystem::exists(status)) {
      return Fail(io, kExitFailure, "cannot read " + arg + ": No such file or directory");
    }
    if (!std::filesystem::is_directory(status)) {
      inputs->push_back({arg});
      continue;
    }
    std::vector<std::string> files;
    for (std::filesystem::directory_iterator it(arg, error), end; !error && it != end;
         it.increment(error)) {
      std::error_code file_error;
      if (it->is_regular_file(file_error) && HasArticleExtension(it->path())) {
        files.push_back(it->path().string());
      }
    }
    if (error) return Fail(io, kExitFailure, "cannot list " + arg + ": " + error.message());
    if (files.empty()) return Fail(io, kExitFailure, "no .txt or .md files in " + arg);
    std::sort(files.begin(), files.end());
    for (std::string& file : files) inputs->push_back({std::move(file)});
  }
  return kExitOk;
}

class ProgressLine {
 public:
  ProgressLine(CommandIo& io, size_t total)
      : io_(io),
        total_(total),
        enabled_(io.terminal.stderr_is_tty && total >= kProgressThreshold) {}
  ~ProgressLine() { Clear(); }

  void Show(size_t done, const std::string& path) {
    if (!enabled_) return;
    std::string name = std::filesystem::path(path).filename().string();
    io_.err << "\r\x1b[K[" << done + 1 << "/" << total_ << "] ingesting "
            << TruncateToWidth(OneLine(name), std::max(io_.terminal.width - 24, 10));
    io_.err.flush();
    shown_ = true;
  }
  void Clear() {
    if (!shown_) return;
    io_.err << "\r\x1b[K";
    io_.err.flush();
    shown_ = false;
  }

 private:
  CommandIo& io_;
  size_t total_;
  bool enabled_;
  bool shown_ = false;
};

int RunIngest(const ParsedCommandLine& parsed, RpcSession& rpc, CommandIo& io) {
  std::vector<IngestInput> inputs;
  if (int code = CollectInputs(parsed.args, io, &inputs); code != kExitOk) return code;
  if (inputs.size() > 1 && (parsed.has("uri") || parsed.has("title"))) {
    return Fail(io, kExitUsage,
                "--uri and --title describe one article; give a single FILE (see \"claimctl ingest "
                "--help\")");
  }
  pv1::IngestArticleRequest base;
  if (auto v = parsed.get("uri")) base.set_uri(*v);
  if (auto v = parsed.get("title")) base.set_title(*v);
  if (auto v = parsed.get("publisher")) base.set_publisher(*v);
  if (auto v = parsed.get("language")) base.set_language(*v);
  if (auto v = parsed.get("published")) {
    absl::StatusOr<google::protobuf::Timestamp> time = ParsePublishTime(*v);
    if (!time.ok()) return Fail(io, kExitUsage, std::string(time.status().message()));
    *base.mutable_publish_time() = *time;
  }

  const OutputFormat format = Format(parsed);
  ServiceEndpoint& endpoint = rpc.provenance_endpoint();
  std::vector<pv1::IngestArticleResponse> responses;
  std::vector<std::string> paths;
  int exit_code = kExitOk;
  ProgressLine progress(io, inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    const std::string& path = inputs[i].path;
    const std::string shown_path = path == "-" ? "stdin" : path;
    progress.Show(i, shown_path);
    pv1::IngestArticleRequest request = base;
    if (path == "-") {
      request.set_text(ReadStream(io.in));
    } else {
      std::ifstream file(path, std::ios::binary);
      if (!file) {
        const std::string reason = std::strerror(errno);
        progress.Clear();
        Fail(io, kExitFailure, "cannot read " + path + ": " + reason);
        if (exit_code == kExitOk) exit_code = kExitFailure;
        continue;
      }
      request.set_text(ReadStream(file));
    }
    const std::string request_id = NewRequestId();
    request.set_request_id(request_id);
    pv1::IngestArticleResponse response;
    const grpc::Status status = rpc.CallWithRequestId(
        endpoint, "IngestArticle", request_id, [&](grpc::ClientContext* context) {
          return rpc.provenance().IngestArticle(context, request, &response);
        });
    if (!status.ok()) {
      progress.Clear();
      const RpcFailure failure = rpc.Describe(endpoint, status, "");
      Fail(io, failure.exit_code, shown_path + ": " + failure.message);
      if (exit_code == kExitOk) exit_code = failure.exit_code;
      // Without a service there is no point in trying the other files.
      if (failure.exit_code == kExitUnavailable) break;
      continue;
    }
    if (format == OutputFormat::kJsonl) {
      progress.Clear();
      io.out << ToJson(response) << "\n";
      io.out.flush();
    }
    responses.push_back(std::move(response));
    paths.push_back(shown_path);
  }
  progress.Clear();

  if (format == OutputFormat::kJson) {
    io.out << "[";
    for (size_t i = 0; i < responses.size(); ++i) io.out << (i ? "," : "") << ToJson(responses[i]);
    io.out << "]\n";
  } else if (format == OutputFormat::kTable && !responses.empty()) {
    std::vector<TableColumn> columns = {FixedColumn("ARTICLE"), FixedColumn("STATUS"),
                                        FixedColumn("CLAIMS", true),
                                        FlexibleColumn("TITLE", 12, 2)};
    if (inputs.size() > 1) {
      columns.push_back(FlexibleColumn("FILE", 10));
      columns.back().drop_priority = 1;
    }
    std::vector<std::vector<std::string>> rows;
    for (size_t i = 0; i < responses.size(); ++i) {
      const pv1::IngestArticleResponse& r = responses[i];
      rows.push_back({r.article().name(), r.created() ? "new" : "existing",
                      std::to_string(r.claim_count()), r.article().title(), paths[i]});
    }
    io.out << RenderTable(columns, rows, Style(io));
  }
  return exit_code;
}

// ---------------------------------------------------------------- articles, paragraphs

int RunArticlesList(const ParsedCommandLine& parsed, RpcSession& rpc, CommandIo& io) {
  Paging paging;
  if (int code = ReadPaging(parsed, 1000, io, &paging); code != kExitOk) return code;
  const std::string filter = BuildArticleFilter(parsed.get("publisher"), parsed.get("uri"));
  pv1::ListArticlesResponse all;
  const int code = FetchPages(io, rpc, rpc.provenance_endpoint(), "ListArticles", paging, "", &all,
                              [&](grpc::ClientContext* context, int size, const std::string& token,
                                  pv1::ListArticlesResponse* page) {
                                pv1::ListArticlesRequest request;
                                request.set_page_size(size);
                                request.set_page_token(token);
                                request.set_filter(filter);
                                return rpc.provenance().ListArticles(context, request, page);
                              });
  if (code != kExitOk) return code;
  PrintList(io, Format(parsed), all, all.articles(), "No articles.",
            [&](const auto& items) { return ArticlesTable(items, io); });
  return kExitOk;
}

int RunArticlesGet(const ParsedCommandLine& parsed, RpcSession& rpc, CommandIo& io) {
  pv1::GetArticleRequest request;
  request.set_name(NormalizeArticleName(parsed.args[0]));
  pv1::Article article;
  const grpc::Status status = rpc.Call(
      rpc.provenance_endpoint(), "GetArticle",
      [&](grpc::ClientContext* c) { return rpc.provenance().GetArticle(c, request, &article); });
  if (!status.ok()) {
    return ReportRpc(io, rpc, rpc.provenance_endpoint(), status, Quoted("article", request.name()));
  }
  PrintOne(io, Format(parsed), article, ArticleText(article, io));
  return kExitOk;
}

int RunParagraphsList(const ParsedCommandLine& parsed, RpcSession& rpc, CommandIo& io) {
  Paging paging;
  if (int code = ReadPaging(parsed, 1000, io, &paging); code != kExitOk) return code;
  const std::string parent = NormalizeArticleName(parsed.args[0]);
  pv1::ListParagraphsResponse all;
  const int code = FetchPages(io, rpc, rpc.provenance_endpoint(), "ListParagraphs", paging,
                              Quoted("article", parent), &all,
                              [&](grpc::ClientContext* context, int size, const std::string& token,
                                  pv1::ListParagraphsResponse* page) {
                                pv1::ListParagraphsRequest request;
                                request.set_parent(parent);
                                request.set_page_size(size);
                                request.set_page_token(token);
                                return rpc.provenance().ListParagraphs(context, request, page);
                              });
  if (code != kExitOk) return code;
  PrintList(io, Format(parsed), all, all.paragraphs(), "No paragraphs.",
            [&](const auto& items) { return ParagraphsTable(items, io); });
  return kExitOk;
}

int RunParagraphsGet(const ParsedCommandLine& parsed, RpcSession& rpc, CommandIo& io) {
  pv1::GetParagraphRequest request;
  request.set_name(NormalizeParagraphName(parsed.args[0]));
  pv1::Paragraph paragraph;
  const grpc::Status status =
      rpc.Call(rpc.provenance_endpoint(), "GetParagraph", [&](grpc::ClientContext* c) {
        return rpc.provenance().GetParagraph(c, request, &paragraph);
      });
  if (!status.ok()) {
    return ReportRpc(io, rpc, rpc.provenance_endpoint(), status,
                     Quoted("paragraph", request.name()));
  }
  PrintOne(io, Format(parsed), paragraph, ParagraphText(paragraph, io));
  return kExitOk;
}

// ---------------------------------------------------------------- claims

int RunClaimsList(const ParsedCommandLine& parsed, RpcSession& rpc, CommandIo& io) {
  Paging paging;
  if (int code = ReadPaging(parsed, 1000, io, &paging); code != kExitOk) return code;
  ClaimFilterFlags flags;
  flags.subject = parsed.get("subject");
  flags.predicate = parsed.get("predicate");
  flags.kind = parsed.get("kind");
  flags.claimant = parsed.get("claimant");
  flags.unit = parsed.get("unit");
  flags.min_sources = parsed.get("min-sources");
  absl::StatusOr<std::string> filter = BuildClaimFilter(flags);
  if (!filter.ok()) return Fail(io, kExitUsage, std::string(filter.status().message()));
  cv1::ClaimOrder order = cv1::CLAIM_ORDER_UNSPECIFIED;
  if (auto value = parsed.get("order")) {
    if (*value == "sources") {
      order = cv1::CLAIM_ORDER_SOURCE_COUNT_DESC;
    } else if (*value == "updated") {
      order = cv1::CLAIM_ORDER_UPDATE_TIME_DESC;
    } else if (*value != "name") {
      return Fail(io, kExitUsage, "--order takes name, sources or updated, not \"" + *value + "\"");
    }
  }
  cv1::ListClaimsResponse all;
  const int code = FetchPages(io, rpc, rpc.claims_endpoint(), "ListClaims", paging, "", &all,
                              [&](grpc::ClientContext* context, int size, const std::string& token,
                                  cv1::ListClaimsResponse* page) {
                                cv1::ListClaimsRequest request;
                                request.set_page_size(size);
                                request.set_page_token(token);
                                request.set_filter(*filter);
                                request.set_order_by(order);
                                return rpc.claims().ListClaims(context, request, page);
                              });
  if (code != kExitOk) return code;
  PrintList(io, Format(parsed), all, all.claims(), "No claims.",
            [&](const auto& items) { return ClaimsTable(items, io); });
  return kExitOk;
}

int RunClaimsGet(const ParsedCommandLine& parsed, RpcSession& rpc, CommandIo& io) {
  cv1::GetClaimRequest request;
  request.set_name(NormalizeClaimName(parsed.args[0]));
  cv1::Claim claim;
  const grpc::Status status =
      rpc.Call(rpc.claims_endpoint(), "GetClaim",
               [&](grpc::ClientContext* c) { return rpc.claims().GetClaim(c, request, &claim); });
  if (!status.ok()) {
    return ReportRpc(io, rpc, rpc.claims_endpoint(), status, Quoted("claim", request.name()));
  }
  PrintOne(io, Format(parsed), claim,
           KeyValueLines(ClaimFields(claim), io.terminal.width, io.terminal.colour));
  return kExitOk;
}

int RunClaimsSearch(const ParsedCommandLine& parsed, RpcSession& rpc, CommandIo& io) {
  Paging paging;
  if (int code = ReadPaging(parsed, 200, io, &paging); code != kExitOk) return code;
  std::string query;
  for (const std::string& word : parsed.args) query += (query.empty() ? "" : " ") + word;
  cv1::SearchClaimsResponse all;
  const int code = FetchPages(io, rpc, rpc.claims_endpoint(), "SearchClaims", paging, "", &all,
                              [&](grpc::ClientContext* context, int size, const std::string& token,
                                  cv1::SearchClaimsResponse* page) {
                                cv1::SearchClaimsRequest request;
                                request.set_query(query);
                                request.set_page_size(size);
                                request.set_page_token(token);
                                return rpc.claims().SearchClaims(context, request, page);
                              });
  if (code != kExitOk) return code;
  PrintList(io, Format(parsed), all, all.claims(), "No matching claims.",
            [&](const auto& items) { return ClaimsTable(items, io); });
  return kExitOk;
}

int RunConflicts(const ParsedCommandLine& parsed, RpcSession& rpc, CommandIo& io) {
  Paging paging;
  if (int code = ReadPaging(parsed, 500, io, &paging); code != kExitOk) return code;
  const std::string subject = parsed.get("subject").value_or("");
  cv1::ListConflictsResponse all;
  const int code = FetchPages(io, rpc, rpc.claims_endpoint(), "ListConflicts", paging, "", &all,
                              [&](grpc::ClientContext* context, int size, const std::string& token,
                                  cv1::ListConflictsResponse* page) {
                                cv1::ListConflictsRequest request;
                                request.set_subject(subject);
                                request.set_page_size(size);
                                request.set_page_token(token);
                                return rpc.claims().ListConflicts(context, request, page);
                              });
  if (code != kExitOk) return code;
  PrintList(io, Format(parsed), all, all.conflicts(), "No conflicts.", [&](const auto& conflicts) {
    std::string out;
    const std::vector<TableColumn> columns = {FixedColumn("  CLAIM"), FlexibleColumn("VALUE", 10),
                                              FixedColumn("SOURCES", true),
                                              FlexibleColumn("STATEMENT", 12, 2)};
    for (const cv1::Conflict& conflict : conflicts) {
      if (!out.empty()) out += "\n";
      std::string heading = EntityText(conflict.subject()) + " \xC2\xB7 " + conflict.predicate();
      out += (io.terminal.colour ? kAnsiBold + heading + kAnsiReset : heading) + "\n";
      if (!conflict.explanation().empty()) {
        out += WrapText(conflict.explanation(), io.terminal.width - 2, "  ");
      }
      std::vector<std::vector<std::string>> rows;
      for (const cv1::Claim& claim : conflict.claims()) {
        rows.push_back({"  " + claim.name(), ClaimValueText(claim),
                        std::to_string(claim.source_count()), claim.statement()});
      }
      out += RenderTable(columns, rows, Style(io));
    }
    return out;
  });
  return kExitOk;
}

// ---------------------------------------------------------------- trace

std::string TraceText(const pv1::TraceClaimResponse& trace, const CommandIo& io) {
  const bool colour = io.terminal.colour;
  const int width = io.terminal.width;
  std::string out = KeyValueLines(ClaimFields(trace.claim()), width, colour);
  out += "\n";
  if (trace.sources().empty()) {
    out += "No sources recorded.\n";
    return out;
  }
  const int count = trace.sources_size();
  for (int i = 0; i < count; ++i) {
    const pv1::TraceSource& source = trace.sources(i);
    const pv1::Article& article = source.article();
    const pv1::Evidence& evidence = source.evidence();
    const pv1::Paragraph& paragraph = source.paragraph();
    std::string heading = "Source " + std::to_string(i + 1) + " of " + std::to_string(count);
    out += (colour ? kAnsiBold + heading + kAnsiReset : heading) + "\n";
    std::string claimant = EntityText(evidence.claimant());
    if (!evidence.cue().empty()) {
      claimant += (claimant.empty() ? "" : ", ") + std::string("\"") + evidence.cue() + "\"";
    }
    std::string indented = KeyValueLines(
        {
            {"publisher", article.publisher()},
            {"title", article.title()},
            {"date", DateText(article.publish_time()).empty() ? "unknown"
                                                              : DateText(article.publish_time())},
            {"url", article.uri().empty() ? "unknown" : article.uri()},
            {"paragraph", std::to_string(paragraph.index()) + " (" + paragraph.name() + ")"},
            {"claimant", claimant},
        },
        width - 2, colour);
    // Indent the block by two spaces.
    std::string block;
    size_t start = 0;
    while (start < indented.size()) {
      const size_t end = indented.find('\n', start);
      block += "  " + indented.substr(start, end - start + 1);
      start = end + 1;
    }
    out += block + "\n";
    const std::string marked =
        HighlightSpan(paragraph.text(), evidence.start_offset(), evidence.end_offset(),
                      colour ? HighlightStyle::kAnsi : HighlightStyle::kMarkers);
    out += WrapText(marked, width - 4, "    ");
    if (i + 1 < count) out += "\n";
  }
  return out;
}

int RunTrace(const ParsedCommandLine& parsed, RpcSession& rpc, CommandIo& io) {
  constexpr int kDefaultSources = 100, kMaxSources = 1000;  // TraceClaim's page_size
  int sources = kDefaultSources;
  if (const int code = ReadCount(parsed, "sources", kMaxSources, io, &sources); code != kExitOk) {
    return code;
  }
  pv1::TraceClaimRequest request;
  request.set_claim(NormalizeClaimName(parsed.args[0]));
  request.set_page_size(sources);
  pv1::TraceClaimResponse trace;
  const grpc::Status status = rpc.Call(
      rpc.provenance_endpoint(), "TraceClaim",
      [&](grpc::ClientContext* c) { return rpc.provenance().TraceClaim(c, request, &trace); });
  if (!status.ok()) {
    return ReportRpc(io, rpc, rpc.provenance_endpoint(), status, Quoted("claim", request.claim()));
  }
  switch (Format(parsed)) {
    case OutputFormat::kJson:
      io.out << ToJson(trace) << "\n";
      break;
    case OutputFormat::kJsonl:
      for (const pv1::TraceSource& source : trace.sources()) io.out << ToJson(source) << "\n";
      break;
    case OutputFormat::kTable:
      io.out << TraceText(trace, io);
      if (trace.sources_size() == sources) {
        io.out << "\nShowing the first " << sources
               << " sources; --sources (up to 1000) shows more, claimctl export every one.\n";
      }
      break;
  }
  return kExitOk;
}

// ---------------------------------------------------------------- export

std::string ArticleOfParagraph(const std::string& paragraph_name) {
  const size_t marker = paragraph_name.find("/paragraphs/");
  return marker == std::string::npos ? "" : paragraph_name.substr(0, marker);
}

int RunExport(const ParsedCommandLine& parsed, RpcSession& rpc, CommandIo& io) {
  const OutputFormat format = Format(parsed);
  const std::string parent =
      parsed.has("article") ? NormalizeArticleName(*parsed.get("article")) : "articles/-";
  ServiceEndpoint& provenance = rpc.provenance_endpoint();
  ServiceEndpoint& claims_endpoint = rpc.claims_endpoint();
  std::unordered_map<std::string, cv1::Claim> claims;
  std::unordered_map<std::string, pv1::Article> articles;
  // Evidence comes by article, so only the current article's paragraphs are kept.
  std::unordered_map<std::string, pv1::Paragraph> paragraphs;
  std::string paragraphs_of;
  std::vector<std::string> json_records;
  std::vector<std::vector<std::string>> rows;
  std::string token;
  while (true) {
    pv1::ListEvidenceRequest request;
    request.set_parent(parent);
    request.set_page_size(1000);
    request.set_page_token(token);
    pv1::ListEvidenceResponse page;
    grpc::Status status = rpc.Call(provenance, "ListEvidence", [&](grpc::ClientContext* c) {
      return rpc.provenance().ListEvidence(c, request, &page);
    });
    if (!status.ok()) {
      return ReportRpc(io, rpc, provenance, status,
                       parent == "articles/-" ? "" : Quoted("article", parent));
    }
    // Claims not seen yet, fetched in one batch per page.
    cv1::BatchGetClaimsRequest batch;
    std::unordered_set<std::string> asked;
    for (const pv1::Evidence& evidence : page.evidence()) {
      if (claims.count(evidence.claim()) == 0 && asked.insert(evidence.claim()).second) {
        batch.add_names(evidence.claim());
      }
    }
    if (batch.names_size() > 0) {
      cv1::BatchGetClaimsResponse got;
      status = rpc.Call(claims_endpoint, "BatchGetClaims", [&](grpc::ClientContext* c) {
        return rpc.claims().BatchGetClaims(c, batch, &got);
      });
      if (!status.ok()) return ReportRpc(io, rpc, claims_endpoint, status, "");
      for (const cv1::Claim& claim : got.claims()) claims[claim.name()] = claim;
    }
    for (const pv1::Evidence& evidence : page.evidence()) {
      const std::string article_name = !evidence.article().empty()
                                           ? evidence.article()
                                           : ArticleOfParagraph(evidence.paragraph());
      auto article = articles.find(article_name);
      if (article == articles.end()) {
        pv1::GetArticleRequest get;
        get.set_name(article_name);
        pv1::Article fetched;
        status = rpc.Call(provenance, "GetArticle", [&](grpc::ClientContext* c) {
          return rpc.provenance().GetArticle(c, get, &fetched);
        });
        if (!status.ok())
          return ReportRpc(io, rpc, provenance, status, Quoted("article", article_name));
        article = articles.emplace(article_name, std::move(fetched)).first;
      }
      if (paragraphs_of != article_name) {
        paragraphs.clear();
        paragraphs_of = article_name;
      }
      auto paragraph = paragraphs.find(evidence.paragraph());
      if (paragraph == paragraphs.end()) {
        pv1::GetParagraphRequest get;
        get.set_name(evidence.paragraph());
        pv1::Paragraph fetched;
        status = rpc.Call(provenance, "GetParagraph", [&](grpc::ClientContext* c) {
          return rpc.provenance().GetParagraph(c, get, &fetched);
        });
        if (!status.ok()) {
          return ReportRpc(io, rpc, provenance, status, Quoted("paragraph", evidence.paragraph()));
        }
        paragraph = paragraphs.emplace(evidence.paragraph(), std::move(fetched)).first;
      }
      const auto claim = claims.find(evidence.claim());
      if (claim == claims.end()) {
        return Fail(io, kExitFailure,
                    "claims service did not return " + Quoted("claim", evidence.claim()));
      }
      switch (format) {
        case OutputFormat::kJsonl:
          io.out << ExportRecordJson(claim->second, evidence, article->second, paragraph->second)
                 << "\n";
          break;
        case OutputFormat::kJson:
          json_records.push_back(
              ExportRecordJson(claim->second, evidence, article->second, paragraph->second));
          break;
        case OutputFormat::kTable:
          rows.push_back({claim->second.name(), article->second.publisher(),
                          DateText(article->second.publish_time()),
                          std::to_string(paragraph->second.index()), evidence.quote(),
                          claim->second.statement()});
          break;
      }
    }
    if (page.next_page_token().empty()) break;
    if (page.next_page_token() == token) {
      return Fail(io, kExitFailure, "provenance service returned the same page token twice");
    }
    token = page.next_page_token();
  }
  if (format == OutputFormat::kJson) {
    io.out << "[";
    for (size_t i = 0; i < json_records.size(); ++i)
      io.out << (i ? ",\n" : "\n") << json_records[i];
    io.out << (json_records.empty() ? "]\n" : "\n]\n");
  } else if (format == OutputFormat::kTable) {
    if (rows.empty()) {
      io.err << "No evidence.\n";
    } else {
      io.out << RenderTable({FixedColumn("CLAIM"), FlexibleColumn("PUBLISHER", 8),
                             FixedColumn("DATE", false, 1), FixedColumn("PARAGRAPH", true, 2),
                             FlexibleColumn("QUOTE", 12, 2), FlexibleColumn("STATEMENT", 12, 2)},
                            rows, Style(io));
    }
  }
  return kExitOk;
}

// ---------------------------------------------------------------- health

struct HealthResult {
  ServiceEndpoint* endpoint = nullptr;
  std::string service_name;
  grpc::Status status;
  grpc::health::v1::HealthCheckResponse response;
};

int RunHealth(const ParsedCommandLine& parsed, RpcSession& rpc, CommandIo& io) {
  std::vector<HealthResult> results(2);
  results[0].endpoint = &rpc.claims_endpoint();
  results[0].service_name = kClaimsHealthName;
  results[1].endpoint = &rpc.provenance_endpoint();
  results[1].service_name = kProvenanceHealthName;
  std::vector<std::unique_ptr<grpc::health::v1::Health::Stub>> stubs;
  for (HealthResult& result : results) stubs.push_back(rpc.NewHealthStub(*result.endpoint));
  // Both checks at once, so that two unreachable services cost one timeout.
  std::vector<std::thread> threads;
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back([&, i] {
      HealthResult& result = results[i];
      grpc::health::v1::HealthCheckRequest request;
      request.set_service(result.service_name);
      result.status = rpc.Call(*result.endpoint, "Health.Check", [&](grpc::ClientContext* c) {
        return stubs[i]->Check(c, request, &result.response);
      });
    });
  }
  for (std::thread& thread : threads) thread.join();

  bool all_serving = true;
  std::vector<std::string> errors;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> json_items;
  for (HealthResult& result : results) {
    std::string state;
    std::string error;
    if (result.status.ok()) {
      state = grpc::health::v1::HealthCheckResponse::ServingStatus_Name(result.response.status());
    } else {
      const RpcFailure failure = rpc.Describe(*result.endpoint, result.status, "");
      state = result.status.error_code() == grpc::StatusCode::NOT_FOUND
                  ? "SERVICE_UNKNOWN"
                  : (failure.message.rfind("cannot reach", 0) == 0 ? "UNREACHABLE" : "ERROR") +
                        std::string(" (") + StatusCodeName(result.status.error_code()) + ")";
      error = failure.message;
      errors.push_back(failure.message);
    }
    const bool serving = result.status.ok() &&
                         result.response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
    all_serving = all_serving && serving;
    rows.push_back({result.endpoint->display_name, result.endpoint->address, state});
    std::string json = "{\"service\":" + JsonString(result.service_name) +
                       ",\"address\":" + JsonString(result.endpoint->address) +
                       ",\"status\":" + JsonString(state.substr(0, state.find(' ')));
    if (!error.empty()) json += ",\"error\":" + JsonString(error);
    json += "}";
    json_items.push_back(json);
  }
  switch (Format(parsed)) {
    case OutputFormat::kJson: {
      io.out << "{\"services\":[";
      for (size_t i = 0; i < json_items.size(); ++i) io.out << (i ? "," : "") << json_items[i];
      io.out << "],\"serving\":" << (all_serving ? "true" : "false") << "}\n";
      break;
    }
    case OutputFormat::kJsonl:
      for (const std::string& item : json_items) io.out << item << "\n";
      break;
    case OutputFormat::kTable: {
      std::vector<TableColumn> columns = {FixedColumn("SERVICE"), FlexibleColumn("ADDRESS", 10),
                                          FixedColumn("STATUS")};
      columns[2].cell_colour = [](std::string_view cell) -> const char* {
        return cell.substr(0, 7) == "SERVING" ? kAnsiGreen : kAnsiRed;
      };
      io.out << RenderTable(columns, rows, Style(io));
      break;
    }
  }
  io.out.flush();
  for (const std::string& error : errors) io.err << "claimctl: " << error << "\n";
  return all_serving ? kExitOk : kExitUnavailable;
}

}  // namespace

int RunCommand(const ParsedCommandLine& parsed, RpcSession& rpc, CommandIo& io) {
  const std::string& path = parsed.command->path;
  int code = kExitFailure;
  if (path == "ingest") {
    code = RunIngest(parsed, rpc, io);
  } else if (path == "articles list") {
    code = RunArticlesList(parsed, rpc, io);
  } else if (path == "articles get") {
    code = RunArticlesGet(parsed, rpc, io);
  } else if (path == "paragraphs list") {
    code = RunParagraphsList(parsed, rpc, io);
  } else if (path == "paragraphs get") {
    code = RunParagraphsGet(parsed, rpc, io);
  } else if (path == "claims list") {
    code = RunClaimsList(parsed, rpc, io);
  } else if (path == "claims get") {
    code = RunClaimsGet(parsed, rpc, io);
  } else if (path == "claims search") {
    code = RunClaimsSearch(parsed, rpc, io);
  } else if (path == "conflicts") {
    code = RunConflicts(parsed, rpc, io);
  } else if (path == "trace") {
    code = RunTrace(parsed, rpc, io);
  } else if (path == "export") {
    code = RunExport(parsed, rpc, io);
  } else if (path == "health") {
    code = RunHealth(parsed, rpc, io);
  } else {
    code = Fail(io, kExitUsage, "command \"" + path + "\" is not implemented");
  }
  io.out.flush();
  return code;
}

int RunClaimctl(const std::vector<std::string>& args, CommandIo& io) {
  absl::StatusOr<ParsedCommandLine> parsed = ParseCommandLine(args);
  if (!parsed.ok()) return Fail(io, kExitUsage, std::string(parsed.status().message()));
  if (parsed->help) {
    io.out << HelpFor(*parsed);
    io.out.flush();
    return kExitOk;
  }
  if (const std::string problem = TlsEnvironmentProblem(); !problem.empty()) {
    return Fail(io, kExitUsage, problem);
  }
  const GlobalOptions& global = parsed->global;
  RpcSession rpc(
      global,
      ResolveAddress(global.claims_address, std::getenv("CLAIMTRACE_CLAIMS_ADDR"),
                     kDefaultClaimsAddress),
      ResolveAddress(global.provenance_address, std::getenv("CLAIMTRACE_PROVENANCE_ADDR"),
                     kDefaultProvenanceAddress),
      &io.err);
  return RunCommand(*parsed, rpc, io);
}

}  // namespace claimtrace::client
