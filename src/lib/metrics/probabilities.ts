// Small helpers on a classifier's outputs: softmax, confidence (max probability) and top-k.

import { assertFinite } from './validate';

/**
 * Numerically stable softmax in float64: subtracting the max keeps exp() from overflowing
 * (logits of 1000 are fine). −Infinity logits are allowed (probability 0); NaN, +Infinity,
 * or all −Infinity throw RangeError. An empty input gives [].
 */
export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) {
    const v = logits[i];
    if (Number.isNaN(v) || v === Infinity) throw new RangeError(`softmax: logit ${v} at index ${i}`);
    if (v > max) max = v;
  }
  if (logits.length === 0) return [];
  if (max === -Infinity) throw new RangeError('softmax: all logits are −Infinity');
  const out = Array.from({ length: logits.length }, (_, i) => Math.exp(logits[i] - max));
  const sum = out.reduce((s, v) => s + v, 0);
  return out.map((v) => v / sum);
}

/** Confidence = the largest probability (of the predicted class). Throws on empty input. */
export function confidence(probabilities: ArrayLike<number>): number {
  if (probabilities.length === 0) throw new RangeError('confidence: no probabilities');
  assertFinite(probabilities, 'confidence');
  let max = -Infinity;
  for (let i = 0; i < probabilities.length; i++) if (probabilities[i] > max) max = probabilities[i];
  return max;
}

export interface Ranked {
  index: number;
  value: number;
}

/** The k largest values, descending; ties go to the lower index. k larger than the input returns all. */
export function topK(values: ArrayLike<number>, k: number): Ranked[] {
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`topK: k must be a non-negative integer, got ${k}`);
  assertFinite(values, 'topK');
  return Array.from(values, (value, index) => ({ index, value }))
    .sort((a, b) => b.value - a.value || a.index - b.index)
    .slice(0, k);
}
