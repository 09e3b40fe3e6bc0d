#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs
# every test (ctest: unit, integration, e2e, eval) plus `buf lint`.
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

# Proto lint with buf (from npm, pinned in package-lock.json).
if [[ ! -x node_modules/.bin/buf ]]; then
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi
node_modules/.bin/buf lint
echo "test: buf lint passed"

# shellcheck disable=SC2086
ctest --test-dir build --output-on-failure --timeout 300 -j2 ${CTEST_ARGS:-}
