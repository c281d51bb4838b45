#!/usr/bin/env bash
# Try the district set-up on one machine: PostgreSQL, N app servers and nginx in front, all on localhost.
#
#   deploy/try-out.sh start [SERVERS]   start everything (2 app servers unless told), print the address
#   deploy/try-out.sh stop              stop everything it started (the data stays)
#   deploy/try-out.sh clean             stop, and delete the try-out's folder and data
#
# Settings (environment): SIPR_TRY_DIR (default /tmp/sipr-try-out), SIPR_PROXY_PORT (8080),
# SIPR_FIRST_APP_PORT (8501: servers get 8501, 8502, ...), SIPR_PG_PORT (55432). The app servers get
# deploy/sipr.env, with the try-out's own database, public address and cookie secret; an
# SIPR_APP_PASSWORD set when calling this script is passed on.
# It uses the files an operator copies: deploy/nginx/sipr.conf (with these ports) and deploy/sipr.env.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${SIPR_TRY_DIR:-/tmp/sipr-try-out}"
PROXY_PORT="${SIPR_PROXY_PORT:-8080}"
FIRST_APP_PORT="${SIPR_FIRST_APP_PORT:-8501}"
PG_PORT="${SIPR_PG_PORT:-55432}"
PY="$ROOT/.venv/bin/python"

fail() { echo "try-out: $*" >&2; exit 1; }

as_postgres() {  # initdb refuses root: run PostgreSQL as Debian's postgres user then
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() {
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -n "$found" ] || fail "PostgreSQL is not installed: sudo apt-get install postgresql"
  echo "$found"
}

start_postgres() {
  local bin; bin="$(pg_bin)"
  mkdir -p "$DIR/pg"
  [ "$(id -u)" = 0 ] && chown postgres: "$DIR/pg"
  if [ ! -f "$DIR/pg/data/PG_VERSION" ]; then
    as_postgres "$bin/initdb" -D "$DIR/pg/data" -U sipr --auth=trust --encoding=UTF8 >"$DIR/pg/initdb.log"
  fi
  # Each app server may hold up to 60 connections (a pool of 10, 50 more at a peak).
  as_postgres "$bin/pg_ctl" -D "$DIR/pg/data" -l "$DIR/pg/server.log" -w start \
    -o "-p $PG_PORT -k $DIR/pg -c listen_addresses=127.0.0.1 -c max_connections=400" >/dev/null
  as_postgres "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U sipr -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'sipr'" | grep -q 1 \
    || as_postgres "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U sipr sipr
}

app_environment() {
  local password="${SIPR_APP_PASSWORD:-}"
  set -a
  # shellcheck source=deploy/sipr.env
  . "$ROOT/deploy/sipr.env"
  set +a
  export SIPR_DATABASE_URL="postgresql://sipr@127.0.0.1:$PG_PORT/sipr"
  export SIPR_PUBLIC_URL="http://localhost:$PROXY_PORT"
  export SIPR_APP_PASSWORD="$password"
  if [ ! -f "$DIR/cookie-secret" ]; then "$PY" -c "import secrets; print(secrets.token_hex(32))" >"$DIR/cookie-secret"; fi
  STREAMLIT_SERVER_COOKIE_SECRET="$(cat "$DIR/cookie-secret")"
  export STREAMLIT_SERVER_COOKIE_SECRET
  export PYTHONPATH="$ROOT"
}

start_app() {  # start_app PORT: one `streamlit run`, as the systemd unit runs it
  local port="$1"
  (cd "$ROOT" && exec "$PY" -m streamlit run app.py --server.port "$port" --server.address 127.0.0.1 \
    --server.headless true >>"$DIR/app-$port.log" 2>&1) &
  echo $! >"$DIR/app-$port.pid"
}

