// Pixel-level attributions from gradients with respect to the (normalised) input image:
//   saliency (Simonyan et al. 2014):   |∂score/∂x|
//   SmoothGrad (Smilkov et al. 2017):  mean of |∂score/∂x| over noisy copies x + N(0, σ²)
//   Integrated Gradients (Sundararajan et al. 2017):
//     IG_i = (x_i − x'_i) · ∫₀¹ ∂score/∂x_i (x' + t(x − x')) dt, baseline x' = a black image.
//   IG is "complete": Σ_i IG_i = score(x) − score(x'); the residual of our trapezoid rule is
//   reported so learners can see how many steps the integral needs.
import * as tf from '@tensorflow/tfjs-core';
import { IMAGE_SIZE, NUM_CLASSES, PIXELS_PER_IMAGE } from '../contract/constants';
import { normalizePixels } from '../data/preprocess';
import type { TensorParams } from '../models/model-definition';
import { getModel, type ModelId } from '../models/registry';
import { readTensors } from '../tensor-read';
import { gaussian, createRng } from '../rng';
import { heatmap, type Heatmap } from '../contract/heatmap';
import { checkImage, type PixelImage } from '../models/input';
import { scoreWeights, type ScoreTarget } from './score-target';

const PIXELS = PIXELS_PER_IMAGE;

/** Gradients of the target score for a batch of already-normalised inputs (each 784 values). */
export async function inputGradients(
  model: ModelId,
  params: TensorParams,
  normalized: readonly Float32Array[],
  target: ScoreTarget,
  batchSize = 64,
): Promise<{ gradients: Float32Array[]; scores: number[] }> {
  const definition = getModel(model);
  const weights = scoreWeights(target);
  const gradients: Float32Array[] = [];
  const scores: number[] = [];
  for (let start = 0; start < normalized.length; start += batchSize) {
    const chunk = normalized.slice(start, start + batchSize);
    const n = chunk.length;
    const flat = new Float32Array(n * PIXELS);
    chunk.forEach((x, i) => flat.set(x, i * PIXELS));
    const [g, s] = await readTensors(() => {
      const x = tf.tensor4d(flat, [n, IMAGE_SIZE, IMAGE_SIZE, 1]);
      const w = tf.tensor2d(Array.from({ length: n }, () => weights).flat(), [n, NUM_CLASSES]);
      const score = (input: tf.Tensor4D) => tf.sum(tf.mul(definition.logits(params, input), w), 1);
      const grad = tf.grad((input: tf.Tensor) => tf.sum(score(input as tf.Tensor4D)))(x);
      return [grad, score(x)];
    });
    for (let i = 0; i < n; i++) {
      gradients.push(Float32Array.from(g.subarray(i * PIXELS, (i + 1) * PIXELS)));
      scores.push(s[i]);
    }
  }
  return { gradients, scores };
}

export async function saliency(model: ModelId, params: TensorParams, image: PixelImage, target: ScoreTarget): Promise<Heatmap> {
  checkImage(image);
  const { gradients } = await inputGradients(model, params, [normalizePixels(image, undefined, getModel(model).normalization)], target);
  return heatmap(28, 28, gradients[0].map(Math.abs));
}

export interface SmoothGradOptions {
  samples?: number;
  /** Noise level as a fraction of the input's value range (0.15 in the paper's sweet spot). */
  noiseFraction?: number;
  seed?: number;
}

export async function smoothGrad(
  model: ModelId,
  params: TensorParams,
  image: PixelImage,
  target: ScoreTarget,
  options: SmoothGradOptions = {},
): Promise<Heatmap> {
  checkImage(image);
  const samples = options.samples ?? 25;
  const x = normalizePixels(image, undefined, getModel(model).normalization);
  let min = Infinity;
  let max = -Infinity;
  for (const v of x) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const sigma = (options.noiseFraction ?? 0.15) * (max - min);
  const rng = createRng(options.seed ?? 0);
  const noisy = Array.from({ length: samples }, () => x.map((v) => v + sigma * gaussian(rng)));
  const { gradients } = await inputGradients(model, params, noisy, target);
  const mean = new Float64Array(PIXELS);
  for (const g of gradients) for (let i = 0; i < PIXELS; i++) mean[i] += Math.abs(g[i]) / samples;
  return heatmap(28, 28, mean);
}

export interface IntegratedGradientsResult {
  /** Signed attribution per pixel (sums to ≈ score(x) − score(baseline)). */
  map: Heatmap;
  steps: number;
  scoreInput: number;
  scoreBaseline: number;
  attributionSum: number;
  /** |Σ IG − (score(x) − score(x'))| */
  completenessError: number;
  /** completenessError / |score(x) − score(x')| (null when the two scores are equal) */
  relativeCompletenessError: number | null;
}

export async function integratedGradients(
  model: ModelId,
  params: TensorParams,
  image: PixelImage,
  target: ScoreTarget,
  options: { steps?: number; baseline?: PixelImage } = {},
): Promise<IntegratedGradientsResult> {
  checkImage(image);
  const steps = options.steps ?? 64;
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`integrated gradients: steps must be a positive integer, got ${steps}`);
  const x = normalizePixels(image, undefined, getModel(model).normalization);
  const baseline = normalizePixels(options.baseline ?? new Float32Array(PIXELS), undefined, getModel(model).normalization);
  const path = Array.from({ length: steps + 1 }, (_, s) => x.map((v, i) => baseline[i] + (s / steps) * (v - baseline[i])));
  const { gradients, scores } = await inputGradients(model, params, path, target);
  const avg = new Float64Array(PIXELS);
  gradients.forEach((g, s) => {
    const w = s === 0 || s === steps ? 0.5 / steps : 1 / steps; // trapezoid rule
    for (let i = 0; i < PIXELS; i++) avg[i] += w * g[i];
  });
  const attribution = avg.map((g, i) => (x[i] - baseline[i]) * g);
  const attributionSum = attribution.reduce((a, b) => a + b, 0);
  const delta = scores[steps] - scores[0];
  const completenessError = Math.abs(attributionSum - delta);
  return {
    map: heatmap(28, 28, attribution),
    steps,
    scoreInput: scores[steps],
    scoreBaseline: scores[0],
    attributionSum,
    completenessError,
    relativeCompletenessError: delta !== 0 ? completenessError / Math.abs(delta) : null,
  };
}
