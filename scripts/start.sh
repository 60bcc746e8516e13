#!/usr/bin/env bash
# Starts the dev portal: frontend on :3000, backend on :7007. With no cluster
# configured (app-config.local.yaml), the backend starts the embedded local
# control plane with the demo workflows and writes .local/kubeconfig.
#
# OCW_CONTROL_PLANE=two-local: two embedded local control planes as two clusters,
# `local` and `local-b` (app-config.two-clusters.yaml), to see the portal with several.
#
# OCW_CONTROL_PLANE=openchoreo: the portal runs against the real OpenChoreo
# stack (packages/openchoreo-stack) as its only cluster (app-config.openchoreo.yaml).
# A stack already running (npm run openchoreo-stack) is used; otherwise one is
# started here with the demo workflows, and stopped with the portal. Needs Go
# (the first start builds the tools: minutes) and kubectl.
set -euo pipefail
source "$(dirname "$0")/toolchain.sh"
cd "$OCW_ROOT"
ocw_install
mkdir -p .local

case "${OCW_CONTROL_PLANE:-local}" in
  local) exec yarn backstage-cli repo start "$@" ;;
  two-local)
    exec yarn backstage-cli repo start --config "$OCW_ROOT/app-config.yaml" \
      --config "$OCW_ROOT/app-config.two-clusters.yaml" "$@"
    ;;
  openchoreo) ;;
  *)
    echo "start.sh: OCW_CONTROL_PLANE must be 'local' (default), 'two-local' or 'openchoreo', not '$OCW_CONTROL_PLANE'" >&2
    exit 2
    ;;
esac

kubeconfig="$OCW_ROOT/.local/openchoreo/kubeconfig"
command -v kubectl >/dev/null || { echo "start.sh: kubectl is needed for OCW_CONTROL_PLANE=openchoreo" >&2; exit 1; }
if [ -f "$kubeconfig" ] && kubectl --kubeconfig "$kubeconfig" get --raw /readyz >/dev/null 2>&1; then
  echo "Using the running OpenChoreo stack ($kubeconfig)."
else
  node packages/openchoreo-stack/bin/openchoreo-stack --kubeconfig-out "$kubeconfig" --demo &
  stack_pid=$!
  trap 'kill -INT "$stack_pid" 2>/dev/null; wait "$stack_pid" 2>/dev/null || true' EXIT
  until [ -f "$kubeconfig" ]; do
    kill -0 "$stack_pid" 2>/dev/null || { echo "start.sh: the OpenChoreo stack did not start" >&2; exit 1; }
    sleep 1
  done
fi
yarn backstage-cli repo start --config "$OCW_ROOT/app-config.yaml" --config "$OCW_ROOT/app-config.openchoreo.yaml" "$@"
