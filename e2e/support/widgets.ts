// Helpers for the widget specs: start every widget on a page, read a widget's exported JSON, get
// the `explain` CLI's JSON for the same input, and compare the two number by number.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { ROOT } from './site';

/** Scrolls to each widget in turn and waits until every one has drawn (or reported an error). */
export async function renderWidgets(page: Page, timeout = 120_000): Promise<void> {
  const hosts = page.locator('.widget-host');
  const count = await hosts.count();
  for (let i = 0; i < count; i++) {
    const host = hosts.nth(i);
    await host.scrollIntoViewIfNeeded();
    await expect(host).toHaveAttribute('data-state', /^(ready|error)$/, { timeout });
  }
}

/** Clicks a widget's "Export JSON" and returns the parsed download. */
export async function exportedJson(page: Page, widget: Locator): Promise<Record<string, unknown>> {
  const download = page.waitForEvent('download');
  await widget.getByRole('button', { name: 'Export JSON' }).click();
  const file = await (await download).path();
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** Scrolls to the widget `selector` (which starts it) and waits until it has drawn. */
export async function readyWidget(page: Page, selector: string, timeout = 120_000): Promise<Locator> {
  const widget = page.locator(selector);
  await widget.scrollIntoViewIfNeeded();
  await expect(widget).toHaveAttribute('data-state', 'ready', { timeout });
  return widget;
}

const cliCache = new Map<string, Record<string, unknown>>();

/** `npm run explain -- <input> --json [...args]` (or another CLI: `attack`), run once per worker and input. */
export function cliReport(input: string, args: string[] = [], tool: 'explain' | 'attack' = 'explain'): Record<string, unknown> {
  const key = [tool, input, ...args].join(' ');
  let report = cliCache.get(key);
  if (!report) {
    const out = execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [`tools/${tool}.ts`, input, '--json', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    report = JSON.parse(out) as Record<string, unknown>;
    cliCache.set(key, report);
  }
  return report;
}

function maxAbs(value: unknown): number {
  if (typeof value === 'number') return Math.abs(value);
  if (Array.isArray(value)) return value.reduce((m: number, v) => Math.max(m, maxAbs(v)), 0);
  if (value && typeof value === 'object') return Object.values(value).reduce((m: number, v) => Math.max(m, maxAbs(v)), 0);
  return 0;
}

/**
 * Every number of `actual` within `relTol` of `expected`, relative to the magnitude of the array
 * it sits in (a map, a row of logits) — so near-zero cells of a map are judged against the map's
 * scale, not against themselves. Strings, booleans, nulls and keys must match exactly. Returns
 * the mismatches (empty when equal).
 */
export function compareReports(actual: unknown, expected: unknown, relTol = 1e-4, where = '$', scale = 1e-6): string[] {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return [`${where}: ${JSON.stringify(actual)} is not a number (expected ${expected})`];
    const tol = relTol * Math.max(Math.abs(expected), scale);
    return Math.abs(actual - expected) <= tol
      ? []
      : [`${where}: ${actual} vs ${expected} (|Δ| ${Math.abs(actual - expected).toExponential(2)} > ${tol.toExponential(2)})`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      return [`${where}: array of ${Array.isArray(actual) ? actual.length : typeof actual} vs ${expected.length}`];
    const s = Math.max(scale, maxAbs(expected));
    return expected.flatMap((e, i) => compareReports(actual[i], e, relTol, `${where}[${i}]`, s));
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return [`${where}: not an object`];
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    // Widget exports add what the CLI has no notion of: display settings and the weights used.
    const widgetOnly = where === '$' ? ['display', 'weightsUsed'] : [];
    const keys = [...new Set([...Object.keys(a), ...Object.keys(e)])].filter((k) => !(widgetOnly.includes(k) && !(k in e)));
    return keys.flatMap((k) =>
      k in a && k in e
        ? compareReports(a[k], e[k], relTol, `${where}.${k}`, scale)
        : [`${where}.${k}: only in ${k in a ? 'the widget' : 'the CLI'}`],
    );
  }
  return actual === expected ? [] : [`${where}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`];
}
