// Google Benchmark microbenchmarks of the text pipeline, on one core, in
// MB/s of input text:
//   ArticleParse           provenance's paragraph split and classification
//   SentenceSegmentation   SentenceSegmenter::Split of every extractable paragraph
//   Extraction             ClaimExtractor::Extract, the whole claim pipeline
//   NormaliseQuantities    QuantityRecognizer::Find on every sentence
//   NormaliseDates         DateRecognizer::Find on every sentence
//   ParseNumbers           FindNumbers on every sentence
// Each runs on the synthetic corpus (seeded, ours) and, when
// CLAIMTRACE_SEED_DIR names a folder of articles, on those too ("/seeds").
//
//   bench_extraction [--articles=N] [--benchmark_filter=Extraction]
//   bench_extraction --dump=DIR[,DIR...] [--articles=N]
//   bench_extraction --passes=N --corpus=synthetic|seeds [--articles=N]
// --dump prints every field of every claim Extract finds in the synthetic
// corpus, the seeds and each file of the DIRs, and exits: a golden output to
// compare (cmp) before and after a change that must not alter the results.
// --passes runs Extract over one corpus once to warm up (the word lists are
// built on first use), then N times inside MeasuredExtractPasses, and exits:
// bench/count_instructions.sh counts that function's instructions under
// callgrind, a figure the machine's speed does not move.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "bench/synthetic_corpus.h"
#include "claims_service/extraction/claim_extractor.h"
#include "claims_service/extraction/date_recognizer.h"
#include "claims_service/extraction/number_parser.h"
#include "claims_service/extraction/quantity_recognizer.h"
#include "claims_service/extraction/sentence_segmenter.h"
#include "provenance_service/article/article_parser.h"

namespace claimtrace::bench {
namespace {

struct Corpus {
  std::vector<std::string> texts;
  std::vector<provenance::ParsedArticle> parsed;
  std::size_t text_bytes = 0;
  std::size_t paragraph_bytes = 0;  // extractable paragraphs only
  std::vector<std::string> sentences;
  std::size_t sentence_bytes = 0;
};

struct Tools {
  std::unique_ptr<provenance::ArticleParser> parser;
  std::unique_ptr<claims::SentenceSegmenter> segmenter;
  std::unique_ptr<claims::ClaimExtractor> extractor;
  std::unique_ptr<claims::QuantityRecognizer> quantities;
  claims::DateRecognizer dates;
};

Tools& GetTools() {
  static Tools* tools = [] {
    auto* t = new Tools;
    provenance::ArticleParserOptions parser_options;
    parser_options.boilerplate_phrases_path =
        std::string(CLAIMTRACE_DATA_DIR) + "/boilerplate_phrases.txt";
    auto parser = provenance::ArticleParser::Create(parser_options);
    auto segmenter = claims::SentenceSegmenter::Create();
    auto extractor = claims::ClaimExtractor::Create({CLAIMTRACE_DATA_DIR});
    auto units = claims::UnitLexicon::Load(std::string(CLAIMTRACE_DATA_DIR) + "/units.tsv");
    if (!parser.ok() || !segmenter.ok() || !extractor.ok() || !units.ok()) {
      std::fprintf(stderr, "cannot set up the pipeline (data dir %s)\n", CLAIMTRACE_DATA_DIR);
      std::exit(1);
    }
    t->parser = *std::move(parser);
    t->segmenter = *std::move(segmenter);
    t->extractor = *std::move(extractor);
    t->quantities = std::make_unique<claims::QuantityRecognizer>(*units);
    return t;
  }();
  return *tools;
}

Corpus BuildCorpus(std::vector<std::string> texts) {
  Tools& tools = GetTools();
  Corpus c;
  c.texts = std::move(texts);
  for (const std::string& text : c.texts) {
    c.text_bytes += text.size();
    c.parsed.push_back(tools.parser->Parse(text, {}));
    for (const provenance::ParsedParagraph& p : c.parsed.back().paragraphs) {
      if (!provenance::IsExtractable(p.kind)) continue;
      c.paragraph_bytes += p.text.size();
      for (const claims::SentenceSpan& s : tools.segmenter->Split(p.text)) {
        c.sentences.push_back(p.text.substr(s.start, s.end - s.start));
        c.sentence_bytes += s.end - s.start;
      }
    }
  }
  return c;
}

std::vector<std::string> SyntheticTexts(int n) {
  SyntheticCorpus corpus({});
  std::vector<std::string> texts;
  for (int i = 0; i < n; ++i) texts.push_back(corpus.Article(i));
  return texts;
}

std::vector<std::string> FolderTexts(const std::string& dir) {
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file()) paths.push_back(entry.path().string());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> texts;
  for (const std::string& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    texts.push_back(buffer.str());
  }
  return texts;
}

void ArticleParse(benchmark::State& state, const Corpus* c) {
  Tools& tools = GetTools();
  for (auto _ : state) {
    for (const std::string& text : c->texts) {
      benchmark::DoNotOptimize(tools.parser->Parse(text, {}));
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c->text_bytes));
}

void SentenceSegmentation(benchmark::State& state, const Corpus* c) {
  Tools& tools = GetTools();
  for (auto _ : state) {
    for (const provenance::ParsedArticle& a : c->parsed) {
      for (const provenance::ParsedParagraph& p : a.paragraphs) {
        if (provenance::IsExtractable(p.kind))
          benchmark::DoNotOptimize(tools.segmenter->Split(p.text));
      }
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c->paragraph_bytes));
}

// Extract's inputs as claims_service receives them: the extractable
// paragraphs and the article's metadata.
struct ExtractionInputs {
  std::vector<claims::ArticleContext> contexts;
  std::vector<std::vector<claims::ParagraphText>> paragraphs;
};

ExtractionInputs MakeExtractionInputs(const Corpus& c) {
  ExtractionInputs in;
  for (const provenance::ParsedArticle& a : c.parsed) {
    claims::ArticleContext context;
    context.name = "articles/" + a.content_sha256.substr(0, 16);
    context.title = a.metadata.title;
    context.publisher = a.metadata.publisher;
    context.uri = a.metadata.uri;
    context.publish_time = a.metadata.publish_time;
    in.contexts.push_back(context);
    in.paragraphs.emplace_back();
    for (const provenance::ParsedParagraph& p : a.paragraphs) {
      if (provenance::IsExtractable(p.kind)) in.paragraphs.back().push_back({p.index, p.text});
    }
  }
  return in;
}

// One Extract over every article of `in`; returns the claims found.
std::size_t ExtractAll(const ExtractionInputs& in) {
  Tools& tools = GetTools();
  std::size_t claims_found = 0;
  for (size_t i = 0; i < in.contexts.size(); ++i) {
    std::vector<claims::ExtractedClaim> found =
        tools.extractor->Extract(in.contexts[i], in.paragraphs[i]);
    claims_found += found.size();
    benchmark::DoNotOptimize(found);
  }
  return claims_found;
}

void Extraction(benchmark::State& state, const Corpus* c) {
  const ExtractionInputs in = MakeExtractionInputs(*c);
  std::size_t claims_found = 0;
  for (auto _ : state) claims_found += ExtractAll(in);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c->paragraph_bytes));
  state.counters["claims_per_article"] =
      static_cast<double>(claims_found) /
      static_cast<double>(std::max<size_t>(1, state.iterations() * in.contexts.size()));
}

