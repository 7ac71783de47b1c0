// The live widgets on the built site: they start near the viewport, compute the same numbers as
// the `explain` CLI on every backend, keep their state in the URL, and take drawings, uploads
// and the reader's own weights — with a clear message for bad files.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { ROOT, watch } from './support/site';
import { cliReport, compareReports, exportedJson, renderWidgets } from './support/widgets';

const BACKEND_BADGE = { webgpu: /WebGPU/, webgl: /WebGL/, wasm: /WebAssembly/, cpu: /plain JavaScript/ } as const;

async function ready(page: Page, selector: string) {
  const widget = page.locator(selector);
  await widget.scrollIntoViewIfNeeded();
  await expect(widget).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  return widget;
}

test.describe('widgets compute what the CLI computes', () => {
  for (const backend of ['wasm', 'cpu', 'webgl', 'webgpu'] as const) {
    test(`four-panel viewer on ${backend} equals the CLI's JSON for mnist-test:8`, async ({ page }) => {
      test.slow();
      const problems = watch(page);
      await page.goto(`/lessons/attention-cam/?backend=${backend}&sample=8`);
      const viewer = await ready(page, 'attention-viewer');
      // The backend that really runs (a fallback would still mention the forced one in its text).
      await expect(viewer.locator('.backend-badge')).toHaveAttribute('data-backend', backend);
      await expect(viewer.locator('.backend-badge')).toHaveText(BACKEND_BADGE[backend]);
      const json = await exportedJson(page, viewer);
      expect(compareReports(json, cliReport('mnist-test:8'))).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
      expect(problems.pageErrors).toEqual([]);
      expect(problems.foreignRequests).toEqual([]);
    });
  }

  test('comparison with HiResCAM on the default digit equals the CLI with --methods hirescam', async ({ page }) => {
    test.slow();
    await page.goto('/lessons/grad-cam/?compare.method=hirescam');
    const widget = await ready(page, 'method-comparison');
    await expect(widget.getByLabel('Another method')).toHaveValue('hirescam');
    const json = await exportedJson(page, widget);
    expect(compareReports(json, cliReport('mnist-test:0', ['--methods', 'hirescam']))).toEqual([]);
    await expect(widget.getByRole('table')).toContainText('HiResCAM');
  });
});

test('the ladder skips software GPUs and says why in the badge', async ({ page }) => {
  await page.goto('/lessons/attention-cam/');
  const viewer = await ready(page, 'attention-viewer');
  const badge = viewer.locator('.backend-badge');
  await expect(badge).toContainText('WebAssembly');
  await expect(badge).toHaveAttribute('title', /WebGPU skipped: .*SwiftShader/);
  await expect(badge).toHaveAttribute('title', /WebGL skipped: .*SwiftShader/);
});

test('widget state round-trips through the URL', async ({ page }) => {
  await page.goto('/lessons/attention-cam/?sample=12&viewer.class=3&viewer.cmap=cividis&viewer.alpha=0.3#four-panel-viewer');
  const viewer = await ready(page, 'attention-viewer');
  await expect(viewer.getByLabel('Class to explain')).toHaveValue('3');
  await expect(viewer.getByLabel('Colormap')).toHaveValue('cividis');
  await expect(viewer.getByLabel('Overlay opacity')).toHaveValue('0.3');
  await expect(viewer.getByRole('figure').filter({ hasText: 'Input digit' })).toContainText('mnist-test:12');
  await viewer.getByLabel('Colormap').selectOption('jet');
  await viewer.getByLabel('Class to explain').selectOption('predicted');
  await expect(page).toHaveURL(/viewer\.cmap=jet/);
  expect(page.url()).not.toContain('viewer.class');
  expect(page.url()).toContain('#four-panel-viewer');
  await page.reload();
  const again = await ready(page, 'attention-viewer');
  await expect(again.getByLabel('Colormap')).toHaveValue('jet');
  await expect(again.getByLabel('Class to explain')).toHaveValue('predicted');
});

test('the input panel picks test digits by index and class, and shares them with the viewer', async ({ page }) => {
  await page.goto('/lessons/attention-cam/');
  const panel = await ready(page, 'digit-input');
  await panel.getByLabel('Index (0–9999)').fill('42');
  await panel.getByLabel('Index (0–9999)').press('Enter');
  await expect(panel).toContainText('Test digit 42 (label 4)');
  await expect(page).toHaveURL(/sample=42/);
  const viewer = await ready(page, 'attention-viewer');
  await expect(viewer).toContainText('mnist-test:42, label 4');
  await panel.getByLabel('Class', { exact: true }).selectOption('3');
  await expect(panel).toContainText(/label 3\)/);
  await panel.getByLabel('Index (0–9999)').fill('12345');
  await panel.getByLabel('Index (0–9999)').press('Enter');
  await expect(panel.getByRole('alert')).toContainText('not a test digit');
});

