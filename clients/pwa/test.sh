#!/usr/bin/env bash
# The PWA's tests: its build and unit tests (Vitest), then the browser scenarios: Debian's Chromium (installed with
# apt-get when missing; never a downloaded browser) driven by playwright-core against two real Tandem servers that
# the scenarios start from the app's jar (built here if missing) and stop afterwards. Also run by scripts/test.
set -euo pipefail
cd "$(dirname "$0")"

./build.sh
npx vitest run

if [[ -z "${CHROMIUM_PATH:-}" ]] && ! command -v chromium >/dev/null; then
  echo "Installing Debian's chromium package for the browser tests"
  sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq chromium
fi

if [[ ! -f ../../app/target/app-0.1.0-SNAPSHOT.jar ]]; then
  (cd ../.. && ./mvnw -B -q package -DskipTests -pl app -am)
fi
npx vitest run --config vitest.browser.config.ts
