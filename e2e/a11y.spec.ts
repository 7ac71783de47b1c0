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
  // One load per page for both themes. The page opens in dark (the theme /theme-init.js must pick
  // at load; light is also its fallback) and then follows the system setting to light in place, as
  // it does live: no theme is stored and no script reads theme colours, so axe sees what a light
  // load gives.
  test(`axe: ${pagePath} (dark, then light)`, async ({ page }) => {
    // Long lessons have thousands of KaTeX and code spans for the contrast rule to check.
    test.slow();
    await page.emulateMedia({ colorScheme: 'dark', reducedMotion: 'reduce' });
    await page.goto(pagePath);
    await settle(page);
    // Live widgets are part of the page: check them drawn, not their static placeholders.
    await renderWidgets(page);
    for (const scheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
      await expect(page.locator('.widget-host[data-state=error]')).toHaveCount(0);
      // Only violations are asserted, so axe describes one node per passing rule instead of each of
      // thousands of KaTeX spans; legacy mode runs it in the page itself (the site has no frames)
      // instead of shipping every partial result to a second, blank page. Together: 10 s → 4 s.
      // options() replaces every option set before it, so it comes before withTags().
      const results = await new AxeBuilder({ page: page as unknown as AxePage })
        .options({ resultTypes: ['violations'] })
        .withTags(TAGS)
        .setLegacyMode(true)
        .analyze();
      const report = results.violations.map((v) => ({
        rule: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 2).join('')}`),
        more: Math.max(0, v.nodes.length - 5),
      }));
      // Soft: a failing theme still lets the other one report.
      expect.soft(report, `axe violations on ${pagePath} (${scheme})`).toEqual([]);
    }
  });
}
