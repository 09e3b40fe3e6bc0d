// Sanity of the evaluation set (eval/) and of an end-to-end extraction_eval
// run. Extraction quality is reported by the tool, not asserted here.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/eval_scoring.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "re2/re2.h"

namespace claimtrace::eval {
namespace {

namespace fs = std::filesystem;

const fs::path kEvalDir = fs::path(CLAIMTRACE_SOURCE_DIR) / "eval";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::vector<fs::path> FilesIn(const fs::path& dir, const std::vector<std::string>& extensions) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    for (const std::string& extension : extensions) {
      if (entry.path().extension() == extension) out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string SeedDir() {
  const char* dir = std::getenv("CLAIMTRACE_SEED_DIR");
  return dir != nullptr && fs::is_directory(dir) ? dir : "";
}

TEST(EvalSetTest, EveryOwnArticleHasLabelsWhoseAnchorsOccurExactlyOnce) {
  const std::vector<fs::path> articles = FilesIn(kEvalDir / "articles", {".md", ".txt"});
  ASSERT_GE(articles.size(), 8u);
  for (const fs::path& article : articles) {
    const fs::path labels_path = kEvalDir / "labels" / (article.stem().string() + ".tsv");
    ASSERT_TRUE(fs::is_regular_file(labels_path)) << labels_path;
    absl::StatusOr<LabelFile> labels = ParseLabels(ReadFile(labels_path));
    ASSERT_TRUE(labels.ok()) << labels_path << ": " << labels.status();
    EXPECT_EQ(labels->format, LabelFormat::kAnchors) << labels_path;
    EXPECT_GE(labels->labels.size(), 10u) << labels_path;
    absl::Status resolved = ResolveSpans(ReadFile(article), *labels);
    EXPECT_TRUE(resolved.ok()) << labels_path << ": " << resolved.message();
  }
}

TEST(EvalSetTest, SeedLabelsUseOffsetsAndRecordTheTextDigest) {
  const std::vector<fs::path> files = FilesIn(kEvalDir / "seed_labels", {".tsv"});
  ASSERT_GE(files.size(), 1u);
  for (const fs::path& path : files) {
    absl::StatusOr<LabelFile> labels = ParseLabels(ReadFile(path));
    ASSERT_TRUE(labels.ok()) << path << ": " << labels.status();
    EXPECT_EQ(labels->format, LabelFormat::kOffsets) << path;
    EXPECT_EQ(labels->text_sha256.size(), 64u) << path;
  }
}

TEST(EvalSetTest, SeedLabelsResolveAgainstTheSeedTexts) {
  const std::string seed_dir = SeedDir();
  if (seed_dir.empty()) GTEST_SKIP() << "CLAIMTRACE_SEED_DIR not set";
  for (const fs::path& path : FilesIn(kEvalDir / "seed_labels", {".tsv"})) {
    const fs::path seed = fs::path(seed_dir) / (path.stem().string() + ".txt");
    ASSERT_TRUE(fs::is_regular_file(seed)) << seed;
    absl::StatusOr<LabelFile> labels = ParseLabels(ReadFile(path));
    ASSERT_TRUE(labels.ok()) << labels.status();
    absl::Status resolved = ResolveSpans(ReadFile(seed), *labels);
    EXPECT_TRUE(resolved.ok()) << path << ": " << resolved.message();
  }
}

TEST(EvalSetTest, NoSeedTextIsCommittedUnderEvalOrExamples) {
  const std::string seed_dir = SeedDir();
  if (seed_dir.empty()) GTEST_SKIP() << "CLAIMTRACE_SEED_DIR not set";
  std::vector<std::string> committed;
  for (const fs::path& dir : {kEvalDir, fs::path(CLAIMTRACE_SOURCE_DIR) / "examples"}) {
    for (const fs::path& path : FilesIn(dir, {".md", ".txt", ".tsv", ".sh"})) {
      committed.push_back(ReadFile(path));
    }
  }
  int probes = 0;
  for (const fs::path& seed : FilesIn(seed_dir, {".txt"})) {
    std::istringstream lines(ReadFile(seed));
    std::string line;
    while (std::getline(lines, line)) {
      if (line.size() < 60) continue;
      // Two 40-byte probes per long line: its start and its middle.
      for (std::size_t at : {std::size_t{0}, line.size() / 2}) {
        const std::string probe = line.substr(at, 40);
        ++probes;
        for (const std::string& text : committed) {
          ASSERT_EQ(text.find(probe), std::string::npos) << "seed text from " << seed;
        }
      }
    }
  }
  EXPECT_GT(probes, 0);
}

TEST(EvalSetTest, ExtractionEvalRunsAndReportsFiguresInTheUnitInterval) {
  const fs::path json = fs::path(::testing::TempDir()) / "extraction_eval_test.json";
  const std::string command = std::string("\"") + EXTRACTION_EVAL_PATH +
                              "\" --strict --eval_dir=\"" + kEvalDir.string() + "\" --json=\"" +
                              json.string() + "\" > /dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  const std::string figures = ReadFile(json);
  ASSERT_FALSE(figures.empty());

  // Every ratio the tool reports is null (undefined) or within [0, 1].
  re2::StringPiece input(figures);
  std::string key, value;
  int ratios = 0;
  const RE2 ratio_pattern(
      "\"(precision|recall|f1|accuracy|[a-z_]+_correct|numeric_recall_value_bound)\": "
      "(null|[-0-9.eE+]+)");
  while (RE2::FindAndConsume(&input, ratio_pattern, &key, &value)) {
    ++ratios;
    if (value == "null") continue;
    const double ratio = std::stod(value);
    EXPECT_GE(ratio, 0.0) << key;
    EXPECT_LE(ratio, 1.0) << key;
  }
  EXPECT_GT(ratios, 20);

  // The own set's article and gold counts agree with the label files.
  int articles = 0, gold = 0, predicted = 0;
  ASSERT_TRUE(RE2::PartialMatch(figures,
                                "\"own\": \\{\"articles\": (\\d+), \"skipped\": \\[\\], "
                                "\"overall\": \\{\"gold\": (\\d+), \"predicted\": (\\d+)",
                                &articles, &gold, &predicted))
      << figures.substr(0, 300);
  int expected_gold = 0;
  const std::vector<fs::path> own = FilesIn(kEvalDir / "articles", {".md", ".txt"});
  for (const fs::path& article : own) {
    absl::StatusOr<LabelFile> labels =
        ParseLabels(ReadFile(kEvalDir / "labels" / (article.stem().string() + ".tsv")));
    ASSERT_TRUE(labels.ok());
    expected_gold += static_cast<int>(labels->labels.size());
  }
  EXPECT_EQ(articles, static_cast<int>(own.size()));
  EXPECT_EQ(gold, expected_gold);
  EXPECT_GT(predicted, 0) << "the extractor found nothing at all";
}

}  // namespace
}  // namespace claimtrace::eval
