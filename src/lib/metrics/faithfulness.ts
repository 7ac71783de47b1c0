// Faithfulness: does the model's score actually depend on the pixels the explanation ranks high?
// - Deletion / insertion curves and their AUC (Petsiuk, Das & Saenko, RISE, BMVC 2018).
// - Average drop / increase in confidence (Chattopadhyay et al., Grad-CAM++, WACV 2018).
// The model is passed in as a function so that this module stays free of tfjs and runs anywhere.
import type { Heatmap } from '../contract/heatmap';
import { gaussianBlur } from './blur';
import { assertFinite, assertImage, assertInputMap, MNIST_PIXELS } from './validate';

/**
 * Scores a batch of images for one class: each image is 784 gray values in 0..255 (float,
 * row-major 28×28, white digit on black); returns that class's probability for each image,
 * in the same order. Called with whole batches so a tfjs scorer can run them as one tensor.
 */
export type ClassScorer = (images: Float32Array[], classIndex: number) => number[] | Promise<number[]>;

/**
 * What replaces deleted pixels (deletion) or what the image is rebuilt from (insertion):
 * 'background' = all zeros (black, MNIST's background); 'blur' = the image blurred with a
 * Gaussian of σ = blurSigma (default 2 px, edges clamped); or an explicit 784-value image.
 */
export type CurveBaseline = 'background' | 'blur' | ArrayLike<number>;

export interface CurveOptions {
  /** Default: 'background' for deletion, 'blur' for insertion (the choices of Petsiuk et al.). */
  baseline?: CurveBaseline;
  /** Pixels changed per step (default 28 = one image row's worth, so 28 steps). */
  step?: number;
  /** σ in pixels of the 'blur' baseline (default 2). */
  blurSigma?: number;
}

export interface Curve {
  /** Fraction of pixels deleted/inserted at each step: 0 … 1 inclusive (ceil(784/step) + 1 points). */
  fractions: number[];
  /** The scorer's output for the class at each step. */
  scores: number[];
  /** Trapezoid area under scores over fractions: in [0, 1] when scores are probabilities. */
  auc: number;
}

/** Trapezoid rule; exact for piecewise-linear curves. */
export function trapezoidAuc(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length) throw new RangeError(`trapezoidAuc: ${xs.length} x vs ${ys.length} y`);
  let area = 0;
  for (let i = 1; i < xs.length; i++) area += ((xs[i] - xs[i - 1]) * (ys[i] + ys[i - 1])) / 2;
  return area;
}

/** Pixel indices by saliency, highest first; ties keep the lower pixel index first (stable, deterministic). */
export function saliencyOrder(saliency: Heatmap): number[] {
  assertInputMap(saliency, 'saliencyOrder');
  const s = saliency.data;
  return Array.from({ length: s.length }, (_, i) => i).sort((i, j) => s[j] - s[i] || i - j);
}

function resolveBaseline(image: ArrayLike<number>, baseline: CurveBaseline, blurSigma: number): Float64Array {
  if (baseline === 'background') return new Float64Array(MNIST_PIXELS);
  if (baseline === 'blur') return gaussianBlur(image, blurSigma);
  if (typeof baseline === 'string') throw new RangeError(`curve: unknown baseline '${baseline}'`);
  assertImage(baseline, 'curve baseline');
  return Float64Array.from(baseline);
}

function checkClass(classIndex: number, where: string): void {
  if (!Number.isInteger(classIndex) || classIndex < 0) throw new RangeError(`${where}: bad classIndex ${classIndex}`);
}

async function score(scorer: ClassScorer, images: Float32Array[], classIndex: number, where: string): Promise<number[]> {
  const scores = await scorer(images, classIndex);
  if (scores.length !== images.length) {
    throw new RangeError(`${where}: scorer returned ${scores.length} scores for ${images.length} images`);
  }
  assertFinite(scores, `${where} scores`);
  return Array.from(scores, Number);
}

async function curve(
  kind: 'deletion' | 'insertion',
  image: ArrayLike<number>,
  saliency: Heatmap,
  classIndex: number,
  scorer: ClassScorer,
  options: CurveOptions,
): Promise<Curve> {
  const where = `${kind}Curve`;
  const { baseline = kind === 'deletion' ? 'background' : 'blur', step = 28, blurSigma = 2 } = options;
  assertImage(image, where);
  assertInputMap(saliency, where);
  checkClass(classIndex, where);
  if (!Number.isInteger(step) || step < 1) throw new RangeError(`${where}: step must be a positive integer, got ${step}`);
  const base = resolveBaseline(image, baseline, blurSigma);
  const order = saliencyOrder(saliency);
  // Deletion moves from the image to the baseline, insertion from the baseline to the image:
  // the same walk along the saliency order, with start and target swapped.
  const [start, target] = kind === 'deletion' ? [image, base] : [base, image];
  const current = Float32Array.from(start);
  const images = [current.slice()];
  const fractions = [0];
  const steps = Math.ceil(MNIST_PIXELS / step);
  for (let s = 1; s <= steps; s++) {
    const end = Math.min(s * step, MNIST_PIXELS); // the last step may be partial
    for (let k = (s - 1) * step; k < end; k++) current[order[k]] = target[order[k]];
    images.push(current.slice());
    fractions.push(end / MNIST_PIXELS);
  }
  const scores = await score(scorer, images, classIndex, where);
  return { fractions, scores, auc: trapezoidAuc(fractions, scores) };
}

