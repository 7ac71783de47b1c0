// The study's charts read at a glance: median labels with two decimals, and a scatter whose
// confidence axis spreads the digits near p = 1 and says what it plots.
import { expect, test } from '@playwright/test';

test('median labels are short and the scatter plots −log10(1 − p), labelled', async ({ page }) => {
  await page.goto('/lessons/grad-cam/');
  const study = page.locator('test-set-study');
  await study.scrollIntoViewIfNeeded();
  await expect(study).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  const medians = await study.locator('.plot-marker text').allTextContents();
  expect(medians.length).toBeGreaterThanOrEqual(3);
  for (const text of medians) expect(text).toMatch(/^median −?-?\d+(\.\d{1,2})?$/);
  await expect(study.locator('svg').filter({ hasText: 'attention spread' })).toContainText('−log₁₀(1 − p)');
});
