#!/usr/bin/env bash
# The deployment, run for real on this machine (ctest: deploy_podman_harness,
# label deploy): builds the runtime image from the binaries already built
# (deploy/Containerfile.prebuilt), plays the ci overlay's Deployments and Job
# with podman and host networking (deploy/tools/podman-harness.mjs: probes,
# readiness gating, restarts, graceful deletion), drives the services from the
# host with claimctl over 127.0.0.1, and checks both exit 0 on SIGTERM.
#
#   deploy/tests/podman-harness.sh [BIN_DIR]      # default: build
#   HARNESS_ARGS=--liveness-drill deploy/tests/podman-harness.sh   # + ~80 s
#
# Skips (exit 77) with a message where podman cannot run containers, except
# under CI=true, where that is a failure: CI machines of this kind run it.
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "$0")/../scripts/lib.sh"
bin_dir=$(cd "${1:-$REPO_ROOT/build}" && pwd)
started=$SECONDS

cannot_run() {
  if [[ "${CI:-}" == "true" ]]; then die "$* (CI=true: the podman run is required here)"; fi
  skip "$*"
}

command -v podman >/dev/null || cannot_run "podman is not installed (bash scripts/install-deps.sh installs deploy/debian-packages.txt)"
if ! info=$(podman_quiet info 2>&1); then
  cannot_run "podman cannot run here: $(tail -n 3 <<<"$info")"
fi
command -v kubectl >/dev/null || skip "kubectl (1.21+, kustomize v4+) is needed to render the ci overlay"
command -v node >/dev/null || die "node is missing: bash scripts/install-deps.sh"
if [[ ! -f "$REPO_ROOT/node_modules/kubernetes-models/package.json" || ! -f "$REPO_ROOT/node_modules/yaml/package.json" ]]; then
  (cd "$REPO_ROOT" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi
for binary in claims_service/claims_service provenance_service/provenance_service client/claimctl; do
  [[ -x "$bin_dir/$binary" ]] || die "$bin_dir/$binary is missing: build the project first"
done

# The image the ci overlay names, built from the host's binaries.
image=$(node "$DEPLOY_DIR/tools/validate-manifests.mjs" --print overlays/ci | sed -n 's/^ *image: //p' | sort -u)
[[ $(wc -l <<<"$image") -eq 1 ]] || die "the ci overlay names more than one image: $image"
bash "$DEPLOY_DIR/scripts/build-prebuilt-image.sh" --bin-dir "$bin_dir" --tag "$image"

# Can this machine start a container at all? (No network: nothing to send.)
if ! out=$(podman_quiet run --rm --network none --pull never --entrypoint /usr/local/bin/claims_service \
             "$image" --version 2>&1); then
  cannot_run "podman cannot start containers here: $(tail -n 3 <<<"$out")"
fi

# One of our own example articles (never the seed articles).
article=$(find "$REPO_ROOT/examples/articles" -maxdepth 1 -name '*.txt' | sort | head -n 1)
[[ -n "$article" ]] || die "no example article in examples/articles"

status=0
# HARNESS_ARGS holds extra flags: split on purpose.
# shellcheck disable=SC2086
node "$DEPLOY_DIR/tools/podman-harness.mjs" --overlay overlays/ci --claimctl "$bin_dir/client/claimctl" \
  --article "$article" ${HARNESS_ARGS:-} || status=$?
log "finished in $((SECONDS - started)) s"
exit "$status"