write_nginx_conf() {  # the operator's site, with the try-out's ports and folders
  local servers="$1" lines="" port params
  # each server gets the parameters of the site's first server line (max_fails, fail_timeout)
  params="$(sed -n 's/^ *server 127\.0\.0\.1:[0-9]*\(.*\);$/\1/p' "$ROOT/deploy/nginx/sipr.conf" | head -1)"
  for ((i = 0; i < servers; i++)); do
    port=$((FIRST_APP_PORT + i))
    lines+="    server 127.0.0.1:$port$params;\n"
  done
  mkdir -p "$DIR/nginx/tmp"
  chmod 1777 "$DIR/nginx/tmp"  # nginx's workers run as nobody when started by root
  sed -e "/# app servers: begin/,/# app servers: end/c\\    # app servers: begin\n$lines    # app servers: end" \
      -e "s|listen 80;|listen 127.0.0.1:$PROXY_PORT;|" \
      -e "s|/var/log/nginx/|$DIR/nginx/|" \
      "$ROOT/deploy/nginx/sipr.conf" >"$DIR/nginx/sipr.conf"
  cat >"$DIR/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $DIR/nginx/nginx.pid;
error_log $DIR/nginx/error.log;
events { worker_connections 4096; }
http {
    client_body_temp_path $DIR/nginx/tmp/body;
    proxy_temp_path $DIR/nginx/tmp/proxy;
    fastcgi_temp_path $DIR/nginx/tmp/fastcgi;
    uwsgi_temp_path $DIR/nginx/tmp/uwsgi;
    scgi_temp_path $DIR/nginx/tmp/scgi;
    include $DIR/nginx/sipr.conf;
}
CONF
}

start() {
  local servers="${1:-2}"
  [[ "$servers" =~ ^[1-9][0-9]?$ ]] || fail "the number of app servers must be 1 to 99, not '$servers'"
  [ -x "$PY" ] || fail "the app is not installed: run 'make install' in $ROOT first"
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || fail "nginx is not installed: sudo apt-get install nginx"
  [ ! -f "$DIR/nginx/nginx.pid" ] || fail "a try-out is already running in $DIR: run '$0 stop' first"
  mkdir -p "$DIR"
  start_postgres
  app_environment
  echo "$servers" >"$DIR/servers"
  for ((i = 0; i < servers; i++)); do start_app $((FIRST_APP_PORT + i)); done
  for ((i = 0; i < servers; i++)); do
    "$PY" -m sipr_core ready --app "http://127.0.0.1:$((FIRST_APP_PORT + i))" --wait 90 >/dev/null \
      || fail "app server $((FIRST_APP_PORT + i)) is not ready; see $DIR/app-$((FIRST_APP_PORT + i)).log"
  done
  write_nginx_conf "$servers"
  local nginx; nginx="$(command -v nginx || echo /usr/sbin/nginx)"
  "$nginx" -t -q -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" || fail "nginx refused $DIR/nginx/nginx.conf"
  "$nginx" -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf"
  "$PY" -m sipr_core ready --app "http://127.0.0.1:$PROXY_PORT" --wait 30 >/dev/null \
    || fail "nginx does not pass requests on; see $DIR/nginx/error.log"
  echo "SIPR is running: http://localhost:$PROXY_PORT (nginx) -> $servers app servers from port $FIRST_APP_PORT"
  echo "  database $SIPR_DATABASE_URL; logs and process ids in $DIR"
  echo "  stop it with: $0 stop"
}

stop() {
  [ -d "$DIR" ] || return 0
  if [ -f "$DIR/nginx/nginx.pid" ]; then
    kill "$(cat "$DIR/nginx/nginx.pid")" 2>/dev/null || true
    for _ in $(seq 50); do [ -f "$DIR/nginx/nginx.pid" ] || break; sleep 0.1; done
    rm -f "$DIR/nginx/nginx.pid"
  fi
  for pidfile in "$DIR"/app-*.pid; do
    [ -f "$pidfile" ] || continue
    kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
  if [ -f "$DIR/pg/data/postmaster.pid" ]; then
    as_postgres "$(pg_bin)/pg_ctl" -D "$DIR/pg/data" -m fast -w stop >/dev/null || true
  fi
}

case "${1:-}" in
  start) start "${2:-2}" ;;
  stop) stop ;;
  clean) stop; rm -rf "$DIR" ;;
  *) echo "usage: $0 start [SERVERS] | stop | clean" >&2; exit 2 ;;
esac
