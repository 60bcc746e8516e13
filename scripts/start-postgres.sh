#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for tests on 127.0.0.1 (idempotent) and prints its
# connection string on stdout, e.g. for Backstage's TestDatabases:
#   export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="$(scripts/start-postgres.sh)"
# Needs Debian's postgresql package (apt-get install -y postgresql); uses the
# newest installed major version. Data lives in $OCW_PG_DIR (default /tmp/ocw-postgres).
# Env: OCW_PG_PORT (54329), OCW_PG_USER / OCW_PG_PASSWORD (ocw / ocw). Stop with
#   scripts/start-postgres.sh stop
set -euo pipefail
dir="${OCW_PG_DIR:-/tmp/ocw-postgres}"
port="${OCW_PG_PORT:-54329}"
user="${OCW_PG_USER:-ocw}"
password="${OCW_PG_PASSWORD:-ocw}"

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "start-postgres: PostgreSQL server binaries not found; apt-get install -y postgresql" >&2
  exit 1
fi

# The server refuses to run as root: run it as the postgres user when we are root.
runuser_bin="$(command -v runuser || ls /usr/sbin/runuser /sbin/runuser 2>/dev/null | head -1 || true)"
as_owner() {
  if [ "$(id -u)" != 0 ]; then
    "$@"
  elif [ -n "$runuser_bin" ]; then
    "$runuser_bin" -u postgres -- "$@"
  else
    su -s /bin/sh postgres -c "$(printf '%q ' "$@")"
  fi
}

if [ "${1:-}" = stop ]; then
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast stop >&2 || true
  exit 0
fi

mkdir -p "$dir"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
if [ ! -f "$dir/data/PG_VERSION" ]; then
  echo "start-postgres: initdb in $dir/data" >&2
  as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
fi
if ! as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  echo "start-postgres: starting on 127.0.0.1:$port" >&2
  # fsync off: test data only, and much faster on a busy machine.
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >&2 ||
    { tail -20 "$dir/server.log" >&2; exit 1; }
fi
# The role may create the databases TestDatabases makes for each test.
as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$user') THEN
    CREATE ROLE "$user" LOGIN CREATEDB PASSWORD '$password';
  ELSE
    ALTER ROLE "$user" LOGIN CREATEDB PASSWORD '$password';
  END IF;
END \$\$;
SQL
echo "postgresql://$user:$password@127.0.0.1:$port/postgres"
