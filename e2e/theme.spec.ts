// Dark mode: follows the system by default, the toggle overrides it and the choice survives a
// reload with no flash (data-theme is already on <html> at DOMContentLoaded, set by a classic
// blocking script in <head>).
import { expect, test, type Page } from '@playwright/test';
import { builtHtml } from './support/site';

async function recordThemeAtLoad(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __themeAtDCL?: string | null; __themeAtBody?: string | null };
    // First moment <body> exists, i.e. before anything of the page could be painted.
    const observer = new MutationObserver(() => {
      if (document.body && w.__themeAtBody === undefined) {
        w.__themeAtBody = document.documentElement.getAttribute('data-theme');
        observer.disconnect();
      }
    });
    observer.observe(document, { childList: true, subtree: true });
    document.addEventListener(
      'DOMContentLoaded',
      () => {
        w.__themeAtDCL = document.documentElement.getAttribute('data-theme');
      },
      { once: true },
    );
  });
}

const themeAt = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __themeAtDCL?: string | null; __themeAtBody?: string | null };
    return { dcl: w.__themeAtDCL, body: w.__themeAtBody };
  });

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('the theme script is a classic blocking script in <head>', () => {
  const html = builtHtml('/');
  const head = html.slice(0, html.indexOf('</head>'));
  const tag = /<script\b[^>]*\bsrc="\/theme-init\.js"[^>]*>/.exec(head)?.[0];
  expect(tag, 'theme-init.js in <head>').toBeTruthy();
  expect(tag).not.toMatch(/\b(async|defer|type="module")\b/);
  // It comes before the stylesheets, so the first style calculation already sees data-theme.
  expect(head.indexOf('/theme-init.js')).toBeLessThan(head.indexOf('rel="stylesheet"'));
});

test('follows the system setting when nothing is stored', async ({ page }) => {
  await recordThemeAtLoad(page);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  expect((await themeAt(page)).dcl).toBe('dark');
  const toggle = page.getByRole('button', { name: 'Dark mode' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  const dark = await background(page);

  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  expect(await background(page)).not.toBe(dark);
});

test('the toggle switches, persists across reloads and pages, without a flash', async ({ page }) => {
  await recordThemeAtLoad(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  const html = page.locator('html');
  const toggle = page.getByRole('button', { name: 'Dark mode' });
  await expect(html).toHaveAttribute('data-theme', 'light');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  const light = await background(page);

  await toggle.click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  expect(await page.evaluate(() => localStorage.getItem('theme'))).toBe('dark');
  const dark = await background(page);
  expect(dark).not.toBe(light);

  await page.reload();
  expect(await themeAt(page)).toEqual({ dcl: 'dark', body: 'dark' });
  await expect(page.getByRole('button', { name: 'Dark mode' })).toHaveAttribute('aria-pressed', 'true');
  expect(await background(page)).toBe(dark);

  // Another page, and the stored choice beats the system setting.
  await page.goto('/search/');
  expect(await themeAt(page)).toEqual({ dcl: 'dark', body: 'dark' });

  await page.getByRole('button', { name: 'Dark mode' }).click();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  expect(await themeAt(page)).toEqual({ dcl: 'light', body: 'light' });
  expect(await background(page)).toBe(light);
});

test('code blocks switch to the dark Shiki colours', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  const lessonWithCode = await findLessonWithCode(page);
  expect(lessonWithCode, 'a lesson with a code block').toBeTruthy();
  await page.goto(lessonWithCode!);
  const pre = page.locator('pre.astro-code').first();
  const lightBg = await pre.evaluate((el) => getComputedStyle(el).backgroundColor);
  await page.getByRole('button', { name: 'Dark mode' }).click();
  const expected = await pre.evaluate((el) => el.style.getPropertyValue('--shiki-dark-bg').trim());
  const darkBg = await pre.evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(darkBg).not.toBe(lightBg);
  const probe = await page.evaluate((color) => {
    const el = document.createElement('div');
    el.style.color = color;
    document.body.append(el);
    const value = getComputedStyle(el).color;
    el.remove();
    return value;
  }, expected);
  expect(darkBg).toBe(probe);
});

async function findLessonWithCode(page: Page): Promise<string | null> {
  const hrefs = await page.locator('.timeline a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  for (const href of hrefs) {
    if (/<pre class="astro-code/.test(builtHtml(href))) return href;
  }
  return null;
}
