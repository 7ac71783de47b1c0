// Writes e2e/stable-anchors.json from the built site: every heading id (h2–h4 in the lesson body)
// per lesson page. Run after `npm run build`:  npx tsx e2e/list-anchors.ts
// Existing entries are kept (merged), so an id that vanished shows up as a test failure instead
// of silently dropping out of the list; pass --replace to rewrite the file from scratch.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { headingIds } from './support/anchors';
import { builtHtml, sitemapPaths } from './support/site';

const file = path.join(import.meta.dirname, 'stable-anchors.json');
const replace = process.argv.includes('--replace');
const previous: Record<string, string[]> = !replace && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};

const result: Record<string, string[]> = { ...previous };
for (const pagePath of sitemapPaths().filter((p) => p.startsWith('/lessons/'))) {
  const ids = headingIds(builtHtml(pagePath));
  const kept = previous[pagePath] ?? [];
  result[pagePath] = [...kept, ...ids.filter((id) => !kept.includes(id))];
}
const sorted = Object.fromEntries(Object.entries(result).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(file, `${JSON.stringify(sorted, null, 2)}\n`);
const total = Object.values(sorted).reduce((n, ids) => n + ids.length, 0);
console.log(`${path.relative(process.cwd(), file)}: ${total} ids on ${Object.keys(sorted).length} pages`);
