// Class scores for a batch of images, as plain numbers: logits, softmax probabilities (float64)
// and the predicted class. Also the `ClassScorer` the faithfulness metrics call.
import { tidyRead } from '../tidy-read';
import { modelLogits } from '../models/index';
import type { TensorParams } from '../models/params';
import type { ModelName } from '../models/specs';
import { imagesTensor, type PixelImage } from './input';

export interface Prediction {
  logits: number[];
  probabilities: number[];
  predicted: number;
}

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

export function argMax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

export function predictionFromLogits(logits: readonly number[]): Prediction {
  return { logits: [...logits], probabilities: softmax(logits), predicted: argMax(logits) };
}

/** Logits of each image, in batches of `batchSize`. */
export function logitsBatch(model: ModelName, params: TensorParams, images: readonly PixelImage[], batchSize = 256): number[][] {
  const out: number[][] = [];
  for (let start = 0; start < images.length; start += batchSize) {
    const chunk = images.slice(start, start + batchSize);
    const data = tidyRead(() => modelLogits(model, params, imagesTensor(chunk)).dataSync());
    for (let i = 0; i < chunk.length; i++) out.push(Array.from(data.subarray(i * 10, i * 10 + 10)));
  }
  return out;
}

export function predictBatch(model: ModelName, params: TensorParams, images: readonly PixelImage[]): Prediction[] {
  return logitsBatch(model, params, images).map(predictionFromLogits);
}

/** Probability of `classIndex` for each image — the scorer deletion/insertion curves need. */
export function classProbabilityScorer(model: ModelName, params: TensorParams) {
  return (images: Float32Array[], classIndex: number): number[] =>
    logitsBatch(model, params, images).map((l) => softmax(l)[classIndex]);
}
