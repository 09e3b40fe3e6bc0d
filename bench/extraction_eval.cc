// extraction_eval: scores ClaimExtractor (after ArticleParser) against the
// labelled evaluation set in eval/ and, when available, the seed articles.
//
//   extraction_eval [--eval_dir=DIR] [--seed_dir=DIR] [--data_dir=DIR]
//                   [--json=PATH] [--verbose] [--strict]
//
// Own set: eval/articles/<name>.{md,txt} with eval/labels/<name>.tsv (anchor
// format). Seed set: eval/seed_labels/<name>.tsv (byte-offset format) against
// <seed_dir>/<name>.txt; skipped with a message when no seed dir is given.
// See eval/README.md for the label format and the figures.
//
// Exit status: 0 when the evaluation ran; 1 on a setup error. With --strict,
// also 1 when a label file is invalid, an own-set article is skipped, or a
// figure falls outside [0, 1].
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "bench/eval_scoring.h"
#include "claims_service/extraction/claim_extractor.h"
#include "common/utf8.h"
#include "provenance_service/article/article_parser.h"

#ifndef CLAIMTRACE_SOURCE_DIR
#define CLAIMTRACE_SOURCE_DIR "."
#endif
#ifndef CLAIMTRACE_DATA_DIR
#define CLAIMTRACE_DATA_DIR ""
#endif

ABSL_FLAG(std::string, eval_dir, CLAIMTRACE_SOURCE_DIR "/eval",
          "Directory with articles/, labels/ and seed_labels/.");
ABSL_FLAG(std::string, seed_dir, "",
          "Directory of the seed articles; default $CLAIMTRACE_SEED_DIR. Seed set skipped when "
          "neither is set.");
ABSL_FLAG(std::string, data_dir, "",
          "Data directory (entity_aliases.tsv, units.tsv, boilerplate_phrases.txt); default "
          "$CLAIMTRACE_DATA_DIR, else the source tree's data/.");
ABSL_FLAG(std::string, json, "", "Write the figures as JSON to this path.");
ABSL_FLAG(bool, verbose, false,
          "List misses, false positives and wrong fields with their text (debugging).");
ABSL_FLAG(bool, strict, false,
          "Fail when a label file is invalid, an own-set article is skipped, or a figure is "
          "outside [0, 1].");

