// Phones: no page scrolls sideways at 360 px, with every widget started.
import { expect, test } from '@playwright/test';
import { sitemapPaths } from './support/site';
import { readyWidget, renderWidgets } from './support/widgets';

test.describe('at 360×740', () => {
  // Not isMobile: a mobile viewport zooms out to fit wide content, which would hide the overflow.
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true });
  for (const pagePath of sitemapPaths()) {
    test(`${pagePath} does not scroll sideways`, async ({ page }) => {
      test.slow();
      await page.goto(pagePath);
      await renderWidgets(page);
      const overflow = await page.evaluate(() => {
        const width = innerWidth;
        // Diagnostics: the outermost elements that stick out and are not inside a clipping box.
        const clipped = (el: Element) => {
          for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
            if (getComputedStyle(p).overflowX !== 'visible') return true;
          return false;
        };
        const wide = [...document.querySelectorAll<HTMLElement>('body *')]
          .filter((el) => el.getBoundingClientRect().right > width + 1 && !clipped(el))
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className} right=${Math.round(el.getBoundingClientRect().right)}`);
        return { scrollWidth: document.documentElement.scrollWidth, width, wide };
      });
      expect(overflow.scrollWidth, overflow.wide.join('\n')).toBeLessThanOrEqual(overflow.width);
    });
  }
});

test('on a phone the viewer shows its four panels as a 2×2 grid', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/lessons/attention-cam/#four-panel-viewer');
  const viewer = page.locator('attention-viewer');
  await expect(viewer).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  const boxes = await viewer
    .locator('.map-row--four > .map-view .map-view__frame')
    .evaluateAll((els) =>
      els.map((e) => e.getBoundingClientRect()).map((r) => ({ top: Math.round(r.top), left: Math.round(r.left), width: r.width })),
    );
  expect(boxes).toHaveLength(4);
  expect(boxes[0].top).toBe(boxes[1].top);
  expect(boxes[2].top).toBe(boxes[3].top);
  expect(boxes[2].top).toBeGreaterThan(boxes[0].top);
  expect(boxes[1].left).toBeGreaterThan(boxes[0].left);
});

test.describe('charts at 360×740', () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true });
  for (const [pagePath, widget] of [
    ['/lessons/attention-cnn/', 'training-curves'],
    ['/lessons/grad-cam/', 'test-set-study'],
  ] as const) {
    test(`every chart of ${widget} has text of at least 11 px`, async ({ page }) => {
      test.slow();
      await page.goto(pagePath);
      const host = await readyWidget(page, widget);
      const sizes = await host.locator('svg.plot').evaluateAll((svgs) =>
        svgs.map((svg) => {
          // On-screen size: the computed font size in viewBox units times the svg's scale.
          const scale = (svg as SVGSVGElement).getScreenCTM()!.a;
          const texts = [...svg.querySelectorAll('text')].filter((t) => t.textContent?.trim());
          const px = texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
          const smallest = Math.min(...px);
          return {
            chart: svg.getAttribute('aria-label'),
            texts: texts.length,
            smallest,
            example: texts[px.indexOf(smallest)]?.textContent,
          };
        }),
      );
      expect(sizes.length).toBeGreaterThanOrEqual(widget === 'training-curves' ? 3 : 5);
      for (const s of sizes) {
        expect(s.texts, `${s.chart} has text`).toBeGreaterThan(0);
        expect(s.smallest, `${s.chart}: "${s.example}"`).toBeGreaterThanOrEqual(10.95);
      }
    });
  }
});

for (const width of [360, 1280]) {
  test(`the training curves' axis titles do not touch their tick labels at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/lessons/attention-cnn/');
    const curves = await readyWidget(page, 'training-curves');
    for (const network of ['attention-CNN', 'traditional-CNN']) {
      await curves.getByLabel('Network').selectOption({ label: network });
      const overlaps = await curves.locator('svg.plot-line').evaluateAll((svgs) =>
        svgs.flatMap((svg) => {
          const boxes = (selector: string) =>
            [...svg.querySelectorAll(selector)].map((e) => ({ text: e.textContent, r: e.getBoundingClientRect() }));
          const touch = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          const titles = boxes('.plot-axis-title');
          const ticks = boxes('.plot-axis text');
          return titles.flatMap((t) => ticks.filter((k) => touch(t.r, k.r)).map((k) => `"${t.text}" touches "${k.text}"`));
        }),
      );
      expect(overlaps, network).toEqual([]);
    }
  });
}

test.describe('upload errors on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true });
  test('a bad image is explained next to the upload control, on screen', async ({ page }) => {
    test.slow();
    await page.goto('/lessons/attention-cam/');
    const panel = await readyWidget(page, 'digit-input');
    const file = panel.getByLabel(/PNG, JPEG or WebP/);
    await file.scrollIntoViewIfNeeded();
    await file.setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not an image at all') });
    const alert = panel.getByRole('alert');
    await expect(alert).toContainText('notes.png');
    await expect(alert).toBeInViewport();
  });

  test('a bad weights file is explained next to its control, on screen', async ({ page }) => {
    test.slow();
    await page.goto('/lessons/attention-cam/');
    const loader = await readyWidget(page, 'weights-loader');
    const input = loader.getByLabel(/traditional-CNN .*safetensors/);
    await input.scrollIntoViewIfNeeded();
    await input.setInputFiles({ name: 'empty.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.alloc(4) });
    const alert = loader.getByRole('alert');
    await expect(alert).toBeVisible();
    await expect(alert).toBeInViewport();
    await expect(loader).toContainText('traditional-CNN: course weights');
  });
});
