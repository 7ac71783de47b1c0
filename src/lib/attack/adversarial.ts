// FGSM and PGD on a batch of digits, over any registry model (Goodfellow et al. 2015; Madry et
// al. 2018). Pixels p ∈ [0, 1] (= gray/255); the model sees (p − mean)/std, so the gradient is
// taken with respect to the pixels themselves. One loop serves both methods:
//   p⁰ = p;  p^{k+1} = clip_[0,1]( clip_[p−ε, p+ε]( p^k + d·α·sign(∇_p L(p^k)) ) )
// with L = cross-entropy at y (d = +1, ascend; y = the clean prediction) or at the target t
// (d = −1, descend). FGSM is one step with α = ε: the ε-ball clip is then a no-op, bit for bit,
// because p + ε·sign and p ± ε round the same way — the result is clip_[0,1](p ± ε·sign(∇)).
// Cross-entropy uses a one-hot product, never gather (tfjs-wasm has no gradient for it), and
// the form log Σ_k exp(z_k − z_y), whose gradient float32 does not round away (crossEntropy).
import * as tf from '@tensorflow/tfjs-core';
import { IMAGE_SIZE, NUM_CLASSES, PIXELS_PER_IMAGE } from '../contract/constants';
import { argMax } from '../explain/predict';
import type { TensorParams } from '../models/model-definition';
import { checkImage, type PixelImage } from '../models/input';
import { getModel, type ModelName } from '../models/registry';
import { readTensors } from '../tensor-read';
import { attackSettings, type AttackRequest, type AttackSettings } from './settings';

/** Logits [N, 10] of normalised images [N, 28, 28, 1]. Live tensor. */
export type LogitsOf = (x: tf.Tensor4D) => tf.Tensor2D;

export interface AdversarialExample {
  /** p′: 784 pixels in [0, 1], row-major. */
  pixels: Float32Array;
  /** p′ − p. */
  perturbation: Float32Array;
  /** max |p′ − p| and ‖p′ − p‖₂ over the 784 pixels. */
  linf: number;
  l2: number;
  /** The attacked model's prediction on the clean image (the class an untargeted attack leaves). */
  cleanPredicted: number;
  /** The class whose cross-entropy the attack followed: the target, or cleanPredicted. */
  lossClass: number;
  /** The attacked model's logits and prediction on p′. */
  logits: number[];
  predicted: number;
  /** Untargeted: the prediction changed. Targeted: the prediction is the target. */
  succeeded: boolean;
}

export interface AttackProgress {
  /** Called after each step with (steps done, steps in all) of the current chunk; may await. */
  onStep?: (done: number, total: number) => void | Promise<void>;
  /** Checked after every step: an aborted attack frees its tensors and throws the reason. */
  signal?: AbortSignal;
  /** Images per forward/backward pass. */
  batchSize?: number;
}

/** Gray values 0..255 → pixels p = gray/255 in float32, the way torchvision's ToTensor() does. */
export function unitPixels(image: PixelImage): Float32Array {
  checkImage(image);
  const out = new Float32Array(PIXELS_PER_IMAGE);
  for (let i = 0; i < PIXELS_PER_IMAGE; i++) {
    const v = image[i];
    if (!(v >= 0 && v <= 255)) throw new RangeError(`pixel ${i} is ${v}, expected a gray value in [0, 255]`);
    out[i] = v / 255;
  }
  return out;
}

function oneHotRows(classes: readonly number[]): tf.Tensor2D {
  const flat = new Float32Array(classes.length * NUM_CLASSES);
  classes.forEach((c, i) => (flat[i * NUM_CLASSES + c] = 1));
  return tf.tensor2d(flat, [classes.length, NUM_CLASSES]);
}

/**
 * sign(x) with sign(0) = 0, exact for every magnitude. tfjs-wasm's Sign kernel returns 0 for
 * |x| below about 1e-5, and gradients of a confident network are often that small.
 */
function exactSign(x: tf.Tensor): tf.Tensor {
  return tf.sub(tf.cast(tf.greater(x, 0), 'float32'), tf.cast(tf.less(x, 0), 'float32'));
}

/** x with a zero gradient: the shift that keeps exp() from overflowing is a constant. */
const constant = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
  value: tf.clone(args[0] as tf.Tensor),
  gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
}));

/**
 * Summed cross-entropy of the batch, CE(z, y) = log Σ_k exp(z_k − z_y), so each image's gradient
 * is its own. Written so its gradient stays accurate when the network is sure of y: the usual
 * log-softmax route gives ∂/∂z_y = softmax_y − 1, which float32 rounds to 0 or −6e-8 once
 * softmax_y ≈ 1 — and the sign of every pixel then depends on rounding. Here the y entry of
 * z − z_y is masked to an exact 0, so ∂/∂z_y = −Σ_{k≠y} softmax_k, summed from small terms. The
 * lab's PyTorch listing computes the same expression.
 */
function crossEntropy(logits: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  const zy = tf.sum(tf.mul(oneHot, logits), 1, true);
  const d = tf.mul(tf.sub(1, oneHot), tf.sub(logits, zy));
  const m = constant(tf.max(d, 1, true));
  return tf.sum(tf.add(m, tf.log(tf.sum(tf.exp(tf.sub(d, m)), 1, true)))) as tf.Scalar;
}

