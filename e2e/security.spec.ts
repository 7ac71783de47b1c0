// The Content-Security-Policy holds on every page with every widget running: no violation, nothing
// from another origin, the <meta> policy is the one in src/security/csp.ts, dist/_headers carries
// it for hosts, and no shipped script can eval.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { CSP_HEADER, CSP_META, HEADER_RULES, SECURITY_HEADERS } from '../src/security/csp';
import { DIST, ROOT, builtHtml, settle, sitemapPaths, watch } from './support/site';
import { exportedJson, renderWidgets } from './support/widgets';

const pages = sitemapPaths();

// Registering the service worker (worker-src) is part of every page: keep it under test.
test.use({ serviceWorkers: 'allow' });

interface CspWatch {
  /** console messages about the policy (violations, ignored directives, malformed policy) */
  consoleMessages: string[];
  /** securitypolicyviolation events the page saw */
  violations: () => Promise<string[]>;
}

async function watchCsp(page: Page): Promise<CspWatch> {
  const consoleMessages: string[] = [];
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) consoleMessages.push(`${message.type()}: ${message.text()}`);
  });
  await page.addInitScript(() => {
    const store = window as unknown as { __cspViolations: string[] };
    store.__cspViolations = [];
    window.addEventListener(
      'securitypolicyviolation',
      (e) =>
        store.__cspViolations.push(
          `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`,
        ),
      true,
    );
  });
  return { consoleMessages, violations: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations) };
}

async function expectClean(csp: CspWatch, problems: ReturnType<typeof watch>): Promise<void> {
  expect(await csp.violations(), 'securitypolicyviolation events').toEqual([]);
  expect(csp.consoleMessages, 'console messages about the CSP').toEqual([]);
  expect(problems.foreignRequests, 'requests to other origins').toEqual([]);
  expect(problems.pageErrors, 'uncaught page errors').toEqual([]);
  expect(problems.consoleErrors, 'console errors').toEqual([]);
}

async function expectWidgetsReady(page: Page): Promise<void> {
  await renderWidgets(page);
  const states = await page
    .locator('.widget-host')
    .evaluateAll((hosts) => hosts.map((h) => `${h.tagName.toLowerCase()}: ${h.getAttribute('data-state')}`));
  expect(
    states.filter((s) => !s.endsWith(': ready')),
    'widgets not ready',
  ).toEqual([]);
}

for (const pagePath of pages) {
  test(`${pagePath}: no CSP violation and no other origin, widgets running`, async ({ page }) => {
    test.slow();
    const csp = await watchCsp(page);
    const problems = watch(page);
    const target = pagePath === '/search/' ? '/search/?q=Grad-CAM' : pagePath;
    expect((await page.goto(target))?.status()).toBe(200);

    // The policy is the first thing in <head> after the charset, so it covers every element.
    const meta = page.locator('head > meta[http-equiv="Content-Security-Policy"]');
    await expect(meta).toHaveCount(1);
    await expect(meta).toHaveAttribute('content', CSP_META);
    expect(await page.evaluate(() => document.head.firstElementChild?.nextElementSibling?.getAttribute('http-equiv'))).toBe(
      'Content-Security-Policy',
    );

    await settle(page);
    await expectWidgetsReady(page);
    if (pagePath === '/search/') {
      // Pagefind compiles its WebAssembly under 'wasm-unsafe-eval'.
      await expect(page.locator('.search-results a[href^="/lessons/grad-cam/"]').first()).toBeVisible();
    }
    await settle(page);
    await expectClean(csp, problems);
  });
}

