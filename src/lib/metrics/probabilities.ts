// Small helpers on a classifier's outputs: softmax, confidence (max probability) and top-k.

import { assertFinite } from './validate';

// softmax lives with the predictions it normalises; re-exported here for metric callers.
export { softmax } from '../explain/predict';

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
