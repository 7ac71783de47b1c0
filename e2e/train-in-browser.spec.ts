// Homework lab 2 (issue 15): training in the page's Web Worker. Same settings + seed on WASM give
// the same weights twice and the same bytes as `npm run train -- --lab` in Node; the worker's
// tf.memory() returns to its baseline after every run (three runs, one cancelled); the page has no
// task over 50 ms while it trains; pause, resume and cancel act; a run whose loss stops being a
// number stops with a message and keeps its film; a finished run downloads, is used by the other
// lessons' widgets, and stays in the browser's saved models across a reload until deleted.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readyWidget } from './support/widgets';

const PAGE = '/lessons/lab-train-in-browser/';
const SMALL = { 'train.images': '1000', 'train.epochs': '1', 'train.batch': '100', 'train.seed': '3', 'train.where': 'wasm' };
const LONGER = { ...SMALL, 'train.images': '5000', 'train.batch': '50' };

const pageUrl = (params: Record<string, string>) => `${PAGE}?${new URLSearchParams(params)}#train`;

async function trainer(page: Page, params: Record<string, string>): Promise<Locator> {
  await page.goto(pageUrl(params));
  return readyWidget(page, 'train-in-browser');
}

async function finished(host: Locator, state = 'done', timeout = 240_000): Promise<void> {
  await expect(host).toHaveAttribute('data-state', state, { timeout });
}

/** The step the progress bar shows. */
const step = (host: Locator) => host.locator('progress').evaluate((p: HTMLProgressElement) => p.value);

/** `npm run train -- --lab` with the same settings; its last stdout line is the file's sha256. */
async function nodeSha256(): Promise<string> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'lab2-node-'));
  const { stdout } = await promisify(execFile)(
    path.resolve('node_modules/.bin/tsx'),
    [
      'tools/train.ts',
      '--lab',
      '--train-images',
      '1000',
      '--epochs',
      '1',
      '--batch-size',
      '100',
      '--seed',
      '3',
      '--backend',
      'wasm',
      '--out',
      out,
    ],
    { timeout: 240_000, maxBuffer: 8 * 1024 * 1024 },
  );
  return stdout.trim().split('\n').at(-1) ?? '';
}

test.describe.configure({ mode: 'serial' });

test('refuses impossible settings in the form, with the reason next to the field', async ({ page }) => {
  const host = await trainer(page, {});
  const images = host.getByLabel('Training images', { exact: true });
  await images.fill('0');
  await expect(images).toHaveAttribute('aria-invalid', 'true');
  await expect(host).toContainText('Training images must be between 1,000 and');
  await expect(host.getByRole('button', { name: 'Start', exact: true })).toBeDisabled();
  await images.fill('2000');
  await host.getByLabel('Learning rate', { exact: true }).fill('-0.01');
  await expect(host).toContainText('Learning rate must be a positive number');
  await host.getByLabel('Learning rate', { exact: true }).fill('0.003');
  await expect(host.getByRole('button', { name: 'Start', exact: true })).toBeEnabled();
  await host.getByLabel('Network', { exact: true }).selectOption('traditional');
  await expect(host.getByLabel('Attention penalty λ', { exact: true })).toBeDisabled();
  await expect(host).toContainText('no spatial attention');
});

