// The drawing pad's preprocessing view tells the truth: the status follows what the reader did,
// a tiny drawing gets "draw bigger", a single dot gets a warning that the model's confidence does
// not mean "this is a digit", and the ink box and the aspect-kept 20×20 fit are drawn.
import { expect, test, type Locator, type Page } from '@playwright/test';

async function stroke(page: Page, pad: Locator, points: [number, number][]) {
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + box.width * points[0][0], box.y + box.height * points[0][1]);
  await page.mouse.down();
  for (const [x, y] of points.slice(1)) await page.mouse.move(box.x + box.width * x, box.y + box.height * y);
  await page.mouse.up();
}

async function openPanel(page: Page) {
  await page.goto('/lessons/attention-cam/');
  const panel = page.locator('digit-input');
  await panel.scrollIntoViewIfNeeded();
  await expect(panel).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  return { panel, pad: panel.getByRole('img', { name: /Drawing area/ }) };
}

test('after "Clear drawing" and a new drawing the status no longer says cleared; the views show box and fit', async ({ page }) => {
  const { panel, pad } = await openPanel(page);
  await panel.getByRole('button', { name: 'Clear drawing' }).click();
  await expect(panel.getByRole('status')).toHaveText(/Drawing cleared/);
  await stroke(
    page,
    pad,
    Array.from({ length: 11 }, (_, i) => [0.5, 0.15 + 0.07 * i] as [number, number]),
  );
  await expect(panel).toContainText('Your drawing');
  await expect(panel.getByRole('status')).not.toHaveText(/Drawing cleared/);
  await expect(panel.getByRole('img', { name: /^Your image and its ink box: 280×280 px; ink box \d+×\d+ at/ })).toBeVisible();
  // A vertical stroke is much taller than wide: its fit is narrow inside the 20×20 square.
  await expect(
    panel.getByRole('img', { name: /^Scaled to fit 20×20 \(aspect kept\): ([1-9]|1[0-2])×20 inside the 20×20 box/ }),
  ).toBeVisible();
  await expect(panel.getByRole('img', { name: /^Background normalised/ })).toBeHidden();
  await expect(panel.getByRole('listitem').filter({ hasText: /^Note:/ })).toHaveCount(0);
});

test('a tiny drawing asks for a bigger one; a single dot says confidence does not mean "a digit"', async ({ page }) => {
  const { panel, pad } = await openPanel(page);
  await stroke(page, pad, [
    [0.5, 0.45],
    [0.5, 0.5],
    [0.5, 0.55],
    [0.51, 0.58],
  ]);
  await expect(panel).toContainText('Your drawing');
  await expect(panel.getByRole('listitem').filter({ hasText: /^Note: the digit is small/ })).toContainText('draw or crop it bigger');
  await panel.getByRole('button', { name: 'Clear drawing' }).click();
  await stroke(page, pad, [
    [0.3, 0.3],
    [0.3, 0.3],
  ]);
  await expect(panel.getByRole('listitem').filter({ hasText: /^Note: very little ink/ })).toContainText(
    'a high confidence does not mean this is a digit',
  );
});
