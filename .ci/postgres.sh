#!/usr/bin/env bash
# A throwaway PostgreSQL server for the PostgreSQL half of the test suite.
#
#   eval "$(bash .ci/postgres.sh start)"   # prints: export MEDCRM_TEST_POSTGRES_URL=... PGTHROWAWAY=...
#   bash .ci/postgres.sh stop "$PGTHROWAWAY"
#
# Installs PostgreSQL from Debian's packages when it is missing, then starts a new cluster in a
# temporary directory, listening on a free loopback port only, run by an unprivileged user
# (PostgreSQL refuses to run as root; as root, the user 'medcrm-ci' is made for it). The role
# has a random password, so the tests also check that a password in the URL is never printed.
# Durability is switched off (fsync=off): it is thrown away after the run.
set -Eeuo pipefail  # -E: the ERR trap also fires inside functions

find_bin() {
  # The newest installed version (Debian keeps each under /usr/lib/postgresql/VERSION/bin).
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return 0; fi
  return 1
}

install_postgres() {
  echo "PostgreSQL not found; installing it from Debian's packages" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    # Never a password prompt in CI: sudo without one, or no install at all.
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo="sudo -n"
    else
      echo "not root and no password-less sudo: install PostgreSQL (the 'postgresql' package) first" >&2
      return 1
    fi
  fi
  # policy-rc.d keeps the package from starting a system-wide server: this script starts its own.
  local policy=/usr/sbin/policy-rc.d made_policy="" status=0
  if [ ! -e "$policy" ]; then
    $sudo sh -c "printf '#!/bin/sh\\nexit 101\\n' > $policy && chmod +x $policy" && made_policy=1
  fi
  $sudo apt-get install -y -q postgresql >/dev/null 2>&1 \
    || { $sudo apt-get update -q >/dev/null 2>&1 && $sudo apt-get install -y -q postgresql >/dev/null 2>&1; } \
    || status=1
  if [ -n "$made_policy" ]; then $sudo rm -f "$policy"; fi
  return "$status"
}

as_owner() {
  # Run a command as the cluster's unprivileged owner.
  if [ "$(id -u)" -eq 0 ]; then runuser -u medcrm-ci -- "$@"; else "$@"; fi
}

start() {
  local bin
  bin="$(find_bin)" || { install_postgres; bin="$(find_bin)"; } \
    || { echo "could not install PostgreSQL" >&2; exit 1; }
  if [ "$(id -u)" -eq 0 ] && ! id medcrm-ci >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin medcrm-ci
  fi
  local dir port password
  dir="$(mktemp -d /tmp/medcrm-pg.XXXXXX)"  # /tmp: reachable by medcrm-ci, no spaces
  # Whatever fails from here on, leave no server running and no directory behind.
  trap 'stop "$dir" >/dev/null 2>&1' ERR
  chmod 755 "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown medcrm-ci "$dir"; fi
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  password="$(python3 -c 'import secrets; print("pw-" + secrets.token_hex(12))')"
  as_owner bash -c "umask 077; printf '%s\n' '$password' > '$dir/pwfile'"
  as_owner "$bin/initdb" -D "$dir/data" -U medcrm --pwfile="$dir/pwfile" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; stop "$dir"; exit 1; }
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    >/dev/null || { cat "$dir/server.log" >&2; stop "$dir"; exit 1; }
  PGPASSWORD="$password" as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U medcrm medcrm_test
  trap - ERR
  echo "export MEDCRM_TEST_POSTGRES_URL='postgresql://medcrm:$password@127.0.0.1:$port/medcrm_test'"
  echo "export PGTHROWAWAY='$dir'"
}

stop() {
  local dir="${1:?usage: postgres.sh stop DIR}" bin
  case "$(basename "$dir")" in
    medcrm-pg.*) ;;
    *) echo "postgres.sh stop: $dir is not a directory this script made" >&2; return 2 ;;
  esac
  if [ -d "$dir/data" ] && bin="$(find_bin)"; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