test('same settings and seed on WASM: the same bytes twice and in Node; no long task; the worker lets go of every tensor', async ({
  page,
}) => {
  test.setTimeout(600_000);
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: unknown[]; longFrames: unknown[] };
    w.longTasks = [];
    w.longFrames = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    // Long Animation Frames say how much of a long task was script (ours or any) and how much rendering.
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as Array<{
        startTime: number;
        duration: number;
        scripts: Array<{ duration: number; invoker: string; sourceURL: string }>;
      }>)
        w.longFrames.push({
          start: e.startTime,
          duration: e.duration,
          scripts: e.scripts.map((x) => ({ duration: x.duration, invoker: x.invoker, source: x.sourceURL.split('/').pop() })),
        });
    }).observe({ type: 'long-animation-frame', buffered: true });
  });
  const host = await trainer(page, SMALL);
  const start = host.getByRole('button', { name: 'Start', exact: true });
  // A reader starts once the page has loaded (fonts, figures): that loading is not the training's.
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.fonts.ready);

  // The window is the worker's training: from its first 'training' status to its first 'testing' one.
  await page.evaluate(() => {
    const w = window as unknown as { trainingFrom?: number; trainingTo?: number };
    const el = document.querySelector('train-in-browser')!;
    new MutationObserver(() => {
      const phase = el.getAttribute('data-phase');
      if (phase === 'training') w.trainingFrom ??= performance.now();
      if (phase === 'testing') w.trainingTo ??= performance.now();
    }).observe(el, { attributes: true, attributeFilter: ['data-phase'] });
  });
  await start.click();
  await finished(host);
  const [clicked, ended] = await page.evaluate(() => {
    const w = window as unknown as { trainingFrom?: number; trainingTo?: number };
    return [w.trainingFrom ?? 0, w.trainingTo ?? 0];
  });
  expect(clicked).toBeGreaterThan(0);
  expect(ended).toBeGreaterThan(clicked);
  const first = await host.getAttribute('data-weights-sha256');
  const tensors = await host.getAttribute('data-worker-tensors');
  expect(first).toMatch(/^[0-9a-f]{64}$/);
  expect(await host.getAttribute('data-backend')).toBe('wasm');
  const { tasks, frames } = await page.evaluate(
    ([from, to]) => {
      const w = window as unknown as {
        longTasks: Array<{ start: number; duration: number }>;
        longFrames: Array<{ start: number; duration: number; scripts: Array<{ duration: number; invoker: string; source: string }> }>;
      };
      const inside = (e: { start: number }) => e.start >= from && e.start <= to;
      return { tasks: w.longTasks.filter(inside), frames: w.longFrames.filter(inside) };
    },
    [clicked, ended],
  );
  // No main-thread task over 50 ms while it trains. What a long one held (script by source, and
  // rendering) is in the message: the widget's boxes keep their size from Start on, so an update
  // never lays out the whole lesson again; a failure here says which part broke that.
  expect(
    tasks.filter((t) => t.duration > 50),
    `tasks over 50 ms while training; long animation frames: ${JSON.stringify(frames)}`,
  ).toEqual([]);
  // Node trains only now: two cores, and the first run's timing must not share them with it.
  const node = nodeSha256();

  await start.click();
  await expect(host).not.toHaveAttribute('data-state', 'done');
  await finished(host);
  expect(await host.getAttribute('data-weights-sha256')).toBe(first);
  expect(await host.getAttribute('data-worker-tensors')).toBe(tensors);

  // The third run is cancelled mid-way: the worker lets go of that run's tensors too.
  await start.click();
  await expect.poll(() => step(host), { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
  await host.getByRole('button', { name: 'Cancel' }).click();
  await finished(host, 'cancelled', 30_000);
  expect(await host.getAttribute('data-worker-tensors')).toBe(tensors);

  expect(await node, 'npm run train -- --lab with the same settings').toBe(first);
});

test('pause holds, resume goes on, cancel stops within a batch and keeps the film', async ({ page }) => {
  test.setTimeout(300_000);
  const host = await trainer(page, LONGER);
  await host.getByRole('button', { name: 'Start', exact: true }).click();
  await expect.poll(() => step(host), { timeout: 120_000 }).toBeGreaterThanOrEqual(3);
  await host.getByRole('button', { name: 'Pause' }).click();
  await finished(host, 'paused', 10_000);
  const held = await step(host);
  await page.waitForTimeout(1500);
  expect(await step(host)).toBe(held);
  await host.getByRole('button', { name: 'Resume' }).click();
  await expect.poll(() => step(host), { timeout: 60_000 }).toBeGreaterThan(held);
  await host.getByRole('button', { name: 'Cancel' }).click();
  await finished(host, 'cancelled', 10_000);
  const scrubber = host.getByRole('slider');
  await expect(scrubber).toBeEnabled();
  expect(Number(await scrubber.getAttribute('max'))).toBeGreaterThanOrEqual(1);
});

