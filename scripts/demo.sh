#!/usr/bin/env bash
# The README's main command: installs what is missing, builds in Release,
# starts both services on loopback with SQLite under var/, ingests a folder of
# articles (default examples/articles), shows claims, a search, conflicts and one full
# trace, and leaves the services running.
#   bash scripts/demo.sh [ARTICLE_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
articles=${1:-examples/articles}
[[ -d "$articles" ]] || { echo "demo: no such folder: $articles" >&2; exit 2; }

bash scripts/install-deps.sh
bash scripts/build.sh claims_service provenance_service claimctl

claims_addr=127.0.0.1:50051
provenance_addr=127.0.0.1:50052
mkdir -p var
bash scripts/stop.sh --quiet

build/claims_service/claims_service --listen=$claims_addr --db=sqlite:var/claims.db \
  --metrics_listen=127.0.0.1:9091 >/dev/null 2>>var/claims_service.log &
echo $! >var/claims_service.pid
build/provenance_service/provenance_service --listen=$provenance_addr \
  --db=sqlite:var/provenance.db --claims_addr=$claims_addr \
  --metrics_listen=127.0.0.1:9092 >/dev/null 2>>var/provenance_service.log &
echo $! >var/provenance_service.pid

export CLAIMTRACE_CLAIMS_ADDR=$claims_addr CLAIMTRACE_PROVENANCE_ADDR=$provenance_addr
claimctl=build/client/claimctl
for _ in $(seq 1 100); do
  if $claimctl health >/dev/null 2>&1; then break; fi
  sleep 0.1
done
$claimctl health

echo; echo "== Ingesting $articles"
$claimctl ingest "$articles"

echo; echo "== Claims made by the most sources"
$claimctl claims list --order sources --page-size 10 || $claimctl claims list | head -12

echo; echo "== Search: cost"
$claimctl claims search "cost" --page-size 5

echo; echo "== Conflicts"
$claimctl conflicts --page-size 3

claim=$($claimctl claims list --order sources --page-size 1 --output jsonl 2>/dev/null |
  sed -n 's/.*"name":"\(claims\/[0-9a-f]*\)".*/\1/p' | head -1)
if [[ -n "$claim" ]]; then
  echo; echo "== Trace of $claim"
  $claimctl trace "$claim"
fi

cat <<DONE

claimtrace is running: claims_service on $claims_addr, provenance_service on $provenance_addr
(logs in var/*.log, databases in var/*.db, metrics on 127.0.0.1:9091 and :9092).
Query it:  export CLAIMTRACE_CLAIMS_ADDR=$claims_addr CLAIMTRACE_PROVENANCE_ADDR=$provenance_addr
           $root/$claimctl claims search "cost"          # or: claims list, conflicts, trace CLAIM, export
Stop it:   bash scripts/stop.sh
DONE
