#!/usr/bin/env bash
# The whole test suite: unit and database tests (PGlite, plus PostgreSQL when DATABASE_URL is set),
# HTTP tests of the production build, and the browser tests. One fresh production build serves all.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${DATABASE_URL:-}" ]; then
  echo "DATABASE_URL is not set: database tests run on PGlite only (set it to also run them on PostgreSQL)."
fi
# One line when the tests that start a PostgreSQL server of their own will be skipped.
npx tsx test/report-postgres-binaries.ts

# The migrations agree with each other and with their snapshots.
npx drizzle-kit check

# Every file and export is used somewhere (knip.json names the entry points the bundler and scripts start from).
npx knip

rm -rf .next-test
NEXT_DIST_DIR=.next-test npx next build

npx vitest run

if [ -f playwright.config.ts ]; then
  if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
    echo "No Chromium at /usr/bin/chromium and CHROMIUM_PATH unset: the browser tests use Playwright's own Chromium."
    npx playwright install chromium
  fi
  npx playwright test
fi
