// Homework lab 3's attack widget on the built site: its exported JSON is the `attack` CLI's
// report for the same digit and settings (WASM and WebGPU), every control is latest-wins (what is
// shown after a burst of slider moves is the attack at the last ε), and its state lives in the
// URL, with the page's notice for a value it cannot use.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ROOT, watch } from './support/site';
import { cliReport, compareReports, exportedJson } from './support/widgets';

const LAB = '/lessons/lab-adversarial/';

async function attackWidget(page: Page) {
  const widget = page.getByRole('region', { name: 'Adversarial attack on the page’s digit' });
  const host = page.locator('adversarial-attack');
  await host.scrollIntoViewIfNeeded();
  await expect(host).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  return { widget, host };
}

/** Waits until the widget shows the attack with these settings (data-showing is written after drawing). */
async function showing(host: ReturnType<Page['locator']>, expected: Record<string, unknown>) {
  await expect
    .poll(
      async () => {
        const raw = await host.getAttribute('data-showing');
        if (!raw) return null;
        const shown = JSON.parse(raw) as Record<string, unknown>;
        return Object.fromEntries(Object.keys(expected).map((k) => [k, shown[k]]));
      },
      { timeout: 120_000 },
    )
    .toEqual(expected);
}

test.describe('the attack widget exports what the attack CLI prints', () => {
  for (const backend of ['wasm', 'webgpu'] as const) {
    test(`targeted FGSM on the traditional CNN on ${backend}, set by the controls`, async ({ page }) => {
      test.slow();
      const problems = watch(page);
      await page.goto(`${LAB}?backend=${backend}&sample=3`);
      const { widget, host } = await attackWidget(page);
      await expect(widget.locator('.backend-badge')).toHaveAttribute('data-backend', backend);
      await widget.getByLabel('Network to attack').selectOption('traditional');
      await widget.getByLabel('Target class').selectOption('5');
      await widget.getByLabel(/Budget ε/).fill('0.2');
      await showing(host, { digit: 'mnist-test:3', model: 'traditional', method: 'fgsm', eps: 0.2, steps: 1, target: 5 });
      const fgsm = await exportedJson(page, widget);
      expect(
        compareReports(
          fgsm,
          cliReport('mnist-test:3', ['--model', 'traditional', '--method', 'fgsm', '--eps', '0.2', '--target', '5'], 'attack'),
        ),
      ).toEqual([]);
      expect(problems.consoleErrors).toEqual([]);
      expect(problems.pageErrors).toEqual([]);
      expect(problems.foreignRequests).toEqual([]);
    });

    test(`untargeted PGD-10 on the attention-CNN on ${backend}, set by the link`, async ({ page }) => {
      test.slow();
      await page.goto(`${LAB}?backend=${backend}&sample=3&attack.method=pgd&attack.eps=0.1`);
      const { widget, host } = await attackWidget(page);
      await expect(widget.locator('.backend-badge')).toHaveAttribute('data-backend', backend);
      await expect(widget.getByLabel('Attack', { exact: true })).toHaveValue('pgd');
      await showing(host, { digit: 'mnist-test:3', model: 'attention', method: 'pgd', eps: 0.1, steps: 10, target: null });
      const pgd = await exportedJson(page, widget);
      const cli = cliReport('mnist-test:3', ['--model', 'attention', '--method', 'pgd', '--eps', '0.1'], 'attack');
      expect(compareReports(pgd, cli)).toEqual([]);
    });
  }
});

