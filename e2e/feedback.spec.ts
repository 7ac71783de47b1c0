// Feedback appears where the reader is looking: picking a digit in the study confirms it next to
// the control, highlights the pick, and offers a jump to the widgets it changed.
import { expect, test } from '@playwright/test';
import { readyWidget } from './support/widgets';

test('a gallery pick is confirmed beside the gallery, highlighted, and "Show me" goes to the comparison', async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/lessons/grad-cam/');
  const study = page.locator('test-set-study');
  await study.scrollIntoViewIfNeeded();
  await expect(study).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  const thumb = study.locator('.digit-thumb').nth(2);
  await thumb.scrollIntoViewIfNeeded();
  const index = await thumb.getAttribute('data-index');
  await thumb.click();
  const note = study.getByRole('status').filter({ hasText: 'is now the input' });
  await expect(note).toContainText(`Test digit ${index}`);
  await expect(note).toBeInViewport();
  await expect(thumb).toHaveAttribute('aria-pressed', 'true');
  await expect(study.locator('.digit-thumb[aria-pressed="true"]')).toHaveCount(1);
  // The picked digit is ringed in the scatter plot too.
  await expect(study.locator('.plot-highlight')).toHaveAttribute('data-count', '1');
  await note.getByRole('button', { name: 'Show me' }).click();
  const comparison = page.locator('method-comparison');
  await expect(comparison).toBeInViewport();
  await expect(comparison).toHaveAttribute('data-showing', new RegExp(`"digit":"mnist-test:${index}"`), { timeout: 60_000 });
});

test('choosing a layer in the architecture explorer is confirmed beside the list, and "Show me" goes to the layer view', async ({
  page,
}) => {
  test.slow();
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/lessons/attention-cnn/');
  const explorer = await readyWidget(page, 'architecture-explorer');
  const layer = explorer.getByRole('list', { name: 'traditional-CNN layers' }).getByRole('button').first();
  await layer.scrollIntoViewIfNeeded();
  await layer.click();
  await expect(layer).toHaveAttribute('aria-pressed', 'true');
  const note = explorer.getByRole('status').filter({ hasText: 'in the layer view' });
  await expect(note).toContainText('of the traditional-CNN');
  await expect(note).toBeInViewport();
  await note.getByRole('button', { name: 'Show me' }).click();
  const detail = explorer.locator('.layer-detail');
  await expect(detail).toBeInViewport();
  await expect(detail).toContainText('traditional-CNN');
});
