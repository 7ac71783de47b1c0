// What the e2e specs know about the built site: its pages (from the sitemap the build wrote), the
// lesson sources behind them, and a watcher for console errors and requests to other origins.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { siteUrl } from '../../src/site-config';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const DIST = path.join(ROOT, 'dist');
// Same rule as playwright.config.ts: E2E_PORT moves the preview server off 4321.
export const BASE_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 4321)}`;
// The origin the build wrote into the sitemap (SITE_URL, as at build time).
const SITE = siteUrl();

function mustRead(file: string): string {
  if (!existsSync(file)) {
    throw new Error(`${path.relative(ROOT, file)} is missing: run \`npm run build\` before the e2e tests.`);
  }
  return readFileSync(file, 'utf8');
}

/** Every page path listed in the built sitemap, e.g. "/", "/lessons/grad-cam/", "/search/". */
export function sitemapPaths(): string[] {
  const xml = mustRead(path.join(DIST, 'sitemap-0.xml'));
  const paths = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => {
    const url = m[1].trim();
    if (!url.startsWith(SITE)) throw new Error(`sitemap entry outside the site: ${url}`);
    return new URL(url).pathname;
  });
  if (paths.length === 0) throw new Error('the sitemap lists no pages');
  return [...new Set(paths)].sort();
}

const LESSON_PATH = /^\/lessons\/([^/]+)\/$/;

/** The lesson id of a page path, or null for other pages. */
export function lessonId(pagePath: string): string | null {
  return LESSON_PATH.exec(pagePath)?.[1] ?? null;
}

export function lessonSource(id: string): string {
  return readFileSync(path.join(ROOT, 'content', 'lessons', `${id}.mdx`), 'utf8');
}

/** Lesson pages whose source has display math ($$) must show rendered KaTeX. */
export function expectsMath(pagePath: string): boolean {
  const id = lessonId(pagePath);
  return id !== null && lessonSource(id).includes('$$');
}

export function builtHtml(pagePath: string): string {
  return mustRead(path.join(DIST, pagePath, 'index.html'));
}

export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  foreignRequests: string[];
}

/**
 * Collects console errors and uncaught exceptions of a page, and every request of the whole
 * context (workers included) that leaves the site's origin. data: and blob: URLs stay local.
 */
export function watch(page: Page, context: BrowserContext = page.context()): PageProblems {
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], foreignRequests: [] };
  const origin = new URL(BASE_URL).origin;
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const where = message.location();
      problems.consoleErrors.push(`${message.text()}${where.url ? ` (${where.url}:${where.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (error) => problems.pageErrors.push(`${error.name}: ${error.message}`));
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.protocol === 'about:') return;
    if (url.origin !== origin) problems.foreignRequests.push(`${request.method()} ${request.url()}`);
  });
  return problems;
}

/** Wait until the page and whatever it lazily loads (widgets, models, fonts) have settled. */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForLoadState('networkidle');
  await page.evaluate(async () => {
    await document.fonts.ready;
    // two frames: work the site scripts schedule for "after fonts" has run
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
}
