// The in-browser measurements of `npm run bench`, driven with Playwright against the built site:
// bytes of JavaScript/WebAssembly actually fetched, time from scroll-in to a widget's first map,
// per-method latency through the comparison widget, and the test-set study button. Nothing is
// added to the site: the timings come from the widgets' own DOM (data-state, status line, table).
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page, Response } from '@playwright/test';
import { BACKEND_LADDER, type BackendName } from '../../src/runtime/backend-choice';

export const BACKENDS = BACKEND_LADDER;
export type { BackendName };

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

// ---------------------------------------------------------------------------------------------
// (a) bytes on the wire

export type ResourceKind = 'js' | 'wasm' | 'data';

export interface ResourceRecord {
  url: string;
  kind: ResourceKind;
  phase: string;
  raw: number;
  gzip: number;
}

export function resourceKind(url: string, resourceType: string, contentType: string): ResourceKind | null {
  const pathname = new URL(url).pathname;
  if (pathname.endsWith('.wasm') || contentType.includes('application/wasm')) return 'wasm';
  if (resourceType === 'script' || /\.m?js$/.test(pathname) || contentType.includes('javascript')) return 'js';
  if (resourceType === 'fetch' || resourceType === 'xhr') return 'data';
  return null; // the document, CSS, fonts, images: not what this benchmark counts
}

/** Records every script, .wasm and fetched data response of a context, tagged with the current phase. */
export class ResourceLog {
  phase = 'before';
  readonly #pending: Array<Promise<ResourceRecord | null>> = [];

  constructor(context: BrowserContext) {
    context.on('response', (response) => this.#pending.push(this.#record(response, this.phase)));
  }

  async #record(response: Response, phase: string): Promise<ResourceRecord | null> {
    const url = response.url();
    if (!url.startsWith('http')) return null;
    const kind = resourceKind(url, response.request().resourceType(), response.headers()['content-type'] ?? '');
    if (kind === null || response.status() !== 200) return null;
    try {
      const body = await response.body();
      return { url, kind, phase, raw: body.length, gzip: kind === 'data' ? 0 : gzipSync(body, { level: 9 }).length };
    } catch {
      const length = Number(response.headers()['content-length'] ?? 0);
      return { url, kind, phase, raw: length, gzip: 0 };
    }
  }

  /** Everything recorded so far, first response per URL. */
  async records(): Promise<ResourceRecord[]> {
    const all = (await Promise.all(this.#pending)).filter((r): r is ResourceRecord => r !== null);
    const seen = new Set<string>();
    return all.filter((r) => !seen.has(r.url) && (seen.add(r.url), true));
  }
}

export interface ByteTotals {
  files: number;
  raw: number;
  gzip: number;
  names: string[];
}

export function totals(records: readonly ResourceRecord[], kind: ResourceKind, phases: readonly string[]): ByteTotals {
  const chosen = records.filter((r) => r.kind === kind && phases.includes(r.phase));
  return {
    files: chosen.length,
    raw: chosen.reduce((s, r) => s + r.raw, 0),
    gzip: chosen.reduce((s, r) => s + r.gzip, 0),
    names: chosen.map((r) => new URL(r.url).pathname.split('/').pop() ?? r.url),
  };
}

// ---------------------------------------------------------------------------------------------
// helpers on a page

/** Load, network idle, then an idle event loop (no queued work left that could skew a timing). */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2000 })));
}

/** The backend a widget's badge reports (the ladder may have fallen back from a forced one). */
export async function badgeBackend(page: Page, selector: string): Promise<string | null> {
  return page
    .locator(`${selector} .backend-badge`)
    .first()
    .getAttribute('data-backend', { timeout: 5_000 })
    .catch(() => null);
}

/** Scrolls to every widget in turn and waits until it is ready (or reports an error). */
export async function startAllWidgets(page: Page, timeoutMs: number): Promise<Record<string, string>> {
  const hosts = page.locator('.widget-host');
  const states: Record<string, string> = {};
  for (let i = 0; i < (await hosts.count()); i++) {
    const host = hosts.nth(i);
    await host.scrollIntoViewIfNeeded();
    const tag = await host.evaluate((el) => el.tagName.toLowerCase());
    const deadline = Date.now() + timeoutMs;
    let state = '';
    while (Date.now() < deadline) {
      state = (await host.getAttribute('data-state')) ?? '';
      if (state === 'ready' || state === 'error') break;
      await page.waitForTimeout(100);
    }
    states[tag] = state || 'not started';
  }
  return states;
}

