// The main serve command (tools/serve-static.ts, what tools/serve.sh and this suite use) sends the
// headers of dist/_headers: a page from another origin cannot frame the site, and every response
// says nosniff, no-referrer and same-origin opener.
import { expect, test } from '@playwright/test';
import { BASE_URL } from './support/site';

test('page responses carry the Content-Security-Policy with frame-ancestors and the security headers', async ({ request }) => {
  for (const pagePath of ['/', '/lessons/grad-cam/', '/no-such-page/']) {
    const response = await request.get(pagePath);
    const headers = response.headers();
    expect(headers['content-security-policy'], pagePath).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options'], pagePath).toBe('nosniff');
    expect(headers['referrer-policy'], pagePath).toBe('no-referrer');
    expect(headers['cross-origin-opener-policy'], pagePath).toBe('same-origin');
  }
  expect((await request.get('/no-such-page/')).status()).toBe(404);
  const wasm = await request.get('/tfjs-wasm/tfjs-backend-wasm.wasm');
  expect(wasm.headers()['content-type']).toBe('application/wasm');
  expect((await request.get('/sw.js')).headers()['cache-control']).toBe('no-cache');
});

test('every page asks for no referrer in its markup too (for hosts that cannot send headers)', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('meta[name="referrer"]')).toHaveAttribute('content', 'no-referrer');
});

test('another origin cannot frame the site', async ({ page }) => {
  // localhost and 127.0.0.1 are different origins: a page on one frames the site on the other.
  const other = BASE_URL.replace('127.0.0.1', 'localhost');
  await page.goto(`${other}/robots.txt`);
  const framed = page.waitForEvent('frameattached');
  await page.evaluate((src) => {
    const frame = document.createElement('iframe');
    frame.src = src;
    document.body.append(frame);
  }, `${BASE_URL}/`);
  const frame = await framed;
  // Chromium replaces a frame refused by frame-ancestors with its error page. The frame's URL passes
  // through about:blank and "" first (CI once read "" there), so wait for the verdict itself: a
  // frame that loaded the site would keep its http URL and fail this.
  await expect.poll(() => frame.url()).toMatch(/^chrome-error:/);
});
