// axe-core over every page of the sitemap, in the light and the dark theme (WCAG 2.0/2.1 A and AA,
// plus WCAG 2.2 AA), with every live widget started and drawn. Zero violations allowed.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { settle, sitemapPaths } from './support/site';
import { renderWidgets } from './support/widgets';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
// @axe-core/playwright types its page with the newest playwright-core npm hoisted for it, not the
// one @playwright/test runs; the object is the same at runtime.
type AxePage = ConstructorParameters<typeof AxeBuilder>[0]['page'];

for (const pagePath of sitemapPaths()) {
  for (const scheme of ['light', 'dark'] as const) {
    test(`axe: ${pagePath} (${scheme})`, async ({ page }) => {
      // Long lessons have thousands of KaTeX and code spans for the contrast rule to check.
      test.slow();
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await page.goto(pagePath);
      await settle(page);
      // Live widgets are part of the page: check them drawn, not their static placeholders.
      await renderWidgets(page);
      await expect(page.locator('.widget-host[data-state=error]')).toHaveCount(0);
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
      const results = await new AxeBuilder({ page: page as unknown as AxePage }).withTags(TAGS).analyze();
      const report = results.violations.map((v) => ({
        rule: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 2).join('')}`),
        more: Math.max(0, v.nodes.length - 5),
      }));
      expect(report, `axe violations on ${pagePath} (${scheme})`).toEqual([]);
    });
  }
}
