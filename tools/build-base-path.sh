#!/usr/bin/env bash
# Builds the site for the base path /course/ into dist-base/ (beside the normal dist/), for the
# base-path e2e smoke suite (npm run test:e2e:base-path). The assets step is cached, so after a
# normal build this is one more `astro build`.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent assets
BASE_PATH=/course/ npx astro build --outDir dist-base
