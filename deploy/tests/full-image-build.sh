#!/usr/bin/env bash
# The full multi-stage build (ctest: deploy_full_image_build, labels deploy
# and slow), opt-in because it compiles the whole project inside the
# container: CLAIMTRACE_DEPLOY_FULL_BUILD=1. Builds the local Debian base
# (reused when present), builds deploy/Containerfile on it, then plays the
# result with the same podman harness and checks as deploy_podman_harness
# (the host-side claimctl comes from BIN_DIR).
#
#   CLAIMTRACE_DEPLOY_FULL_BUILD=1 deploy/tests/full-image-build.sh [BIN_DIR]
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "$0")/../scripts/lib.sh"
bin_dir=$(cd "${1:-$REPO_ROOT/build}" && pwd)

[[ "${CLAIMTRACE_DEPLOY_FULL_BUILD:-}" == "1" ]] ||
  skip "the full multi-stage image build compiles everything in a container (~9 min); set CLAIMTRACE_DEPLOY_FULL_BUILD=1 to run it"
if ! command -v podman >/dev/null || ! podman_quiet info >/dev/null 2>&1; then skip "podman cannot run here"; fi
command -v debootstrap >/dev/null || die "debootstrap is missing (deploy/debian-packages.txt)"

started=$SECONDS
image=$(node "$DEPLOY_DIR/tools/validate-manifests.mjs" --print overlays/ci | sed -n 's/^ *image: //p' | sort -u)
bash "$DEPLOY_DIR/scripts/build-image.sh" --local-base --jobs "${CLAIMTRACE_BUILD_JOBS:-2}" \
  --tag localhost/claimtrace:full-build
podman_quiet tag localhost/claimtrace:full-build "$image"
article=$(find "$REPO_ROOT/examples/articles" -maxdepth 1 -name '*.txt' | sort | head -n 1)
status=0
node "$DEPLOY_DIR/tools/podman-harness.mjs" --overlay overlays/ci --claimctl "$bin_dir/client/claimctl" \
  --article "$article" || status=$?
log "full build and run in $((SECONDS - started)) s"
exit "$status"
