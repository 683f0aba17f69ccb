#!/usr/bin/env bash
# A throwaway PostgreSQL server for Terraform's `pg` state backend, on
# 127.0.0.1 and a unix socket only, with a database and a role whose
# password is random per start. The credentials never reach a file outside
# the server's temporary directory: callers take them from `env` into
# PG_CONN_STR, which the pg backend reads, so the backend block and the
# working directory's .terraform/terraform.tfstate stay free of them.
#
#   scripts/pg-state-server.sh start         starts a server; prints its directory
#   scripts/pg-state-server.sh env DIR       prints `export PG_CONN_STR=...` for eval
#   scripts/pg-state-server.sh stop DIR      stops the server and removes DIR
#   scripts/pg-state-server.sh run CMD...    start, run CMD with PG_CONN_STR set, stop
#
# A caller of start must stop the server itself, from an EXIT trap:
#
#   dir=$(scripts/pg-state-server.sh start)
#   trap 'scripts/pg-state-server.sh stop "$dir"' EXIT
#   eval "$(scripts/pg-state-server.sh env "$dir")"
#
# PostgreSQL refuses to run as root. Run as root, the script runs the server
# as the `postgres` system user that Debian's postgresql package creates;
# otherwise as the calling user. Needs Debian's postgresql package
# (scripts/install-deps.sh). Never reads standard input, and every wait is
# bounded: start fails after PG_STATE_SERVER_TIMEOUT seconds (default 30).
#
# A caller killed outright runs no trap, so the server also stops by itself:
# after PG_STATE_SERVER_LIFETIME seconds (default 3600), or as soon as the
# process PG_STATE_SERVER_WATCH_PID (when set) has exited.
set -euo pipefail

timeout_s=${PG_STATE_SERVER_TIMEOUT:-30}
lifetime_s=${PG_STATE_SERVER_LIFETIME:-3600}
watch_pid=${PG_STATE_SERVER_WATCH_PID:-}
database=terraform_state
role=terraform_state

die() {
  echo "pg-state-server: $*" >&2
  exit 1
}

pg_bindir() {
  local dir
  if command -v pg_config >/dev/null 2>&1; then
    dir=$(pg_config --bindir)
    if [ -x "$dir/initdb" ]; then
      echo "$dir"
      return
    fi
  fi
  # Debian keeps the server programs out of PATH, one directory per major
  # version; the newest installed one wins.
  dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null |
    sort -V | tail -n 1)
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    die "initdb not found: install Debian's postgresql package (scripts/install-deps.sh)"
  fi
  echo "$dir"
}

# as_owner CMD...: runs CMD as the user that owns the cluster, with no
# standard input, from / (the caller's directory may be closed to that
# user; every path here is absolute).
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@" </dev/null)
  else
    (cd / && "$@" </dev/null)
  fi
}