test('a run whose loss stops being a number stops with a message and keeps the film', async ({ page }) => {
  test.setTimeout(300_000);
  const host = await trainer(page, LONGER);
  await host.getByRole('button', { name: 'Start', exact: true }).click();
  await expect.poll(() => step(host), { timeout: 120_000 }).toBeGreaterThanOrEqual(6);
  // Fault injection inside the training worker: NaN into the classifier's bias (what an exploding run ends with).
  const worker = page.workers().find((w) => w.url().includes('training-worker'));
  expect(worker, 'the training worker').toBeDefined();
  await worker!.evaluate(() => {
    const engine = (
      globalThis as unknown as {
        _tfengine: {
          registeredVariables: Record<string, { shape: number[]; assign(t: unknown): void }>;
          runKernel(k: string, i: object, a: object): unknown;
        };
      }
    )._tfengine;
    const bias = engine.registeredVariables['attention/classifier.bias'];
    bias.assign(engine.runKernel('Fill', {}, { shape: bias.shape, value: Number.NaN, dtype: 'float32' }));
  });
  await finished(host, 'diverged', 60_000);
  await expect(host.getByRole('alert')).toContainText('diverged');
  await expect(host.getByRole('slider')).toBeEnabled();
});

test('a finished run downloads, serves the other lessons and stays saved across a reload until deleted', async ({ page }) => {
  test.setTimeout(300_000);
  const host = await trainer(page, { ...SMALL, 'train.seed': '4' });
  await host.getByRole('button', { name: 'Start', exact: true }).click();
  await finished(host);
  const sha = await host.getAttribute('data-weights-sha256');

  const download = page.waitForEvent('download');
  await host.getByRole('link', { name: 'Download weights' }).click();
  const file = await download;
  const bytes = readFileSync(await file.path());
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha);
  const cardDownload = page.waitForEvent('download');
  await host.getByRole('link', { name: 'Download model card' }).click();
  const card = JSON.parse(readFileSync(await (await cardDownload).path(), 'utf8')) as {
    weights: { sha256: string };
    settings: { seed: number };
    test: { accuracy: number };
    trainSeconds: number;
  };
  expect(card.weights.sha256).toBe(sha);
  expect(card.settings.seed).toBe(4);
  await expect(host.locator('.train-accuracy')).toContainText(`${(100 * card.test.accuracy).toFixed(2)} %`);
  // What `npm run bench` reads of a finished run: the card's own figures.
  await expect(host).toHaveAttribute('data-test-accuracy', card.test.accuracy.toFixed(4));
  expect(Math.abs(Number(await host.getAttribute('data-train-seconds')) - card.trainSeconds)).toBeLessThanOrEqual(0.05);

  const saved = host.getByRole('region', { name: 'Saved models' });
  await expect(saved.getByRole('button', { name: /^Delete / })).toHaveCount(1, { timeout: 10_000 });

  await host.getByRole('button', { name: 'Use in all widgets' }).first().click();
  // "Checking <file>…" names it too: wait for the verdict before leaving the page.
  await expect(host.locator('.train-use__feedback')).toContainText(`${file.suggestedFilename()} passed every check`);
  await expect(host.locator('.train-use__feedback')).toContainText('on this page and the other lessons of this tab');
  await page.goto('/lessons/attention-cam/');
  const viewer = await readyWidget(page, 'attention-viewer');
  await expect(viewer.locator('.weights-badge')).toContainText(file.suggestedFilename());

  await page.goto(PAGE);
  const again = await readyWidget(page, 'train-in-browser');
  const kept = again.getByRole('region', { name: 'Saved models' });
  await expect(kept.getByRole('button', { name: /^Delete / })).toHaveCount(1, { timeout: 10_000 });
  await kept.getByRole('button', { name: /^Delete / }).click();
  await expect(kept.getByRole('button', { name: /^Delete / })).toHaveCount(0);
  await page.reload();
  await expect((await readyWidget(page, 'train-in-browser')).getByText('No saved models yet')).toBeVisible();
});

test("a trained lab 1 variant used in all widgets follows the reader to lab 1's page", async ({ page }) => {
  test.setTimeout(300_000);
  const host = await trainer(page, { ...SMALL, 'train.model': 'attention-se' });
  await host.getByRole('button', { name: 'Start', exact: true }).click();
  await finished(host);
  await host.getByRole('button', { name: 'Use in all widgets' }).first().click();
  await expect(host.locator('.train-use__feedback')).toContainText('on this page and the other lessons of this tab');
  await page.goto('/lessons/lab-attention-variants/');
  await readyWidget(page, 'variant-gallery');
  const loader = await readyWidget(page, 'lab-weights-loader');
  await expect(loader).toContainText('In use: your file attention-se-lab-seed3.safetensors');
  await loader.getByRole('button', { name: 'Back to the committed lab weights' }).click();
  await page.reload();
  await readyWidget(page, 'variant-gallery');
  await expect(await readyWidget(page, 'lab-weights-loader')).not.toContainText('your file');
});