const BADGE = { webgpu: /WebGPU/, webgl: /WebGL/, cpu: /plain JavaScript/ } as const;
for (const backend of ['webgpu', 'webgl', 'cpu'] as const) {
  test(`widgets on ${backend} run under the policy`, async ({ page }) => {
    test.slow();
    const csp = await watchCsp(page);
    const problems = watch(page);
    await page.goto(`/lessons/attention-cam/?backend=${backend}`);
    await expectWidgetsReady(page);
    await expect(page.locator('attention-viewer .backend-badge')).toHaveAttribute('data-backend', backend);
    await expect(page.locator('attention-viewer .backend-badge')).toHaveText(BADGE[backend]);
    await expectClean(csp, problems);
  });
}

test('downloads (blob: links) and the study workers run under the policy', async ({ page }) => {
  test.slow();
  const csp = await watchCsp(page);
  const problems = watch(page);
  await page.goto('/lessons/grad-cam/');
  await expectWidgetsReady(page);
  // Export JSON: an <a download> navigation to a blob: URL.
  const comparison = page.locator('method-comparison');
  expect(Object.keys(await exportedJson(page, comparison)).length).toBeGreaterThan(0);
  // The study's two module workers (worker-src 'self') start and compile tfjs-wasm; then cancel.
  const study = page.locator('test-set-study');
  await study.getByRole('button', { name: 'Recompute in this browser' }).click();
  await expect(study.getByRole('status')).toContainText(/Computing on two Web Workers on WebAssembly: [1-9]\d* %/, { timeout: 120_000 });
  await study.getByRole('button', { name: 'Cancel' }).click();
  await expect(study.getByRole('button', { name: 'Recompute in this browser' })).toBeEnabled();
  // Not cross-origin isolated: tfjs-wasm never picks its threaded build (see the eval test below).
  expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(false);
  await expectClean(csp, problems);
});

test('the policy: meta form drops only frame-ancestors; every built page carries it', () => {
  expect(CSP_HEADER).toContain("frame-ancestors 'none'");
  expect(CSP_META).toBe(CSP_HEADER.replace(/; frame-ancestors 'none'/, ''));
  for (const directive of [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "object-src 'none'",
    "connect-src 'self'",
    "worker-src 'self'",
  ]) {
    expect(CSP_HEADER).toContain(directive);
  }
  expect(CSP_HEADER).not.toMatch(/'unsafe-eval'|script-src[^;]*'unsafe-inline'|https?:|\*/);
  const escaped = CSP_META.replaceAll("'", '&#39;');
  for (const html of [...pages.map(builtHtml), readFileSync(path.join(DIST, '404.html'), 'utf8')]) {
    const tags = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)].map((m) => m[1]);
    expect(tags.length).toBe(1);
    expect([CSP_META, escaped]).toContain(tags[0]);
    expect(html, 'inline scripts').not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(html, 'inline style elements').not.toMatch(/<style[\s>]/);
  }
});

test('dist/_headers carries the policy and the security headers', () => {
  const text = readFileSync(path.join(DIST, '_headers'), 'utf8');
  const rules = new Map<string, Record<string, string>>();
  let current: Record<string, string> | null = null;
  for (const line of text.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    if (!/^\s/.test(line)) rules.set(line.trim(), (current = {}));
    else {
      const m = /^\s+([\w-]+):\s*(.+)$/.exec(line);
      expect(m && current, `malformed line: ${line}`).toBeTruthy();
      current![m![1]] = m![2];
    }
  }
  expect(rules.get('/*')).toEqual({ ...SECURITY_HEADERS });
  expect(rules.get('/*')!['Content-Security-Policy']).toBe(CSP_HEADER);
  expect(rules.get('/*')).toMatchObject({
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  });
  expect(rules.get('/tfjs-wasm/*')).toEqual({ 'Content-Type': 'application/wasm' });
  expect(
    readdirSync(path.join(DIST, 'tfjs-wasm')).filter((f) => !f.endsWith('.wasm')),
    'non-.wasm files under /tfjs-wasm/',
  ).toEqual([]);
  expect([...rules.keys()]).toEqual(HEADER_RULES.map((r) => r.path));
});

