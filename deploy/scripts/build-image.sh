#!/usr/bin/env bash
# Builds the claimtrace image from source with the multi-stage
# deploy/Containerfile (compiles inside the build stage; about 8 min on 2 cores,
# apt included, without a warm ccache).
#
#   deploy/scripts/build-image.sh [--base IMAGE | --local-base] [--tag localhost/claimtrace:VERSION]
#                                 [--archive FILE.tar] [--jobs N]
#
# --local-base  builds (or reuses) localhost/debian:bookworm with
#               make-base-image.sh, for machines without a registry.
# --base IMAGE  any Debian 12 image (default docker.io/library/debian:bookworm-slim).
# --archive     also writes a docker-archive for `kind load image-archive`.
# --jobs N      parallel compile jobs in the build stage (default: ninja's).
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "$0")/lib.sh"

base=""
build_args=(--build-arg "VERSION=$(claimtrace_version)")
tag="localhost/claimtrace:$(claimtrace_version)"
archive=""
while (($#)); do
  case "$1" in
    --base) base=$2; shift 2 ;;
    --local-base) bash "$DEPLOY_DIR/scripts/make-base-image.sh"; base=localhost/debian:bookworm; shift ;;
    --tag) tag=$2; shift 2 ;;
    --archive) archive=$2; shift 2 ;;
    --jobs) build_args+=(--build-arg "BUILD_JOBS=$2"); shift 2 ;;
    *) die "unknown argument $1 (see the header of $0)" ;;
  esac
done

[[ -n "$base" ]] && build_args+=(--build-arg "BASE=$base")
started=$SECONDS
log "podman build -f deploy/Containerfile ${build_args[*]} -t $tag (the compile takes a while)"
podman_quiet build --layers -f "$DEPLOY_DIR/Containerfile" --ignorefile "$DEPLOY_DIR/Containerfile.dockerignore" \
  "${build_args[@]}" -t "$tag" "$REPO_ROOT"
log "built $tag in $((SECONDS - started)) s"
if [[ -n "$archive" ]]; then
  rm -f "$archive"
  podman_quiet save --format docker-archive -o "$archive" "$tag"
  log "wrote $archive (kind load image-archive $archive)"
fi
