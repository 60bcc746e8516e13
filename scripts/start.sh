#!/usr/bin/env bash
# Starts the dev portal: frontend on :3000, backend on :7007. With no cluster
# configured (app-config.local.yaml), the backend starts the embedded local
# control plane with the demo workflows and writes .local/kubeconfig.
set -euo pipefail
source "$(dirname "$0")/toolchain.sh"
cd "$OCW_ROOT"
ocw_install
mkdir -p .local
exec yarn backstage-cli repo start "$@"
