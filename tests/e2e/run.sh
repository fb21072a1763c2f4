#!/usr/bin/env bash
# Builds the release app into dist/ with Trunk, then runs the end-to-end tests in headless
# Chromium. The tests start (and stop) their own static server on 127.0.0.1 and a free port;
# nothing is left running. Needs: trunk, wasm-bindgen 0.2.130, the npm devDependencies
# (`npm ci`: playwright-core and binaryen's wasm-opt) and /usr/bin/chromium.
#
#   tests/e2e/run.sh              build, then test
#   SKIP_BUILD=1 tests/e2e/run.sh test the existing dist/
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/node_modules/.bin:$PATH"

if [[ ! -x node_modules/.bin/wasm-opt || ! -d node_modules/playwright-core ]]; then
  npm ci --no-audit --no-fund
fi
if [[ -z "${SKIP_BUILD:-}" ]]; then
  trunk build --release
fi
ls -l dist/*.wasm
node --test --test-concurrency=1 tests/e2e/