async function attackChunk(
  logitsOf: LogitsOf,
  normalize: (p: tf.Tensor) => tf.Tensor4D,
  clean: Float32Array,
  n: number,
  settings: AttackSettings,
  progress: AttackProgress,
): Promise<AdversarialExample[]> {
  const shape: [number, number, number, number] = [n, IMAGE_SIZE, IMAGE_SIZE, 1];
  const [cleanLogits] = await readTensors(() => [logitsOf(normalize(tf.tensor4d(clean, shape)))]);
  const cleanPredicted = Array.from({ length: n }, (_, i) =>
    argMax(Array.from(cleanLogits.subarray(i * NUM_CLASSES, (i + 1) * NUM_CLASSES))),
  );
  const lossClass = cleanPredicted.map((c) => settings.target ?? c);
  const direction = settings.target === null ? 1 : -1;

  const [p0, lower, upper, oneHot] = tf.tidy(() => {
    const p = tf.tensor4d(clean, shape);
    return [p, tf.sub(p, settings.eps), tf.add(p, settings.eps), oneHotRows(lossClass)];
  });
  const lossGradient = tf.grad((p: tf.Tensor) => crossEntropy(logitsOf(normalize(p)), oneHot));
  let p: tf.Tensor = tf.clone(p0);
  try {
    for (let step = 1; step <= settings.steps; step++) {
      const previous = p;
      p = tf.tidy(() => {
        const moved = tf.add(previous, tf.mul(tf.scalar(direction * settings.stepSize), exactSign(lossGradient(previous))));
        return tf.clipByValue(tf.minimum(tf.maximum(moved, lower), upper), 0, 1);
      });
      previous.dispose();
      if (progress.signal?.aborted) throw progress.signal.reason ?? new Error('attack aborted');
      await progress.onStep?.(step, settings.steps);
    }
    const final = p;
    const [pixels, logits] = await readTensors(() => [final, logitsOf(normalize(final))]);
    return Array.from({ length: n }, (_, i) => {
      const adversarial = pixels.slice(i * PIXELS_PER_IMAGE, (i + 1) * PIXELS_PER_IMAGE);
      const perturbation = new Float32Array(PIXELS_PER_IMAGE);
      let linf = 0;
      let squares = 0;
      for (let j = 0; j < PIXELS_PER_IMAGE; j++) {
        const d = adversarial[j] - clean[i * PIXELS_PER_IMAGE + j];
        perturbation[j] = d;
        linf = Math.max(linf, Math.abs(d));
        squares += d * d;
      }
      const imageLogits = Array.from(logits.subarray(i * NUM_CLASSES, (i + 1) * NUM_CLASSES));
      const predicted = argMax(imageLogits);
      const succeeded = settings.target === null ? predicted !== cleanPredicted[i] : predicted === settings.target;
      return {
        pixels: adversarial,
        perturbation,
        linf,
        l2: Math.sqrt(squares),
        cleanPredicted: cleanPredicted[i],
        lossClass: lossClass[i],
        logits: imageLogits,
        predicted,
        succeeded,
      };
    });
  } finally {
    tf.dispose([p, p0, lower, upper, oneHot]);
  }
}

/**
 * The attack on a batch given by its logits function — the registry's models use `attackImages`;
 * tests pass a hand-made linear model whose gradient is known in closed form.
 */
export async function attackWithLogits(
  logitsOf: LogitsOf,
  normalization: { mean: number; std: number },
  images: readonly PixelImage[],
  request: AttackRequest,
  progress: AttackProgress = {},
): Promise<AdversarialExample[]> {
  const settings = attackSettings(request);
  const pixels = images.map(unitPixels);
  const normalize = (p: tf.Tensor) => tf.div(tf.sub(p, normalization.mean), normalization.std) as tf.Tensor4D;
  const batchSize = progress.batchSize ?? 64;
  const out: AdversarialExample[] = [];
  for (let start = 0; start < pixels.length; start += batchSize) {
    const chunk = pixels.slice(start, start + batchSize);
    const flat = new Float32Array(chunk.length * PIXELS_PER_IMAGE);
    chunk.forEach((p, i) => flat.set(p, i * PIXELS_PER_IMAGE));
    out.push(...(await attackChunk(logitsOf, normalize, flat, chunk.length, settings, progress)));
  }
  return out;
}

/** Logits of images given as pixels in [0, 1] (normalised in the graph, as the attack sees them). */
export async function logitsOfPixels(model: ModelName, params: TensorParams, pixels: readonly Float32Array[]): Promise<number[][]> {
  const definition = getModel(model);
  const flat = new Float32Array(pixels.length * PIXELS_PER_IMAGE);
  pixels.forEach((p, i) => {
    if (p.length !== PIXELS_PER_IMAGE) throw new RangeError(`image ${i} has ${p.length} pixels, expected ${PIXELS_PER_IMAGE}`);
    flat.set(p, i * PIXELS_PER_IMAGE);
  });
  const { mean, std } = definition.normalization;
  const [logits] = await readTensors(() => [
    definition.logits(params, tf.div(tf.sub(tf.tensor4d(flat, [pixels.length, IMAGE_SIZE, IMAGE_SIZE, 1]), mean), std) as tf.Tensor4D),
  ]);
  return pixels.map((_, i) => Array.from(logits.subarray(i * NUM_CLASSES, (i + 1) * NUM_CLASSES)));
}

/** FGSM or PGD against one registry model, for each image (gray values 0..255). */
export function attackImages(
  model: ModelName,
  params: TensorParams,
  images: readonly PixelImage[],
  request: AttackRequest,
  progress?: AttackProgress,
): Promise<AdversarialExample[]> {
  const definition = getModel(model);
  return attackWithLogits((x) => definition.logits(params, x), definition.normalization, images, request, progress);
}
