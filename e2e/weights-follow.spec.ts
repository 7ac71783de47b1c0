// The reader's own weights are visible on every widget that uses them, with a one-click way
// back; going back reuses the build's precomputed study instead of recomputing 10,000 digits.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { readyWidget } from './support/widgets';
import { ROOT } from './support/site';

const mine = () => ({
  name: 'mine.safetensors',
  mimeType: 'application/octet-stream',
  buffer: readFileSync(path.join(ROOT, 'pretrained/attention-cnn.safetensors')),
});

test('custom weights are marked on the widgets that use them, and any of them can go back', async ({ page }) => {
  test.slow();
  await page.goto('/lessons/attention-cam/');
  const viewer = await readyWidget(page, 'attention-viewer');
  await expect(viewer.locator('.weights-badge')).toBeHidden();
  const loader = await readyWidget(page, 'weights-loader');
  await loader.getByLabel(/attention-CNN .*safetensors/).setInputFiles(mine());
  await expect(loader.getByRole('status')).toContainText('mine.safetensors passed every check');
  await expect(viewer.locator('.weights-badge')).toContainText('Your weights: mine.safetensors (attention-CNN)');
  await expect(page.locator('digit-input .weights-badge')).toContainText('mine.safetensors');
  await viewer.getByRole('button', { name: 'Use the course weights' }).click();
  await expect(viewer.locator('.weights-badge')).toBeHidden();
  await expect(loader).toContainText('attention-CNN: course weights attention-cnn.safetensors');
});

test('back to the course weights shows the precomputed study and stops the running one', async ({ page }) => {
  test.slow();
  await page.goto('/lessons/grad-cam/');
  const study = await readyWidget(page, 'test-set-study');
  const loader = await readyWidget(page, 'weights-loader');
  await loader.getByLabel(/attention-CNN .*safetensors/).setInputFiles(mine());
  await expect(study.getByRole('button', { name: 'Cancel' })).toBeVisible({ timeout: 60_000 });
  await loader.getByRole('button', { name: 'Back to the course weights' }).click();
  await expect(study.getByRole('button', { name: 'Cancel' })).toBeHidden({ timeout: 10_000 });
  await expect(study).toContainText('precomputed at build time');
  // The stopped run does not come back and replace the plots.
  await page.waitForTimeout(5000);
  await expect(study).toContainText('precomputed at build time');
  await expect(study).not.toContainText('computed in this browser');
});
