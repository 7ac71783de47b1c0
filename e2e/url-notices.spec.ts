// Link values the page cannot use are named in a notice, replaced by what the page uses instead,
// and removed from the address, so the next Copy link is clean.
import { expect, test, type Page } from '@playwright/test';

async function ready(page: Page, selector: string) {
  const widget = page.locator(selector);
  await widget.scrollIntoViewIfNeeded();
  await expect(widget).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  return widget;
}

test('bad sample, class and colormap: a notice names each, the URL loses them, the hash stays', async ({ page }) => {
  await page.goto('/lessons/attention-cam/?sample=99999&viewer.class=abc&viewer.cmap=rainbow&viewer.alpha=0.3#four-panel-viewer');
  const viewer = await ready(page, 'attention-viewer');
  const notice = page.getByRole('status').filter({ hasText: 'could not use' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('sample=99999');
  await expect(notice).toContainText('test digit');
  await expect(notice).toContainText('viewer.class=abc');
  await expect(notice).toContainText('predicted class');
  await expect(notice).toContainText('viewer.cmap=rainbow');
  await expect(notice).toContainText('viridis');
  await expect(viewer.getByLabel('Class to explain')).toHaveValue('predicted');
  await expect(viewer.getByLabel('Overlay opacity')).toHaveValue('0.3');
  const url = new URL(page.url());
  expect(url.searchParams.get('sample')).toBeNull();
  expect(url.searchParams.get('viewer.class')).toBeNull();
  expect(url.searchParams.get('viewer.cmap')).toBeNull();
  expect(url.searchParams.get('viewer.alpha')).toBe('0.3');
  expect(url.hash).toBe('#four-panel-viewer');
  await notice.getByRole('button', { name: /Dismiss/ }).click();
  await expect(notice).toBeHidden();
});

test('a mistyped ?backend= warns and uses the normal ladder instead of switching the widgets off', async ({ page }) => {
  await page.goto('/lessons/attention-cam/?backend=wasmm');
  const viewer = await ready(page, 'attention-viewer');
  await expect(viewer.locator('.backend-badge')).toHaveAttribute('data-backend', /^(webgpu|webgl|wasm|cpu)$/);
  const notice = page.getByRole('status').filter({ hasText: 'could not use' });
  await expect(notice).toContainText('backend=wasmm');
  await expect(notice).toContainText('usual backend order');
  expect(new URL(page.url()).searchParams.get('backend')).toBeNull();
});

test('a bad comparison value is named too, and good values beside it are kept', async ({ page }) => {
  await page.goto('/lessons/grad-cam/?compare.method=nonsense&compare.res=native');
  const widget = await ready(page, 'method-comparison');
  await expect(widget.getByLabel('Resolution')).toHaveValue('native');
  await expect(widget.getByLabel('Another method')).toHaveValue('none');
  await expect(page.getByRole('status').filter({ hasText: 'could not use' })).toContainText('compare.method=nonsense');
  expect(page.url()).not.toContain('nonsense');
  expect(page.url()).toContain('compare.res=native');
});

test('the explorer, the training curves and the study name their bad values too', async ({ page }) => {
  await page.goto('/lessons/attention-cnn/?arch.layer=bogus:x&training.model=foo');
  await ready(page, 'architecture-explorer');
  await ready(page, 'training-curves');
  const notice = page.getByRole('status').filter({ hasText: 'could not use' });
  await expect(notice).toContainText('arch.layer=bogus:x');
  await expect(notice).toContainText('training.model=foo');
  expect(page.url()).not.toContain('bogus');
  expect(page.url()).not.toContain('foo');
  await page.goto('/lessons/grad-cam/?study.matrix=bar&study.cell=x');
  await ready(page, 'test-set-study');
  const studyNotice = page.getByRole('status').filter({ hasText: 'could not use' });
  await expect(studyNotice).toContainText('study.matrix=bar');
  await expect(studyNotice).toContainText('study.cell=x');
  expect(new URL(page.url()).searchParams.get('study.matrix')).toBeNull();
  expect(new URL(page.url()).searchParams.get('study.cell')).toBeNull();
});
