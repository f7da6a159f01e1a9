#!/usr/bin/env bash
# Sourced by .ci/run before `make test`: start a throwaway PostgreSQL server for the store's
# tests and export SAIDWHAT_TEST_PG=postgresql://... .
#
# It must never fail the CI run (it is sourced under `set -euo pipefail`): when PostgreSQL
# cannot be installed or started, it says why on stderr and returns, and the PostgreSQL tests
# skip. Every step below therefore checks its own status instead of relying on `set -e`.

_swpg_log() { echo "postgres.sh: $*" >&2; }

_swpg_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"; return 0
  fi
  return 1
}

_swpg_install() {
  if _swpg_bindir >/dev/null; then return 0; fi
  if [ "$(id -u)" != 0 ]; then _swpg_log "PostgreSQL is not installed and this is not root: cannot apt-get it"; return 1; fi
  if ! command -v apt-get >/dev/null 2>&1; then _swpg_log "PostgreSQL is not installed and apt-get is unavailable"; return 1; fi
  _swpg_log "installing postgresql with apt-get"
  if ! DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1; then
    _swpg_log "apt-get update failed (no network or no apt sources?)"; return 1
  fi
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1; then
    _swpg_log "apt-get install postgresql failed"; return 1
  fi
  _swpg_bindir >/dev/null || { _swpg_log "postgresql installed but initdb/pg_ctl not found"; return 1; }
}

# Run a PostgreSQL binary as an unprivileged user: initdb and the server refuse to run as root.
_swpg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

_swpg_start() {
  local bin dir port
  bin=$(_swpg_bindir) || return 1
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres >/dev/null 2>&1 ||
      { _swpg_log "no 'postgres' user to run the server as"; return 1; }
  fi
  dir=$(mktemp -d /tmp/saidwhat-pg.XXXXXX) || { _swpg_log "mktemp failed"; return 1; }
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir" || return 1; fi
  if ! _swpg_as_owner "$bin/initdb" -D "$dir/data" -A trust -U saidwhat -E UTF8 --no-sync >"$dir/initdb.log" 2>&1; then
    _swpg_log "initdb failed:"; tail -n 5 "$dir/initdb.log" >&2; return 1
  fi
  for port in 55432 55433 55434 55435 55436; do
    if _swpg_as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" \
      start >/dev/null 2>&1; then
      if "$bin/createdb" -h 127.0.0.1 -p "$port" -U saidwhat saidwhat_test >/dev/null 2>&1; then
        SWPG_DATA="$dir/data"; SWPG_BIN="$bin"
        SAIDWHAT_TEST_PG="postgresql://saidwhat@127.0.0.1:$port/saidwhat_test"
        return 0
      fi
      _swpg_log "createdb failed on port $port"
      _swpg_as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1
      return 1
    fi
  done
  _swpg_log "the server did not start:"; tail -n 5 "$dir/server.log" >&2 2>/dev/null
  return 1
}

_swpg_stop() {
  if [ -n "${SWPG_DATA:-}" ]; then
    _swpg_as_owner "$SWPG_BIN/pg_ctl" -D "$SWPG_DATA" -m fast stop >/dev/null 2>&1 || true
  fi
}

if [ -n "${SAIDWHAT_TEST_PG:-}" ]; then
  _swpg_log "using the server given by SAIDWHAT_TEST_PG"
elif _swpg_install && _swpg_start; then
  export SAIDWHAT_TEST_PG
  trap _swpg_stop EXIT
  _swpg_log "PostgreSQL tests will run against $SAIDWHAT_TEST_PG"
else
  _swpg_log "no PostgreSQL server: the PostgreSQL tests will be skipped"
fi
true
