#!/usr/bin/env bash
# The browser tests' backend: the dev portal's backend (`yarn dev backend`) on
# PostgreSQL rather than its in-memory SQLite, so that a second replica can
# share its database (packages/app/e2e-tests/schedules.test.ts).
#
#   scripts/e2e-backend.sh             # :7007 with the local control plane; the
#                                      # databases of an earlier run are dropped first
#   scripts/e2e-backend.sh --replica P # a second replica on 127.0.0.1:P, same
#                                      # databases, the first one's control plane
#                                      # as its cluster `local` (.local/kubeconfig)
#
# PostgreSQL is scripts/start-postgres.sh's (started if needed; `npm test` starts
# and stops it). The plugins' databases are named ocw_e2e_<plugin>, apart from
# those of the unit tests. Configured with APP_CONFIG_* variables (Backstage's
# environment overrides of app-config.yaml).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PREFIX=ocw_e2e_

url="$(bash "$ROOT/scripts/start-postgres.sh")"
export APP_CONFIG_backend_database_client=pg
export APP_CONFIG_backend_database_connection="$url"
export APP_CONFIG_backend_database_prefix="$PREFIX"

if [ "${1:-}" = --replica ]; then
  port="${2:?--replica needs a port}"
  [[ "$port" =~ ^[0-9]+$ ]] || { echo "e2e-backend: bad port '$port'" >&2; exit 1; }
  kubeconfig="$ROOT/.local/kubeconfig"
  [ -s "$kubeconfig" ] || { echo "e2e-backend: $kubeconfig missing (the first backend writes it)" >&2; exit 1; }
  export APP_CONFIG_backend_listen_port="$port"
  export APP_CONFIG_backend_baseUrl="http://localhost:$port"
  # A configured cluster: the local control plane module does not start another.
  export APP_CONFIG_openchoreoWorkflows_clusters="[{\"name\":\"local\",\"authProvider\":\"kubeconfig\",\"kubeconfigPath\":\"$kubeconfig\"}]"
else
  # A fresh start: the schedules, archived runs and catalog of an earlier run go.
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  # The password through the environment, not psql's command line (ps shows that).
  [[ "$url" =~ ^postgresql://([^:]+):([^@]+)@([^:]+):([0-9]+)/ ]] ||
    { echo "e2e-backend: unexpected database URL shape" >&2; exit 1; }
  export PGUSER="${BASH_REMATCH[1]}" PGPASSWORD="${BASH_REMATCH[2]}"
  export PGHOST="${BASH_REMATCH[3]}" PGPORT="${BASH_REMATCH[4]}" PGDATABASE=postgres
  "$bin/psql" -v ON_ERROR_STOP=1 -qAt \
    -c "SELECT datname FROM pg_database WHERE starts_with(datname, '$PREFIX')" |
    while read -r db; do
      "$bin/psql" -v ON_ERROR_STOP=1 -q -c "DROP DATABASE \"$db\" WITH (FORCE)"
    done
fi
cd "$ROOT"
exec yarn dev backend
