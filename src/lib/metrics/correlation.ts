// Correlation of two equally long series: the one formula that agreement.ts (maps),
// sanity.ts and the spread-vs-confidence analysis (per-image numbers) all share.
import { assertFinite } from './validate';

function assertPair(xs: ArrayLike<number>, ys: ArrayLike<number>, where: string): void {
  if (xs.length !== ys.length) throw new RangeError(`${where}: lengths differ (${xs.length} vs ${ys.length})`);
  assertFinite(xs, where);
  assertFinite(ys, where);
}

// Exact test, not "variance < eps": a constant series of e.g. 0.1 has a mean that differs
// from 0.1 by rounding, which would give tiny non-zero deviations and a meaningless r.
function isConstant(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

/**
 * Pearson's r in float64 (two-pass: means first, then centred sums, for accuracy).
 * null when either series is constant (or has fewer than 2 values): r is undefined there, and
 * null keeps NaN out of tables and plots. Throws RangeError on different lengths or non-finite values.
 */
export function pearsonArrays(xs: ArrayLike<number>, ys: ArrayLike<number>): number | null {
  assertPair(xs, ys, 'pearson');
  const n = xs.length;
  if (n < 2 || isConstant(xs) || isConstant(ys)) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i];
    my += ys[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx;
    const dy = ys[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  // Rounding can push |r| a hair past 1; clamp so callers may rely on [-1, 1].
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/**
 * 1-based ranks, ties get the average of the ranks they span (so [5, 7, 7] → [1, 2.5, 2.5]).
 * Sorted values within `tolerance` of the first of their run count as tied.
 */
export function averageRanks(values: ArrayLike<number>, tolerance = 0): Float64Array {
  assertFinite(values, 'averageRanks');
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => values[i] - values[j] || i - j);
  const ranks = new Float64Array(n);
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && values[order[end]] - values[order[start]] <= tolerance) end++;
    const rank = (start + 1 + end) / 2; // mean of ranks start+1 … end
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Spearman's ρ = Pearson's r of the average ranks; null when either series is constant.
 * relTol: values within relTol · (largest magnitude of their series) rank as ties.
 */
export function spearmanArrays(xs: ArrayLike<number>, ys: ArrayLike<number>, relTol = 0): number | null {
  assertPair(xs, ys, 'spearman');
  const scale = (v: ArrayLike<number>) => {
    let m = 0;
    for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
    return relTol * m;
  };
  return pearsonArrays(averageRanks(xs, scale(xs)), averageRanks(ys, scale(ys)));
}
