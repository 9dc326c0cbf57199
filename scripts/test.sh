#!/usr/bin/env bash
# The whole test suite: unit and database tests (PGlite, plus PostgreSQL when DATABASE_URL is set),
# HTTP tests of the production build, and the browser tests. One fresh production build serves all.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${DATABASE_URL:-}" ]; then
  echo "DATABASE_URL is not set: database tests run on PGlite only (set it to also run them on PostgreSQL)."
fi

# Every file and export is used somewhere (knip.json names the entry points the bundler and scripts start from).
npx knip

rm -rf .next-test
NEXT_DIST_DIR=.next-test npx next build

npx vitest run

if [ -f playwright.config.ts ]; then
  if [ ! -x /usr/bin/chromium ]; then
    echo "The browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)." >&2
    exit 1
  fi
  npx playwright test
fi
