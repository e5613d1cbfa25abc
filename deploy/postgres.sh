#!/usr/bin/env bash
# A private PostgreSQL for run.sh and the cluster scripts: one server per checkout, data under
# ${VIDEO_DATA_DIR:-./.data}/pg, listening on 127.0.0.1:${VIDEO_PG_PORT:-55432} only.
#
#   deploy/postgres.sh start    initialise on first use, start (no-op when running), create orleans_video
#   deploy/postgres.sh stop     fast shutdown (no-op when stopped)
#   deploy/postgres.sh status   exit 0 when running, 3 when not
#   deploy/postgres.sh url      print the Npgsql connection string
#
# Authentication is `trust`, for TCP from 127.0.0.1 only and with Unix sockets switched off: this is a
# throw-away instance for one developer machine or CI run, reachable only from this host. Anything
# shared or exposed needs a real password (scram-sha-256) and its own pg_hba.conf.
#
# Installing PostgreSQL is not this script's job (run.sh does `apt-get install postgresql`).
set -euo pipefail

PG_BIN="${VIDEO_PG_BIN:-/usr/lib/postgresql/15/bin}"
PORT="${VIDEO_PG_PORT:-55432}"
DATABASE="orleans_video"
# initdb names the superuser explicitly so the connection string does not depend on who ran it.
SUPERUSER="postgres"

# Absolute, so pg_ctl and the server (which run from other directories) find it; not created here
# because status/url/stop must not leave an empty folder behind.
PGDATA_DIR="$(realpath -m "${VIDEO_DATA_DIR:-./.data}")/pg"
LOG_FILE="$PGDATA_DIR/server.log"

die() {
  echo "postgres.sh: $*" >&2
  exit 1
}

require_binaries() {
  if [[ ! -x "$PG_BIN/pg_ctl" || ! -x "$PG_BIN/initdb" ]]; then
    die "PostgreSQL server binaries not found in $PG_BIN (install them with 'apt-get install -y postgresql', or set VIDEO_PG_BIN)"
  fi
}

# initdb and the server refuse to run as root, so root hands them to the `postgres` system user.
as_server_user() {
  if [[ "$(id -u)" -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' system user (created by the postgresql package)"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

is_running() {
  [[ -f "$PGDATA_DIR/PG_VERSION" ]] && as_server_user "$PG_BIN/pg_ctl" status -D "$PGDATA_DIR" >/dev/null 2>&1
}

psql_admin() {
  "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U "$SUPERUSER" -d postgres "$@"
}

init_cluster() {
  mkdir -p "$PGDATA_DIR"
  if [[ "$(id -u)" -eq 0 ]]; then
    chown postgres: "$PGDATA_DIR"
  fi
  chmod 700 "$PGDATA_DIR"
  if ! as_server_user test -w "$PGDATA_DIR"; then
    die "user 'postgres' cannot reach $PGDATA_DIR (a parent directory is private?); set VIDEO_DATA_DIR to a path it can reach"
  fi
  as_server_user "$PG_BIN/initdb" -D "$PGDATA_DIR" -U "$SUPERUSER" --auth=trust -E UTF8 --no-locale >/dev/null
  # Static settings live in the data dir; the port is passed at start so VIDEO_PG_PORT can change.
  as_server_user tee -a "$PGDATA_DIR/postgresql.conf" >/dev/null <<'EOF'

# Added by deploy/postgres.sh: loopback only, no Unix socket (its default directory needs root).
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
EOF
  as_server_user tee "$PGDATA_DIR/pg_hba.conf" >/dev/null <<'EOF'
# Added by deploy/postgres.sh: trust, but only for TCP from this host (see the script's header).
host all all 127.0.0.1/32 trust
EOF
}

start() {
  require_binaries
  if is_running; then
    echo "postgres.sh: already running on 127.0.0.1:$PORT ($PGDATA_DIR)"
  else
    if [[ ! -f "$PGDATA_DIR/PG_VERSION" ]]; then
      init_cluster
    fi
    as_server_user "$PG_BIN/pg_ctl" start -D "$PGDATA_DIR" -l "$LOG_FILE" -w -t 60 -o "-p $PORT" >/dev/null \
      || die "server did not start; see $LOG_FILE"
    echo "postgres.sh: started on 127.0.0.1:$PORT ($PGDATA_DIR)"
  fi
  local exists
  exists="$(psql_admin -tA -c "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")"
  if [[ "$exists" != "1" ]]; then
    psql_admin -c "CREATE DATABASE $DATABASE"
    echo "postgres.sh: created database $DATABASE"
  fi
  apply_schema
}

# The project's schema (deploy/sql), idempotent. Silos apply the same scripts at start; both hold the
# same transaction-scoped advisory lock (PostgresSchema.AdvisoryLockKey, "OVidSch") so they never interleave.
apply_schema() {
  local sql_dir
  sql_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/sql" && pwd)"
  { echo "SET client_min_messages = warning; SELECT pg_advisory_xact_lock($((0x4F566964536368)));"; cat "$sql_dir"/*.sql; } \
    | "$PG_BIN/psql" -X -q -1 -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U "$SUPERUSER" -d "$DATABASE" >/dev/null \
    || die "applying $sql_dir/*.sql failed"
}

stop() {
  require_binaries
  if is_running; then
    as_server_user "$PG_BIN/pg_ctl" stop -D "$PGDATA_DIR" -m fast -w -t 60 >/dev/null
    echo "postgres.sh: stopped"
  else
    echo "postgres.sh: not running"
  fi
}

status() {
  require_binaries
  if is_running; then
    echo "running on 127.0.0.1:$PORT ($PGDATA_DIR)"
  else
    echo "not running ($PGDATA_DIR)"
    exit 3
  fi
}

url() {
  echo "Host=127.0.0.1;Port=$PORT;Database=$DATABASE;Username=$SUPERUSER"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) url ;;
  *)
    echo "usage: $0 start|stop|status|url" >&2
    exit 2
    ;;
esac
