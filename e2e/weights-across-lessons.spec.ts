// The reader's own weights follow them from lesson to lesson in the same tab (issue 12): loaded on
// lesson 3, the widgets of lesson 4 compute with them (marked, and a logit that differs from the
// course weights'), back and reload keep them, and "Use the course weights" on any page ends it.
// Two uploads in a row keep the last one (issue 13), on this page and on the next.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { readyWidget } from './support/widgets';
import { overflowingWeights, shiftedWeights } from './support/weights-files';

const shifted = (name: string, shift: number) => ({ name, mimeType: 'application/octet-stream', buffer: shiftedWeights(shift) });

/** The logit of class 0 in the viewer's ledger ("logit (network)" column). */
async function ledgerLogit(page: Page): Promise<number> {
  const viewer = await readyWidget(page, 'attention-viewer');
  const cell = viewer.getByRole('region', { name: 'Logit ledger' }).locator('tbody tr').first().locator('td').nth(3);
  return Number(await cell.textContent());
}

test('own weights loaded on lesson 3 are used on lesson 4, after going back and after a reload', async ({ page }) => {
  test.slow();
  await page.goto('/lessons/attention-cam/');
  const courseLogit = await ledgerLogit(page);

  await page.goto('/lessons/attention-cnn/');
  const loader = await readyWidget(page, 'weights-loader');
  await loader.getByLabel(/attention-CNN .*safetensors/).setInputFiles(shifted('shifted.safetensors', 1.5));
  await expect(loader.getByRole('status')).toContainText('the other lessons of this tab now use it');
  const explorer = await readyWidget(page, 'architecture-explorer');
  await expect(explorer.locator('.weights-badge')).toContainText('Your weights: shifted.safetensors (attention-CNN)');

  await page.getByRole('link', { name: /Next →/ }).click();
  await expect(page).toHaveURL(/\/lessons\/attention-cam\/$/);
  const viewer = await readyWidget(page, 'attention-viewer');
  await expect(viewer.locator('.weights-badge')).toContainText('Your weights: shifted.safetensors (attention-CNN)');
  await expect(page.locator('digit-input .weights-badge')).toContainText('shifted.safetensors');
  expect(await ledgerLogit(page)).toBeCloseTo(courseLogit + 1.5, 2);
  const json = JSON.parse(
    await (async () => {
      const download = page.waitForEvent('download');
      await viewer.getByRole('button', { name: 'Export JSON' }).click();
      return readFileSync(await (await download).path(), 'utf8');
    })(),
  ) as { weightsUsed?: Record<string, { name: string; sha256: string }> };
  expect(JSON.stringify(json.weightsUsed)).toContain('shifted.safetensors');

  await page.goBack();
  await expect(page).toHaveURL(/\/lessons\/attention-cnn\/$/);
  const explorerAgain = await readyWidget(page, 'architecture-explorer');
  await expect(explorerAgain.locator('.weights-badge')).toContainText('shifted.safetensors');

  await page.goForward();
  await page.reload();
  await expect(await readyWidget(page, 'attention-viewer').then((v) => v.locator('.weights-badge'))).toContainText('shifted.safetensors');
  expect(await ledgerLogit(page)).toBeCloseTo(courseLogit + 1.5, 2);

  // One click on this page ends it here and on the next pages.
  await page.locator('attention-viewer').getByRole('button', { name: 'Use the course weights' }).click();
  await expect(page.locator('attention-viewer .weights-badge')).toBeHidden();
  expect(await ledgerLogit(page)).toBeCloseTo(courseLogit, 3);
  await page.goto('/lessons/attention-cnn/');
  await readyWidget(page, 'architecture-explorer');
  await expect(page.locator('architecture-explorer .weights-badge')).toBeHidden();
  await expect(await readyWidget(page, 'weights-loader')).toContainText('attention-CNN: course weights attention-cnn.safetensors');
});

test('two weights uploads in a row keep the last, here and on the next lesson', async ({ page }) => {
  test.slow();
  await page.goto('/lessons/attention-cnn/');
  const loader = await readyWidget(page, 'weights-loader');
  const input = loader.getByLabel(/attention-CNN .*safetensors/);
  // The first file is still being checked when the second arrives.
  await input.setInputFiles(shifted('first.safetensors', 1));
  await input.setInputFiles(shifted('second.safetensors', 2));
  await expect(loader.getByRole('status')).toContainText('second.safetensors passed every check');
  await expect(loader).toContainText('attention-CNN: your file second.safetensors');
  // A widget that starts after the change computes with it too (it once got the disposed first weights).
  const explorer = await readyWidget(page, 'architecture-explorer');
  await expect(explorer.locator('.weights-badge')).toContainText('second.safetensors');
  await page.waitForTimeout(1000);
  await expect(loader).toContainText('attention-CNN: your file second.safetensors');
  await expect(explorer.locator('.weights-badge')).not.toContainText('first.safetensors');

  await page.getByRole('link', { name: /Next →/ }).click();
  const viewer = await readyWidget(page, 'attention-viewer');
  await expect(viewer.locator('.weights-badge')).toContainText('Your weights: second.safetensors (attention-CNN)');
});

test('a new tab starts with the course weights', async ({ context }) => {
  test.slow();
  const page = await context.newPage();
  await page.goto('/lessons/attention-cnn/');
  const loader = await readyWidget(page, 'weights-loader');
  await loader.getByLabel(/attention-CNN .*safetensors/).setInputFiles(shifted('tab-one.safetensors', 1));
  await expect(loader.getByRole('status')).toContainText('passed every check');
  const other = await context.newPage();
  await other.goto('/lessons/attention-cam/');
  await readyWidget(other, 'attention-viewer');
  await expect(other.locator('attention-viewer .weights-badge')).toBeHidden();
});

test('kept weights that fail the checks on the next page are dropped with a message, and the course weights stay', async ({ page }) => {
  test.slow();
  await page.goto('/lessons/attention-cnn/');
  // As if kept on another lesson: finite weights whose outputs overflow (the upload check runs again).
  const data = overflowingWeights().toString('base64');
  await page.evaluate(
    (d) => sessionStorage.setItem('/:own-weights:attention', JSON.stringify({ name: 'overflow.safetensors', data: d })),
    data,
  );
  await page.reload();
  const loader = await readyWidget(page, 'weights-loader');
  await expect(loader.getByRole('alert')).toContainText('overflow.safetensors, kept from another lesson, was not used here');
  await expect(loader.getByRole('alert')).toContainText('non-finite logit');
  await expect(loader).toContainText('attention-CNN: course weights attention-cnn.safetensors');
  await expect((await readyWidget(page, 'architecture-explorer')).locator('.weights-badge')).toBeHidden();
  expect(await page.evaluate(() => sessionStorage.getItem('/:own-weights:attention'))).toBeNull();
});