/**
 * Deletion curve: remove pixels from most to least salient (replace them by the baseline's
 * pixels) and watch the class score fall; a lower AUC = a more faithful explanation.
 * `image`: 784 gray values 0..255; `saliency`: 28×28 (upsample 7×7 maps first).
 * All ceil(784/step)+1 images go to the scorer in ONE call.
 */
export function deletionCurve(
  image: ArrayLike<number>,
  saliency: Heatmap,
  classIndex: number,
  scorer: ClassScorer,
  options: CurveOptions = {},
): Promise<Curve> {
  return curve('deletion', image, saliency, classIndex, scorer, options);
}

/**
 * Insertion curve: start from the baseline (default: the blurred image) and copy the image's
 * pixels back in, most salient first; a higher AUC = a more faithful explanation.
 */
export function insertionCurve(
  image: ArrayLike<number>,
  saliency: Heatmap,
  classIndex: number,
  scorer: ClassScorer,
  options: CurveOptions = {},
): Promise<Curve> {
  return curve('insertion', image, saliency, classIndex, scorer, options);
}

export interface DropIncreaseSample {
  /** 784 gray values 0..255. */
  image: ArrayLike<number>;
  /** 28×28 explanation map with values in [0, 1] (normalise it first), used as a soft mask. */
  saliency: Heatmap;
  classIndex: number;
}

export interface DropIncreaseResult {
  /** Mean over samples of max(0, Y − O) / Y, in percent (lower = better). */
  averageDrop: number;
  /** Percent of samples whose score rose when only the explained region was kept (higher = better). */
  increaseRate: number;
  /** Y = score of the image (original), O = score of image ⊙ saliency (masked), drop = max(0, Y − O) / Y. */
  perSample: Array<{ original: number; masked: number; drop: number }>;
}

/**
 * Average drop and increase in confidence: keep only what the map highlights (image ⊙ saliency,
 * pixel-wise) and compare the class score with the full image's. Saliency outside [0, 1] throws.
 * A sample whose original score is <= 0 has drop 0 (there is nothing to lose). Empty input throws.
 * The scorer is called once per distinct class, with every original and masked image of that class.
 */
export async function averageDropIncrease(samples: readonly DropIncreaseSample[], scorer: ClassScorer): Promise<DropIncreaseResult> {
  const where = 'averageDropIncrease';
  if (samples.length === 0) throw new RangeError(`${where}: no samples`);
  const byClass = new Map<number, number[]>();
  const masked = samples.map(({ image, saliency, classIndex }, i) => {
    assertImage(image, `${where} sample ${i}`);
    assertInputMap(saliency, `${where} sample ${i}`);
    checkClass(classIndex, `${where} sample ${i}`);
    const out = new Float32Array(MNIST_PIXELS);
    for (let p = 0; p < MNIST_PIXELS; p++) {
      const w = saliency.data[p];
      if (w < 0 || w > 1) throw new RangeError(`${where} sample ${i}: saliency ${w} at pixel ${p} is outside [0, 1]`);
      out[p] = image[p] * w;
    }
    byClass.set(classIndex, [...(byClass.get(classIndex) ?? []), i]);
    return out;
  });
  const original = new Array<number>(samples.length);
  const maskedScore = new Array<number>(samples.length);
  for (const [classIndex, indices] of byClass) {
    const batch = [...indices.map((i) => Float32Array.from(samples[i].image)), ...indices.map((i) => masked[i])];
    const scores = await score(scorer, batch, classIndex, where);
    indices.forEach((i, k) => {
      original[i] = scores[k];
      maskedScore[i] = scores[indices.length + k];
    });
  }
  const perSample = samples.map((_, i) => {
    const y = original[i];
    const o = maskedScore[i];
    return { original: y, masked: o, drop: y > 0 ? Math.max(0, y - o) / y : 0 };
  });
  const n = samples.length;
  return {
    averageDrop: (100 * perSample.reduce((s, p) => s + p.drop, 0)) / n,
    increaseRate: (100 * perSample.filter((p) => p.masked > p.original).length) / n,
    perSample,
  };
}
