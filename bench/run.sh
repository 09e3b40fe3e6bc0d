#!/usr/bin/env bash
# The benchmark suite in one command (see bench/README.md):
#   bash bench/run.sh            # full: 1k, 10k, 100k and 1M claims, 1 s warm-up + 5 s per run
#   bash bench/run.sh --quick    # 1k and 10k claims, shorter runs (a few minutes)
#   bash bench/run.sh --smoke    # seconds: checks the harness works, figures meaningless
#   bash bench/run.sh --quick --backends=sqlite,postgresql   # both engines side by side
# Any other argument goes to bench_runner, e.g. --scales=1000,100000 or --duration=10s.
# Results: bench/results/<mode>.json and <mode>.md. BUILD_DIR (default build) and
# NINJA_JOBS may be set. Every load goes to 127.0.0.1 only and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}

if ! command -v h2load >/dev/null; then
  echo "bench: h2load not found; install Debian's nghttp2-client (bash scripts/install-deps.sh)" >&2
  exit 1
fi
if [[ ! -f "$build_dir/build.ninja" ]]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
# shellcheck disable=SC2086
ninja -C "$build_dir" ${NINJA_JOBS:+-j$NINJA_JOBS} \
  bench_runner bench_baseline_server bench_extraction claims_service provenance_service

mode=full
args=()
for arg in "$@"; do
  case "$arg" in
    --quick) mode=quick ;;
    --smoke) mode=smoke ;;
    --full) mode=full ;;
    *) args+=("$arg") ;;
  esac
done
case "$mode" in
  full) preset=(--scales=1000,10000,100000,1000000 --warmup=1s --duration=5s) ;;
  quick) preset=(--scales=1000,10000 --warmup=500ms --duration=2s --ingest_articles=200
                 --microbench_min_time=0.2) ;;
  smoke) preset=(--scales=300 --warmup=50ms --duration=200ms --ingest_articles=4
                 --throughput_concurrency=4 --microbench= --skip_seed_ingest) ;;
esac
if [[ -z "${CLAIMTRACE_SEED_DIR:-}" && -d ../shared/seeds ]]; then
  CLAIMTRACE_SEED_DIR="$(cd ../shared/seeds && pwd)"
  export CLAIMTRACE_SEED_DIR
fi
# --backends=...postgresql...: a throwaway local PostgreSQL server for the run
# (scripts/with-postgres.sh exports CLAIMTRACE_TEST_POSTGRES_URL), unless
# --postgres_url names one. Results then go to <mode>-<backends>.{json,md}.
wrap=()
name=$mode
for arg in ${args[@]+"${args[@]}"}; do
  case "$arg" in
    --backends=*postgresql*)
      name="$mode-$(echo "${arg#--backends=}" | tr ',' '-')"
      if [[ ! " ${args[*]} " =~ " --postgres_url=" ]]; then wrap=(bash scripts/with-postgres.sh); fi
      ;;
  esac
done
exec ${wrap[@]+"${wrap[@]}"} "$build_dir/bench/bench_runner" --mode="$mode" --name="$name" \
  --out_dir="$(pwd)/bench/results" "${preset[@]}" ${args[@]+"${args[@]}"}