test('drawing a digit with pointer events gives a prediction', async ({ page }) => {
  await page.goto('/lessons/attention-cam/');
  const panel = await ready(page, 'digit-input');
  const pad = panel.getByRole('img', { name: /Drawing area/ });
  const box = (await pad.boundingBox())!;
  // a "1": one vertical stroke, slightly slanted
  await page.mouse.move(box.x + box.width * 0.52, box.y + box.height * 0.15);
  await page.mouse.down();
  for (let t = 0; t <= 1; t += 0.1) await page.mouse.move(box.x + box.width * (0.52 - 0.05 * t), box.y + box.height * (0.15 + 0.7 * t));
  await page.mouse.up();
  await expect(panel).toContainText('Your drawing');
  await expect(panel.getByRole('list')).toContainText('Centre of mass moved to pixel (14, 14)');
  await expect(page).toHaveURL(/digit=[A-Za-z0-9_-]+&source=drawing/);
  const viewer = page.locator('attention-viewer');
  await expect(viewer.locator('.widget-summary')).toContainText(/predicts 1 with probability/);
});

function digitPng(index: number, invert: boolean, scale: number): Buffer {
  const pixels = readFileSync(path.join(ROOT, 'public/data/mnist-test-images.u8')).subarray(index * 784, (index + 1) * 784);
  const size = 28 * scale;
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = pixels[Math.floor(y / scale) * 28 + Math.floor(x / scale)];
      const g = invert ? 255 - v : v;
      png.data.set([g, g, g, 255], (y * size + x) * 4);
    }
  }
  return PNG.sync.write(png);
}

test('uploads: a photo-like PNG is preprocessed and explained; other files get a clear message', async ({ page }) => {
  await page.goto('/lessons/attention-cam/');
  const panel = await ready(page, 'digit-input');
  const file = panel.getByLabel(/PNG, JPEG or WebP/);
  await file.setInputFiles({ name: 'seven.png', mimeType: 'image/png', buffer: digitPng(0, true, 6) });
  await expect(panel).toContainText('Your upload (seven.png)');
  await expect(panel.getByRole('list')).toContainText('Light background: inverted');
  await expect(page.locator('attention-viewer .widget-summary')).toContainText('predicts 7');
  await file.setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not an image at all') });
  await expect(panel.getByRole('alert')).toHaveText('notes.png is not a PNG, JPEG or WebP image; choose a .png, .jpg or .webp file');
  await file.setInputFiles({ name: 'broken.png', mimeType: 'image/png', buffer: digitPng(0, true, 2).subarray(0, 60) });
  await expect(panel.getByRole('alert')).toContainText('broken.png could not be decoded');
  // the page still works
  await expect(page.locator('attention-viewer .widget-summary')).toContainText('predicts 7');
});

