# A throwaway PostgreSQL cluster for tests, sourced by bash scripts: `pg_start` initialises one
# under a fresh temporary folder (no TCP: a Unix socket in that folder), starts it and sets
# PG_DIR and PG_URL (postgresql://hone@/postgres?host=$PG_DIR); `pg_stop` stops it and removes the
# folder. Callers stop it from an EXIT trap so a failing test never leaves a server behind.
# The server refuses to run as root: as root it runs as the `postgres` user (Debian's package
# creates it), on a folder that user owns.
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"

pg_as() {
  if [[ $(id -u) -eq 0 ]]; then (cd / && su postgres -s /bin/sh -c "$*"); else sh -c "$*"; fi
}

pg_start() {
  [[ -x "$PG_BIN/initdb" ]] || { echo "postgres.sh: no PostgreSQL server binaries (apt-get install postgresql)" >&2; return 1; }
  PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/hone-pg.XXXXXX")"
  chmod 755 "$PG_DIR"
  if [[ $(id -u) -eq 0 ]]; then chown postgres: "$PG_DIR"; fi
  pg_as "'$PG_BIN/initdb' -D '$PG_DIR/data' -A trust -U hone >'$PG_DIR/initdb.log' 2>&1" \
    || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  pg_as "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -o \"-k $PG_DIR -c listen_addresses= -c max_connections=60 -c fsync=off\" -l '$PG_DIR/log' start -w >/dev/null" \
    || { cat "$PG_DIR/log" >&2; return 1; }
  PG_URL="postgresql://hone@/postgres?host=$PG_DIR"
  export PG_DIR PG_URL
}

pg_stop() {
  [[ -n "${PG_DIR:-}" && -d "$PG_DIR" ]] || return 0
  pg_as "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' stop -m immediate >/dev/null 2>&1" || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}
