// The map widgets' defaults follow the lesson on colour scales: a perceptually uniform colormap,
// attention on a fixed 0–1 scale, signed maps on a diverging scale centred on 0, maps that are
// compared on one scale only within one unit, and a colour bar whose range is the one the text
// under the map describes.
import { expect, test, type Locator, type Page } from '@playwright/test';

async function ready(page: Page, selector: string): Promise<Locator> {
  const widget = page.locator(selector);
  await widget.scrollIntoViewIfNeeded();
  await expect(widget).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  return widget;
}

const panel = (widget: Locator, title: string | RegExp) =>
  widget.locator('.map-row .map-view').filter({ has: widget.page().locator('.map-view__title', { hasText: title }) });
const bar = (figure: Locator) => figure.locator('.map-view__bar-labels');

/** "a … b unit" → [a, b] */
async function barRange(figure: Locator): Promise<[number, number]> {
  const text = (await bar(figure).textContent()) ?? '';
  const m = /(-?[\d.e+-]+) … (-?[\d.e+-]+)/.exec(text.replace(/−/g, '-'));
  if (!m) throw new Error(`no range in colour bar "${text}"`);
  return [Number(m[1]), Number(m[2])];
}

test('the viewer defaults to viridis, attention on 0–1 and a signed CAM centred on 0; the top-3 CAMs share one scale', async ({ page }) => {
  await page.goto('/lessons/attention-cam/');
  const viewer = await ready(page, 'attention-viewer');
  await expect(viewer.getByLabel('Colormap')).toHaveValue('viridis');
  await expect(viewer.getByLabel('Colormap').locator('option[value="jet"]')).toHaveText('turbo (jet-like, not perceptually uniform)');
  const attention = panel(viewer, 'Attention map A');
  await expect(bar(attention)).toHaveText('0.000 … 1.000 attention weight');
  await expect(attention.locator('.map-view__scale')).toContainText('fixed 0–1');
  const cam = panel(viewer, /^CAM of class/);
  await expect(cam.locator('.map-view__scale')).toContainText('centred on 0');
  const [lo, hi] = await barRange(cam);
  expect(lo).toBe(-hi);
  // The bar and the text describe the same (7×7) map: the bar's limit is max |value| in the text.
  const summary = (await cam.locator('.map-view__summary').textContent()) ?? '';
  const [, min, max] = /values (-?[\d.]+) to (-?[\d.]+)/.exec(summary) ?? [];
  expect(hi).toBeCloseTo(Math.max(Math.abs(Number(min)), Math.abs(Number(max))), 3);
  await expect(cam.locator('.map-view__scale')).toContainText('range of the 7×7 map (before upsampling)');

  const topBars = viewer.locator('.topk-item .map-view__bar-labels');
  await expect(topBars).toHaveCount(3);
  const texts = await topBars.allTextContents();
  expect(new Set(texts).size).toBe(1);
  await expect(viewer.locator('.topk-item .map-view__scale').first()).toContainText('shared by the three CAMs');
});

test("the attention map's own range, when chosen, is the range its text reports", async ({ page }) => {
  await page.goto('/lessons/attention-cam/?viewer.ascale=own');
  const viewer = await ready(page, 'attention-viewer');
  const attention = panel(viewer, 'Attention map A');
  const summary = (await attention.locator('.map-view__summary').textContent()) ?? '';
  const [, min, max] = /values (-?[\d.]+) to (-?[\d.]+)/.exec(summary) ?? [];
  await expect(bar(attention)).toHaveText(`${min} … ${max} attention weight`);
});

test('peaks: tied cells are dots, there is a legend, and "Show peaks" hides them (kept in the URL)', async ({ page }) => {
  await page.goto('/lessons/attention-cam/');
  const viewer = await ready(page, 'attention-viewer');
  const cam = panel(viewer, /^CAM of class/);
  await expect(cam.locator('.map-view__peaks')).toHaveText(/Outlined: the peak cell\.|Dots: \d+ tied peak cells\./);
  await expect(cam.locator('.map-view__markers')).toBeVisible();
  await viewer.getByLabel('Show peaks').uncheck();
  await expect(cam.locator('.map-view__markers')).toBeHidden();
  await expect(page).toHaveURL(/viewer\.peaks=off/);
});

