#!/usr/bin/env bash
# One command from a fresh clone to a running site: install dependencies (only when
# package-lock.json changed since the last install), build the site with its search index,
# and serve it on http://127.0.0.1:4321/ (override with PORT=...; BASE_PATH=/course/ builds and
# serves the site under that folder). tools/serve-static.ts sends the headers of dist/_headers
# (Content-Security-Policy with frame-ancestors, nosniff, Referrer-Policy, COOP), which
# `astro preview` would ignore.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.install-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  npm ci --no-audit --no-fund
  touch "$stamp"
fi
npm run build
exec npx tsx tools/serve-static.ts --dir dist --host 127.0.0.1 --port "${PORT:-4321}"