// ---------------------------------------------------------------------------------------------
// (b) scroll-in → first map

export interface FirstMap {
  /** scrollIntoView → data-state="ready" (first map drawn) */
  ms: number;
  /** scrollIntoView → data-state="loading" (the start margin reached; the widget's import begins) */
  startMs: number;
  backend: string | null;
  /** the badge's explanation: why this backend (e.g. the forced one failed its self-test) */
  why: string | null;
}

/**
 * performance.now() just before scrollIntoView, then the time the widget's data-state becomes
 * "ready" (the widgets set it right after their first draw). Fails if the widget had already
 * started (it must be more than the 600 px start margin below the viewport) or reports an error.
 */
export async function firstMap(page: Page, selector: string, timeoutMs: number): Promise<FirstMap> {
  const { ms, startMs } = await page.evaluate(
    ({ selector, timeoutMs }) =>
      new Promise<{ ms: number; startMs: number }>((resolve, reject) => {
        const el = document.querySelector<HTMLElement>(selector);
        if (!el) return reject(new Error(`${selector} is not on the page`));
        const before = el.getAttribute('data-state');
        if (before !== null)
          return reject(new Error(`${selector} had already started (data-state=${before}) before it was scrolled into view`));
        const timer = setTimeout(
          () =>
            reject(
              new Error(`${selector} not ready ${timeoutMs / 1000} s after scrolling in (data-state=${el.getAttribute('data-state')})`),
            ),
          timeoutMs,
        );
        const t0 = performance.now();
        let started = Number.NaN;
        const observer = new MutationObserver(() => {
          const state = el.getAttribute('data-state');
          if (state === 'loading' && Number.isNaN(started)) started = performance.now() - t0;
          if (state === 'ready') {
            const t1 = performance.now();
            observer.disconnect();
            clearTimeout(timer);
            resolve({ ms: t1 - t0, startMs: started });
          } else if (state === 'error') {
            observer.disconnect();
            clearTimeout(timer);
            reject(new Error(`${selector} failed: ${el.querySelector('.widget-error')?.textContent ?? 'no message'}`));
          }
        });
        observer.observe(el, { attributes: true, attributeFilter: ['data-state'] });
        el.scrollIntoView({ block: 'center', behavior: 'instant' });
      }),
    { selector, timeoutMs },
  );
  // "ready" with an error shown would not be a first map.
  const error = await page.evaluate((selector) => {
    const el = document.querySelector(selector);
    const shown = [...(el?.querySelectorAll<HTMLElement>('.widget-error') ?? [])].find((e) => !e.hidden && e.textContent);
    const canvases = el?.querySelectorAll('canvas').length ?? 0;
    return shown ? shown.textContent : canvases === 0 ? 'no canvas drawn' : null;
  }, selector);
  if (error) throw new Error(`${selector} became ready without a map: ${error}`);
  const why = await page
    .locator(`${selector} .backend-badge`)
    .first()
    .getAttribute('title', { timeout: 5_000 })
    .catch(() => null);
  return { ms, startMs, backend: await badgeBackend(page, selector), why };
}

export interface CacheUse {
  /** answered by the site's service worker */
  serviceWorker: number;
  /** script/wasm/data resources served from the HTTP cache without any network request */
  cached: number;
  /** revalidated with the server: a 304, headers only */
  revalidated: number;
  downloaded: number;
  /** file names of the downloaded ones */
  downloadedNames: string[];
}

/**
 * How the page's subresources were served, from the Resource Timing entries (same origin, so
 * sizes are visible). Chromium reports transferSize = 0 for a cache hit, 300 (a fixed stand-in
 * for the headers) for a 304 revalidation, and body + 300 for a download.
 */
export async function cacheUse(page: Page): Promise<CacheUse> {
  return page.evaluate(() => {
    const use = { serviceWorker: 0, cached: 0, revalidated: 0, downloaded: 0, downloadedNames: [] as string[] };
    const controlled = Boolean(navigator.serviceWorker?.controller);
    for (const entry of performance.getEntriesByType('resource') as Array<PerformanceResourceTiming & { responseStatus?: number }>) {
      if (!/\.(m?js|wasm|safetensors|json|bin)(\?|$)/.test(new URL(entry.name).pathname)) continue;
      if (controlled && entry.workerStart > 0) use.serviceWorker++;
      else if (entry.transferSize === 0) use.cached++;
      else if (entry.responseStatus === 304 || entry.transferSize < entry.encodedBodySize + 300) use.revalidated++;
      else {
        use.downloaded++;
        use.downloadedNames.push(new URL(entry.name).pathname.split('/').pop() ?? entry.name);
      }
    }
    return use;
  });
}

