#!/usr/bin/env bash
# Builds the local Debian 12 base image for deploy/Containerfile without a
# registry: debootstrap --variant=minbase from the apt mirror this machine is
# configured with, then `podman import`. Users with a registry do not need it;
# they build on debian:bookworm-slim (the Containerfile's default BASE).
#
#   deploy/scripts/make-base-image.sh            # reuse the image if present
#   deploy/scripts/make-base-image.sh --force    # rebuild it
#   BASE_IMAGE=localhost/debian:bookworm MIRROR=http://... deploy/scripts/make-base-image.sh
#
# Needs root (debootstrap), debootstrap and podman. Takes about 25 s.
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "$0")/lib.sh"

image="${BASE_IMAGE:-localhost/debian:bookworm}"
force=false
[[ "${1:-}" == "--force" ]] && force=true

command -v podman >/dev/null || die "podman is not installed (see deploy/debian-packages.txt)"
if ! $force && podman_quiet image exists "$image"; then
  log "reusing $image (pass --force to rebuild)"
  exit 0
fi
command -v debootstrap >/dev/null || die "debootstrap is not installed (see deploy/debian-packages.txt)"
[[ $(id -u) -eq 0 ]] || die "debootstrap needs root"

# The mirror apt already uses here, so this works wherever apt does.
# shellcheck disable=SC2016  # $(SITE) is apt's placeholder, not a shell expansion
mirror="${MIRROR:-$(apt-get indextargets --format '$(SITE)' \
  'Identifier: Packages' 'Release: bookworm' 'Component: main' | head -n1)}"
[[ -n "$mirror" ]] || die "no bookworm main mirror in apt's configuration; set MIRROR=..."

rootfs=$(mktemp -d /var/tmp/claimtrace-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT
started=$SECONDS
log "debootstrap --variant=minbase bookworm from $mirror"
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$rootfs.log" 2>&1 ||
  { tail -n 20 "$rootfs.log" >&2; rm -f "$rootfs.log"; die "debootstrap failed"; }
rm -f "$rootfs.log"
# A container image carries no package lists or caches.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb

tar --numeric-owner -C "$rootfs" -c . |
  podman_quiet import --change 'CMD ["/bin/bash"]' - "$image" >/dev/null
log "built $image in $((SECONDS - started)) s"
