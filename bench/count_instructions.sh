#!/usr/bin/env bash
# Instructions per article that ClaimExtractor::Extract runs, counted by
# callgrind: a figure the machine's speed does not move, for comparing two
# builds of the extractor (see bench/README.md, "Microbenchmarks").
#   bash bench/count_instructions.sh [BUILD_DIR] [PASSES]
# Runs bench_extraction --passes=PASSES (default 5) on the synthetic corpus and,
# when CLAIMTRACE_SEED_DIR (or ../shared/seeds) has articles, on those; the
# warm-up pass (word lists built on first use) is not counted.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
passes=${2:-5}
bin="$build_dir/bench/bench_extraction"
if ! command -v valgrind >/dev/null; then
  echo "count_instructions: valgrind not found (apt-get install valgrind)" >&2
  exit 1
fi
if [[ ! -x "$bin" ]]; then
  echo "count_instructions: $bin not built (ninja -C $build_dir bench_extraction)" >&2
  exit 1
fi
if [[ -z "${CLAIMTRACE_SEED_DIR:-}" && -d ../shared/seeds ]]; then
  CLAIMTRACE_SEED_DIR="$(cd ../shared/seeds && pwd)"
  export CLAIMTRACE_SEED_DIR
fi
corpora=(synthetic)
[[ -n "${CLAIMTRACE_SEED_DIR:-}" && -d "$CLAIMTRACE_SEED_DIR" ]] && corpora+=(seeds)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for corpus in "${corpora[@]}"; do
  valgrind --tool=callgrind --collect-atstart=no \
    --toggle-collect='*MeasuredExtractPasses*' --callgrind-out-file="$work/$corpus.out" \
    "$bin" --passes="$passes" --corpus="$corpus" >"$work/$corpus.txt" 2>"$work/$corpus.log" || {
    cat "$work/$corpus.log" >&2
    exit 1
  }
  total=$(callgrind_annotate "$work/$corpus.out" | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
  # corpus=... articles=N paragraph_bytes=B passes=P claims_per_pass=C
  read -r articles bytes claims < <(sed -E 's/.*articles=([0-9]+) paragraph_bytes=([0-9]+) passes=[0-9]+ claims_per_pass=([0-9]+).*/\1 \2 \3/' "$work/$corpus.txt")
  awk -v c="$corpus" -v t="$total" -v a="$articles" -v b="$bytes" -v p="$passes" -v k="$claims" \
    'BEGIN { printf "%s: %.0f instructions per article, %.1f per byte (%d articles, %d claims, %d passes)\n", c, t / (a * p), t / (b * p), a, k, p }'
done