test('the comparison shares a scale within each unit only, and signed maps are centred on 0', async ({ page }) => {
  await page.goto('/lessons/grad-cam/?compare.method=gradcam');
  const widget = await ready(page, 'method-comparison');
  await expect(widget.getByLabel('Colour scale')).toHaveValue('unit');
  await expect(widget.getByLabel('Colour scale').locator('option:checked')).toHaveText('shared within each unit');
  const views = widget.locator('.map-row .map-view');
  await expect(views).toHaveCount(4);
  await expect(views.nth(3)).toBeVisible();
  // Attention: fixed 0–1. Attention-CAM: logits, diverging. Grad-CAM twice: one shared range.
  await expect(bar(views.nth(0))).toHaveText('0.000 … 1.000 attention weight');
  await expect(views.nth(1).locator('.map-view__scale')).toContainText('centred on 0');
  await expect(bar(views.nth(1))).toContainText('logit');
  await expect(views.nth(2).locator('.map-view__scale')).toContainText('shared by the 2 maps in Grad-CAM units');
  expect(await bar(views.nth(2)).textContent()).toBe(await bar(views.nth(3)).textContent());
  // Different units never share: the CAM's range is not Grad-CAM's.
  expect(await bar(views.nth(1)).textContent()).not.toBe(await bar(views.nth(2)).textContent());

  // The contrastive CAM is in logits like the attention-CAM: they share, both centred on 0.
  await widget.getByLabel('on network').selectOption('attention');
  await widget.getByLabel('Another method').selectOption('contrastive');
  await expect(views.nth(3).locator('.map-view__scale')).toContainText('shared by the 2 maps in logit');
  const [lo, hi] = await barRange(views.nth(3));
  expect(lo).toBe(-hi);
  expect(await bar(views.nth(1)).textContent()).toBe(await bar(views.nth(3)).textContent());
});

test('an old link with compare.scale=shared gets the per-unit scale; panels line up when a title wraps', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/lessons/grad-cam/?compare.scale=shared&compare.method=contrastive');
  const widget = await ready(page, 'method-comparison');
  await expect(widget.getByLabel('Colour scale')).toHaveValue('unit');
  await expect(page.locator('.url-notices')).toBeHidden();
  const frames = widget.locator('.map-row .map-view__frame');
  await expect(frames).toHaveCount(4);
  const boxes = await widget.locator('.map-row .map-view').evaluateAll((els) =>
    els.map((e) => ({
      figure: Math.round(e.getBoundingClientRect().top),
      frame: Math.round(e.querySelector('.map-view__frame')!.getBoundingClientRect().top),
      title: e.querySelector('.map-view__title')!.textContent!.length,
    })),
  );
  // The contrastive title is much longer than "Grad-CAM 3"; panels in one row still start level.
  expect(Math.max(...boxes.map((b) => b.title))).toBeGreaterThan(40);
  for (const row of new Set(boxes.map((b) => b.figure)))
    expect(new Set(boxes.filter((b) => b.figure === row).map((b) => b.frame)).size).toBe(1);
});

test('Reset view puts the viewer and the comparison back to the lesson defaults and cleans the URL', async ({ page }) => {
  await page.goto('/lessons/attention-cam/?viewer.class=3&viewer.cmap=jet&viewer.scale=relu&viewer.alpha=0.3');
  const viewer = await ready(page, 'attention-viewer');
  await expect(viewer.getByLabel('Class to explain')).toHaveValue('3');
  await viewer.getByRole('button', { name: 'Reset view' }).click();
  await expect(viewer.getByLabel('Class to explain')).toHaveValue('predicted');
  await expect(viewer.getByLabel('Colormap')).toHaveValue('viridis');
  await expect(viewer.getByLabel('CAM display')).toHaveValue('signed');
  await expect(viewer.getByLabel('Overlay opacity')).toHaveValue('0.5');
  expect(page.url()).not.toContain('viewer.');

  await page.goto('/lessons/grad-cam/?compare.class=2&compare.res=native&compare.method=saliency');
  const widget = await ready(page, 'method-comparison');
  await widget.getByRole('button', { name: 'Reset view' }).click();
  await expect(widget.getByLabel('Class', { exact: true })).toHaveValue('predicted');
  await expect(widget.getByLabel('Another method')).toHaveValue('none');
  await expect(widget.locator('.map-row .map-view').nth(3)).toBeHidden();
  expect(page.url()).not.toContain('compare.');
});
