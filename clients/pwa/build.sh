#!/usr/bin/env bash
# Builds the PWA into clients/pwa/dist from locked dependencies, with the SDK it uses (clients/typescript, a file:
# dependency) built first. Needs Node.js 20.19 or later and npm.
set -euo pipefail
cd "$(dirname "$0")"

# npm ci only when node_modules is missing or older than the lock file: it starts from an empty node_modules.
install() {
  if [[ ! -f node_modules/.package-lock.json ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
    npm ci --no-audit --no-fund
  fi
}

(cd ../typescript && install && npm run build)
install
npm run build