test('bring your own weights: validated, used by every widget, and reversible', async ({ page }) => {
  test.slow();
  await page.goto('/lessons/attention-cam/');
  const loader = await ready(page, 'weights-loader');
  const attentionInput = loader.getByLabel(/attention-CNN .*safetensors/);
  await attentionInput.setInputFiles(path.join(ROOT, 'pretrained/traditional-cnn.safetensors'));
  await expect(loader.getByRole('alert')).toContainText("unexpected tensor fc1.weight (is this the traditional-CNN's file?)");
  await expect(loader.getByRole('status')).toContainText('was not used');
  await attentionInput.setInputFiles({ name: 'empty.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.alloc(4) });
  await expect(loader.getByRole('alert')).toContainText('attention-CNN weights:');
  await attentionInput.setInputFiles({
    name: 'mine.safetensors',
    mimeType: 'application/octet-stream',
    buffer: readFileSync(path.join(ROOT, 'pretrained/attention-cnn.safetensors')),
  });
  await expect(loader.getByRole('status')).toContainText('mine.safetensors passed every check');
  await expect(loader).toContainText('attention-CNN: your file mine.safetensors');
  await loader.getByRole('button', { name: 'Back to the course weights' }).click();
  await expect(loader).toContainText('attention-CNN: course weights attention-cnn.safetensors');
});

test('the test-set study draws the precomputed results and loads a digit into the comparison', async ({ page }) => {
  test.slow();
  const problems = watch(page);
  await page.goto('/lessons/grad-cam/');
  const study = await ready(page, 'test-set-study');
  await expect(study).toContainText('precomputed at build time');
  await expect(study).toContainText('Median Pearson r: attention vs CAM 0.3');
  await expect(study.locator('svg')).toHaveCount(5);
  const gallery = study.getByRole('list').filter({ has: page.getByRole('button', { name: /Test digit \d+: label/ }) });
  const first = gallery.getByRole('button').first();
  const name = (await first.getAttribute('aria-label'))!;
  const index = /Test digit (\d+)/.exec(name)![1];
  await first.click();
  await expect(page).toHaveURL(new RegExp(`sample=${index}`));
  await expect(study.getByRole('status').filter({ hasText: 'is now the input' })).toContainText(`Test digit ${index}`);
  const comparison = await ready(page, 'method-comparison');
  await expect(comparison.locator('.widget-summary')).toContainText('The attention-CNN predicts');
  expect(problems.consoleErrors).toEqual([]);
  expect(problems.foreignRequests).toEqual([]);
});

test('the test-set study recomputes all 10,000 digits in the browser and agrees with the build', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/lessons/grad-cam/');
  const study = await ready(page, 'test-set-study');
  const before = await study.locator('.study-summary').innerText();
  await study.getByRole('button', { name: 'Recompute in this browser' }).click();
  await expect(study).toContainText('computed in this browser with the course weights on two Web Workers on WebAssembly', {
    timeout: 240_000,
  });
  expect(await study.locator('.study-summary').innerText()).toBe(before);
});

test('every widget on the lessons renders, with no console errors or foreign requests', async ({ page }) => {
  test.slow();
  for (const lesson of ['attention-cnn', 'attention-cam', 'grad-cam']) {
    const problems = watch(page);
    await page.goto(`/lessons/${lesson}/`);
    await renderWidgets(page);
    await expect(page.locator('.widget-host[data-state=error]')).toHaveCount(0);
    expect(problems.consoleErrors, lesson).toEqual([]);
    expect(problems.pageErrors, lesson).toEqual([]);
    expect(problems.foreignRequests, lesson).toEqual([]);
  }
});

// The backend matrix: with each backend forced, the widgets of lessons 3 and 5 start and draw (the
// four-panel viewer's numbers are checked per backend above).
for (const backend of ['webgpu', 'webgl', 'cpu'] as const) {
  test(`every widget renders with ?backend=${backend}`, async ({ page }) => {
    test.slow();
    for (const lesson of ['attention-cnn', 'grad-cam']) {
      const problems = watch(page);
      await page.goto(`/lessons/${lesson}/?backend=${backend}`);
      await renderWidgets(page);
      await expect(page.locator('.widget-host[data-state=error]')).toHaveCount(0);
      await expect(page.locator('method-comparison, architecture-explorer').locator('.backend-badge')).toHaveAttribute(
        'data-backend',
        backend,
      );
      expect(problems.consoleErrors, lesson).toEqual([]);
      expect(problems.pageErrors, lesson).toEqual([]);
    }
  });
}

test.describe('static figures', () => {
  for (const lesson of ['attention-cnn', 'attention-cam', 'grad-cam']) {
    test(`${lesson}: without JavaScript every widget shows its build-time figure`, async ({ browser }) => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await page.goto(`/lessons/${lesson}/`);
        const hosts = page.locator('.widget-host');
        expect(await hosts.count()).toBeGreaterThan(1);
        for (const host of await hosts.all()) {
          const fallback = host.locator('.widget-fallback');
          await expect(fallback).toBeVisible();
          await expect(fallback.locator('figcaption')).toContainText('With JavaScript, this is a live widget');
          for (const img of await fallback.locator('img').all()) {
            await img.scrollIntoViewIfNeeded();
            await expect(img).toHaveAttribute('alt', /\S{20,}|.{40,}/);
            expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
          }
        }
      } finally {
        await context.close();
      }
    });
  }

  test('in print, the static figure takes the place of the live widget', async ({ page }) => {
    await page.goto('/lessons/attention-cam/');
    const viewer = await ready(page, 'attention-viewer');
    await expect(viewer.locator('.widget-fallback')).toBeHidden();
    await page.emulateMedia({ media: 'print' });
    await expect(viewer.locator('.widget-live')).toBeHidden();
    await expect(viewer.locator('.widget-fallback img')).toBeVisible();
  });
});