void NormaliseQuantities(benchmark::State& state, const Corpus* c) {
  Tools& tools = GetTools();
  for (auto _ : state) {
    for (const std::string& s : c->sentences) benchmark::DoNotOptimize(tools.quantities->Find(s));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c->sentence_bytes));
}

void NormaliseDates(benchmark::State& state, const Corpus* c) {
  Tools& tools = GetTools();
  const std::optional<absl::Time> reference = absl::FromUnixSeconds(1735689600);  // 2025-01-01
  for (auto _ : state) {
    for (const std::string& s : c->sentences)
      benchmark::DoNotOptimize(tools.dates.Find(s, reference));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c->sentence_bytes));
}

void ParseNumbers(benchmark::State& state, const Corpus* c) {
  for (auto _ : state) {
    for (const std::string& s : c->sentences) benchmark::DoNotOptimize(claims::FindNumbers(s));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c->sentence_bytes));
}

std::string DescribeEntity(const claims::Entity& e) {
  return absl::StrFormat("{id=%s name=%s affiliation=%s}", e.id, e.name, e.affiliation);
}

// Every field of every claim, one line each; returns the number of claims.
std::size_t DumpClaims(const std::string& label, const Corpus& c) {
  Tools& tools = GetTools();
  const ExtractionInputs in = MakeExtractionInputs(c);
  std::size_t count = 0;
  for (size_t i = 0; i < in.contexts.size(); ++i) {
    std::printf("== %s %zu %s\n", label.c_str(), i, in.contexts[i].name.c_str());
    for (const claims::ExtractedClaim& claim :
         tools.extractor->Extract(in.contexts[i], in.paragraphs[i])) {
      const claims::ClaimContent& k = claim.content;
      const claims::Mention& m = claim.mention;
      std::string line =
          absl::StrFormat("id=%s kind=%d subject=%s predicate=%s object=%s quote=%s statement=%s",
                          claims::ClaimId(k), static_cast<int>(k.kind), DescribeEntity(k.subject),
                          k.predicate, DescribeEntity(k.object), k.quote_text, k.statement);
      if (k.quantity.has_value()) {
        absl::StrAppendFormat(&line, " quantity={%.17g %.17g %s bound=%d}", k.quantity->value,
                              k.quantity->upper_value, k.quantity->unit,
                              static_cast<int>(k.quantity->bound));
      }
      if (k.date.has_value()) {
        absl::StrAppendFormat(&line, " date={%d-%d-%d precision=%d}", k.date->year, k.date->month,
                              k.date->day, static_cast<int>(k.date->precision));
      }
      absl::StrAppendFormat(&line, " mention={p=%d [%zu,%zu) claimant=%s cue=%s method=%s}",
                            m.paragraph_index, m.start_offset, m.end_offset,
                            DescribeEntity(m.claimant), m.cue, m.method);
      std::printf("%s\n", line.c_str());
      ++count;
    }
  }
  return count;
}

