#!/usr/bin/env bash
# The TypeScript client's build and unit tests, from its locked dependencies.
set -euo pipefail
cd "$(dirname "$0")"

npm ci --no-audit --no-fund
npm run build
npx vitest run
