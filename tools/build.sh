#!/usr/bin/env bash
# Builds one Go tool of this repository unless a binary of the same sources is
# cached; prints the binary's absolute path on stdout (progress on stderr).
#
#   tools/build.sh <tool>      tool: kube-apiserver | openchoreo-manager | stub-gateway
#                                    | openchoreo-oracle | watchdog
#   tools/build.sh all         builds every tool, prints one path per line
#
# Binaries are cached outside the repository, named by a hash of what they are
# built from (go.mod, go.sum, the tool's own *.go files, this script, the Go
# version): ${XDG_CACHE_HOME:-$HOME/.cache}/openchoreo-workflows-tools/go-bin/<tool>-<hash>.
# Parallel callers wait for one build (flock); builds run under nice. Go's own
# caches (GOCACHE, GOMODCACHE) stay in their defaults and serve every tool: all
# tools are one module (tools/go.mod), so they share every dependency version.
set -euo pipefail
TOOLS_DIR="$(cd "$(dirname "$0")" && pwd)"
BIN_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/openchoreo-workflows-tools/go-bin"
ALL_TOOLS=(kube-apiserver openchoreo-manager stub-gateway openchoreo-oracle watchdog)

# package and source folder (empty: sources are pinned by go.mod/go.sum alone) of a tool
package_of() {
  case "$1" in
    kube-apiserver) echo "./kube-apiserver kube-apiserver" ;;
    openchoreo-manager) echo "github.com/openchoreo/openchoreo/cmd -" ;;
    stub-gateway) echo "./openchoreo-manager/stub-gateway openchoreo-manager/stub-gateway" ;;
    openchoreo-oracle) echo "./openchoreo-oracle openchoreo-oracle" ;;
    watchdog) echo "./watchdog watchdog" ;;
    *) return 1 ;;
  esac
}

build_one() {
  local tool="$1" pkg src hash bin
  read -r pkg src < <(package_of "$tool") || {
    echo "build.sh: unknown tool '$tool' (one of: ${ALL_TOOLS[*]} all)" >&2
    return 2
  }
  command -v go >/dev/null || {
    echo "build.sh: 'go' not found on PATH (Go >= 1.26 and the Go module proxy are needed to build $tool)" >&2
    return 1
  }
  hash="$(
    cd "$TOOLS_DIR"
    {
      go version
      cat go.mod go.sum build.sh
      if [ "$src" != - ]; then
        find "$src" -maxdepth 1 -name '*.go' ! -name '*_test.go' | LC_ALL=C sort | xargs cat
      fi
    } | sha256sum | cut -c1-16
  )"
  bin="$BIN_DIR/$tool-$hash"
  if [ -x "$bin" ]; then
    echo "$bin"
    return 0
  fi
  mkdir -p "$BIN_DIR"
  # Parallel test workers may all ask for a build: one builds, the others wait.
  exec {lock}>"$BIN_DIR/.$tool.lock"
  flock "$lock"
  if [ ! -x "$bin" ]; then
    echo "build.sh: building $tool (cold builds take minutes)..." >&2
    local start=$SECONDS
    (cd "$TOOLS_DIR" && nice -n 10 go build -trimpath -buildvcs=false -ldflags='-s -w' -o "$bin.tmp.$$" "$pkg") >&2
    mv "$bin.tmp.$$" "$bin"
    # Older builds of this tool are dead weight (the big ones are 100+ MB).
    find "$BIN_DIR" -maxdepth 1 -name "$tool-*" ! -name "$tool-$hash" ! -name '*.tmp.*' -delete
    echo "build.sh: built $tool in $((SECONDS - start))s" >&2
  fi
  exec {lock}>&-
  echo "$bin"
}

if [ $# -ne 1 ]; then
  echo "usage: tools/build.sh <tool>|all   (tools: ${ALL_TOOLS[*]})" >&2
  exit 2
fi
if [ "$1" = all ]; then
  for t in "${ALL_TOOLS[@]}"; do build_one "$t"; done
else
  build_one "$1"
fi
