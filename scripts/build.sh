#!/usr/bin/env bash
# Configures and builds claimtrace in Release with Ninja and ccache.
# BUILD_DIR (default build) and CMAKE_ARGS may be set by the caller.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
# Paths under the checkout are hashed relative to it, so another clone (CI's
# fresh one) hits the same ccache entries.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(pwd)}
if [[ ! -f "$build_dir/build.ninja" ]]; then
  # shellcheck disable=SC2086
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release ${CMAKE_ARGS:-} >/dev/null
fi
start=$(date +%s)
ninja -C "$build_dir" "$@"
echo "build: $build_dir ready in $(( $(date +%s) - start ))s"
