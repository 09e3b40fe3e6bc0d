#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs
# every test (ctest: unit, integration, e2e, eval, postgres) plus `buf lint`.
#   bash scripts/test.sh            # everything
#   CTEST_ARGS="-L unit" bash scripts/test.sh   # a subset by label
# Seed-article tests run when CLAIMTRACE_SEED_DIR names ../shared/seeds
# (or any folder of articles) and skip with a message otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash scripts/install-deps.sh
bash scripts/build.sh

if [[ -z "${CLAIMTRACE_SEED_DIR:-}" && -d ../shared/seeds ]]; then
  export CLAIMTRACE_SEED_DIR="$root/../shared/seeds"
fi
echo "test: CLAIMTRACE_SEED_DIR=${CLAIMTRACE_SEED_DIR:-<unset: seed tests skip>}"

# npm tooling (buf, the Node contract client, manifest validation), pinned in
# package-lock.json; reinstalled whenever the lock file changes.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ "$(cat node_modules/.claimtrace-lock 2>/dev/null)" != "$lock_sum" ]]; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  echo "$lock_sum" >node_modules/.claimtrace-lock
fi
node_modules/.bin/buf lint
echo "test: buf lint passed"

# Formatting (.clang-format, Google style at 100 columns) of every C++ file.
git ls-files '*.cc' '*.h' | xargs clang-format --dry-run --Werror
echo "test: clang-format clean"

# PostgreSQL tests (label postgres) run against a throwaway server that
# scripts/with-postgres.sh starts around ctest (they skip with a message
# where none can be started).
# shellcheck disable=SC2086
bash scripts/with-postgres.sh \
  ctest --test-dir build --output-on-failure --timeout 300 -j2 ${CTEST_ARGS:-}

# The same unit and integration tests in an ASan+UBSan build (clang), plus a
# short bounded run of each libFuzzer target. CI sets CLAIMTRACE_SANITIZERS=1.
if [[ "${CLAIMTRACE_SANITIZERS:-0}" == 1 ]]; then
  CC=clang CXX=clang++ BUILD_DIR=build-asan \
    CMAKE_ARGS="-DCLAIMTRACE_FUZZ=ON -DCMAKE_CXX_FLAGS_RELEASE=-O1 -DCLAIMTRACE_FUZZ_SECONDS=${CLAIMTRACE_FUZZ_SECONDS:-15}" \
    bash scripts/build.sh
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 LSAN_OPTIONS=suppressions=$root/tests/lsan.supp \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure --timeout 600 -j2 -L 'unit|integration|fuzz'
fi
