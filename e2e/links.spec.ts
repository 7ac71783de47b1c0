// Every internal link on every page resolves: the target page answers 200 (no redirect) and a
// #fragment names an element id in the target page's HTML.
import { expect, test } from '@playwright/test';
import { BASE_URL, settle, sitemapPaths } from './support/site';

const origin = new URL(BASE_URL).origin;
const htmlCache = new Map<string, Promise<{ status: number; html: string }>>();

for (const pagePath of sitemapPaths()) {
  test(`links on ${pagePath} resolve`, async ({ page, request }) => {
    await page.goto(pagePath);
    await settle(page);
    const hrefs = await page
      .locator('a[href]')
      .evaluateAll((links) => links.map((a) => ({ raw: a.getAttribute('href') ?? '', resolved: (a as HTMLAnchorElement).href })));
    expect(hrefs.length).toBeGreaterThan(0);

    const fetchPage = (url: string) => {
      if (!htmlCache.has(url)) {
        htmlCache.set(
          url,
          request.get(url, { maxRedirects: 0 }).then(async (r) => ({ status: r.status(), html: await r.text() })),
        );
      }
      return htmlCache.get(url)!;
    };

    const broken: string[] = [];
    for (const { raw, resolved } of hrefs) {
      const url = new URL(resolved);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') continue; // mailto: and friends
      if (url.origin !== origin) continue; // other sites are not fetched (no network in tests)
      const target = `${url.origin}${url.pathname}${url.search}`;
      const { status, html } = await fetchPage(target);
      if (status !== 200) {
        broken.push(`${raw} → HTTP ${status}`);
        continue;
      }
      const fragment = decodeURIComponent(url.hash.slice(1));
      if (fragment && !new RegExp(`\\sid=["']?${fragment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["'\\s>]`).test(html)) {
        broken.push(`${raw} → no element with id "${fragment}" on ${url.pathname}`);
      }
    }
    expect(broken, `broken links on ${pagePath}`).toEqual([]);
  });
}
