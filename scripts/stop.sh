#!/usr/bin/env bash
# Stops the services scripts/demo.sh started (SIGTERM, graceful drain).
set -euo pipefail
cd "$(dirname "$0")/.."
quiet=${1:-}
for service in provenance_service claims_service; do
  pid_file=var/$service.pid
  [[ -f $pid_file ]] || continue
  pid=$(cat "$pid_file")
  if kill -0 "$pid" 2>/dev/null && grep -q "$service" "/proc/$pid/cmdline" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    [[ $quiet ]] || echo "stopped $service (pid $pid)"
  fi
  rm -f "$pid_file"
done
