#!/usr/bin/env bash
# Type-checks one package (and what it imports) instead of the whole repo:
#   scripts/tsc-package.sh plugins/openchoreo-workflows-backend
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pkg="$(cd "$1" && pwd)"
mkdir -p "$root/.local"; cfg="$root/.local/tsconfig.check.$(basename "$pkg").$$.json"
trap 'rm -f "$cfg"' EXIT
cat > "$cfg" <<JSON
{
  "extends": "$root/tsconfig.json",
  "include": ["$pkg/src", "$pkg/config.d.ts", "$pkg/dev"],
  "compilerOptions": { "noEmit": true, "incremental": false, "emitDeclarationOnly": false,
                       "skipLibCheck": true, "rootDir": "$root" }
}
JSON
cd "$root" && node node_modules/typescript/bin/tsc --pretty false -p "$cfg"