namespace claimtrace::eval {
namespace {

namespace fs = std::filesystem;
using claims::ClaimKind;

constexpr std::size_t kMaxArticleBytes = 16 << 20;

absl::StatusOr<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open ", path.string()));
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// Short one-line excerpt of text[start, end), cut on UTF-8 boundaries.
std::string Excerpt(absl::string_view text, std::size_t start, std::size_t end) {
  constexpr std::size_t kMax = 100;
  start = std::min(start, text.size());
  end = std::min(std::max(end, start), text.size());
  std::string out;
  if (end - start > kMax) {
    const std::size_t cut =
        common::AlignUtf8Start(std::string_view(text.data(), text.size()), start + kMax);
    out = absl::StrCat(text.substr(start, cut - start), "…");
  } else {
    out = std::string(text.substr(start, end - start));
  }
  return absl::StrCat("«", absl::StrReplaceAll(out, {{"\n", " ⏎ "}, {"\t", " "}}), "»");
}

std::string DescribeGold(const GoldLabel& label) {
  std::string out;
  switch (label.kind) {
    case ClaimKind::kQuantity:
      out = absl::StrFormat("%g", label.value);
      if (label.bound == claims::Bound::kRange)
        absl::StrAppend(&out, "..", absl::StrFormat("%g", label.upper_value));
      absl::StrAppend(&out, " ", absl::StrJoin(label.units, "|"), " ", BoundName(label.bound));
      break;
    case ClaimKind::kDate:
      out = label.date.empty() ? "(date unchecked)" : label.date;
      break;
    case ClaimKind::kLocation:
      out = label.places.empty() ? "(place unchecked)" : absl::StrJoin(label.places, "|");
      break;
    default:
      break;
  }
  absl::StrAppend(
      &out, " claimant=", label.claimants.empty() ? "-" : absl::StrJoin(label.claimants, "|"));
  return out;
}

std::string DescribePrediction(const claims::ExtractedClaim& claim) {
  std::string out;
  const claims::ClaimContent& content = claim.content;
  if (content.quantity) {
    out = absl::StrFormat("%g", content.quantity->value);
    if (content.quantity->bound == claims::Bound::kRange ||
        content.quantity->upper_value != content.quantity->value) {
      absl::StrAppend(&out, "..", absl::StrFormat("%g", content.quantity->upper_value));
    }
    absl::StrAppend(&out, " ",
                    content.quantity->unit.empty() ? "(no unit)" : content.quantity->unit, " ",
                    BoundName(content.quantity->bound));
  }
  if (content.date) absl::StrAppend(&out, FormatDate(*content.date));
  if (!content.object.id.empty())
    absl::StrAppend(&out, out.empty() ? "" : " ", "object=", content.object.id);
  absl::StrAppend(
      &out, " claimant=", claim.mention.claimant.id.empty() ? "(none)" : claim.mention.claimant.id);
  if (!claim.mention.cue.empty()) absl::StrAppend(&out, " cue=\"", claim.mention.cue, "\"");
  return out;
}

struct Pipeline {
  std::unique_ptr<provenance::ArticleParser> parser;
  std::unique_ptr<claims::ClaimExtractor> extractor;
  double extraction_seconds = 0;
  std::size_t extracted_bytes = 0;
};

// Parses and extracts one article; predictions carry article byte offsets.
struct Prediction {
  std::vector<PredictedMention> mentions;
  // Article byte ranges of the paragraphs handed to the extractor.
  std::vector<std::pair<std::size_t, std::size_t>> extractable_ranges;
};

Prediction Predict(Pipeline& pipeline, const std::string& name, const std::string& text,
                   int& invalid_spans) {
  Prediction prediction;
  const provenance::ParsedArticle parsed =
      pipeline.parser->Parse(text, provenance::ArticleMetadata{});
  claims::ArticleContext context;
  context.name = absl::StrCat("articles/", name);
  context.title = parsed.metadata.title;
  context.publisher = parsed.metadata.publisher;
  context.uri = parsed.metadata.uri;
  context.publish_time = parsed.metadata.publish_time;

  std::map<int, const provenance::ParsedParagraph*> by_index;
  std::vector<claims::ParagraphText> paragraphs;
  for (const provenance::ParsedParagraph& paragraph : parsed.paragraphs) {
    if (!provenance::IsExtractable(paragraph.kind)) continue;
    by_index[paragraph.index] = &paragraph;
    prediction.extractable_ranges.push_back(
        {paragraph.article_offset, paragraph.article_offset + paragraph.text.size()});
    paragraphs.push_back({paragraph.index, paragraph.text});
    pipeline.extracted_bytes += paragraph.text.size();
  }
  const auto started = std::chrono::steady_clock::now();
  std::vector<claims::ExtractedClaim> claims = pipeline.extractor->Extract(context, paragraphs);
  pipeline.extraction_seconds +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::vector<PredictedMention>& predicted = prediction.mentions;
  predicted.reserve(claims.size());
  for (claims::ExtractedClaim& claim : claims) {
    PredictedMention mention;
    auto it = by_index.find(claim.mention.paragraph_index);
    const claims::Mention& m = claim.mention;
    if (it == by_index.end() || m.end_offset > it->second->text.size() ||
        m.start_offset >= m.end_offset ||
        !common::IsUtf8Boundary(it->second->text, m.start_offset) ||
        !common::IsUtf8Boundary(it->second->text, m.end_offset)) {
      ++invalid_spans;
      std::cerr << "  invalid span in " << name << ": paragraph " << m.paragraph_index << " ["
                << m.start_offset << ", " << m.end_offset << ")\n";
      // Kept as a prediction with an empty span: it counts, but cannot match.
    } else {
      mention.start = it->second->article_offset + m.start_offset;
      mention.end = it->second->article_offset + m.end_offset;
    }
    mention.claim = std::move(claim);
    predicted.push_back(std::move(mention));
  }
  return prediction;
}

// Gold rows not inside any paragraph given to the extractor: the parser (or
// the label) is at fault, not the extractor.
std::vector<int> GoldOutsideExtractable(
    const std::vector<GoldLabel>& gold,
    const std::vector<std::pair<std::size_t, std::size_t>>& ranges) {
  std::vector<int> outside;
  for (int g = 0; g < static_cast<int>(gold.size()); ++g) {
    bool inside = false;
    for (const auto& [start, end] : ranges) {
      inside = inside || (gold[g].start >= start && gold[g].end <= end);
    }
    if (!inside) outside.push_back(g);
  }
  return outside;
}

void PrintDetails(const std::string& name, absl::string_view text,
                  const std::vector<GoldLabel>& gold,
                  const std::vector<PredictedMention>& predicted, const ArticleMatch& match) {
  std::cout << "-- " << name << ": " << gold.size() << " gold, " << predicted.size()
            << " predicted, " << match.pairs.size() << " matched\n";
  for (int g : match.missed_gold) {
    const GoldLabel& label = gold[g];
    std::cout << absl::StrFormat("   MISS  %-10s l.%-4d %s  gold: %s\n", KindName(label.kind),
                                 label.line, Excerpt(text, label.start, label.end),
                                 DescribeGold(label));
  }
  for (int p : match.false_positive) {
    const PredictedMention& mention = predicted[p];
    std::cout << absl::StrFormat(
        "   FP    %-10s        %s  pred: %s\n", KindName(mention.claim.content.kind),
        Excerpt(text, mention.start, mention.end), DescribePrediction(mention.claim));
  }
  for (const MatchedPair& pair : match.pairs) {
    const GoldLabel& label = gold[pair.gold];
    const claims::ExtractedClaim& claim = predicted[pair.predicted].claim;
    std::vector<std::string> wrong;
    if (label.kind == ClaimKind::kQuantity) {
      const QuantityCheck check = CheckQuantity(label, claim.content.quantity);
      if (!check.value) wrong.push_back("value");
      if (!check.upper_value) wrong.push_back("upper_value");
      if (!check.bound) wrong.push_back("bound");
      if (!check.unit) wrong.push_back("unit");
    } else if (label.kind == ClaimKind::kDate && !label.date.empty()) {
      if (!claim.content.date || FormatDate(*claim.content.date) != label.date) {
        wrong.push_back("date");
      }
    } else if (label.kind == ClaimKind::kLocation && !label.places.empty()) {
      if (!IdMatches(label.places, claim.content.object.id)) wrong.push_back("place");
    }
    if (!ClaimantMatches(label, claim.mention)) wrong.push_back("claimant");
    if (wrong.empty()) continue;
    std::cout << absl::StrFormat(
        "   WRONG %-10s l.%-4d %s  [%s]  gold: %s  pred: %s %s\n", KindName(label.kind), label.line,
        Excerpt(text, label.start, label.end), absl::StrJoin(wrong, ","), DescribeGold(label),
        Excerpt(text, predicted[pair.predicted].start, predicted[pair.predicted].end),
        DescribePrediction(claim));
  }
}

struct ArticleFiles {
  std::string name;
  fs::path article;
  fs::path labels;
};

// Scores every article of a set. Returns false when something was invalid.
bool EvaluateSet(Pipeline& pipeline, const std::vector<ArticleFiles>& files, bool seed_set,
                 bool verbose, SetScores& scores) {
  bool all_valid = true;
  for (const ArticleFiles& entry : files) {
    absl::StatusOr<std::string> text = ReadFile(entry.article);
    absl::StatusOr<std::string> tsv = ReadFile(entry.labels);
    absl::Status status = !text.ok() ? text.status() : tsv.status();
    if (status.ok()) status = provenance::ValidateArticleText(*text, kMaxArticleBytes);
    absl::StatusOr<LabelFile> labels =
        status.ok() ? ParseLabels(*tsv) : absl::StatusOr<LabelFile>(status);
    if (labels.ok() && seed_set && labels->format != LabelFormat::kOffsets) {
      labels = absl::InvalidArgumentError(
          "seed labels must use start_byte/end_byte, never anchors (no seed text in the repo)");
    }
    if (labels.ok()) status = ResolveSpans(*text, *labels);
    if (!labels.ok()) status = labels.status();
    if (!status.ok()) {
      std::cerr << "label error in " << entry.labels.string() << ": " << status.message() << "\n";
      scores.skipped.push_back(absl::StrCat(entry.name, ": ", status.message()));
      all_valid = false;
      continue;
    }
    // The parser normalises line endings; offsets refer to the normalised text.
    std::string normalized = absl::StrReplaceAll(*text, {{"\r\n", "\n"}});
    std::replace(normalized.begin(), normalized.end(), '\r', '\n');
    if (normalized.size() != text->size()) {
      std::cerr << "note: " << entry.name << " has CR line endings; spans refer to LF text\n";
    }
    Prediction prediction = Predict(pipeline, entry.name, normalized, scores.invalid_spans);
    const std::vector<PredictedMention>& predicted = prediction.mentions;
    const ArticleMatch match = MatchMentions(labels->labels, predicted);
    Accumulate(labels->labels, predicted, match, scores);
    const std::vector<int> outside =
        GoldOutsideExtractable(labels->labels, prediction.extractable_ranges);
    scores.gold_outside_extractable += static_cast<int>(outside.size());
    if (verbose) {
      PrintDetails(entry.name, normalized, labels->labels, predicted, match);
      for (int g : outside) {
        const GoldLabel& label = labels->labels[g];
        std::cout << absl::StrFormat("   NOT EXTRACTABLE  %-10s l.%-4d %s (paragraph kind)\n",
                                     KindName(label.kind), label.line,
                                     Excerpt(normalized, label.start, label.end));
      }
    }
  }
  return all_valid;
}

std::vector<fs::path> SortedFiles(const fs::path& dir, const std::vector<std::string>& extensions) {
  std::vector<fs::path> out;
  std::error_code error;
  if (!fs::is_directory(dir, error)) return out;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, error)) {
    if (!entry.is_regular_file()) continue;
    const std::string extension = entry.path().extension().string();
    if (std::find(extensions.begin(), extensions.end(), extension) != extensions.end()) {
      out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool FigureIsSane(std::optional<double> ratio) { return !ratio || (*ratio >= 0 && *ratio <= 1); }

bool ScoresAreSane(const SetScores& scores) {
  bool sane = FigureIsSane(Precision(scores.overall)) && FigureIsSane(Recall(scores.overall)) &&
              FigureIsSane(F1(scores.overall)) && FigureIsSane(NumericRecall(scores)) &&
              FigureIsSane(Ratio(scores.claimant_ok, scores.claimant_checked)) &&
              FigureIsSane(Ratio(scores.quantity_all_ok, scores.quantity_matched));
  for (const auto& [kind, counts] : scores.per_kind) {
    sane = sane && FigureIsSane(Precision(counts)) && FigureIsSane(Recall(counts)) &&
           counts.matched <= counts.gold && counts.matched <= counts.predicted;
  }
  return sane;
}

int Run() {
  const fs::path eval_dir = absl::GetFlag(FLAGS_eval_dir);
  std::string seed_dir = absl::GetFlag(FLAGS_seed_dir);
  if (seed_dir.empty() && std::getenv("CLAIMTRACE_SEED_DIR") != nullptr) {
    seed_dir = std::getenv("CLAIMTRACE_SEED_DIR");
  }
  std::string data_dir = absl::GetFlag(FLAGS_data_dir);
  if (data_dir.empty() && std::getenv("CLAIMTRACE_DATA_DIR") != nullptr) {
    data_dir = std::getenv("CLAIMTRACE_DATA_DIR");
  }
  if (data_dir.empty()) data_dir = CLAIMTRACE_DATA_DIR;
  const bool verbose = absl::GetFlag(FLAGS_verbose);
  const bool strict = absl::GetFlag(FLAGS_strict);

  Pipeline pipeline;
  provenance::ArticleParserOptions parser_options;
  std::error_code error;
  const fs::path phrases = fs::path(data_dir) / "boilerplate_phrases.txt";
  if (!data_dir.empty() && fs::is_regular_file(phrases, error)) {
    parser_options.boilerplate_phrases_path = phrases.string();
  }
  auto parser = provenance::ArticleParser::Create(parser_options);
  if (!parser.ok()) {
    std::cerr << "cannot create ArticleParser: " << parser.status() << "\n";
    return 1;
  }
  pipeline.parser = *std::move(parser);
  claims::ExtractorOptions extractor_options;
  extractor_options.data_dir = data_dir;
  auto extractor = claims::ClaimExtractor::Create(extractor_options);
  if (!extractor.ok()) {
    std::cerr << "cannot create ClaimExtractor: " << extractor.status() << "\n";
    return 1;
  }
  pipeline.extractor = *std::move(extractor);

  // Own set.
  std::vector<ArticleFiles> own_files;
  SetScores own;
  bool valid = true;
  const std::vector<fs::path> articles = SortedFiles(eval_dir / "articles", {".md", ".txt"});
  if (articles.empty()) {
    std::cerr << "no articles in " << (eval_dir / "articles").string() << "\n";
    return 1;
  }
  for (const fs::path& article : articles) {
    const std::string name = article.stem().string();
    const fs::path labels = eval_dir / "labels" / (name + ".tsv");
    if (!fs::is_regular_file(labels, error)) {
      own.skipped.push_back(absl::StrCat(name, ": no labels/", name, ".tsv"));
      valid = false;
      continue;
    }
    own_files.push_back({name, article, labels});
  }
  valid = EvaluateSet(pipeline, own_files, /*seed_set=*/false, verbose, own) && valid;
  std::cout << FormatScoresTable("own", own);

  // Seed set.
  SetScores seeds;
  std::string seed_skip_reason;
  if (seed_dir.empty()) {
    seed_skip_reason = "CLAIMTRACE_SEED_DIR is not set (and no --seed_dir)";
  } else if (!fs::is_directory(seed_dir, error)) {
    seed_skip_reason = absl::StrCat("seed dir ", seed_dir, " does not exist");
  } else {
    std::vector<ArticleFiles> seed_files;
    for (const fs::path& labels : SortedFiles(eval_dir / "seed_labels", {".tsv"})) {
      const std::string name = labels.stem().string();
      fs::path article;
      for (const char* extension : {".txt", ".md"}) {
        const fs::path candidate = fs::path(seed_dir) / (name + extension);
        if (fs::is_regular_file(candidate, error)) {
          article = candidate;
          break;
        }
      }
      if (article.empty()) {
        seeds.skipped.push_back(absl::StrCat(name, ": not in ", seed_dir));
        continue;
      }
      seed_files.push_back({name, article, labels});
    }
    valid = EvaluateSet(pipeline, seed_files, /*seed_set=*/true, verbose, seeds) && valid;
    std::cout << FormatScoresTable("seed", seeds);
  }
  if (!seed_skip_reason.empty()) std::cout << "== seed set skipped: " << seed_skip_reason << "\n";
  if (pipeline.extraction_seconds > 0) {
    std::cout << absl::StrFormat("extraction: %.1f KB in %.1f ms (%.1f MB/s)\n",
                                 pipeline.extracted_bytes / 1024.0,
                                 pipeline.extraction_seconds * 1000,
                                 pipeline.extracted_bytes / 1e6 / pipeline.extraction_seconds);
  }

  const std::string json_path = absl::GetFlag(FLAGS_json);
  if (!json_path.empty()) {
    std::ofstream out(json_path);
    out << "{\"own\": " << ScoresToJson(own) << ", \"seed\": ";
    if (seed_skip_reason.empty()) {
      out << ScoresToJson(seeds);
    } else {
      out << "{\"skipped_set\": \"" << absl::StrReplaceAll(seed_skip_reason, {{"\"", "'"}})
          << "\"}";
    }
    out << "}\n";
    if (!out) {
      std::cerr << "cannot write " << json_path << "\n";
      return 1;
    }
  }

  const bool sane = ScoresAreSane(own) && ScoresAreSane(seeds);
  if (!sane) std::cerr << "figures outside [0, 1]: the scoring is broken\n";
  if (strict && (!valid || !sane || own.articles == 0)) return 1;
  return 0;
}

}  // namespace
}  // namespace claimtrace::eval

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Scores claim extraction against eval/ labels (and the seed labels when "
      "CLAIMTRACE_SEED_DIR is set).");
  absl::ParseCommandLine(argc, argv);
  return claimtrace::eval::Run();
}
