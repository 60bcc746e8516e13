#!/usr/bin/env bash
# Builds bin/test-apiserver unless it is newer than its sources; prints the binary's path.
# Usage: tools/test-apiserver/build.sh   (stdout: the binary's absolute path; progress on stderr)
# Go caches stay in their defaults (GOCACHE/GOMODCACHE), outside the repository.
set -euo pipefail
cd "$(dirname "$0")"
BIN="$PWD/bin/test-apiserver"
# Up to date = exists and no source (*.go, go.mod, go.sum) is newer.
up_to_date() { [ -x "$BIN" ] && [ -z "$(find . -maxdepth 1 \( -name '*.go' -o -name go.mod -o -name go.sum \) -newer "$BIN")" ]; }
if up_to_date; then
  echo "$BIN"
  exit 0
fi
mkdir -p bin
# Parallel test workers may all ask for a build: let one build, the others wait.
if command -v flock >/dev/null; then
  exec 9>bin/.build.lock
  flock 9
fi
if up_to_date; then
  echo "$BIN"
  exit 0
fi
command -v go >/dev/null || { echo "test-apiserver: 'go' not found on PATH (Go >= 1.26 needed to build $BIN)" >&2; exit 1; }
echo "test-apiserver: building $BIN (cold builds take minutes)..." >&2
start=$(date +%s)
nice -n 10 go build -trimpath -ldflags='-s -w' -o "$BIN.tmp" . >&2
mv "$BIN.tmp" "$BIN"
echo "test-apiserver: built in $(( $(date +%s) - start ))s" >&2
echo "$BIN"
