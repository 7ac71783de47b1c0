// The study's recompute is one run at a time and Cancel always wins (issue 12: with both networks'
// files switched, two runs started, Cancel stopped one and the other replaced the plots 15 s
// later), also on the page's own backend without Web Workers, where Cancel must act within 1 s
// (issue 13: it took 33 s).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { readyWidget } from './support/widgets';
import { ROOT } from './support/site';

const file = (name: string, weights: string) => ({
  name,
  mimeType: 'application/octet-stream',
  buffer: readFileSync(path.join(ROOT, 'pretrained', weights)),
});

/** Counts the page's Web Workers: alive now, most alive at once, created in all. */
function countWorkers() {
  const Native = window.Worker;
  const stats = { live: 0, max: 0, created: 0 };
  const ended = new WeakSet<Worker>();
  (window as unknown as { workerStats: typeof stats }).workerStats = stats;
  // No class fields here: the init script runs as written, without the test's transpiler helpers.
  function Counted(this: Worker, ...args: ConstructorParameters<typeof Worker>) {
    const worker = new Native(...args);
    stats.created++;
    stats.live++;
    stats.max = Math.max(stats.max, stats.live);
    const terminate = worker.terminate.bind(worker);
    worker.terminate = () => {
      if (!ended.has(worker)) stats.live--;
      ended.add(worker);
      terminate();
    };
    return worker;
  }
  window.Worker = Counted as unknown as typeof Worker;
}

const workerStats = (page: Page) =>
  page.evaluate(() => ({ ...(window as unknown as { workerStats: { live: number; max: number; created: number } }).workerStats }));

test('after switching both files, one run at a time, and Cancel stops it for good', async ({ page }) => {
  test.slow();
  await page.addInitScript(countWorkers);
  await page.goto('/lessons/grad-cam/');
  const study = await readyWidget(page, 'test-set-study');
  const loader = await readyWidget(page, 'weights-loader');
  // The second file arrives while the run for the first is starting.
  await loader.getByLabel(/attention-CNN .*safetensors/).setInputFiles(file('mine-attention.safetensors', 'attention-cnn.safetensors'));
  await loader
    .getByLabel(/traditional-CNN .*safetensors/)
    .setInputFiles(file('mine-traditional.safetensors', 'traditional-cnn.safetensors'));
  await expect(loader).toContainText('traditional-CNN: your file mine-traditional.safetensors');
  const cancel = study.getByRole('button', { name: 'Cancel' });
  const status = study.locator('.widget-status');
  await expect(status).toContainText('Computing on', { timeout: 60_000 });
  await cancel.click();
  await expect(cancel).toBeHidden({ timeout: 1000 });
  await expect(status).toContainText('Study cancelled');
  const stopped = await workerStats(page);
  expect(stopped.live, 'workers still running after Cancel').toBe(0);
  expect(stopped.max, 'workers alive at once (one run = two)').toBeLessThanOrEqual(2);

  // Nothing comes back: no new worker, no plots replaced, the status stays.
  await page.waitForTimeout(8000);
  expect(await workerStats(page)).toEqual(stopped);
  await expect(status).toContainText('Study cancelled');
  await expect(study.locator('.study-source')).toContainText('precomputed at build time');
  await expect(study).not.toContainText('computed in this browser');
});

test('without Web Workers the study runs on the page and Cancel acts within 1 s', async ({ page }) => {
  test.slow();
  // A browser without Worker: the study's own fallback path (batches of 16 on the page's backend).
  await page.addInitScript(() => Object.defineProperty(window, 'Worker', { value: undefined, configurable: true, writable: true }));
  await page.goto('/lessons/grad-cam/');
  const study = await readyWidget(page, 'test-set-study');
  const status = study.locator('.widget-status');
  await study.getByRole('button', { name: 'Recompute in this browser' }).click();
  await expect(status).toContainText("Computing on this page's backend (workers unavailable: no Web Workers)", { timeout: 60_000 });
  await expect(status).not.toContainText(': 0 %', { timeout: 60_000 });

  // When the click reached the browser (a trusted event's timeStamp, even while a batch blocks
  // the page) and when the study said it stopped.
  await page.evaluate(() => {
    const w = window as unknown as { cancelTiming: { clickedAt?: number; actedAt?: number } };
    w.cancelTiming = {};
    const statusLine = document.querySelector('test-set-study .widget-status')!;
    document.addEventListener(
      'click',
      (event) => {
        if ((event.target as Element).closest('button')?.textContent === 'Cancel') w.cancelTiming.clickedAt = event.timeStamp;
      },
      { capture: true },
    );
    new MutationObserver(() => {
      if (statusLine.textContent?.includes('Study cancelled')) w.cancelTiming.actedAt ??= performance.now();
    }).observe(statusLine, { childList: true, characterData: true, subtree: true });
  });
  await study.getByRole('button', { name: 'Cancel' }).click();
  await expect(status).toContainText('Study cancelled');
  const timing = await page.evaluate(() => (window as unknown as { cancelTiming: { clickedAt: number; actedAt: number } }).cancelTiming);
  const ms = timing.actedAt - timing.clickedAt;
  test.info().annotations.push({ type: 'cancel latency without workers', description: `${ms.toFixed(0)} ms` });
  expect(ms).toBeGreaterThanOrEqual(0);
  expect(ms, 'Cancel acts within 1 s of the click').toBeLessThan(1000);

  // The loop really stopped: no progress overwrites the status, the precomputed plots stay.
  await page.waitForTimeout(3000);
  await expect(status).toContainText('Study cancelled');
  await expect(study.locator('.study-source')).toContainText('precomputed at build time');
});
