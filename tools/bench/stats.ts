// Pure helpers of `npm run bench`: medians, ratios, units, PASS/MISS lines.

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export interface Sample {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function sample(xs: readonly number[]): Sample {
  return { median: median(xs), min: xs.length ? Math.min(...xs) : Number.NaN, max: xs.length ? Math.max(...xs) : Number.NaN, n: xs.length };
}

/** "1.5 KB" with KB = 1024 bytes, as the e2e budget and docs/benchmarks.md count. */
export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** Durations: "0.8 ms", "42 ms", "1.23 s", "77.4 s". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** "14×", "2.5×", "0.31×": how many times `a` is `b`. */
export function ratio(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return 'n/a';
  const r = a / b;
  return `${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toPrecision(2)}×`;
}

/** A median with its spread and count: "123 ms (110–150, n=5)". */
export function spread(s: Sample, fmt: (v: number) => string = duration): string {
  if (s.n === 0) return 'n/a';
  if (s.n === 1) return `${fmt(s.median)} (n=1)`;
  return `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)}, n=${s.n})`;
}

export interface Verdict {
  pass: boolean;
  line: string;
}

/** "PASS  first map, warm cache, WASM: 420 ms (target ≤ 1 s)" (+ why, when missed). */
export function verdict(what: string, value: number, limit: number, fmt: (v: number) => string, why = ''): Verdict {
  const pass = Number.isFinite(value) && value <= limit;
  return { pass, line: `${pass ? 'PASS' : 'MISS'}  ${what}: ${fmt(value)} (target ≤ ${fmt(limit)})${!pass && why ? ` — ${why}` : ''}` };
}