test('latest wins: after quick slider moves during PGD, the widget shows the attack at the last ε', async ({ page }) => {
  test.slow();
  await page.goto(`${LAB}?backend=wasm&attack.method=pgd&attack.steps=40`);
  const { widget, host } = await attackWidget(page);
  await showing(host, { method: 'pgd', eps: 0.1, steps: 40 });
  const slider = widget.getByLabel(/Budget ε/);
  for (const value of ['0.05', '0.25', '0.15', '0.3', '0.02', '0.2', '0.12']) await slider.fill(value);
  await showing(host, { method: 'pgd', eps: 0.12, steps: 40 });
  // Nothing older arrives later: the last result stays, and every panel says ε = 0.12.
  await page.waitForTimeout(1500);
  await showing(host, { eps: 0.12 });
  await expect(widget.getByRole('figure').filter({ hasText: 'Perturbation' })).toContainText('-0.120 … 0.120 pixel change');
  await expect(widget.getByRole('figure').filter({ hasText: 'Perturbation' })).toContainText('fixed ±ε = ±0.12');
  await expect(widget.getByRole('status').first()).toHaveText('');
  const json = await exportedJson(page, widget);
  expect(
    compareReports(
      json,
      cliReport('mnist-test:0', ['--model', 'attention', '--method', 'pgd', '--eps', '0.12', '--steps', '40'], 'attack'),
    ),
  ).toEqual([]);
  await expect(page).toHaveURL(/attack\.eps=0\.12/);
});

test('a bad ε or method in the link gets the page’s notice and the defaults; good values round-trip', async ({ page }) => {
  await page.goto(`${LAB}?attack.eps=0.9&attack.method=cw&attack.target=3#attack-lab`);
  const { widget, host } = await attackWidget(page);
  await expect(page.getByRole('status').filter({ hasText: 'This link had values the page could not use' })).toContainText('attack.eps=0.9');
  await expect(page.getByRole('status').filter({ hasText: 'This link had values the page could not use' })).toContainText(
    'attack.method=cw',
  );
  await expect(widget.getByLabel('Attack', { exact: true })).toHaveValue('fgsm');
  await expect(widget.getByLabel(/Budget ε/)).toHaveValue('0.1');
  await expect(widget.getByLabel('Target class')).toHaveValue('3');
  await showing(host, { method: 'fgsm', eps: 0.1, target: 3 });
  expect(page.url()).not.toContain('attack.eps');
  await widget.getByLabel('Attack', { exact: true }).selectOption('pgd');
  await widget.getByLabel('PGD steps').selectOption('5');
  await expect(page).toHaveURL(/attack\.method=pgd/);
  await expect(page).toHaveURL(/attack\.steps=5/);
  await page.reload();
  const again = await attackWidget(page);
  await expect(again.widget.getByLabel('Attack', { exact: true })).toHaveValue('pgd');
  await expect(again.widget.getByLabel('PGD steps')).toHaveValue('5');
  await expect(again.widget.getByLabel('Target class')).toHaveValue('3');
});

test('"make it a 3": the smallest ε on the slider flips the prediction, one slider step less does not', async ({ page }) => {
  test.slow();
  await page.goto(`${LAB}?backend=wasm&attack.target=3`);
  const { widget, host } = await attackWidget(page);
  await showing(host, { target: 3 });
  await widget.getByRole('button', { name: 'Find the smallest ε' }).click();
  const result = widget.getByText(/^Smallest ε that makes the attention-CNN read 3 with PGD-10: /);
  await expect(result).toBeVisible({ timeout: 120_000 });
  const found = Number(/PGD-10: ([0-9.]+)/.exec((await result.textContent()) ?? '')![1]);
  expect(found).toBeGreaterThan(0);
  await showing(host, { method: 'pgd', eps: found, target: 3 });
  await expect(widget.getByLabel(/Budget ε/)).toHaveValue(String(found));
  const flipped = (await exportedJson(page, widget)) as {
    adversarial: { succeeded: boolean };
    attention_cnn: { after: { predicted: number } };
  };
  expect(flipped.adversarial.succeeded).toBe(true);
  expect(flipped.attention_cnn.after.predicted).toBe(3);
  const below = Number((found - 0.005).toFixed(3));
  await widget.getByLabel(/Budget ε/).fill(String(below));
  await showing(host, { eps: below });
  const short = (await exportedJson(page, widget)) as { adversarial: { succeeded: boolean } };
  expect(short.adversarial.succeeded).toBe(false);
});

test('without JavaScript the attack widget shows its build-time figure, with the numbers in its alt text', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await page.goto(LAB);
    const figure = page.locator('adversarial-attack .widget-fallback');
    await expect(figure).toBeVisible();
    const img = figure.getByRole('img', { name: /^FGSM with budget ε = 0\.1 against the attention-CNN on MNIST test digit 0/ });
    await img.scrollIntoViewIfNeeded();
    await expect(img).toHaveAttribute('alt', /Pearson agreement before vs after: .*\d\.\d{3}/);
    expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
  } finally {
    await context.close();
  }
});

