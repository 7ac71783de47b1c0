#!/usr/bin/env bash
# Two builds of one commit must be byte-identical: otherwise every rebuild gives the service worker
# a new version and readers re-download the site. Builds twice (the second with --force, i.e. a
# cold content cache) and compares every file. Exit 1 and the differing files
# if they differ. `npm test` runs it in place of `npm run build` (the second build is the dist/
# the e2e tests use), so it costs one extra `astro build`. A busy machine makes timing-dependent
# output more likely to show. Known causes, fixed: Shiki's time limit per line, Pagefind writing its
# files in the background (now taken in memory and written by the build), and component-scoped
# stylesheets, which Astro put at varying places among a page's <link> tags (all CSS is now imported
# by the layouts, in a fixed order).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d "${TMPDIR:-/tmp}/deterministic-build-XXXXXX")
trap 'rm -rf "$out"' EXIT
npm run --silent assets
# Both builds write dist/ exactly as `npm run build` does; the second one ends up in dist/.
echo "build 1 → $out/a"
npx astro build > "$out/a.log" 2>&1 || { cat "$out/a.log"; exit 1; }
mv dist "$out/a"
echo "build 2 (cold content cache) → dist/"
npx astro build --force > "$out/b.log" 2>&1 || { cat "$out/b.log"; exit 1; }
cp -r dist "$out/b"
if diff -rq "$out/a" "$out/b" > "$out/diff.txt"; then
  echo "deterministic: $(find "$out/a" -type f | wc -l) files identical, service worker $(node -p "require('$out/a/sw-manifest.json').version")"
else
  echo "NOT deterministic: these files differ between two builds of the same commit:"
  cat "$out/diff.txt"
  exit 1
fi
