// Class scores for a batch of images, as plain numbers: logits, softmax probabilities (float64)
// and the predicted class. Also the `ClassScorer` the faithfulness metrics call.
import * as tf from '@tensorflow/tfjs';
import { modelLogits } from '../models/index';
import type { TensorParams } from '../models/params';
import type { ModelName } from '../models/specs';
import { imagesTensor, type PixelImage } from './input';

export interface Prediction {
  logits: number[];
  probabilities: number[];
  predicted: number;
}

export function softmax64(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

export function argMax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

export function predictionFromLogits(logits: readonly number[]): Prediction {
  return { logits: [...logits], probabilities: softmax64(logits), predicted: argMax(logits) };
}

/** Logits of each image, in batches of `batchSize`. */
export function logitsBatch(model: ModelName, params: TensorParams, images: readonly PixelImage[], batchSize = 256): number[][] {
  const out: number[][] = [];
  for (let start = 0; start < images.length; start += batchSize) {
    const chunk = images.slice(start, start + batchSize);
    const data = tf.tidy(() => modelLogits(model, params, imagesTensor(chunk)).dataSync());
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
    logitsBatch(model, params, images).map((l) => softmax64(l)[classIndex]);
}
