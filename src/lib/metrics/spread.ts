// How spread out a non-negative map (the attention map, values in (0, 1)) is.
// Entropy-based effective area reads as "how many cells the map really uses":
// N for a uniform map, 1 for a one-hot map.
import type { Heatmap } from '../contract/heatmap';
import { assertMap } from './validate';

export interface AttentionSpread {
  /** Population standard deviation of the values (divides by N). */
  std: number;
  /** Shannon entropy in nats of p = v / Σv (0 · ln 0 = 0); null for an all-zero map. */
  entropy: number | null;
  /** exp(entropy), in cells (perplexity); null for an all-zero map. */
  effectiveArea: number | null;
  /** effectiveArea / N, in (0, 1]; null for an all-zero map. */
  effectiveAreaFraction: number | null;
}

/**
 * Spread of a map of non-negative values (negative → RangeError). An all-zero map has no
 * distribution to measure, so entropy/effectiveArea/effectiveAreaFraction are null there
 * (rather than silently treating it as uniform); std is 0.
 */
export function attentionSpread(map: Heatmap): AttentionSpread {
  assertMap(map, 'attentionSpread');
  const v = map.data;
  const n = v.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (v[i] < 0) throw new RangeError(`attentionSpread: negative value ${v[i]} at index ${i}`);
    sum += v[i];
  }
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (v[i] - mean) ** 2;
  const std = Math.sqrt(ss / n);
  if (sum === 0) return { std, entropy: null, effectiveArea: null, effectiveAreaFraction: null };
  let entropy = 0;
  for (let i = 0; i < n; i++) {
    if (v[i] > 0) {
      const p = v[i] / sum;
      entropy -= p * Math.log(p);
    }
  }
  entropy = Math.max(0, entropy); // rounding can give −1e-17 for a one-hot map
  // Clamp to [1, N] (its exact range) so a uniform map's fraction is never 1.0000000000000002.
  const effectiveArea = Math.min(n, Math.max(1, Math.exp(entropy)));
  return { std, entropy, effectiveArea, effectiveAreaFraction: effectiveArea / n };
}
