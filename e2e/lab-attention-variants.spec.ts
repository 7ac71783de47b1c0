// Lab 1's widgets on the built site: the variant gallery computes what `explain --model <id>`
// computes (WASM and WebGPU), stays latest-wins when the digit changes, and switches to clothing;
// the attention-quality table sorts and the class-average maps follow their model choice.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { watch } from './support/site';
import { cliReport, compareReports, exportedJson } from './support/widgets';

const PAGE = '/lessons/lab-attention-variants/';
const LAB_MODELS = ['attention-softmax', 'attention-sparse', 'attention-se', 'attention-cbam', 'attention-multihead'];

async function ready(page: Page, selector: string) {
  const widget = page.locator(selector);
  await widget.scrollIntoViewIfNeeded();
  await expect(widget).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  return widget;
}

// Both backends in one test, so the five CLI reports are computed once (each `explain` run takes
// seconds, and two tests would each compute them in their own worker). Each backend gets its own
// tab: nothing of the first page can land in the second one's problems.
test('the variant gallery on wasm and on webgpu equals explain --model for every lab model (mnist-test:3)', async ({ context }) => {
  test.slow();
  for (const backend of ['wasm', 'webgpu'] as const) {
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${PAGE}?backend=${backend}&sample=3`);
    const gallery = await ready(page, 'variant-gallery');
    await expect(gallery.locator('.backend-badge')).toHaveAttribute('data-backend', backend);
    await expect(gallery.locator('.variant-card')).toHaveCount(6);
    const json = (await exportedJson(page, gallery)) as { reports: Array<{ model: { id: string } }> };
    expect(
      json.reports.map((r) => r.model.id),
      backend,
    ).toEqual(['attention', ...LAB_MODELS]);
    for (const report of json.reports.slice(1)) {
      const cli = cliReport('mnist-test:3', ['--model', report.model.id]);
      expect(compareReports(report, cli), `${backend}: ${report.model.id}`).toEqual([]);
    }
    expect(problems.consoleErrors, backend).toEqual([]);
    expect(problems.pageErrors, backend).toEqual([]);
    expect(problems.foreignRequests, backend).toEqual([]);
    await page.close();
  }
});

test('the gallery shows the current digit after quick changes, with every design drawn', async ({ page }) => {
  test.slow();
  await page.goto(`${PAGE}?sample=5`);
  const gallery = await ready(page, 'variant-gallery');
  const index = page.locator('digit-input').getByLabel('Index (0–9999)');
  for (const i of ['11', '12', '13']) {
    await index.fill(i);
    await index.press('Enter');
  }
  await expect(gallery).toHaveAttribute('data-showing', /"digit":"mnist-test:13"/, { timeout: 60_000 });
  const predicted = JSON.parse((await gallery.getAttribute('data-showing')) ?? '{}').predicted as string;
  const cards = gallery.locator('.variant-card');
  for (let k = 0; k < 6; k++) await expect(cards.nth(k)).toHaveAttribute('data-predicted', predicted.split(',')[k]);
  // SE has no spatial map but a channel profile; multi-head shows four heads.
  await expect(gallery.locator('[data-model="attention-se"] .map-view')).toHaveCount(1);
  await expect(gallery.locator('[data-model="attention-se"] .variant-card__channels svg')).toHaveCount(1);
  await expect(gallery.locator('[data-model="attention-multihead"] .map-view')).toHaveCount(5);
});

test('the Fashion-MNIST switch explains a clothing item with class names', async ({ page }) => {
  test.slow();
  await page.goto(`${PAGE}?gallery.item=42`);
  const gallery = await ready(page, 'variant-gallery');
  const fashion = gallery.getByRole('region', { name: /Fashion-MNIST/ });
  await fashion.scrollIntoViewIfNeeded();
  await expect(fashion).toHaveAttribute('data-showing', /"item":42/, { timeout: 60_000 });
  const cli = cliReport('fashion-test:42', ['--model', 'fashion-attention']) as { model: { predicted: number } };
  expect(JSON.parse((await fashion.getAttribute('data-showing')) ?? '{}').predicted).toBe(cli.model.predicted);
  await expect(fashion).toContainText(/predicts (T-shirt\/top|Trouser|Pullover|Dress|Coat|Sandal|Shirt|Sneaker|Bag|Ankle boot)/);
  // The comparison: a class chosen by name, CAM against Grad-CAM of the same network.
  await fashion.getByLabel('CAM and Grad-CAM of').selectOption({ label: 'Pullover' });
  await expect(fashion).toHaveAttribute('data-showing', /"item":42,.*"class":2/);
  await expect(fashion.getByText('Grad-CAM of Pullover (conv3)', { exact: true })).toBeVisible();
  await expect(fashion).toContainText(/Agreement for Pullover: Pearson r between A and the CAM -?\d\.\d{3}; between the CAM and Grad-CAM/);
  await expect(page).toHaveURL(/gallery\.fclass=2/);
});

test('the attention-quality table sorts by a column and the class averages follow the model', async ({ page }) => {
  await page.goto(PAGE);
  const quality = await ready(page, 'attention-quality');
  await quality.getByRole('button', { name: 'Sort by test accuracy' }).click();
  const rows = quality.locator('.widget-live tbody tr');
  const accuracies = await rows.evaluateAll((trs) => trs.map((tr) => parseFloat(tr.querySelectorAll('td')[0].textContent ?? '')));
  expect(accuracies).toEqual([...accuracies].sort((a, b) => b - a));
  await expect(page).toHaveURL(/quality\.sort=accuracy/);
  // "model": the registry's order, then reversed; aria-sort says which.
  const models = () => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-model')));
  const modelHeader = quality.getByRole('columnheader', { name: /^Sort by model/ });
  await quality.getByRole('button', { name: 'Sort by model' }).click();
  await expect(modelHeader).toHaveAttribute('aria-sort', 'ascending');
  const registryOrder = await models();
  await quality.getByRole('button', { name: 'Sort by model' }).click();
  await expect(modelHeader).toHaveAttribute('aria-sort', 'descending');
  expect(await models()).toEqual([...registryOrder].reverse());
  await expect(page).toHaveURL(/quality\.order=desc/);
  const averages = await ready(page, 'class-average-maps');
  await averages.getByLabel('Model').selectOption('attention-se');
  await expect(averages).toHaveAttribute('data-showing', /attention-se/);
  await expect(averages).toContainText('has no spatial attention');
  await averages.getByLabel('Model').selectOption('attention-multihead');
  await expect(averages.getByRole('group', { name: 'Mean attention per class' }).locator('.map-view')).toHaveCount(10);
});

test('your own lab weights: checked, used by the gallery, and the quality row recomputed in workers (the committed file gives the build’s row)', async ({
  page,
}) => {
  test.slow();
  const problems = watch(page);
  await page.goto(PAGE);
  const loader = await ready(page, 'lab-weights-loader');
  const se = loader.getByLabel(/SE attention-CNN .*\.safetensors/);
  // A broken file: refused next to its control, nothing changes.
  await se.setInputFiles({
    name: 'broken.safetensors',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('not a safetensors file'),
  });
  await expect(loader.getByRole('alert')).toBeVisible();
  await expect(loader.getByRole('alert')).toContainText('broken.safetensors');
  await expect(loader.locator('.lab-weights-row').filter({ hasText: 'MNIST_SE_Attention_CNN' })).toContainText(
    'In use: the committed weights',
  );

  // The committed SE file under another name: the row is recomputed and equals the build's.
  await se.setInputFiles({
    name: 'mine.safetensors',
    mimeType: 'application/octet-stream',
    buffer: readFileSync(path.join('pretrained', 'attention-se.safetensors')),
  });
  await expect(loader.getByRole('status')).toContainText('mine.safetensors passed every check');
  await expect(loader.getByRole('alert')).toBeHidden();
  const quality = await ready(page, 'attention-quality');
  const row = quality.locator('.widget-live tbody tr[data-model="attention-se"]');
  await expect(row).toHaveAttribute('data-weights', /running|custom/);
  await expect(row).toHaveAttribute('data-weights', 'custom', { timeout: 240_000 });
  await expect(row.locator('th')).toContainText('your file mine.safetensors');
  await expect(row).toContainText('Web Workers');
  const built = JSON.parse(readFileSync(path.join('public', 'generated', 'attention-quality.json'), 'utf8')) as {
    models: Array<{ id: string; accuracy: number; pointingGame: number; meanDeletionAuc: number }>;
  };
  const expected = built.models.find((m) => m.id === 'attention-se')!;
  const cells = await row.locator('td').allTextContents();
  expect(cells).toEqual([
    `${(100 * expected.accuracy).toFixed(2)} %`,
    'n/a',
    'n/a',
    'n/a',
    expected.meanDeletionAuc.toFixed(3),
    `${(100 * expected.pointingGame).toFixed(2)} %`,
  ]);
  const averages = await ready(page, 'class-average-maps');
  await averages.getByLabel('Model').selectOption('attention-se');
  await expect(averages).toContainText('Recomputed for your file mine.safetensors');

  // The gallery ran the file, and its export says so.
  const gallery = await ready(page, 'variant-gallery');
  const json = (await exportedJson(page, gallery)) as { weightsUsed: Record<string, { kind: string; name: string }> };
  expect(json.weightsUsed['attention-se']).toMatchObject({ kind: 'custom', name: 'mine.safetensors' });
  expect(json.weightsUsed['attention-cbam']).toMatchObject({ kind: 'committed', name: 'attention-cbam.safetensors' });

  // Back to the committed weights: the build's row, marked as such.
  await loader.getByRole('button', { name: 'Back to the committed lab weights' }).click();
  await expect(row).toHaveAttribute('data-weights', 'committed');
  expect(problems.pageErrors).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
});
