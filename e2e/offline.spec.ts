// Offline: after one visit, the service worker (dist/sw.js, precache list dist/sw-manifest.json,
// both written at build by src/integrations/offline.ts) serves lessons, widgets and search with
// the network off.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { PrecacheManifest } from '../src/integrations/offline';
import { DIST, builtHtml, sitemapPaths, watch } from './support/site';
import { routeWorkerFetches, workerStatus } from './support/service-worker';
import { cliReport, compareReports, exportedJson, renderWidgets } from './support/widgets';

// Whatever the project default, this spec needs the service worker.
test.use({ serviceWorkers: 'allow' });

// The worker's own fetches go through setOffline (see routeWorkerFetches).
let restoreEnv: () => void = () => {};
test.beforeEach(() => {
  restoreEnv = routeWorkerFetches();
});
test.afterEach(() => restoreEnv());

const manifest = (): PrecacheManifest => JSON.parse(readFileSync(path.join(DIST, 'sw-manifest.json'), 'utf8')) as PrecacheManifest;

async function expectWidgetsReady(page: Page): Promise<void> {
  await renderWidgets(page);
  const states = await page
    .locator('.widget-host')
    .evaluateAll((hosts) => hosts.map((h) => `${h.tagName.toLowerCase()}: ${h.getAttribute('data-state')}`));
  expect(states.length).toBeGreaterThan(0);
  expect(
    states.filter((s) => !s.endsWith(': ready')),
    'widgets not ready',
  ).toEqual([]);
}

test('the precache list is the build output: every page, asset, model, binary, data file and the search index', () => {
  const m = manifest();
  const urls = new Set(m.files.map((f) => f.url));
  for (const page of sitemapPaths()) expect(urls, page).toContain(page);
  const listed = (folder: string, keep: (name: string) => boolean = () => true) => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    return walk(path.join(DIST, folder))
      .map((f) => `/${path.relative(DIST, f).split(path.sep).join('/')}`)
      .filter((u) => !u.includes('/.') && keep(u));
  };
  const expected = [
    ...listed('_astro', (u) => !/\.(woff|ttf)$/.test(u)),
    ...listed('pretrained'),
    ...listed('tfjs-wasm', (u) => u.endsWith('.wasm')),
    // Lab 2's training images (33 MB) are fetched only by a reader who trains: never precached.
    ...listed('generated', (u) => !u.startsWith('/generated/lab-train/')),
    ...listed('data'),
    ...listed('pagefind'),
  ];
  // Pagefind's own UI bundles are not published (the site has its own search UI).
  expect(listed('pagefind').filter((u) => /\/pagefind-(ui|modular-ui|highlight)\./.test(u))).toEqual([]);
  expect(
    expected.filter((u) => !urls.has(u)),
    'built files missing from the precache list',
  ).toEqual([]);
  // Each entry is exactly the file on disk (the build script re-runs pagefind after astro build:
  // this also proves that run rewrote the identical index).
  const wrong = m.files.filter((f) => {
    const file = path.join(DIST, f.url.endsWith('/') ? `${f.url}index.html` : f.url);
    if (!existsSync(file)) return true;
    const bytes = readFileSync(file);
    return bytes.length !== f.bytes || createHash('sha256').update(bytes).digest('base64') !== f.sha256;
  });
  expect(
    wrong.map((f) => f.url),
    'entries that differ from dist/',
  ).toEqual([]);
  expect(m.bytes).toBe(m.files.reduce((s, f) => s + f.bytes, 0));
  expect(listed('generated/lab-train').length, 'lab 2 training files built').toBeGreaterThan(20);
  expect(
    m.files.filter((f) => f.url.startsWith('/generated/lab-train/')),
    'lab 2 training files precached',
  ).toEqual([]);
  // The worker carries the same list and version.
  const sw = readFileSync(path.join(DIST, 'sw.js'), 'utf8');
  expect(sw).toContain(`const PRECACHE = ${JSON.stringify(m)};`);
  // Every page says which version it is (the worker serves a page only its own version's data).
  for (const page of sitemapPaths()) expect(builtHtml(page), page).toContain(`<meta name="site-version" content="${m.version}">`);
});

