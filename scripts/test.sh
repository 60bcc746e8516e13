#!/usr/bin/env bash
# Runs every test: type-check, lint, unit and integration tests (Jest), and the
# browser tests (Playwright in Debian's Chromium against the dev portal on the
# local control plane). Ends with one line: "N passed, N failed".
set -uo pipefail
source "$(dirname "$0")/toolchain.sh" || exit 1
cd "$OCW_ROOT"
ocw_install || exit 1
export BACKSTAGE_TEST_DISABLE_DOCKER=1
RESULTS="$OCW_ROOT/.local/test-results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"

step() { # step NAME COMMAND...: runs a check and records its outcome
  local name="$1"; shift
  ocw_log "== $name: $*"
  local start=$SECONDS
  if "$@"; then echo "pass $name $((SECONDS - start))s" >> "$RESULTS/steps.txt"
  else echo "fail $name $((SECONDS - start))s" >> "$RESULTS/steps.txt"; fi
}

step tsc yarn tsc
step lint yarn backstage-cli repo lint
step unit yarn backstage-cli repo test --ci --json --outputFile="$RESULTS/jest.json"
if [ "${OCW_SKIP_E2E:-}" != 1 ]; then
  step e2e yarn playwright test
fi

node scripts/test-summary.js "$RESULTS"
