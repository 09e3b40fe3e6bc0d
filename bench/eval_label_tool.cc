// eval_label_tool: authoring helper for eval/ label files.
//
//   eval_label_tool check      ARTICLE LABELS.tsv  # every anchor/span resolves
//   eval_label_tool show       ARTICLE LABELS.tsv  # rows with the text they cover
//   eval_label_tool to-offsets ARTICLE DRAFT.tsv   # anchor draft -> offset TSV
//
// to-offsets is how seed labels are written without committing seed text:
// draft the labels with anchors in a file OUTSIDE the repository, convert,
// and commit only the offset file (it records the text's SHA-256 so a changed
// seed is detected). `show` prints article text: run it, never commit its
// output for seeds.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "bench/eval_scoring.h"
#include "common/sha256.h"

namespace {

using claimtrace::eval::GoldLabel;
using claimtrace::eval::LabelFile;

bool ReadFile(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "cannot open " << path << "\n";
    return false;
  }
  std::ostringstream content;
  content << in.rdbuf();
  out = content.str();
  return true;
}

int Usage() {
  std::cerr << "usage: eval_label_tool check|show|to-offsets ARTICLE LABELS.tsv\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) return Usage();
  const std::string mode = argv[1];
  std::string text, tsv;
  if (!ReadFile(argv[2], text) || !ReadFile(argv[3], tsv)) return 1;
  absl::StatusOr<LabelFile> labels = claimtrace::eval::ParseLabels(tsv);
  if (!labels.ok()) {
    std::cerr << argv[3] << ": " << labels.status().message() << "\n";
    return 1;
  }
  if (absl::Status status = claimtrace::eval::ResolveSpans(text, *labels); !status.ok()) {
    std::cerr << argv[3] << ": " << status.message() << "\n";
    return 1;
  }
  if (mode == "check") {
    std::cout << argv[3] << ": " << labels->labels.size() << " labels resolve\n";
    return 0;
  }
  if (mode == "show") {
    for (const GoldLabel& label : labels->labels) {
      std::cout << absl::StrFormat("l.%-4d %-10s [%zu,%zu) %s\n", label.line,
                                   claimtrace::eval::KindName(label.kind), label.start, label.end,
                                   text.substr(label.start, label.end - label.start));
    }
    return 0;
  }
  if (mode != "to-offsets") return Usage();
  if (labels->format != claimtrace::eval::LabelFormat::kAnchors) {
    std::cerr << "to-offsets expects an anchor-format draft\n";
    return 1;
  }
  // Re-emit the draft's data lines with the anchor replaced by its span;
  // comments are dropped (they may quote the article).
  std::cout << "# Gold claim mentions by UTF-8 byte span; see eval/README.md.\n";
  std::cout << "# text_sha256: " << claimtrace::common::Sha256Hex(text) << "\n";
  std::cout << "start_byte\tend_byte\tkind\tvalue\tupper_value\tunit\tbound\tclaimant_id\n";
  std::vector<absl::string_view> lines = absl::StrSplit(tsv, '\n');
  for (const GoldLabel& label : labels->labels) {
    absl::string_view line = lines[label.line - 1];
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::vector<absl::string_view> fields = absl::StrSplit(line, '\t');
    fields.erase(fields.begin());
    std::cout << label.start << "\t" << label.end << "\t" << absl::StrJoin(fields, "\t") << "\n";
  }
  return 0;
}
