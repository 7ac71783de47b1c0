// Checks on the build output itself, no browser: CSP-readiness (no inline scripts, handlers or
// style blocks), nothing from other origins in the markup, sitemap present, JS budget.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { siteUrl } from '../src/site-config';
import { DIST, builtHtml, sitemapPaths } from './support/site';

function htmlFiles(dir = DIST): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'pagefind' ? [] : htmlFiles(full);
    return name.endsWith('.html') ? [full] : [];
  });
}

test('no inline scripts, inline event handlers or <style> blocks in any page', () => {
  const problems: string[] = [];
  for (const file of htmlFiles()) {
    const html = readFileSync(file, 'utf8');
    const where = path.relative(DIST, file);
    for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
      if (!/\ssrc=/.test(tag)) problems.push(`${where}: inline ${tag}`);
    }
    for (const [attr] of html.matchAll(/<[a-z][^>]*\s(on[a-z]+)=/gi)) problems.push(`${where}: handler ${attr.slice(0, 60)}`);
    if (/<style\b/i.test(html)) problems.push(`${where}: <style> block`);
    if (/\shref=["']?\s*javascript:/i.test(html)) problems.push(`${where}: javascript: URL`);
  }
  expect(problems).toEqual([]);
});

test('pages reference no other origin for scripts, styles, fonts or images', () => {
  const problems: string[] = [];
  for (const file of htmlFiles()) {
    const html = readFileSync(file, 'utf8');
    for (const [tag] of html.matchAll(/<(?:script|link|img|source|iframe|video|audio|embed|object)\b[^>]*>/gi)) {
      if (/\srel="(canonical|alternate)"/.test(tag)) continue; // names this page, loads nothing
      if (/\s(src|href|srcset|data|poster)="[^"]*(https?:)?\/\//.test(tag)) problems.push(`${path.relative(DIST, file)}: ${tag}`);
    }
  }
  const css = readdirSync(path.join(DIST, '_astro')).filter((f) => f.endsWith('.css'));
  for (const name of css) {
    const text = readFileSync(path.join(DIST, '_astro', name), 'utf8');
    for (const [m] of text.matchAll(/url\(\s*["']?(https?:)?\/\/[^)]*\)/g)) problems.push(`${name}: ${m}`);
    if (/@import\s+(url\()?["']?(https?:)?\/\//.test(text)) problems.push(`${name}: remote @import`);
  }
  expect(problems).toEqual([]);
});

test('sitemap index and robots.txt are produced', () => {
  const index = readFileSync(path.join(DIST, 'sitemap-index.xml'), 'utf8');
  // SITE_URL as at build time (src/site-config.ts; default the local server).
  expect(index).toContain(`${siteUrl()}/sitemap-0.xml`);
  expect(readFileSync(path.join(DIST, 'robots.txt'), 'utf8')).toContain(`Sitemap: ${siteUrl()}/sitemap-index.xml`);
});

test('KaTeX CSS and fonts are served from this site, and no KaTeX JavaScript ships', () => {
  const assets = readdirSync(path.join(DIST, '_astro'));
  expect(assets.some((f) => /^KaTeX_Main-Regular\..+\.woff2$/.test(f))).toBe(true);
  for (const js of assets.filter((f) => f.endsWith('.js'))) {
    const text = readFileSync(path.join(DIST, '_astro', js), 'utf8');
    expect(text.includes('katex.renderToString') || text.includes('KaTeX parse error'), js).toBe(false);
  }
});

for (const pagePath of sitemapPaths()) {
  test(`${pagePath} loads under 15 KB gzip of JavaScript before any widget nears the viewport`, () => {
    // What the page's <script> tags pull in through static imports: the chrome, and for lesson
    // pages the widget loader. tfjs, the widgets and D3 are dynamic imports, fetched later.
    const html = builtHtml(pagePath);
    const scripts = [...html.matchAll(/<script\b[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    let gzip = 0;
    const seen = new Set<string>();
    const visit = (src: string) => {
      if (seen.has(src)) return;
      seen.add(src);
      const code = readFileSync(path.join(DIST, src), 'utf8');
      gzip += gzipSync(code).length;
      for (const [, dep] of code.matchAll(/(?:import|from)\s*["'](\.\/[^"']+|\/[^"']+)["']/g)) {
        visit(dep.startsWith('/') ? dep : path.posix.join(path.posix.dirname(src), dep));
      }
    };
    scripts.forEach(visit);
    expect(gzip, `gzip bytes of ${[...seen].join(', ')}`).toBeLessThan(15 * 1024);
    for (const file of seen) expect(file, 'no tfjs before a widget starts').not.toMatch(/tfjs|study-worker/);
  });
}
