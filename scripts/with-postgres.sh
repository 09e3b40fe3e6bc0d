#!/usr/bin/env bash
# Runs a command beside a private, throwaway PostgreSQL server:
#   bash scripts/with-postgres.sh ctest --test-dir build -L postgres
#
# initdb into a fresh temporary directory (as an unprivileged user: when run
# as root, the `postgres` user if it exists, else a `claimtrace-pg` system
# user created here), start it on a free loopback port, run the command with
#   CLAIMTRACE_TEST_POSTGRES_URL      postgresql://claimtrace_app:PASSWORD@127.0.0.1:PORT/claimtrace
#                                     (a non-superuser that owns the database)
#   CLAIMTRACE_TEST_POSTGRES_CONTROL  a script taking `stop` or `start`, for
#                                     tests that take the server away
# exported, then stop the server and delete the directory. The command's exit
# code is the script's.
#
# Where no server can be started (no PostgreSQL binaries, initdb or start-up
# fails), the command runs anyway without the variables and the PostgreSQL
# tests skip with a message; the reason is printed here as well.
set -uo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

note() { echo "with-postgres: $*" >&2; }

run_without_server() {
  note "no PostgreSQL server ($1): PostgreSQL tests will skip"
  unset CLAIMTRACE_TEST_POSTGRES_URL CLAIMTRACE_TEST_POSTGRES_CONTROL
  "${@:2}"
  exit $?
}

# The newest installed server binaries (Debian: /usr/lib/postgresql/N/bin).
bindir=""
if [[ -n "${POSTGRES_BINDIR:-}" ]]; then
  bindir=$POSTGRES_BINDIR
else
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then bindir=$dir; break; fi
  done
  if [[ -z "$bindir" ]] && command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    bindir=$(dirname "$(command -v initdb)")
  fi
fi
[[ -n "$bindir" ]] || run_without_server "initdb and pg_ctl not found; install Debian's postgresql" "$@"

# initdb and postgres refuse to run as root.
as_user=()
owner=$(id -un)
if [[ $(id -u) -eq 0 ]]; then
  owner=postgres
  if ! id -u "$owner" >/dev/null 2>&1; then
    owner=claimtrace-pg
    if ! id -u "$owner" >/dev/null 2>&1; then
      useradd --system --no-create-home --shell /usr/sbin/nologin "$owner" 2>/dev/null ||
        run_without_server "cannot create an unprivileged user to run the server" "$@"
    fi
  fi
  as_user=(runuser -u "$owner" --)
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/claimtrace-pg.XXXXXX") || run_without_server "mktemp failed" "$@"
chmod 700 "$tmp"
[[ ${#as_user[@]} -eq 0 ]] || chown "$owner" "$tmp"
data=$tmp/data
password=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
superuser_password=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s\n' "$superuser_password" >"$tmp/pwfile"
[[ ${#as_user[@]} -eq 0 ]] || chown "$owner" "$tmp/pwfile"

cleanup() {
  if [[ -f "$data/postmaster.pid" ]]; then
    "${as_user[@]}" "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! "${as_user[@]}" "$bindir/initdb" -D "$data" -U claimtrace --pwfile="$tmp/pwfile" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$tmp/initdb.log" 2>&1; then
  cat "$tmp/initdb.log" >&2
  run_without_server "initdb failed" "$@"
fi
# A test server: fast and disposable, never durable.
cat >>"$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$tmp'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
log_min_messages = warning
EOF

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
started=""
for _ in 1 2 3 4 5 6 7 8; do
  port=$((20000 + RANDOM % 40000))
  port_in_use "$port" && continue
  if "${as_user[@]}" "$bindir/pg_ctl" -D "$data" -l "$tmp/server.log" -o "-p $port" -w -t 60 \
      start >/dev/null 2>&1; then
    started=$port
    break
  fi
done
if [[ -z "$started" ]]; then
  tail -n 20 "$tmp/server.log" >&2 2>/dev/null
  run_without_server "the server did not start" "$@"
fi

export PGPASSWORD=$superuser_password
psql=("$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U claimtrace -d postgres)
if ! "${psql[@]}" >/dev/null <<EOF
CREATE ROLE claimtrace_app LOGIN PASSWORD '$password';
CREATE DATABASE claimtrace OWNER claimtrace_app;
EOF
then
  run_without_server "cannot create the test role and database" "$@"
fi
unset PGPASSWORD

# stop | start, as the server's owner, on the same port and data directory.
cat >"$tmp/control.sh" <<EOF
#!/usr/bin/env bash
set -euo pipefail
case "\${1:-}" in
  stop) ${as_user[*]} "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop ;;
  start) ${as_user[*]} "$bindir/pg_ctl" -D "$data" -l "$tmp/server.log" -o "-p $port" -w -t 60 start ;;
  *) echo "usage: \$0 stop|start" >&2; exit 2 ;;
esac
EOF
chmod 755 "$tmp/control.sh"

export CLAIMTRACE_TEST_POSTGRES_URL="postgresql://claimtrace_app:$password@127.0.0.1:$port/claimtrace"
export CLAIMTRACE_TEST_POSTGRES_CONTROL="$tmp/control.sh"
note "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $data)"
"$@"
status=$?
exit $status
