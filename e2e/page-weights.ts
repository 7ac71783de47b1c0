// Prints what each built page weighs: HTML, CSS and JavaScript (the module graph reachable
// through static imports; dynamic imports such as lazily loaded widgets are listed apart),
// raw and gzip. Run after `npm run build`:  npx tsx e2e/page-weights.ts
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, builtHtml, sitemapPaths } from './support/site';

interface Size {
  raw: number;
  gz: number;
}
const add = (a: Size, b: Size): Size => ({ raw: a.raw + b.raw, gz: a.gz + b.gz });
const zero: Size = { raw: 0, gz: 0 };
const cache = new Map<string, Size>();

function size(file: string): Size {
  if (!cache.has(file)) {
    const buf = readFileSync(path.join(DIST, file));
    cache.set(file, { raw: buf.length, gz: gzipSync(buf, { level: 9 }).length });
  }
  return cache.get(file)!;
}

function jsGraph(entry: string, seen: Set<string>, lazy: Set<string>): void {
  if (seen.has(entry)) return;
  seen.add(entry);
  const code = readFileSync(path.join(DIST, entry), 'utf8');
  const resolve = (spec: string) => (spec.startsWith('/') ? spec : path.posix.join(path.posix.dirname(entry), spec));
  for (const [, spec] of code.matchAll(/(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+from\s*)?["']([./][^"']+)["']/g))
    jsGraph(resolve(spec), seen, lazy);
  for (const [, spec] of code.matchAll(/import\(\s*["']([./][^"']+\.js)["']\s*\)/g)) lazy.add(resolve(spec));
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const fmt = (s: Size) => `${kb(s.raw)} / ${kb(s.gz)}`;

const rows: string[][] = [];
for (const pagePath of sitemapPaths()) {
  const html = builtHtml(pagePath);
  const htmlSize: Size = { raw: Buffer.byteLength(html), gz: gzipSync(html, { level: 9 }).length };
  const css = [...html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
  const scripts = [...html.matchAll(/<script\b[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]);
  const seen = new Set<string>();
  const lazy = new Set<string>();
  for (const src of scripts) jsGraph(src, seen, lazy);
  for (const file of seen) lazy.delete(file);
  const cssSize = css.map(size).reduce(add, zero);
  const jsSize = [...seen].map(size).reduce(add, zero);
  const lazySize = [...lazy].map(size).reduce(add, zero);
  rows.push([pagePath, fmt(htmlSize), fmt(cssSize), fmt(jsSize), lazy.size ? `${fmt(lazySize)} (${lazy.size} files)` : '—']);
}

const header = ['page', 'HTML raw / gzip', 'CSS raw / gzip', 'JS (static graph) raw / gzip', 'JS loaded on demand'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of rows) console.log(line(row));
