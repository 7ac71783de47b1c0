// Every page of the sitemap: renders, math where the source has it, no console errors, nothing
// from other origins, no sideways scrolling at 360 px, readable with JavaScript off.
import { expect, test } from '@playwright/test';
import { expectsMath, lessonId, settle, sitemapPaths, watch } from './support/site';

const pages = sitemapPaths();

test('the sitemap lists the home page, the search page and every lesson', () => {
  expect(pages).toContain('/');
  expect(pages).toContain('/search/');
  expect(pages.filter((p) => lessonId(p) !== null).length).toBeGreaterThanOrEqual(1);
  expect(pages).not.toContain('/404/');
});

for (const pagePath of pages) {
  test.describe(`page ${pagePath}`, () => {
    test('renders its h1 and math, with no console errors and no other origins', async ({ page }) => {
      const problems = watch(page);
      const response = await page.goto(pagePath);
      expect(response?.status(), 'HTTP status').toBe(200);
      await settle(page);

      const h1 = page.locator('h1');
      await expect(h1).toHaveCount(1);
      await expect(h1).toBeVisible();
      expect((await h1.innerText()).trim().length).toBeGreaterThan(2);
      await expect(page).toHaveTitle(/Session 4/);

      if (expectsMath(pagePath)) {
        expect(await page.locator('.katex').count(), 'rendered KaTeX').toBeGreaterThan(0);
        await expect(page.locator('.katex-display').first()).toBeVisible();
        await expect(page.locator('.katex-error'), 'KaTeX errors').toHaveCount(0);
      }

      if (lessonId(pagePath)) {
        // Chrome around the lesson: nav, TOC, every content heading has its "#" link.
        await expect(page.getByRole('navigation', { name: 'Lessons' })).toBeAttached();
        await expect(page.locator('.lesson-list a[aria-current="page"]')).toHaveAttribute('href', pagePath);
        // Markdown headings are wrapped with their anchor at build time; none may be left bare.
        // (One evaluate instead of a round trip per heading: long lessons have dozens.)
        const report = await page.locator('.lesson-body').evaluate((body) => {
          const items = [...body.querySelectorAll('.heading-wrapper')].map((wrapper) => {
            const heading = wrapper.querySelector(':scope > :is(h2, h3, h4)');
            const href = wrapper.querySelector(':scope > a.heading-anchor')?.getAttribute('href') ?? '';
            const targets = href.startsWith('#') ? document.querySelectorAll(`[id="${CSS.escape(href.slice(1))}"]`) : [];
            return { id: heading?.id ?? '', href, unique: targets.length === 1 && targets[0] === heading };
          });
          return { bare: body.querySelectorAll(':scope > :is(h2, h3, h4)').length, items };
        });
        expect(report.bare, 'headings without an anchor').toBe(0);
        expect(
          report.items.filter((i) => !i.id || i.href !== `#${i.id}` || !i.unique),
          'broken heading anchors',
        ).toEqual([]);
        if (report.items.length > 0) {
          await expect(page.locator('.heading-anchor').first()).toBeVisible();
          // Headings inside a closed deep dive (<details>) leave the accessibility tree until opened.
          await page.locator('details.deep-dive').evaluateAll((dives) => dives.forEach((d) => ((d as HTMLDetailsElement).open = true)));
          const named = page.getByRole('link', { name: /^Link to section: \S/ });
          expect(await named.count(), 'anchors named "Link to section: …"').toBe(report.items.length);
        }
      }

      expect(problems.pageErrors, 'uncaught page errors').toEqual([]);
      expect(problems.consoleErrors, 'console errors').toEqual([]);
      expect(problems.foreignRequests, 'requests to other origins').toEqual([]);
    });

    test('has no horizontal page scroll at 360 px', async ({ page }) => {
      await page.setViewportSize({ width: 360, height: 780 });
      await page.goto(pagePath);
      await settle(page);
      const width = () => page.evaluate(() => document.scrollingElement!.scrollWidth);
      expect(await width(), 'scrollWidth at 360 px').toBeLessThanOrEqual(361);

      const menu = page.getByRole('button', { name: 'Lessons' });
      if (await menu.isVisible()) {
        await menu.click();
        await expect(menu).toHaveAttribute('aria-expanded', 'true');
        await expect(page.locator('.lesson-list')).toBeVisible();
        expect(await width(), 'scrollWidth with the lesson menu open').toBeLessThanOrEqual(361);
        await menu.click();
        await expect(page.locator('.lesson-list')).toBeHidden();
      }
    });

    test('is readable with JavaScript disabled', async ({ browser }) => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await page.goto(pagePath);
        await expect(page.locator('h1')).toBeVisible();
        const main = page.locator('main');
        await expect(main).toBeVisible();
        expect((await main.innerText()).length, 'visible main text').toBeGreaterThan(150);
        // Header search still works as a link; the theme toggle (which needs JS) is not offered.
        await expect(page.locator('form.header-search[action="/search/"] input[name="q"]')).toBeVisible();
        await expect(page.locator('.theme-toggle')).toBeHidden();

        if (lessonId(pagePath)) {
          const first = page.locator('.lesson-body p').first();
          await expect(first).toBeVisible();
          const nav = page.getByRole('navigation', { name: 'Lessons' });
          await expect(nav.getByRole('link').first()).toBeVisible();
          expect(await nav.getByRole('link').count()).toBeGreaterThanOrEqual(2);
          const tocLinks = page.locator('nav.toc a');
          if ((await page.locator('.lesson-body h2[id]').count()) > 0) {
            await expect(tocLinks.first()).toBeVisible();
          }
          await expect(page.locator('.copy-button')).toHaveCount(0);
        }
      } finally {
        await context.close();
      }
    });
  });
}

test('unknown addresses get the 404 page', async ({ page }) => {
  const problems = watch(page);
  const response = await page.goto('/lessons/no-such-lesson/');
  expect(response?.status()).toBe(404);
  await expect(page.locator('h1')).toHaveText('Page not found');
  await expect(page.getByRole('link', { name: 'course overview' })).toHaveAttribute('href', '/');
  expect(problems.consoleErrors.filter((e) => !/404/.test(e))).toEqual([]);
  expect(problems.foreignRequests).toEqual([]);
});
