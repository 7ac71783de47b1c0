// Phones: no page scrolls sideways at 360 px, with every widget started.
import { expect, test } from '@playwright/test';
import { sitemapPaths } from './support/site';
import { renderWidgets } from './support/widgets';

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
