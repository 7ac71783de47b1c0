// Weights that pass every file check (right keys, shapes, dtype, all finite) can still overflow
// when the network runs. The session runs the self-test digit once and refuses such a file with a
// clear message, keeping the weights in use (issue 13): before, the viewer showed a NaN error
// next to the previous weights' numbers.
import { expect, test } from '@playwright/test';
import { overflowingWeights } from './support/weights-files';

test('weights whose outputs are not finite are refused and the previous weights stay', async ({ page }) => {
  test.slow();
  await page.goto('/lessons/attention-cam/');
  const loader = page.locator('weights-loader');
  await loader.scrollIntoViewIfNeeded();
  await expect(loader).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  const viewer = page.locator('attention-viewer');
  await viewer.scrollIntoViewIfNeeded();
  await expect(viewer).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  const before = await viewer.locator('.widget-summary').textContent();

  await loader
    .getByLabel(/attention-CNN .*safetensors/)
    .setInputFiles({ name: 'huge.safetensors', mimeType: 'application/octet-stream', buffer: overflowingWeights() });
  await expect(loader.getByRole('alert')).toContainText('huge.safetensors: the attention-CNN gives a non-finite logit');
  await expect(loader.getByRole('alert')).toContainText('your previous weights stay in use');
  await expect(loader.getByRole('status')).toContainText('was not used');
  await expect(loader).toContainText('attention-CNN: course weights attention-cnn.safetensors');
  await expect(viewer.locator('.widget-error')).toBeHidden();
  await expect(viewer.locator('.widget-summary')).toHaveText(before ?? '');
});