owner_name() {
  if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on now. start
# retries with another one if the server still loses the race for it.
free_port() {
  local port _
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  die "no free TCP port found on 127.0.0.1"
}

random_hex() {
  od -An -N"$1" -tx1 /dev/urandom | tr -d ' \n'
}

# admin_sql DIR: runs the SQL on standard input as the cluster's superuser,
# over the unix socket (peer authentication), for at most timeout_s.
admin_sql() (
  dir=$1
  as=()
  if [ "$(id -u)" -eq 0 ]; then as=(runuser -u postgres --); fi
  cd /
  timeout "$timeout_s" "${as[@]}" "$bindir/psql" -X -q -v ON_ERROR_STOP=1 \
    -h "$dir/socket" -p "$(cat "$dir/port")" -U "$(owner_name)" -d postgres
)

show_log() {
  if [ -s "$1/pg_ctl.log" ]; then
    sed 's/^/    | /' "$1/pg_ctl.log" >&2
  fi
  if [ -f "$1/log/server.log" ]; then
    sed 's/^/    | /' "$1/log/server.log" >&2
  fi
}

cmd_start() {
  local base dir port attempt status password
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    die "running as root needs the postgres system user (Debian's postgresql package creates it)"
  fi
  base=$(cd "${TMPDIR:-/tmp}" && pwd)
  # The server user must be able to reach its directory.
  if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$base" </dev/null; then
    base=/tmp
  fi
  dir=$(mktemp -d "$base/tm-pg-state.XXXXXX")
  # Until start has handed the directory over, leaving (a signal included)
  # removes what it made.
  trap 'cmd_stop "$dir" >/dev/null 2>&1 || true' EXIT
  trap_signals
  mkdir -m 700 "$dir/data" "$dir/socket" "$dir/log"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir/data" "$dir/socket" "$dir/log"
    chmod 755 "$dir"
  fi

  if ! as_owner "$bindir/initdb" -D "$dir/data" -U "$(owner_name)" \
    --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$dir/initdb.log" 2>&1; then
    sed 's/^/    | /' "$dir/initdb.log" >&2
    die "initdb failed"
  fi

  status=1
  for attempt in 1 2 3; do
    port=$(free_port)
    echo "$port" >"$dir/port"
    rm -f -- "$dir/log/server.log"
    # -w -t: pg_ctl waits at most timeout_s for the server to accept
    # connections. Options: TCP on loopback only, the socket in $dir,
    # nothing else.
    if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log/server.log" \
      -w -t "$timeout_s" -s start \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir/socket -c fsync=off" \
      >"$dir/pg_ctl.log" 2>&1; then
      status=0
      break
    fi
    if ! grep -q "could not bind\|Address already in use" "$dir/server.log" 2>/dev/null; then
      break
    fi
    echo "pg-state-server: port $port taken (attempt $attempt), trying another" >&2
  done
  if [ "$status" -ne 0 ]; then
    show_log "$dir"
    die "the server did not start (waited at most ${timeout_s} s)"
  fi
  if ! timeout "$timeout_s" "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -t "$timeout_s" </dev/null; then
    show_log "$dir"
    die "the server does not accept TCP connections on 127.0.0.1:$port"
  fi

  password=$(random_hex 24)
  # The password reaches psql on standard input, not on a command line.
  if ! printf '%s\n' \
    "CREATE ROLE $role LOGIN PASSWORD '$password';" \
    "CREATE DATABASE $database OWNER $role;" |
    admin_sql "$dir" >"$dir/setup.log" 2>&1; then
    sed 's/^/    | /' "$dir/setup.log" >&2
    die "creating the role and database failed"
  fi
  (
    umask 077
    # Role, password (hex), port and database need no quoting inside '…'.
    printf "export PG_CONN_STR='%s'\n" \
      "postgres://$role:$password@127.0.0.1:$port/$database?sslmode=disable" >"$dir/env"
  )
  start_watchdog "$dir"
  echo "$dir"
  trap - EXIT
}

# start_watchdog DIR: a detached process that stops the server once its
# lifetime is over or the watched process has gone, and exits by itself
# once the server directory has been removed.
start_watchdog() {
  local dir=$1
  (
    trap '' HUP INT
    deadline=$((SECONDS + lifetime_s))
    while [ -d "$dir/data" ] && [ "$SECONDS" -lt "$deadline" ]; do
      if [ -n "$watch_pid" ] && ! kill -0 "$watch_pid" 2>/dev/null; then
        break
      fi
      sleep 2
    done
    cmd_stop "$dir"
  ) </dev/null >/dev/null 2>&1 &
}

# trap_signals: turns the usual termination signals into an exit, so that
# EXIT traps run (bash skips them when a signal kills it).
trap_signals() {
  trap 'exit 129' HUP
  trap 'exit 130' INT
  trap 'exit 141' PIPE
  trap 'exit 143' TERM
}

check_dir() {
  case "$1" in
    "" | / | . | ..) die "not a server directory: '$1'" ;;
  esac
  if [ ! -d "$1/data" ] && [ ! -f "$1/port" ] && [ ! -d "$1/socket" ]; then
    die "not a server directory: '$1'"
  fi
}

cmd_env() {
  check_dir "$1"
  [ -f "$1/env" ] || die "no credentials in $1: the server did not finish starting"
  cat "$1/env"
}

cmd_stop() {
  local dir=$1 pid
  if [ ! -d "$dir" ]; then
    return 0
  fi
  check_dir "$dir"
  if [ -f "$dir/data/postmaster.pid" ]; then
    if ! as_owner "$bindir/pg_ctl" -D "$dir/data" -w -t "$timeout_s" -s -m fast stop >/dev/null 2>&1; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -w -t 5 -s -m immediate stop >/dev/null 2>&1 || true
      pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
      if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
  fi
  rm -rf -- "$dir"
}

run_dir=""
cmd_run() {
  local status=0
  [ $# -ge 1 ] || die "run needs a command"
  trap 'if [ -n "$run_dir" ]; then cmd_stop "$run_dir"; fi' EXIT
  trap_signals
  watch_pid=${watch_pid:-$$}
  run_dir=$(cmd_start)
  eval "$(cmd_env "$run_dir")"
  export PG_CONN_STR
  "$@" || status=$?
  return "$status"
}

bindir=$(pg_bindir)
case "${1:-}" in
  start)
    [ $# -eq 1 ] || die "usage: $0 start"
    cmd_start
    ;;
  env)
    [ $# -eq 2 ] || die "usage: $0 env DIR"
    cmd_env "$2"
    ;;
  stop)
    [ $# -eq 2 ] || die "usage: $0 stop DIR"
    cmd_stop "$2"
    ;;
  run)
    shift
    cmd_run "$@"
    ;;
  *)
    echo "usage: $0 start | env DIR | stop DIR | run CMD..." >&2
    exit 2
    ;;
esac
