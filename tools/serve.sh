#!/usr/bin/env bash
# One command from a fresh clone to a running site: install dependencies (only when
# package-lock.json changed since the last install), build the site with its search index,
# and serve it on http://127.0.0.1:4321/ (override with PORT=...).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.install-stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  npm ci --no-audit --no-fund
  touch "$stamp"
fi
npm run build
exec npx astro preview --host 127.0.0.1 --port "${PORT:-4321}"
