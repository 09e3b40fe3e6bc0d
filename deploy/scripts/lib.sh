# shellcheck shell=bash
# Shared helpers for the deploy scripts; source it, do not run it.
# Sets DEPLOY_DIR and REPO_ROOT, points podman at deploy/podman/containers.conf
# (unless the caller chose another) and defines small logging helpers.

DEPLOY_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REPO_ROOT=$(cd "$DEPLOY_DIR/.." && pwd)
export CONTAINERS_CONF="${CONTAINERS_CONF:-$DEPLOY_DIR/podman/containers.conf}"

# The version every image is tagged with, read from the top-level project().
claimtrace_version() {
  sed -n 's/^project(claimtrace VERSION \([0-9.]*\).*/\1/p' "$REPO_ROOT/CMakeLists.txt"
}

log() { echo "[$(basename "$0")] $*" >&2; }
die() { log "error: $*"; exit 1; }

# Exit code ctest treats as "skipped" (SKIP_RETURN_CODE in tests/deploy).
readonly SKIP_EXIT=77
skip() { echo "SKIPPED: $*" >&2; exit "$SKIP_EXIT"; }

# podman prints a harmless "failed to connect to syslog" line on every
# command in the sandbox; drop it so logs stay readable.
podman_quiet() {
  podman "$@" 2> >(grep -v 'failed to connect to syslog' >&2)
}
