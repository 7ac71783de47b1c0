// A keyboard-only walk through the input panel, the four-panel viewer and the comparison: Tab to
// each control, operate it with keys, and see the widgets respond.
import { expect, test, type Locator, type Page } from '@playwright/test';

async function tabTo(page: Page, target: Locator, max = 120, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`Tab never reached ${target}`);
}

async function ready(page: Page, selector: string): Promise<Locator> {
  const widget = page.locator(selector);
  await widget.scrollIntoViewIfNeeded();
  await expect(widget).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  return widget;
}

test('keyboard only: input panel and four-panel viewer', async ({ page }) => {
  test.slow();
  // An instructor's link to the widget: the #fragment also moves where Tab starts from.
  await page.goto('/lessons/attention-cam/#input-panel');
  const panel = await ready(page, 'digit-input');
  const viewer = await ready(page, 'attention-viewer');

  await tabTo(page, panel.getByLabel('Index (0–9999)'));
  await page.keyboard.press('Control+A');
  await page.keyboard.type('42');
  await page.keyboard.press('Enter');
  await expect(panel).toContainText('Test digit 42 (label 4)');

  await tabTo(page, panel.getByLabel('Class', { exact: true }));
  await page.keyboard.press('ArrowDown'); // "digit 0"
  await expect(panel).toContainText(/label 0\)/);

  await tabTo(page, panel.getByRole('button', { name: 'Next' }));
  const before = await panel.getByLabel('Index (0–9999)').inputValue();
  await page.keyboard.press('Enter');
  await expect(panel.getByLabel('Index (0–9999)')).not.toHaveValue(before);
  await expect(panel).toContainText(/label 0\)/);

  await tabTo(page, viewer.getByLabel('Class to explain'));
  await page.keyboard.press('ArrowDown'); // class 0
  await expect(viewer.getByRole('figure').filter({ hasText: /^CAM of class/ })).toContainText('CAM of class 0');

  await tabTo(page, viewer.getByLabel('Overlay opacity'));
  await page.keyboard.press('ArrowRight');
  await expect(viewer.getByLabel('Overlay opacity')).toHaveValue('0.55');
  await expect(viewer).toContainText('opacity 0.55');

  const explain = viewer.getByRole('button', { name: /^Explain class \d$/ }).nth(1);
  const name = (await explain.textContent())!.trim();
  await tabTo(page, explain);
  await page.keyboard.press('Enter');
  await expect(viewer.getByLabel('Class to explain')).toHaveValue(name.replace('Explain class ', ''));
});

test('keyboard only: the three-way comparison and its method picker', async ({ page }) => {
  test.slow();
  await page.goto('/lessons/grad-cam/#three-way-comparison');
  const comparison = await ready(page, 'method-comparison');
  await tabTo(page, comparison.getByLabel('Resolution'));
  await page.keyboard.press('ArrowDown'); // native 7×7
  await expect(page).toHaveURL(/compare\.res=native/);
  await tabTo(page, comparison.getByLabel('Another method'));
  await page.keyboard.press('ArrowDown'); // Grad-CAM on the traditional CNN
  await expect(comparison.getByRole('table')).toContainText('Grad-CAM');
  await expect(comparison.locator('.map-view').nth(3)).toBeVisible();
  // the toolbar sits before the controls: Shift+Tab back to it
  await tabTo(page, comparison.getByRole('button', { name: 'Copy a link to this widget in its current state' }), 40, 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(comparison.getByRole('status')).toContainText(/compare\.res=native.*#three-way-comparison/);
});
