#!/usr/bin/env bash
# Builds the claimtrace runtime image from binaries already built on this
# (Debian 12) host, with deploy/Containerfile.prebuilt: no compiler, no
# registry, no network. CI uses it so the project is compiled once.
#
#   deploy/scripts/build-prebuilt-image.sh [--bin-dir build] [--tag localhost/claimtrace:VERSION]
#                                          [--archive FILE.tar]
#
# --archive also writes a docker-archive for `kind load image-archive`.
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "$0")/lib.sh"

bin_dir="$REPO_ROOT/build"
tag="localhost/claimtrace:$(claimtrace_version)"
archive=""
while (($#)); do
  case "$1" in
    --bin-dir) bin_dir=$2; shift 2 ;;
    --tag) tag=$2; shift 2 ;;
    --archive) archive=$2; shift 2 ;;
    *) die "unknown argument $1 (see the header of $0)" ;;
  esac
done

binaries=("$bin_dir/claims_service/claims_service" "$bin_dir/provenance_service/provenance_service"
          "$bin_dir/client/claimctl")
for binary in "${binaries[@]}"; do
  [[ -x "$binary" ]] || die "$binary is missing: build the project first (bash scripts/build.sh)"
done
grep -q '^VERSION_ID="12"' /etc/os-release ||
  log "warning: this host is not Debian 12; the image will carry this host's libraries"

context=$(mktemp -d "${TMPDIR:-/tmp}/claimtrace-image.XXXXXX")
trap 'rm -rf "$context"' EXIT
started=$SECONDS
bash "$DEPLOY_DIR/scripts/assemble-rootfs.sh" "$context/rootfs" "$REPO_ROOT/data" "${binaries[@]}"
podman_quiet build --quiet --pull=never -f "$DEPLOY_DIR/Containerfile.prebuilt" \
  --build-arg "VERSION=$(claimtrace_version)" -t "$tag" "$context" >/dev/null
log "built $tag from $bin_dir in $((SECONDS - started)) s"
if [[ -n "$archive" ]]; then
  rm -f "$archive"
  podman_quiet save --format docker-archive -o "$archive" "$tag"
  log "wrote $archive (kind load image-archive $archive)"
fi