/** Waits until the site's service worker is active (its install event precaches every file). */
export async function serviceWorkerReady(page: Page, timeoutMs: number): Promise<boolean> {
  return page.evaluate(
    (timeoutMs) =>
      Promise.race([
        navigator.serviceWorker ? navigator.serviceWorker.ready.then(() => true) : Promise.resolve(false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs)),
      ]),
    timeoutMs,
  );
}

/** URL path and body size of every response in the page's Cache Storage (the service worker's precache). */
export async function cachedResponses(page: Page): Promise<Array<{ path: string; bytes: number }>> {
  return page.evaluate(async () => {
    const out: Array<{ path: string; bytes: number }> = [];
    for (const key of await caches.keys()) {
      const cache = await caches.open(key);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        if (response) out.push({ path: new URL(request.url).pathname, bytes: (await response.arrayBuffer()).byteLength });
      }
    }
    return out;
  });
}

// ---------------------------------------------------------------------------------------------
// (c) one recomputation of the comparison widget

export interface MethodTiming {
  /** change event → the widget showing the result (data-showing written after the redraw); REDRAW: the synchronous redraw */
  totalMs: number;
}

/**
 * Picks `method` in the comparison widget's "Another method" select (on `model`, `layer`) and
 * times the change event → the widget showing the result: it computes attention+CAM, the
 * prediction and Grad-CAM, then the picked method, redraws, and writes data-showing (a
 * MutationObserver stops the clock). Method "REDRAW" switches the colormap instead, which only
 * redraws the last maps, synchronously.
 */
export async function timeComparison(page: Page, method: string, model: string, layer: string): Promise<MethodTiming> {
  const result = await page.evaluate(
    async ({ method, model, layer }) => {
      // tsx (esbuild keepNames) wraps named helpers in __name(), which the page lacks.
      (globalThis as { __name?: unknown }).__name ??= (f: unknown) => f;
      const host = document.querySelector<HTMLElement>('method-comparison');
      if (!host) throw new Error('no method-comparison widget on the page');
      const [picker, network, target, colormap] = ['Another method', 'on network', 'at layer', 'Colormap'].map((text) => {
        const label = [...host.querySelectorAll('label')].find((l) => l.textContent === text);
        const el = label ? document.getElementById(label.htmlFor) : null;
        if (!(el instanceof HTMLSelectElement)) throw new Error(`the comparison widget has no "${text}" select`);
        return el;
      });
      network.value = model;
      target.value = layer;
      // Start from an idle event loop: queued work of other widgets (plots, the study's gallery)
      // must not land in the timed span.
      await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2000 }));
      // REDRAW: a display-only choice (the colormap) redraws the last maps without computing.
      const select = method === 'REDRAW' ? colormap : picker;
      const value = method === 'REDRAW' ? [...colormap.options].map((o) => o.value).find((v) => v !== colormap.value)! : method;
      if (![...select.options].some((o) => o.value === value)) throw new Error(`"${value}" is not a choice of the select`);
      const shown = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`${method}: the widget showed nothing within 120 s`));
        }, 120_000);
        const observer = new MutationObserver(() => {
          const t = performance.now();
          observer.disconnect();
          clearTimeout(timer);
          resolve(t);
        });
        observer.observe(host, { attributes: true, attributeFilter: ['data-showing'] });
      });
      const t0 = performance.now();
      select.value = value;
      select.dispatchEvent(new Event('change'));
      const t1 = performance.now();
      const end = method === 'REDRAW' ? t1 : await shown;
      const rows = host.querySelector('table.agreement tbody')?.querySelectorAll('tr').length ?? 0;
      const error = [...host.querySelectorAll<HTMLElement>('.widget-error')].find((e) => !e.hidden && e.textContent)?.textContent ?? null;
      const status = host.querySelector('.widget-status')?.textContent ?? '';
      const showing = JSON.parse(host.getAttribute('data-showing') ?? '{}') as { method?: string };
      return { totalMs: end - t0, rows, error, status, showing: showing.method ?? null };
    },
    { method, model, layer },
  );
  if (result.error) throw new Error(`${method} on ${model}: ${result.error}`);
  const expectedRows = method === 'none' ? [3] : method === 'REDRAW' ? [3, 6] : [6];
  if (!expectedRows.includes(result.rows) || result.status !== '' || (method !== 'REDRAW' && result.showing !== method)) {
    throw new Error(
      `${method} on ${model}: the widget had not finished when timed (${result.rows} table rows, status "${result.status}", showing ${result.showing})`,
    );
  }
  return { totalMs: result.totalMs };
}

