// A link to a widget lands on it: after the input panel and the widgets above have grown, the
// target is at the top of the window, on a desktop and on a phone.
import { expect, test } from '@playwright/test';

const LINKS = [
  { path: '/lessons/attention-cam/#four-panel-viewer', id: 'four-panel-viewer' },
  { path: '/lessons/grad-cam/#three-way-comparison', id: 'three-way-comparison' },
] as const;
const VIEWPORTS = [
  { width: 1280, height: 900 },
  { width: 360, height: 740 },
] as const;

for (const link of LINKS) {
  for (const viewport of VIEWPORTS) {
    test(`${link.path} lands on its widget at ${viewport.width}×${viewport.height}`, async ({ page }) => {
      test.slow();
      await page.setViewportSize(viewport);
      await page.goto(link.path);
      const target = page.locator(`#${link.id}`);
      await expect(target).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
      // The input panel above it has drawn too, so the page has grown.
      await expect(page.locator('digit-input')).toHaveAttribute('data-state', /^(ready|error)$/, { timeout: 120_000 });
      await expect
        .poll(async () => target.evaluate((el) => Math.round(el.getBoundingClientRect().top)), { timeout: 10_000 })
        .toBeGreaterThanOrEqual(-2);
      await page.waitForTimeout(1500);
      const top = await target.evaluate((el) => el.getBoundingClientRect().top);
      expect(top).toBeGreaterThanOrEqual(-2);
      expect(top).toBeLessThanOrEqual(40);
    });
  }
}

test('the reader scrolling away is not pulled back to the linked widget', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/lessons/attention-cam/#four-panel-viewer');
  await page.mouse.wheel(0, -600);
  const target = page.locator('#four-panel-viewer');
  await expect(target).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  await page.waitForTimeout(1500);
  const before = await page.evaluate(() => scrollY);
  await page.waitForTimeout(1000);
  expect(await page.evaluate(() => scrollY)).toBe(before);
});
