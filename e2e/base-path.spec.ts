// Smoke test of a build for a base path (BASE_PATH=/course/, as on GitHub project pages), run by
// `npm run test:e2e:base-path` (tools/build-base-path.sh builds dist-base/, then
// playwright.base-path.config.ts serves it under /course/). Every link, fetch, the service worker
// and search stay under /course/; the widgets load their weights, data and WASM from there.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { PrecacheManifest } from '../src/integrations/offline';
import { workerStatus } from './support/service-worker';
import { ROOT, watch } from './support/site';
import { renderWidgets } from './support/widgets';

const BASE = '/course/';
const DIST_BASE = path.join(ROOT, 'dist-base');

test('pages, links, widgets and every request stay under the base path', async ({ page }) => {
  test.setTimeout(180_000);
  const problems = watch(page);
  const outside: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol.startsWith('http') && !url.pathname.startsWith(BASE)) outside.push(url.pathname);
  });
  const home = await page.goto(BASE);
  expect(home?.status()).toBe(200);
  expect(home?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', /\/course\/$/);

  for (const pagePath of [BASE, `${BASE}lessons/attention-cam/`, `${BASE}lessons/wrap-up/`]) {
    await page.goto(pagePath);
    const hrefs = await page
      .locator('a[href^="/"], link[href^="/"], script[src^="/"], img[src^="/"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? e.getAttribute('src') ?? ''));
    expect(hrefs.length, pagePath).toBeGreaterThan(3);
    expect(
      hrefs.filter((h) => !h.startsWith(BASE)),
      `root-relative URLs outside ${BASE} on ${pagePath}`,
    ).toEqual([]);
  }

  // A lesson's cross-link written in Markdown as /lessons/… works.
  await page.goto(`${BASE}lessons/attention-cam/`);
  await page.locator('main a[href="/course/lessons/grad-cam/"]').first().click();
  await expect(page).toHaveURL(/\/course\/lessons\/grad-cam\/$/);
  await renderWidgets(page);
  const states = await page.locator('.widget-host').evaluateAll((hosts) => hosts.map((h) => h.getAttribute('data-state')));
  expect(states.length).toBeGreaterThan(0);
  expect(states.filter((s) => s !== 'ready')).toEqual([]);

  await page.goto(`${BASE}search/?q=Grad-CAM`);
  await expect(page.locator('.search-results a[href^="/course/lessons/grad-cam/"]').first()).toBeVisible();

  const missing = await page.goto(`${BASE}no-such-page/`);
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');

  expect(outside, 'requests outside the base path').toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(problems.consoleErrors.filter((e) => !/404/.test(e))).toEqual([]);
});

test.describe('offline under the base path', () => {
  test.use({ serviceWorkers: 'allow' });

  test('the service worker is scoped to the base path and precaches the files under it', async ({ page }) => {
    const manifest = JSON.parse(readFileSync(path.join(DIST_BASE, 'sw-manifest.json'), 'utf8')) as PrecacheManifest;
    expect(manifest.base).toBe(BASE);
    expect(manifest.files.filter((f) => !f.url.startsWith(BASE))).toEqual([]);
    await page.goto(BASE);
    const status = await workerStatus(page);
    expect(status.scope).toBe(BASE);
    expect(status.version).toBe(manifest.version);
    expect(status.cached).toBe(manifest.files.length);
  });
});
