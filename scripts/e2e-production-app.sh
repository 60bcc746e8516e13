#!/usr/bin/env bash
# The browser tests against a production build of the dev portal's app
# (playwright.config.ts, OCW_E2E_APP=production): builds packages/app/dist
# (`backstage-cli package build`: React's production build, minified) when it
# is missing or older than the frontend's sources, then starts the browser
# tests' backend (scripts/e2e-backend.sh), whose app-backend plugin serves
# that build at http://localhost:7007 beside the API. No frontend dev server.
#
#   scripts/e2e-production-app.sh          # build if needed, then the backend
#   scripts/e2e-production-app.sh --build  # build if needed, and stop there
#
# OCW_E2E_APP_REBUILD=1 builds even when the build looks current.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
DIST=packages/app/dist

# Sources of the app bundle: the app, the frontend plugin and the common
# library it imports, the lockfile and the config read at build time.
SOURCES=(
  packages/app/src packages/app/public packages/app/package.json
  plugins/openchoreo-workflows/src plugins/openchoreo-workflows/package.json
  plugins/openchoreo-workflows-common/src
  plugins/openchoreo-workflows-common/package.json
  app-config.yaml yarn.lock
)
stale() {
  [ "${OCW_E2E_APP_REBUILD:-}" = 1 ] && return 0
  [ -f "$DIST/index.html" ] || return 0
  [ -n "$(find "${SOURCES[@]}" -newer "$DIST/index.html" -print -quit)" ]
}

if stale; then
  echo "e2e-production-app: building $DIST (minutes on two cores)" >&2
  rm -rf "$DIST"
  nice yarn workspace app build
else
  echo "e2e-production-app: $DIST is current" >&2
fi
[ "${1:-}" = --build ] && exit 0

# The app's address is the backend's: app-backend injects the frontend config,
# this included, into the built app at start (same origin, so no CORS).
export APP_CONFIG_app_baseUrl=http://localhost:7007
exec bash scripts/e2e-backend.sh