// ---------------------------------------------------------------------------------------------
// (f) the attack widget

/**
 * In the attack widget (lab 3): sets the network, the attack and PGD's steps (untimed, waiting
 * for that attack to be shown), then moves the ε slider to `eps` and times the `input` event →
 * the widget showing the attack at that ε (its data-showing updated: the attack, the report, the
 * maps and the redraw). A MutationObserver callback stops the clock, so the figure includes
 * everything the widget does before the reader sees the new ε.
 */
export async function timeAttack(page: Page, setup: { model: string; method: string; steps: string }, eps: number): Promise<number> {
  const result = await page.evaluate(
    async ({ setup, eps }) => {
      // tsx (esbuild keepNames) wraps the named helpers below in __name(), which the page lacks.
      (globalThis as { __name?: unknown }).__name ??= (f: unknown) => f;
      const host = document.querySelector<HTMLElement>('adversarial-attack');
      if (!host) throw new Error('no adversarial-attack widget on the page');
      const control = (text: string) => {
        const label = [...host.querySelectorAll('label')].find((l) => l.textContent === text);
        const el = label ? document.getElementById(label.htmlFor) : null;
        if (!(el instanceof HTMLSelectElement || el instanceof HTMLInputElement))
          throw new Error(`the attack widget has no "${text}" control`);
        return el;
      };
      const shows = (want: Record<string, unknown>) => {
        const showing = JSON.parse(host.getAttribute('data-showing') ?? '{}') as Record<string, unknown>;
        return Object.entries(want).every(([k, v]) => showing[k] === v);
      };
      const until = (want: Record<string, unknown>, timeoutMs: number) =>
        new Promise<number>((resolve, reject) => {
          if (shows(want)) return resolve(performance.now());
          const timer = setTimeout(() => {
            observer.disconnect();
            reject(new Error(`the widget did not show ${JSON.stringify(want)} within ${timeoutMs} ms`));
          }, timeoutMs);
          const observer = new MutationObserver(() => {
            if (!shows(want)) return;
            const t = performance.now();
            observer.disconnect();
            clearTimeout(timer);
            resolve(t);
          });
          observer.observe(host, { attributes: true, attributeFilter: ['data-showing'] });
        });
      const slider = control('Budget ε (L∞, pixels in 0–1)') as HTMLInputElement;
      const settled = { model: setup.model, method: setup.method, eps: Number(slider.value) };
      for (const [text, value] of [
        ['Network to attack', setup.model],
        ['Attack', setup.method],
        ['PGD steps', setup.steps],
      ] as const) {
        const select = control(text) as HTMLSelectElement;
        if (select.value === value) continue;
        select.value = value;
        select.dispatchEvent(new Event('change'));
      }
      await until(settled, 120_000);
      await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2000 }));
      const t0 = performance.now();
      slider.value = String(eps);
      slider.dispatchEvent(new Event('input'));
      const t1 = await until({ ...settled, eps: Number(slider.value) }, 120_000);
      const error = [...host.querySelectorAll<HTMLElement>('.widget-error')].find((e) => !e.hidden && e.textContent)?.textContent ?? null;
      return { ms: t1 - t0, error };
    },
    { setup, eps },
  );
  if (result.error) throw new Error(`${setup.method} on ${setup.model}: ${result.error}`);
  return result.ms;
}

// ---------------------------------------------------------------------------------------------
// (d) the study button

export interface WorkerTrace {
  name: string;
  /** ms after the click: worker created, first part posted, done */
  created: number;
  firstPart: number | null;
  done: number | null;
  parts: number;
  /** the worker's own compute time (its "done" message), from backend ready to the last part */
  computeS: number | null;
}

export interface BrowserStudy {
  /** the widget's own figure ("Study finished in N s.": runStudy, after the test set is loaded) */
  reportedS: number;
  /** click → that status line */
  clickToDoneS: number;
  where: string;
  workers: WorkerTrace[];
}