test('after one visit, lessons, their widgets and search work with the network off', async ({ page, context }) => {
  test.setTimeout(300_000);
  const problems = watch(page);
  const cspMessages: string[] = [];
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) cspMessages.push(message.text());
  });
  const m = manifest();

  await page.goto('/lessons/attention-cam/');
  const status = await workerStatus(page);
  expect(status).toEqual({ scope: '/', version: m.version, files: m.files.length, bytes: m.bytes, cached: m.files.length });
  const cacheNames = await page.evaluate(() => caches.keys());
  expect(cacheNames).toEqual([`course-${m.version}`]);

  // The service worker's own fetches must fail too: record them.
  const swFailures: string[] = [];
  context.on('requestfailed', (request) => {
    if (request.serviceWorker()) swFailures.push(`${new URL(request.url()).pathname} ${request.failure()?.errorText}`);
  });
  await context.setOffline(true);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  // Not precached, so the worker leaves it to the browser: fails offline.
  expect(
    await page.evaluate(() =>
      fetch('/robots.txt').then(
        () => 'fetched',
        () => 'failed',
      ),
    ),
  ).toBe('failed');

  // The lesson again, with a test digit that needs the 7.5 MB test set (/data/).
  const again = await page.goto('/lessons/attention-cam/?sample=8');
  expect(again?.status()).toBe(200);
  expect(again?.fromServiceWorker()).toBe(true);
  // The worker tried the network first (network-first pages) and fell back to its cache.
  await expect.poll(() => swFailures.some((f) => f.startsWith('/lessons/attention-cam/ ') && /INTERNET_DISCONNECTED/.test(f))).toBe(true);
  await expectWidgetsReady(page);
  const viewer = page.locator('attention-viewer');
  await expect(viewer.locator('.backend-badge')).toContainText('WebAssembly');
  await expect(page.locator('digit-input')).toHaveAttribute('data-state', 'ready');
  // It draws what the CLI computes for the same digit (models, WASM binary, test set all cached).
  expect(compareReports(await exportedJson(page, viewer), cliReport('mnist-test:8'))).toEqual([]);
  const painted = await viewer.locator('canvas.map-view__canvas').evaluateAll((canvases) =>
    canvases.map((c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      return data.some((v, i) => i % 4 === 3 && v > 0);
    }),
  );
  expect(painted.length).toBeGreaterThan(0);
  expect(painted.every(Boolean), 'every panel of the viewer has pixels').toBe(true);

  // Another lesson, never visited: comparison and the test-set study.
  await page.goto('/lessons/grad-cam/');
  await expectWidgetsReady(page);
  await expect(page.locator('test-set-study')).toContainText('precomputed at build time');

  // A page reached by a link, and one with its query string.
  await page.goto('/');
  await page.locator('main a[href="/lessons/attention-cnn/"]').first().click();
  await expect(page).toHaveURL(/\/lessons\/attention-cnn\/$/);
  await expect(page.locator('h1')).toBeVisible();
  await expectWidgetsReady(page);

  // Search: Pagefind's script, WASM and index chunks come from the cache.
  await page.goto('/search/?q=Grad-CAM');
  await expect(page.locator('.search-results a[href^="/lessons/grad-cam/"]').first()).toBeVisible();

  // Nothing that was never built is invented: an unknown page gets the site's 404 page.
  const unknown = await page.goto('/lessons/no-such-lesson/');
  expect(unknown?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');

  expect(problems.foreignRequests).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(cspMessages, 'registering and running the worker under the CSP').toEqual([]);
});

test('online, pages come from the network first (a new deploy shows at once)', async ({ page, context }) => {
  test.slow();
  await page.goto('/lessons/wrap-up/');
  await workerStatus(page);
  const served: string[] = [];
  context.on('request', (request) => {
    if (request.serviceWorker()) served.push(new URL(request.url()).pathname);
  });
  const response = await page.reload();
  expect(response?.fromServiceWorker()).toBe(true);
  // The worker fetched the page from the server, not only from its cache…
  await expect.poll(() => served).toContain('/lessons/wrap-up/');
  // …while hashed assets were answered from the cache without the network.
  expect(
    served.filter((p) => p.startsWith('/_astro/')),
    'hashed assets fetched again',
  ).toEqual([]);
});

test('a new version reuses unchanged files from the old cache and then deletes it', async ({ page, context }) => {
  test.slow();
  const m = manifest();
  const card = m.files.find((f) => f.url === '/pretrained/model-card.json')!;
  const labels = m.files.find((f) => f.url === '/data/mnist-test-labels.u8')!;
  // An "older version" cache: the model card unchanged, the labels file changed since.
  await page.goto('/robots.txt');
  await page.evaluate(
    async ({ card, labels }) => {
      const old = await caches.open('course-0ld');
      await old.put(card, await fetch(card));
      await old.put(labels, new Response('changed since'));
    },
    { card: card.url, labels: labels.url },
  );
  const fetched: string[] = [];
  context.on('request', (request) => {
    if (request.serviceWorker()) fetched.push(new URL(request.url()).pathname);
  });
  await page.goto('/lessons/check-in/');
  const status = await workerStatus(page);
  expect(status.cached).toBe(m.files.length);
  expect(fetched, 'unchanged file copied, not downloaded').not.toContain(card.url);
  expect(fetched, 'changed file downloaded').toContain(labels.url);
  expect(await page.evaluate(() => caches.keys())).toEqual([`course-${m.version}`]);
  const cachedLabels = await page.evaluate(async (url) => (await (await caches.match(url))!.arrayBuffer()).byteLength, labels.url);
  expect(cachedLabels).toBe(labels.bytes);
});
