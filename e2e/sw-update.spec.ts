// A new deploy under an open tab: deploy v1, visit it (the service worker precaches v1), deploy
// v2 with a changed page and a changed weights file, reload once: the page, the weights and the
// worker are all v2 (never v2 code with v1 data), the page says it was updated, and v2 then works
// offline, including the site's 404 page and direct links to /pretrained/ files.
// v2 is made the way the build makes a release: dist/ copied, edited, and its version, precache
// list and worker rewritten by src/integrations/offline.ts's writeOfflineFiles.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { writeOfflineFiles, type PrecacheManifest } from '../src/integrations/offline';
import { createStaticServer } from '../tools/serve-static';
import { routeWorkerFetches, workerStatus } from './support/service-worker';
import { DIST } from './support/site';

test.use({ serviceWorkers: 'allow' });

const fetchText = (page: Page, url: string) => page.evaluate((u) => fetch(u).then((r) => r.text()), url);

test('a reload after a deploy shows the new version everywhere, says so, and works offline', async ({ page, context }) => {
  test.setTimeout(240_000);
  const restoreEnv = routeWorkerFetches();
  const root = mkdtempSync(path.join(os.tmpdir(), 'sw-update-'));
  const v1 = path.join(root, 'v1');
  const v2 = path.join(root, 'v2');
  cpSync(DIST, v1, { recursive: true });
  cpSync(DIST, v2, { recursive: true });
  // v2: new text on the home page and a new weights-folder file (same data, other bytes).
  const home = path.join(v2, 'index.html');
  writeFileSync(home, readFileSync(home, 'utf8').replace('</h1>', ' (second edition)</h1>'));
  const cardFile = path.join(v2, 'pretrained', 'model-card.json');
  const cardV2 = JSON.stringify(JSON.parse(readFileSync(cardFile, 'utf8')));
  writeFileSync(cardFile, cardV2);
  const manifestV1 = JSON.parse(readFileSync(path.join(v1, 'sw-manifest.json'), 'utf8')) as PrecacheManifest;
  const manifestV2 = writeOfflineFiles(v2, '/');
  expect(manifestV2.version).not.toBe(manifestV1.version);
  expect(readFileSync(home, 'utf8')).toContain(`<meta name="site-version" content="${manifestV2.version}">`);

  const site = { dir: v1, base: '/' };
  const server = createStaticServer(site);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await page.goto(`${origin}/`);
    expect((await workerStatus(page)).version).toBe(manifestV1.version);
    await expect(page.locator('h1')).not.toContainText('second edition');

    site.dir = v2; // the deploy
    await page.reload();
    await expect(page.locator('h1')).toContainText('second edition');
    // Before the new worker even takes over, the v1 worker gives this v2 page v2 data.
    expect(await fetchText(page, '/pretrained/model-card.json')).toBe(cardV2);
    // The new worker takes over without closing the tab, and the page says so.
    await expect(page.getByRole('status').filter({ hasText: 'updated' })).toBeVisible({ timeout: 60_000 });
    await expect.poll(async () => (await workerStatus(page)).version, { timeout: 60_000 }).toBe(manifestV2.version);
    const status = await workerStatus(page);
    expect(status.cached).toBe(status.files);
    expect(await page.evaluate(() => caches.keys())).toEqual([`course-${manifestV2.version}`]);
    expect(await fetchText(page, '/pretrained/model-card.json')).toBe(cardV2);

    await context.setOffline(true);
    const again = await page.goto(`${origin}/`);
    expect(again?.fromServiceWorker()).toBe(true);
    await expect(page.locator('h1')).toContainText('second edition');
    expect(await fetchText(page, '/pretrained/model-card.json')).toBe(cardV2);
    // Offline, an unknown URL gets the site's 404 page, and a /pretrained/ link gets the file.
    const missing = await page.goto(`${origin}/lessons/no-such-lesson/`);
    expect(missing?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    const direct = await page.goto(`${origin}/pretrained/model-card.json`);
    expect(direct?.status()).toBe(200);
    expect(await direct?.text()).toBe(cardV2);
  } finally {
    await context.setOffline(false);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(root, { recursive: true, force: true });
    restoreEnv();
  }
});