/** Wraps window.Worker in the page (benchmark-side instrumentation) to time the study's workers. */
export const WORKER_TRACE_SCRIPT = `(() => {
  const Native = window.Worker;
  if (!Native || window.__benchWorkers) return;
  window.__benchWorkers = [];
  window.Worker = class extends Native {
    constructor(url, options) {
      super(url, options);
      const trace = { name: (options && options.name) || String(url), created: performance.now(), firstPart: null, done: null, parts: 0, computeS: null };
      window.__benchWorkers.push(trace);
      this.addEventListener('message', (event) => {
        const m = event.data || {};
        const t = performance.now();
        if (m.type === 'part') { trace.parts++; if (trace.firstPart === null) trace.firstPart = t; }
        else if (m.type === 'done') { trace.done = t; if (typeof m.seconds === 'number') trace.computeS = m.seconds; }
      });
    }
  };
})();`;

export async function runBrowserStudy(page: Page, timeoutMs: number): Promise<BrowserStudy> {
  const host = page.locator('test-set-study');
  await host.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.querySelector('test-set-study')?.getAttribute('data-state') === 'ready', undefined, {
    timeout: 120_000,
  });
  const button = host.getByRole('button', { name: 'Recompute in this browser' });
  await button.waitFor({ state: 'visible' });
  await page.waitForFunction(() => {
    const b = [...document.querySelectorAll('test-set-study button')].find((x) => x.textContent === 'Recompute in this browser') as
      HTMLButtonElement | undefined;
    return b !== undefined && !b.disabled;
  });
  const t0 = await page.evaluate(() => {
    (window as unknown as { __benchWorkers?: unknown[] }).__benchWorkers?.splice(0);
    return performance.now();
  });
  await button.click();
  const status = host.locator('.widget-status');
  const deadline = Date.now() + timeoutMs;
  let text = '';
  let doneAt = 0;
  while (Date.now() < deadline) {
    const probe = await page.evaluate(() => ({
      text: document.querySelector('test-set-study .widget-status')?.textContent ?? '',
      now: performance.now(),
      error:
        [...document.querySelectorAll<HTMLElement>('test-set-study .widget-error')].find((e) => !e.hidden && e.textContent)?.textContent ??
        null,
    }));
    if (probe.error) throw new Error(`the study failed: ${probe.error}`);
    text = probe.text;
    if (/Study finished in/.test(text)) {
      doneAt = probe.now;
      break;
    }
    await page.waitForTimeout(50);
  }
  if (!doneAt) throw new Error(`the study did not finish within ${timeoutMs / 1000} s (status: "${text || (await status.textContent())}")`);
  const reported = Number(/Study finished in ([\d.]+) s/.exec(text)?.[1]);
  const source = (await host.locator('.study-source').textContent()) ?? '';
  const where = /on (.+?) in [\d.]+ s/.exec(source)?.[1] ?? 'unknown';
  const workers = await page.evaluate((t0) => {
    const traces = ((window as unknown as { __benchWorkers?: WorkerTrace[] }).__benchWorkers ?? []).map((w) => ({
      ...w,
      created: w.created - t0,
      firstPart: w.firstPart === null ? null : w.firstPart - t0,
      done: w.done === null ? null : w.done - t0,
    }));
    return traces;
  }, t0);
  return { reportedS: reported, clickToDoneS: (doneAt - t0) / 1000, where, workers };
}

// ---------------------------------------------------------------------------------------------

/**
 * A fresh context (its own empty HTTP cache). The site's service worker is blocked unless asked
 * for: it precaches ~16 MB after `load` and then answers from its own cache, which is not the
 * HTTP cache these measurements are about (the e2e suite blocks it too).
 */
export async function newContext(
  browser: Browser,
  options: { traceWorkers?: boolean; serviceWorker?: boolean } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 720 },
    serviceWorkers: options.serviceWorker ? 'allow' : 'block',
  });
  if (options.traceWorkers) await context.addInitScript(WORKER_TRACE_SCRIPT);
  return context;
}

/** Collects console errors and uncaught exceptions, to report with a failure. */
export function problems(page: Page): string[] {
  const list: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') list.push(m.text().slice(0, 300));
  });
  page.on('pageerror', (e) => list.push(`${e.name}: ${e.message}`.slice(0, 300)));
  return list;
}