test('robustness curves: the caption states the subset, and a point loads a digit that attack flipped', async ({ page }) => {
  test.slow();
  await page.goto(`${LAB}?backend=wasm`);
  const { widget, host } = await attackWidget(page);
  const section = widget.getByRole('region', { name: 'Robustness over test digits' });
  await expect(section).toContainText(/on the first \d+ test digits of each class \(\d+ digits, a fixed subset/);
  const accuracy = section.getByRole('group', { name: /^Accuracy of each network/ });
  // One button per point: two networks × two methods × every ε of the precomputed file.
  const file = JSON.parse(readFileSync(path.join(ROOT, 'dist/generated/robustness.json'), 'utf8')) as { points: unknown[] };
  await expect(accuracy.getByRole('button')).toHaveCount(file.points.length);
  const point = accuracy.getByRole('button', { name: /^traditional-CNN, PGD, ε 0\.3: accuracy/ });
  await point.focus();
  await page.keyboard.press('Enter');
  await expect(section).toContainText(
    /Loaded test digit (\d+): one of the digits that PGD with ε = 0\.3 turned from right to wrong on the traditional-CNN/,
  );
  const index = Number(/Loaded test digit (\d+)/.exec((await section.textContent()) ?? '')![1]);
  await showing(host, { digit: `mnist-test:${index}`, model: 'traditional', method: 'pgd', eps: 0.3, target: null });
  // The link names that digit, and the movement chart follows the method the point set (it was FGSM's).
  expect(new URL(page.url()).searchParams.get('sample')).toBe(String(index));
  await expect(section.getByRole('group', { name: /^How far each map moves under PGD/ })).toBeVisible();
  await expect(section.getByRole('group', { name: /^How far each map moves under FGSM/ })).toHaveCount(0);
  const json = (await exportedJson(page, widget)) as { adversarial: { succeeded: boolean } };
  expect(json.adversarial.succeeded).toBe(true);
});

test('with the reader’s weights the curves say they are the course weights’, and recompute for theirs in the workers (the course file itself gives the build’s curves)', async ({
  page,
}) => {
  test.slow();
  const problems = watch(page);
  // Weights uploaded on another lesson follow the reader here (issue 12): the course's own file under another name.
  await page.goto('/lessons/attention-cnn/');
  const loader = page.locator('weights-loader');
  await loader.scrollIntoViewIfNeeded();
  await expect(loader).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  await loader.getByLabel(/^attention-CNN .*safetensors/).setInputFiles({
    name: 'mine.safetensors',
    mimeType: 'application/octet-stream',
    buffer: readFileSync(path.join(ROOT, 'pretrained', 'attention-cnn.safetensors')),
  });
  await expect(loader.getByRole('status')).toContainText('the other lessons of this tab now use it');

  await page.goto(`${LAB}?backend=wasm`);
  const { widget } = await attackWidget(page);
  const section = widget.getByRole('region', { name: 'Robustness over test digits' });
  const plots = section.locator('.plot-row');
  await expect(plots).toHaveAttribute('data-weights', 'stale');
  await expect(section).toContainText('precomputed for the course weights, not for your weights');
  await expect(section).toContainText('attention-CNN file mine.safetensors');
  const pointLabels = () =>
    section
      .getByRole('button')
      .evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-label') ?? b.textContent ?? '').filter((t) => / ε /.test(t)));
  const course = await pointLabels();
  expect(course.length).toBeGreaterThan(30);

  await section.getByRole('button', { name: 'Recompute the curves for your weights' }).click();
  await expect(section.getByRole('button', { name: 'Cancel recomputing the curves' })).toBeVisible();
  await expect(plots).toHaveAttribute('data-weights', 'custom', { timeout: 240_000 });
  await expect(section).toContainText(/recomputed for your weights in \d+ s on two Web Workers on WebAssembly/);
  // Same weights, same code: every point (accuracy, median r) as the build's.
  expect(await pointLabels()).toEqual(course);
  expect(problems.pageErrors).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
});
