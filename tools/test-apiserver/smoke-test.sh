#!/usr/bin/env bash
# Manual smoke test of the built binary with kubectl + curl (not run by CI).
set -uo pipefail
cd "$(dirname "$0")"
BIN=$(./build.sh)
D=$(mktemp -d)
"$BIN" --kubeconfig-out="$D/kubeconfig" --data-dir="$D" --exit-on-stdin-close >"$D/out" 2>"$D/server.log" < <(sleep 3600) &
PID=$!
trap 'kill $PID; wait $PID; rm -rf "$D"' EXIT
t0=$(date +%s.%N)
until [ -s "$D/kubeconfig" ]; do kill -0 $PID 2>/dev/null || { cat "$D/server.log"; exit 1; }; sleep 0.1; done
echo "ready after $(echo "$(date +%s.%N)-$t0" | bc)s: $(cat "$D/out")"
K="kubectl --kubeconfig $D/kubeconfig"
URL=$(sed -n 's/^ *server: //p' "$D/kubeconfig")
TOKEN=$(sed -n 's/^ *token: //p' "$D/kubeconfig")
sed -n 's/^ *certificate-authority-data: //p' "$D/kubeconfig" | base64 -d >"$D/ca.crt"
C=(curl -s --cacert "$D/ca.crt" -H "Authorization: Bearer $TOKEN")
$K apply -f - <<'EOF'
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, required: [size], properties: {size: {type: integer, minimum: 1}}}
          status: {type: object, properties: {ready: {type: boolean}}}
EOF
$K wait --for=condition=Established crd/widgets.example.com --timeout=30s
$K -n ns-a apply -f - <<<'{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w1"},"spec":{"size":2}}'
$K -n ns-a apply -f - <<<'{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"bad"},"spec":{"size":0}}'; echo "^ expect Invalid (422)"
$K -n ns-a patch widget w1 --subresource=status --type=merge -p '{"status":{"ready":true}}'
$K get widgets -A
"${C[@]}" "$URL/apis/example.com/v1/namespaces/ns-a/widgets?watch=1&resourceVersion=1" | head -c 300; echo " <- expect 410 Expired"
echo "bookmarks: $("${C[@]}" -m 8 "$URL/apis/example.com/v1/namespaces/ns-a/widgets?watch=1&allowWatchBookmarks=true&timeoutSeconds=5" | grep -c BOOKMARK) (expect 1)"
echo "openapi v3 mentions: $("${C[@]}" "$URL/openapi/v3" | grep -c example.com) (expect >0)"
echo "unauthenticated: $(curl -s -o /dev/null -w '%{http_code}' --cacert "$D/ca.crt" "$URL/apis") (expect 401)"
echo "root /apis groups (unaggregated): $("${C[@]}" "$URL/apis" | grep -o "\"name\": \"[^\"]*\"" | tr "\n" " ")"
echo "RSS KiB: $(ps -o rss= -p $PID)"
