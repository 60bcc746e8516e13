# Sourced by scripts/test.sh: makes sure every tool the tests need is here, and
# says which is missing. On a fresh machine of our kind it installs what
# Debian has (Chromium, PostgreSQL) when we may (root with apt-get, and
# OCW_NO_SYSTEM_INSTALL unset), builds the Go tools, and starts a throwaway
# PostgreSQL for the database tests (stopped again by test.sh).

ocw_require_tools() {
  local want_e2e="$1" missing=() debian=()
  command -v go >/dev/null || missing+=("go (Go >= 1.26, builds the real Kubernetes API server for integration tests)")
  command -v kubectl >/dev/null || missing+=("kubectl (the local control plane's kubectl tests)")
  command -v flock >/dev/null || debian+=(util-linux)
  # schemathesis (PyPI) runs in a venv of its own (ocw_install_schemathesis).
  python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || debian+=(python3-venv)
  ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || debian+=(postgresql)
  if [ "$want_e2e" = 1 ] && [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then debian+=(chromium); fi
  if [ ${#debian[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && [ -z "${OCW_NO_SYSTEM_INSTALL:-}" ]; then
      ocw_log "installing from Debian: ${debian[*]}"
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${debian[@]}"; } >/dev/null ||
        missing+=("Debian packages ${debian[*]} (apt-get install failed)")
    else
      missing+=("Debian packages: ${debian[*]} (apt-get install ${debian[*]})")
    fi
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    ocw_log "the tests need tools that are missing:"
    printf '  - %s\n' "${missing[@]}" >&2
    return 1
  fi
}

ocw_build_go_tools() {
  ocw_log "building the Go tools: kube-apiserver, OpenChoreo's manager, stub gateway, oracle, watchdog (cached; a cold build takes about 11 minutes)"
  bash "$OCW_ROOT/tools/build.sh" all >/dev/null
}

# Schemathesis, for the API step (scripts/schemathesis/run.sh), in a venv
# outside the repository, once per machine; pip reads its index from the
# machine's own configuration (pip config).
OCW_SCHEMATHESIS_VERSION=4.32.5
ocw_install_schemathesis() {
  local venv="$OCW_TOOLS_DIR/schemathesis"
  if "$venv/bin/st" --version 2>/dev/null | grep -qx "st, version $OCW_SCHEMATHESIS_VERSION"; then
    return 0
  fi
  ocw_log "installing schemathesis $OCW_SCHEMATHESIS_VERSION from PyPI into $venv (once per machine)"
  rm -rf "$venv"
  { python3 -m venv "$venv" &&
    "$venv/bin/pip" install --quiet "schemathesis==$OCW_SCHEMATHESIS_VERSION"; } >&2
}

# Starts PostgreSQL and points Backstage's TestDatabases at it.
ocw_start_postgres() {
  local pg_major pg_url
  pg_major="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1 | sed -E 's#.*/postgresql/([0-9]+)/bin#\1#')"
  pg_url="$(bash "$OCW_ROOT/scripts/start-postgres.sh")" || return 1
  export "BACKSTAGE_TEST_DATABASE_POSTGRES${pg_major}_CONNECTION_STRING=$pg_url"
  export OCW_REQUIRE_POSTGRES=1
}
