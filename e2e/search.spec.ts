// Pagefind search: /search/?q=… runs a query on load; the header form leads there; results are
// real links with excerpts whose hits are <mark>ed.
import { expect, test } from '@playwright/test';
import { watch } from './support/site';

test('/search/?q=Grad-CAM finds the Grad-CAM lesson', async ({ page }) => {
  const problems = watch(page);
  await page.goto('/search/?q=Grad-CAM');
  await expect(page.getByRole('searchbox', { name: 'Search terms' })).toHaveValue('Grad-CAM');
  const results = page.locator('.search-results > li');
  await expect(results.first()).toBeVisible();
  await expect(page.locator('.search-results a[href^="/lessons/grad-cam/"]').first()).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /match/ })).toContainText('Grad-CAM');
  await expect(page.locator('.search-results mark').first()).toBeVisible();

  // Result links lead to real pages.
  const href = await page.locator('.search-results h2 a').first().getAttribute('href');
  const response = await page.request.get(href!.split('#')[0]);
  expect(response.status()).toBe(200);

  expect(problems.consoleErrors).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(problems.foreignRequests).toEqual([]);
});

test('the header search box leads to results', async ({ page }) => {
  await page.goto('/');
  const box = page.getByRole('searchbox', { name: 'Search the course' });
  await box.fill('attention map');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\/\?q=attention(\+|%20)map$/);
  await expect(page.locator('.search-results > li').first()).toBeVisible();
});

test('typing updates the results and the address; nonsense says so', async ({ page }) => {
  await page.goto('/search/');
  const box = page.getByRole('searchbox', { name: 'Search terms' });
  await box.fill('qqzzxxnonsenseterm');
  await expect(page.locator('.search-status')).toContainText('No results');
  await expect(page).toHaveURL(/q=qqzzxxnonsenseterm/);
  await box.fill('sigmoid');
  await expect(page.locator('.search-results > li').first()).toBeVisible();
});
