#!/usr/bin/env bash
# ctest's entry for the console test: installs playwright-core from package-lock.json when
# node_modules is missing (a clean clone), never a browser, then drives Debian's chromium.
# Usage: tests/console/run.sh MARQUEE_BINARY SOURCE_DIR OUT_DIR
set -euo pipefail
cd "$(dirname "$0")"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
major=$(node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/' || true)
if [[ -z "$major" || "$major" -lt 20 ]]; then
  echo "the console test needs Node.js 20 or later (playwright-core 1.65), found: $(node --version 2>&1 || echo none)" >&2
  exit 1
fi
[[ -x /usr/bin/chromium ]] || { echo "the console test needs Debian's chromium: deploy/install-deps.sh --with-tests" >&2; exit 1; }
if [[ ! -d node_modules/playwright-core ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec node console_test.mjs "$@"