/**
 * The one eval in the shipped JavaScript: tfjs-backend-wasm embeds its Emscripten pthread worker
 * as a string (`wasmWorkerContents`), whose Node.js branch (`if (ENVIRONMENT_IS_NODE)`) defines
 * importScripts with an indirect eval. Unreachable here: that string only becomes a (blob:) worker
 * for the threaded WASM build, which needs SharedArrayBuffer, i.e. a cross-origin-isolated page
 * (this site is not: no COEP), worker-src 'self' would refuse the blob: worker anyway, and the
 * branch is Node-only. It ships in the tfjs-backend-wasm chunk and in each worker bundle.
 */
const ALLOWED_EVAL = 'importScripts:function(f){(0,eval)(fs.readFileSync(f,"utf8")+"//# sourceURL="+f)}';
const EVAL_LIKE = /\beval\s*\)?\s*\(|\bnew\s+Function\s*\(|(?<![\w$.])Function\s*\(/g;

function shippedScripts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return shippedScripts(full);
    return /\.m?js$/.test(entry.name) ? [full] : [];
  });
}

test('no shipped script can eval (one documented, unreachable occurrence in tfjs-backend-wasm)', () => {
  const files = shippedScripts(DIST);
  expect(files.some((f) => f.includes(`${path.sep}_astro${path.sep}`))).toBe(true);
  const found: string[] = [];
  const allowedIn: string[] = [];
  for (const file of files) {
    const code = readFileSync(file, 'utf8');
    const allowed = code.split(ALLOWED_EVAL).length - 1;
    if (allowed > 0) {
      // Only inside the embedded pthread worker source, once per bundle.
      expect(allowed, path.relative(DIST, file)).toBe(1);
      expect(code.indexOf('wasmWorkerContents=')).toBeGreaterThan(-1);
      expect(code.indexOf('wasmWorkerContents=')).toBeLessThan(code.indexOf(ALLOWED_EVAL));
      expect(code.slice(code.indexOf('wasmWorkerContents='), code.indexOf(ALLOWED_EVAL))).toContain('if(ENVIRONMENT_IS_NODE){');
      allowedIn.push(path.relative(DIST, file));
    }
    for (const m of code.split(ALLOWED_EVAL).join('').matchAll(EVAL_LIKE)) {
      found.push(`${path.relative(DIST, file)}: …${code.slice(Math.max(0, m.index - 60), m.index + 60)}…`);
    }
  }
  expect(found, 'eval / new Function in shipped scripts').toEqual([]);
  // The wasm backend chunk and the four worker bundles (study, attention quality, robustness,
  // lab 2's training), nothing else.
  expect(allowedIn.length, allowedIn.join(', ')).toBe(5);
  expect(allowedIn.every((f) => f.startsWith(`_astro${path.sep}`))).toBe(true);
  for (const worker of ['study-worker', 'quality-worker', 'robustness-worker', 'training-worker'])
    expect(allowedIn.filter((f) => f.includes(worker)).length, worker).toBe(1);
});

test('no HTML sinks in the site source: data only ever becomes text', () => {
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? sources(path.join(dir, e.name))
        : /\.(ts|astro|js|mdx)$/.test(e.name) && !/\.test\.ts$/.test(e.name)
          ? [path.join(dir, e.name)]
          : [],
    );
  const hits: string[] = [];
  for (const file of [...sources(path.join(ROOT, 'src')), ...sources(path.join(ROOT, 'content'))]) {
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(
      /\.(innerHTML|outerHTML|insertAdjacentHTML)\b|document\.write\(|set:html|createContextualFragment|\.html\(/g,
    )) {
      const line = code.slice(0, m.index).split('\n').length;
      const text = code.split('\n')[line - 1].trim();
      if (!text.startsWith('//')) hits.push(`${path.relative(ROOT, file)}:${line}: ${text}`);
    }
  }
  expect(hits).toEqual([]);
});
