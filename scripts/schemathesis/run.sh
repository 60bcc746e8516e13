#!/usr/bin/env bash
# Schemathesis against the REST API of the backend plugin, every operation of
# plugins/openchoreo-workflows-backend/src/schema/openapi.yaml but the endless
# GET /stream (Server-Sent Events until the client leaves): no answer of 500
# or more, every status, content type and body as the document says, every
# answer within 2 s. The API is served by scripts/schemathesis/server.ts on
# 127.0.0.1 (Backstage's auth backend; the token is a real user token from
# guest sign-in); nothing leaves loopback. Bounded: ST_MAX_EXAMPLES cases per
# operation (default 30), a 10 s timeout per request, 240 s for the run.
# Needs Node (source scripts/toolchain.sh) and the venv that scripts/test-setup.sh
# installs (ocw_install_schemathesis).
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
TOOLS="${OCW_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/openchoreo-workflows-tools}"
ST="${OCW_SCHEMATHESIS:-$TOOLS/schemathesis/bin/st}"
[ -x "$ST" ] || { echo "schemathesis is not installed at $ST (scripts/test-setup.sh installs it)" >&2; exit 1; }
WORK="$(mktemp -d -t ocw-schemathesis.XXXXXX)"
LOG="$WORK/server.log"
INFO="$WORK/info.json"

coproc SERVER { exec node "$ROOT/scripts/schemathesis/run.js" "$INFO" >"$LOG" 2>&1; }
server_pid=$SERVER_PID
stop_server() {
  [ -n "${SERVER[1]:-}" ] && eval "exec ${SERVER[1]}>&-"
  kill -TERM "$server_pid" 2>/dev/null
  wait "$server_pid" 2>/dev/null
  rm -rf "$WORK"
}
trap stop_server EXIT

for _ in $(seq 1 1800); do
  [ -s "$INFO" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ ! -s "$INFO" ]; then
  echo "the API server did not start; its log:" >&2
  tail -40 "$LOG" >&2
  exit 1
fi
field() { node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[process.argv[2]])' "$INFO" "$1"; }
url="$(field url)"; schema="$(field schema)"; token="$(field token)"

cd "$WORK" || exit 1
timeout 240 "$ST" run "$schema" \
  --url "$url" \
  -H "Authorization: Bearer $token" \
  --exclude-path /stream \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --phases examples,coverage,fuzzing \
  --max-examples "${ST_MAX_EXAMPLES:-30}" \
  --seed "${ST_SEED:-20261130}" \
  --workers 1 \
  --request-timeout 10 \
  --max-response-time 2 \
  --generation-database none \
  --no-color \
  ${ST_JUNIT:+--report junit --report-junit-path "$ST_JUNIT"}
status=$?
[ $status -eq 0 ] || { echo "server log (last lines):" >&2; grep -v 'incomingRequest' "$LOG" | tail -20 >&2; }
exit $status
