// The copy button on code blocks: copies the code and says so through a live region.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { DIST, builtHtml } from './support/site';

function lessonsWithCode(): string[] {
  return readdirSync(path.join(DIST, 'lessons'))
    .map((id) => `/lessons/${id}/`)
    .filter((p) => /<pre class="astro-code/.test(builtHtml(p)))
    .sort();
}

test('every code block gets a copy button that copies and announces "Copied"', async ({ page, context }) => {
  const pages = lessonsWithCode();
  // The lessons carry PyTorch listings: no code block at all is a regression, not a reason to skip.
  expect(pages.length, 'lessons with code blocks').toBeGreaterThan(0);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(pages[0]);
  // Code inside a closed deep dive (<details>) leaves the accessibility tree until it is opened.
  await page.locator('details').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));

  const blocks = page.locator('pre.astro-code');
  const buttons = page.getByRole('button', { name: 'Copy code' });
  await expect(buttons).toHaveCount(await blocks.count());

  const expected = await blocks
    .first()
    .locator('code')
    .evaluate((el) => (el.textContent ?? '').replace(/\n$/, ''));
  // Record every label the button shows: "Copied" lasts a moment, which a busy machine's polling can miss.
  await page
    .locator('.copy-button')
    .first()
    .evaluate((button) => {
      const seen: string[] = [];
      (window as unknown as { copyLabels: string[] }).copyLabels = seen;
      new MutationObserver(() => seen.push(button.textContent ?? '')).observe(button, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });
  await buttons.first().click();
  await expect(page.locator('[data-copy-status]')).toHaveText('Copied');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { copyLabels: string[] }).copyLabels.some((l) => l.includes('Copied'))))
    .toBe(true);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
  // The label returns to "Copy" after a moment.
  await expect(page.locator('.copy-button').first()).toContainText('Copy', { timeout: 5_000 });
  await expect(page.locator('.copy-button').first()).not.toContainText('Copied', { timeout: 5_000 });
});

test('code blocks are keyboard-scrollable and the copy button is reachable', async ({ page }) => {
  const pages = lessonsWithCode();
  // The lessons carry PyTorch listings: no code block at all is a regression, not a reason to skip.
  expect(pages.length, 'lessons with code blocks').toBeGreaterThan(0);
  await page.goto(pages[0]);
  const pre = page.locator('pre.astro-code').first();
  await expect(pre).toHaveAttribute('tabindex', '0');
  const button = page.locator('.copy-button').first();
  await button.focus();
  await expect(button).toBeFocused();
});
