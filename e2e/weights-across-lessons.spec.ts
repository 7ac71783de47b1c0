// The reader's own weights follow them from lesson to lesson in the same tab (issue 12): loaded on
// lesson 3, the widgets of lesson 4 compute with them (marked, and a logit that differs from the
// course weights'), back and reload keep them, and "Use the course weights" on any page ends it.
// Two uploads in a row keep the last one (issue 13), on this page and on the next.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { readSafetensors, writeSafetensors } from '../src/lib/weights/safetensors';
import { ROOT } from './support/site';

/** The course attention-CNN with every classifier bias raised by `shift`: same predictions, other logits. */
function shiftedWeights(name: string, shift: number) {
  const file = readSafetensors(new Uint8Array(readFileSync(path.join(ROOT, 'pretrained/attention-cnn.safetensors'))));
  const b = file.tensors['classifier.bias'];
  const buffer = Buffer.from(
    writeSafetensors({ ...file.tensors, 'classifier.bias': { ...b, data: b.data.map((v) => v + shift) } }, file.metadata),
  );
  return { name, mimeType: 'application/octet-stream', buffer };
}

async function ready(page: Page, selector: string) {
  const widget = page.locator(selector);
  await widget.scrollIntoViewIfNeeded();
  await expect(widget).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  return widget;
}

/** The logit of class 0 in the viewer's ledger ("logit (network)" column). */
async function ledgerLogit(page: Page): Promise<number> {
  const viewer = await ready(page, 'attention-viewer');
  const cell = viewer.getByRole('region', { name: 'Logit ledger' }).locator('tbody tr').first().locator('td').nth(3);
  return Number(await cell.textContent());
}

test('own weights loaded on lesson 3 are used on lesson 4, after going back and after a reload', async ({ page }) => {
  test.slow();
  await page.goto('/lessons/attention-cam/');
  const courseLogit = await ledgerLogit(page);

  await page.goto('/lessons/attention-cnn/');
  const loader = await ready(page, 'weights-loader');
  await loader.getByLabel(/attention-CNN .*safetensors/).setInputFiles(shiftedWeights('shifted.safetensors', 1.5));
  await expect(loader.getByRole('status')).toContainText('the other lessons of this tab now use it');
  const explorer = await ready(page, 'architecture-explorer');
  await expect(explorer.locator('.weights-badge')).toContainText('Your weights: shifted.safetensors (attention-CNN)');

  await page.getByRole('link', { name: /Next →/ }).click();
  await expect(page).toHaveURL(/\/lessons\/attention-cam\/$/);
  const viewer = await ready(page, 'attention-viewer');
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
  const explorerAgain = await ready(page, 'architecture-explorer');
  await expect(explorerAgain.locator('.weights-badge')).toContainText('shifted.safetensors');

  await page.goForward();
  await page.reload();
  await expect(await ready(page, 'attention-viewer').then((v) => v.locator('.weights-badge'))).toContainText('shifted.safetensors');
  expect(await ledgerLogit(page)).toBeCloseTo(courseLogit + 1.5, 2);

  // One click on this page ends it here and on the next pages.
  await page.locator('attention-viewer').getByRole('button', { name: 'Use the course weights' }).click();
  await expect(page.locator('attention-viewer .weights-badge')).toBeHidden();
  expect(await ledgerLogit(page)).toBeCloseTo(courseLogit, 3);
  await page.goto('/lessons/attention-cnn/');
  await ready(page, 'architecture-explorer');
  await expect(page.locator('architecture-explorer .weights-badge')).toBeHidden();
  await expect(await ready(page, 'weights-loader')).toContainText('attention-CNN: course weights attention-cnn.safetensors');
});

test('two weights uploads in a row keep the last, here and on the next lesson', async ({ page }) => {
  test.slow();
  await page.goto('/lessons/attention-cnn/');
  const loader = await ready(page, 'weights-loader');
  const input = loader.getByLabel(/attention-CNN .*safetensors/);
  // The first file is still being checked when the second arrives.
  await input.setInputFiles(shiftedWeights('first.safetensors', 1));
  await input.setInputFiles(shiftedWeights('second.safetensors', 2));
  await expect(loader.getByRole('status')).toContainText('second.safetensors passed every check');
  await expect(loader).toContainText('attention-CNN: your file second.safetensors');
  // A widget that starts after the change computes with it too (it once got the disposed first weights).
  const explorer = await ready(page, 'architecture-explorer');
  await expect(explorer.locator('.weights-badge')).toContainText('second.safetensors');
  await page.waitForTimeout(1000);
  await expect(loader).toContainText('attention-CNN: your file second.safetensors');
  await expect(explorer.locator('.weights-badge')).not.toContainText('first.safetensors');

  await page.getByRole('link', { name: /Next →/ }).click();
  const viewer = await ready(page, 'attention-viewer');
  await expect(viewer.locator('.weights-badge')).toContainText('Your weights: second.safetensors (attention-CNN)');
});

test('a new tab starts with the course weights', async ({ context }) => {
  test.slow();
  const page = await context.newPage();
  await page.goto('/lessons/attention-cnn/');
  const loader = await ready(page, 'weights-loader');
  await loader.getByLabel(/attention-CNN .*safetensors/).setInputFiles(shiftedWeights('tab-one.safetensors', 1));
  await expect(loader.getByRole('status')).toContainText('passed every check');
  const other = await context.newPage();
  await other.goto('/lessons/attention-cam/');
  await ready(other, 'attention-viewer');
  await expect(other.locator('attention-viewer .weights-badge')).toBeHidden();
});
