#!/usr/bin/env bash
# The TypeScript client's checks, from its locked dependencies: the generated API types are those of the committed
# OpenAPI snapshot, the snapshot passes Spectral's spectral:oas ruleset without a warning, then build, typecheck and
# the unit tests. (That the snapshot is the live server's /v3/api-docs is checked by the app's OpenApiSnapshotTest.)
set -euo pipefail
cd "$(dirname "$0")"

npm ci --no-audit --no-fund

fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
npx openapi-typescript openapi.json --output "$fresh/openapi.ts" >/dev/null
if ! diff -u src/generated/openapi.ts "$fresh/openapi.ts" > "$fresh/diff"; then
  head -40 "$fresh/diff" >&2
  echo "src/generated/openapi.ts is stale: it is not what openapi-typescript makes of openapi.json." >&2
  echo "Regenerate it with: (cd clients/typescript && npm run generate), and commit it." >&2
  exit 1
fi
echo "generated types: src/generated/openapi.ts matches openapi.json"

npx spectral lint openapi.json --ruleset .spectral.yaml --fail-severity=warn

npm run build
npm run typecheck
npx vitest run
