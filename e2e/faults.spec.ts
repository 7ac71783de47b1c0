// Fault injection: broken weights, a corrupt test set, the network dropping, and backends that
// are missing or broken. Each gives a clear message in the affected widget, the rest of the
// page keeps working, and nothing hangs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { readSafetensors, writeSafetensors } from '../src/lib/weights/safetensors';
import { ROOT, watch } from './support/site';

// Routes must reach the page, not a service worker's cache.
test.use({ serviceWorkers: 'block' });

const ATTENTION = readFileSync(path.join(ROOT, 'pretrained/attention-cnn.safetensors'));

function rewritten(edit: (tensors: Record<string, { shape: number[]; data: Float32Array }>) => void): Buffer {
  const file = readSafetensors(new Uint8Array(ATTENTION));
  const tensors = Object.fromEntries(
    Object.entries(file.tensors).map(([k, t]) => [k, { shape: [...t.shape], data: Float32Array.from(t.data) }]),
  );
  edit(tensors);
  return Buffer.from(writeSafetensors(tensors, file.metadata));
}

function withHeaderLength(bytes: Buffer, length: bigint): Buffer {
  const copy = Buffer.from(bytes);
  copy.writeBigUInt64LE(length, 0);
  return copy;
}

/** The file with one float of one tensor overwritten in place (our writer refuses NaN). */
function withValue(bytes: Buffer, key: string, index: number, value: number): Buffer {
  const copy = Buffer.from(bytes);
  const headerLength = Number(copy.readBigUInt64LE(0));
  const header = JSON.parse(copy.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, { data_offsets: [number, number] }>;
  copy.writeFloatLE(value, 8 + headerLength + header[key].data_offsets[0] + 4 * index);
  return copy;
}

function withDtype(bytes: Buffer, from: string, to: string): Buffer {
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = bytes
    .subarray(8, 8 + headerLength)
    .toString('utf8')
    .replace(from, to);
  return Buffer.concat([bytes.subarray(0, 8), Buffer.from(header, 'utf8'), bytes.subarray(8 + headerLength)]);
}

const WEIGHT_FAULTS: Array<{ name: string; body: () => Buffer | null; message: RegExp }> = [
  { name: '404', body: () => null, message: /Could not load the attention-CNN weights: .*answered 404/ },
  {
    name: 'truncated',
    body: () => ATTENTION.subarray(0, ATTENTION.length >> 1),
    message: /attention-cnn\.safetensors on this site is damaged.*attention-CNN weights:/,
  },
  {
    name: 'wrong dtype',
    body: () => withDtype(ATTENTION, '"dtype":"F32"', '"dtype":"I32"'),
    message: /attention_conv\.bias.*dtype I32 is not supported: expected F32/,
  },
  {
    name: 'wrong shape',
    body: () => rewritten((t) => (t['conv1.weight'] = { shape: [32, 1, 9, 1], data: t['conv1.weight'].data })),
    message: /conv1\.weight has shape \[32,1,9,1\], expected \[32,1,3,3\]/,
  },
  {
    name: 'NaN values',
    body: () => withValue(ATTENTION, 'conv2.bias', 5, Number.NaN),
    message: /"conv2\.bias" has a non-finite value NaN at index 5/,
  },
  { name: 'header length beyond the file', body: () => withHeaderLength(ATTENTION, BigInt(ATTENTION.length + 1000)), message: /header/i },
];

async function pageStillWorks(page: Page) {
  // the chrome: theme toggle and an in-page link, and the static figure of the broken widget
  const html = page.locator('html');
  const before = await html.getAttribute('data-theme');
  await page.locator('[data-theme-toggle]').click();
  await expect(html).not.toHaveAttribute('data-theme', before ?? '');
  await expect(page.locator('attention-viewer .widget-fallback img')).toBeVisible();
  await expect(page.locator('h1')).toBeVisible();
}

for (const fault of WEIGHT_FAULTS) {
  test(`weights ${fault.name}: the widgets say so and the page keeps working`, async ({ page }) => {
    const problems = watch(page);
    await page.route('**/pretrained/attention-cnn.safetensors', (route) => {
      const body = fault.body();
      return body === null
        ? route.fulfill({ status: 404, body: 'not found' })
        : route.fulfill({ status: 200, body, contentType: 'application/octet-stream' });
    });
    await page.goto('/lessons/attention-cam/');
    const viewer = page.locator('attention-viewer');
    await viewer.scrollIntoViewIfNeeded();
    await expect(viewer).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
    await expect(viewer.getByRole('alert')).toHaveText(fault.message);
    await expect(page.locator('digit-input')).toHaveAttribute('data-state', 'error');
    await pageStillWorks(page);
    expect(problems.pageErrors).toEqual([]);
  });
}

test('a corrupt test set: the input panel says so and keeps the current digit', async ({ page }) => {
  await page.route('**/data/mnist-test-images.u8', async (route) => {
    const body = Buffer.from(readFileSync(path.join(ROOT, 'public/data/mnist-test-images.u8')));
    body[1234] ^= 0xff;
    await route.fulfill({ status: 200, body, contentType: 'application/octet-stream' });
  });
  await page.goto('/lessons/attention-cam/');
  const panel = page.locator('digit-input');
  await panel.scrollIntoViewIfNeeded();
  await expect(panel).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await panel.getByLabel('Index (0–9999)').fill('42');
  await panel.getByLabel('Index (0–9999)').press('Enter');
  await expect(panel.getByRole('alert')).toContainText('sha256 mismatch');
  await expect(panel).toContainText('Test digit 0 (label 7)');
  await expect(page.locator('attention-viewer')).toHaveAttribute('data-state', /ready|loading/);
});

test('the network drops after the page loaded: a clear message, no hang', async ({ page, context }) => {
  await page.goto('/lessons/attention-cam/');
  await context.setOffline(true);
  const viewer = page.locator('attention-viewer');
  await viewer.scrollIntoViewIfNeeded();
  await expect(viewer).toHaveAttribute('data-state', 'error', { timeout: 60_000 });
  await expect(viewer).toContainText(/offline|network/i);
  await expect(page.locator('h1')).toBeVisible();
  await context.setOffline(false);
});

test.describe('backends missing or broken: the ladder falls through and the badge says so', () => {
  test('no navigator.gpu', async ({ page }) => {
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true }));
    await page.goto('/lessons/attention-cam/?backend=webgpu');
    const viewer = page.locator('attention-viewer');
    await viewer.scrollIntoViewIfNeeded();
    await expect(viewer).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
    const badge = viewer.locator('.backend-badge');
    await expect(badge).toContainText('WebAssembly');
    await expect(badge).toHaveAttribute('title', /WebGPU failed: this browser has no WebGPU/);
  });

  test('WebGL context creation failing', async ({ page }) => {
    await page.addInitScript(() => {
      const original = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
        if (type === 'webgl' || type === 'webgl2' || type === 'experimental-webgl') return null;
        return (original as (...a: unknown[]) => unknown).call(this, type, ...rest);
      } as typeof original;
    });
    await page.goto('/lessons/attention-cam/?backend=webgl');
    const viewer = page.locator('attention-viewer');
    await viewer.scrollIntoViewIfNeeded();
    await expect(viewer).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
    const badge = viewer.locator('.backend-badge');
    await expect(badge).toContainText('WebAssembly');
    await expect(badge).toHaveAttribute('title', /WebGL failed: a WebGL context could not be created/);
  });

  test('the WASM binary failing to load', async ({ page }) => {
    await page.route('**/tfjs-wasm/**', (route) => route.abort('failed'));
    await page.goto('/lessons/attention-cam/?backend=wasm');
    const viewer = page.locator('attention-viewer');
    await viewer.scrollIntoViewIfNeeded();
    await expect(viewer).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
    const badge = viewer.locator('.backend-badge');
    await expect(badge).toContainText('plain JavaScript');
    await expect(badge).toHaveAttribute('title', /WebAssembly failed: /);
    await expect(viewer.locator('.widget-summary')).toContainText('predicts 7');
  });
});