// The passes bench/count_instructions.sh measures (callgrind
// --toggle-collect=*MeasuredExtractPasses*): not inlined, so its cost is
// exactly the passes'.
__attribute__((noinline)) std::size_t MeasuredExtractPasses(const ExtractionInputs& in,
                                                            int passes) {
  std::size_t claims_found = 0;
  for (int pass = 0; pass < passes; ++pass) claims_found += ExtractAll(in);
  return claims_found;
}

int RunPasses(const std::string& label, const Corpus& c, int passes) {
  if (c.texts.empty()) {
    std::fprintf(stderr, "--passes: the %s corpus is empty (CLAIMTRACE_SEED_DIR?)\n",
                 label.c_str());
    return 1;
  }
  const ExtractionInputs in = MakeExtractionInputs(c);
  ExtractAll(in);  // warm-up: not counted
  const std::size_t claims_found = MeasuredExtractPasses(in, passes);
  std::printf("corpus=%s articles=%zu paragraph_bytes=%zu passes=%d claims_per_pass=%zu\n",
              label.c_str(), c.texts.size(), c.paragraph_bytes, passes,
              claims_found / static_cast<std::size_t>(passes));
  return 0;
}

void RegisterAll(const std::string& suffix, const Corpus* corpus) {
  benchmark::RegisterBenchmark(("ArticleParse/" + suffix).c_str(), ArticleParse, corpus);
  benchmark::RegisterBenchmark(("SentenceSegmentation/" + suffix).c_str(), SentenceSegmentation,
                               corpus);
  benchmark::RegisterBenchmark(("Extraction/" + suffix).c_str(), Extraction, corpus);
  benchmark::RegisterBenchmark(("NormaliseQuantities/" + suffix).c_str(), NormaliseQuantities,
                               corpus);
  benchmark::RegisterBenchmark(("NormaliseDates/" + suffix).c_str(), NormaliseDates, corpus);
  benchmark::RegisterBenchmark(("ParseNumbers/" + suffix).c_str(), ParseNumbers, corpus);
}

}  // namespace
}  // namespace claimtrace::bench

int main(int argc, char** argv) {
  using namespace claimtrace::bench;
  int articles = 100;
  int passes = 0;
  std::string dump_dirs;
  std::string passes_corpus = "synthetic";
  // Our own flag, removed before Google Benchmark sees the rest.
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--articles=", 0) == 0) {
      articles = std::max(1, std::atoi(arg.c_str() + 11));
    } else if (arg.rfind("--dump=", 0) == 0) {
      dump_dirs = arg.substr(7);
    } else if (arg.rfind("--passes=", 0) == 0) {
      passes = std::max(1, std::atoi(arg.c_str() + 9));
    } else if (arg.rfind("--corpus=", 0) == 0) {
      passes_corpus = arg.substr(9);
    } else {
      rest.push_back(argv[i]);
    }
  }
  if (!dump_dirs.empty()) {
    std::size_t count = DumpClaims("synthetic", BuildCorpus(SyntheticTexts(articles)));
    const char* seed_dir = std::getenv("CLAIMTRACE_SEED_DIR");
    if (seed_dir != nullptr) count += DumpClaims(seed_dir, BuildCorpus(FolderTexts(seed_dir)));
    for (absl::string_view dir : absl::StrSplit(dump_dirs, ',')) {
      count += DumpClaims(std::string(dir), BuildCorpus(FolderTexts(std::string(dir))));
    }
    std::fprintf(stderr, "%zu claims\n", count);
    return 0;
  }
  if (passes > 0) {
    if (passes_corpus == "synthetic") {
      return RunPasses(passes_corpus, BuildCorpus(SyntheticTexts(articles)), passes);
    }
    const char* seed_dir = std::getenv("CLAIMTRACE_SEED_DIR");
    if (passes_corpus != "seeds" || seed_dir == nullptr ||
        !std::filesystem::is_directory(seed_dir)) {
      std::fprintf(stderr,
                   "--corpus must be synthetic or seeds (seeds needs CLAIMTRACE_SEED_DIR)\n");
      return 2;
    }
    return RunPasses(passes_corpus, BuildCorpus(FolderTexts(seed_dir)), passes);
  }
  int rest_argc = static_cast<int>(rest.size());
  benchmark::Initialize(&rest_argc, rest.data());

  static const Corpus synthetic = BuildCorpus(SyntheticTexts(articles));
  RegisterAll("synthetic", &synthetic);
  static Corpus seeds;
  const char* seed_dir = std::getenv("CLAIMTRACE_SEED_DIR");
  if (seed_dir != nullptr && std::filesystem::is_directory(seed_dir)) {
    seeds = BuildCorpus(FolderTexts(seed_dir));
    if (!seeds.texts.empty()) RegisterAll("seeds", &seeds);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
