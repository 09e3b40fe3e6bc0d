#!/usr/bin/env bash
# Offline validation of deploy/ (ctest: deploy_manifests, label deploy):
#  1. yamllint on every YAML file under deploy/k8s; a fixture with a
#     duplicate key must fail it;
#  2. every kustomization rendered with `kubectl kustomize`, every object
#     validated against the Kubernetes schemas (npm kubernetes-models, plus
#     unknown fields) and the policy checks (deploy/tools/k8s-policy.mjs);
#     the broken fixture must be rejected by each check it lists;
#  3. the Containerfiles: the prebuilt runtime stage matches the multi-stage
#     one, STOPSIGNAL SIGTERM, a numeric non-root USER;
#  4. shellcheck on the deploy scripts (where installed);
#  5. the version in the manifests (image tags, version labels) is the
#     project's version.
# Skips (exit 77, with a message) only where kubectl with kustomize v4+ is
# missing: Debian 12's kubernetes-client 1.20 embeds kustomize v2, too old.
set -euo pipefail
# shellcheck source=deploy/scripts/lib.sh
source "$(dirname "$0")/../scripts/lib.sh"
cd "$DEPLOY_DIR"

passed=0 failed=0
pass() { echo "ok   $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

# kubectl's embedded kustomize must understand `labels:` and `patches:` (v4+).
if ! command -v kubectl >/dev/null; then
  skip "kubectl is not installed; install kubectl 1.21 or later (kustomize v4+) to validate deploy/k8s"
fi
kustomize_version=$(kubectl version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\).*/\1/p')
if [[ -z "$kustomize_version" || "$kustomize_version" -lt 4 ]]; then
  skip "kubectl's kustomize is older than v4 ($(kubectl version --client 2>&1 | head -n1)); need kubectl 1.21+"
fi
command -v yamllint >/dev/null || die "yamllint is missing: bash scripts/install-deps.sh (deploy/debian-packages.txt)"
command -v node >/dev/null || die "node is missing: bash scripts/install-deps.sh"
if [[ ! -f "$REPO_ROOT/node_modules/kubernetes-models/package.json" || ! -f "$REPO_ROOT/node_modules/yaml/package.json" ]]; then
  log "installing the npm packages pinned in package-lock.json"
  (cd "$REPO_ROOT" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi

# 1. yamllint.
mapfile -t yaml_files < <(find k8s -name '*.yaml' ! -path 'k8s/fixtures/broken-yaml.yaml' | sort)
if lint_output=$(yamllint -f parsable -c .yamllint.yaml "${yaml_files[@]}" 2>&1); then
  pass "yamllint: ${#yaml_files[@]} files"
else
  fail "yamllint:"; echo "$lint_output" | sed 's/^/       /'
fi
if lint_output=$(yamllint -f parsable -c .yamllint.yaml k8s/fixtures/broken-yaml.yaml 2>&1); then
  fail "yamllint accepted k8s/fixtures/broken-yaml.yaml (a duplicate key)"
elif grep -q key-duplicates <<<"$lint_output"; then
  pass "yamllint rejects the duplicate key in k8s/fixtures/broken-yaml.yaml"
else
  fail "yamllint rejected k8s/fixtures/broken-yaml.yaml for another reason:"; echo "$lint_output"
fi

# 2. Render, schema and policy (its own ok/FAIL lines; summary counted here).
if node tools/validate-manifests.mjs; then
  pass "schemas and policy checks"
else
  fail "schemas and policy checks (lines above)"
fi

# 3. Containerfiles: the prebuilt runtime stage must stay the same as the
# multi-stage build's (COPY sources differ by design, comments may differ).
runtime_stage() {
  sed -n '/^FROM scratch AS runtime/,$p' "$1" | grep -v -e '^#' -e '^COPY' -e '^$'
}
if diff <(runtime_stage Containerfile) <(runtime_stage Containerfile.prebuilt) >/dev/null; then
  pass "Containerfile.prebuilt's runtime stage matches Containerfile's"
else
  fail "the runtime stages differ:"; diff <(runtime_stage Containerfile) <(runtime_stage Containerfile.prebuilt) || true
fi
for file in Containerfile Containerfile.prebuilt; do
  problems=()
  grep -q '^STOPSIGNAL SIGTERM$' "$file" || problems+=("no STOPSIGNAL SIGTERM")
  grep -Eq '^USER [1-9][0-9]*:[1-9][0-9]*$' "$file" || problems+=("USER is not a numeric non-root uid:gid")
  grep -Eq '^FROM .*:latest' "$file" && problems+=("a :latest base")
  grep -Eq '^(CMD|ENTRYPOINT) \[' "$file" || problems+=("CMD/ENTRYPOINT not in exec form (the image has no shell)")
  if ((${#problems[@]})); then fail "$file: ${problems[*]}"; else pass "$file: SIGTERM, numeric user, exec form"; fi
done
if grep -q '^ARG BASE=docker.io/library/debian:bookworm-slim$' Containerfile; then
  pass "Containerfile: BASE defaults to debian:bookworm-slim"
else
  fail "Containerfile: BASE must default to docker.io/library/debian:bookworm-slim"
fi

# 4. The deploy scripts, with shellcheck (warnings and errors).
if command -v shellcheck >/dev/null; then
  if sc_output=$(cd "$REPO_ROOT" && shellcheck -x -S warning deploy/scripts/*.sh deploy/tests/*.sh 2>&1); then
    pass "shellcheck: deploy/scripts, deploy/tests"
  else
    fail "shellcheck:"; echo "$sc_output"
  fi
else
  echo "note: shellcheck is not installed; deploy scripts not linted"
fi

# 5. One version everywhere: the project's.
version=$(claimtrace_version)
stale=$(grep -rn -E 'newTag: "[0-9]|app.kubernetes.io/version: "|ARG VERSION=' k8s Containerfile Containerfile.prebuilt |
  grep -v -F "$version" || true)
if [[ -z "$stale" ]]; then
  pass "manifests and Containerfiles carry version $version"
else
  fail "not version $version:"; echo "$stale" | sed 's/^/       /'
fi

echo "validate-manifests.sh: $passed passed, $failed failed"
((failed == 0))
