#!/usr/bin/env bash
# Installs the Debian packages claimtrace needs, only those missing
# (idempotent; needs root or sudo for the install itself).
set -euo pipefail
cd "$(dirname "$0")/.."

# The build's packages, plus what the deploy tests need (podman, yamllint, ...).
package_lists=(scripts/debian-packages.txt)
[[ -f deploy/debian-packages.txt ]] && package_lists+=(deploy/debian-packages.txt)
mapfile -t wanted < <(grep -h -v '^\s*#' "${package_lists[@]}" | sed '/^\s*$/d' | sort -u)
# A package counts as present when it is installed, or when an installed
# package provides it (e.g. a nodesource `nodejs` provides `npm` and
# conflicts with Debian's, so asking apt for `npm` would fail).
provided=" $(dpkg-query -W -f='${Status}\t${Provides}\n' 2>/dev/null |
  awk -F'\t' '$1 == "install ok installed" {print $2}' | tr ',' '\n' |
  sed 's/([^)]*)//g; s/^ *//; s/ *$//' | tr '\n' ' ') "
missing=()
for package in "${wanted[@]}"; do
  if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    continue
  fi
  [[ "$provided" == *" $package "* ]] && continue
  missing+=("$package")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#wanted[@]} Debian packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
