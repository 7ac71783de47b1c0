// Exports an instructor can use: PNGs with a header (method, class, network, prediction, digit,
// weights) and colour bars, file names that say class and method, and JSON that records the
// display settings and the weights (name + SHA-256).
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { PNG } from 'pngjs';

async function ready(page: Page, selector: string): Promise<Locator> {
  const widget = page.locator(selector);
  await widget.scrollIntoViewIfNeeded();
  await expect(widget).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  return widget;
}

async function download(page: Page, widget: Locator, button: string) {
  const pending = page.waitForEvent('download');
  await widget.getByRole('button', { name: button }).click();
  const file = await pending;
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

test('the viewer exports a titled PNG with colour bars and JSON with display settings and weights', async ({ page }) => {
  await page.goto('/lessons/attention-cam/?sample=12&viewer.class=3&viewer.cmap=cividis');
  const viewer = await ready(page, 'attention-viewer');
  const png = await download(page, viewer, 'Export PNG');
  expect(png.name).toBe('four-panel-mnist-test-12-class-3-cam.png');
  const image = PNG.sync.read(png.bytes);
  // 4 panels of 224 px; below the pictures a colour bar row (coloured, not white).
  expect(image.width).toBe(4 * 224 + 5 * 16);
  const headerAndTitles = 16 + 2 * 20 + 28;
  const barY = headerAndTitles + 224 + 6 + 5;
  const attentionBarX = 16 + 224 + 16 + 112;
  const i = (barY * image.width + attentionBarX) * 4;
  const [r, g, b] = [image.data[i], image.data[i + 1], image.data[i + 2]];
  expect(r === 255 && g === 255 && b === 255, 'a colour bar under the attention panel').toBe(false);

  const json = await download(page, viewer, 'Export JSON');
  expect(json.name).toBe('explanation-mnist-test-12-class-3-cam.json');
  const report = JSON.parse(json.bytes.toString('utf8')) as {
    display: Record<string, unknown>;
    weightsUsed: Record<string, { kind: string; name: string; sha256: string }>;
  };
  expect(report.display).toMatchObject({ class: '3', colormap: 'cividis', camDisplay: 'signed', attentionScale: 'fixed', showPeaks: true });
  expect(report.weightsUsed.attention.kind).toBe('course');
  expect(report.weightsUsed.attention.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(report.weightsUsed.traditional.sha256).toMatch(/^[0-9a-f]{64}$/);
});

test('two comparison exports for different classes and methods get different names', async ({ page }) => {
  await page.goto('/lessons/grad-cam/?compare.class=3&compare.method=hirescam');
  const widget = await ready(page, 'method-comparison');
  const first = await download(page, widget, 'Export PNG');
  expect(first.name).toMatch(/^comparison-mnist-test-\d+-class-3-hirescam\.png$/);
  await widget.getByLabel('Class', { exact: true }).selectOption('5');
  await widget.getByLabel('Another method').selectOption('layercam');
  await expect(widget).toHaveAttribute('data-showing', /"method":"layercam"/);
  const second = await download(page, widget, 'Export PNG');
  expect(second.name).toMatch(/^comparison-mnist-test-\d+-class-5-layercam\.png$/);
  const json = await download(page, widget, 'Export JSON');
  const report = JSON.parse(json.bytes.toString('utf8')) as { display: Record<string, unknown> };
  expect(report.display).toMatchObject({ class: '5', method: 'layercam', scale: 'unit', cmap: 'viridis' });
});
