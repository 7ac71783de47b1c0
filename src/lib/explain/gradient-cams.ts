// The gradient-weighted CAM family on any target layer of either model. All of them combine the
// layer's activations A^k and the gradients G^k = ∂score/∂A^k (score = a logit, or a difference
// of two); they differ only in how:
//   Grad-CAM   (Selvaraju et al. 2017): α_k = mean_ij G^k_ij,            map = ReLU(Σ_k α_k A^k)
//   HiResCAM   (Draelos & Carin 2020):  map = ReLU(Σ_k G^k ⊙ A^k)
//   Grad-CAM++ (Chattopadhay et al. 2018): α_k = Σ_ij a^k_ij ReLU(G^k_ij),
//              a^k_ij = G² / (2G² + Σ_ab A^k_ab · G³)
//   XGrad-CAM  (Fu et al. 2020):        α_k = Σ_ij (A^k_ij / Σ_ab A^k_ab) G^k_ij
//   LayerCAM   (Jiang et al. 2021):     map = ReLU(Σ_k ReLU(G^k) ⊙ A^k)
// Gradients come from tfjs; the combination runs in float64 JS so every backend gives the same
// numbers from the same activations and gradients.
import * as tf from '@tensorflow/tfjs-core';
import type { Normalization } from '../data/preprocess';
import { NUM_CLASSES } from '../contract/constants';
import { checkTargetLayer, type TargetLayer, type TensorParams } from '../models/model-definition';
import { getModel, type ModelId } from '../models/registry';
import { readTensors } from '../tensor-read';
import { heatmap, type Heatmap } from '../contract/heatmap';
import { imagesTensor, type PixelImage } from '../models/input';
import { scoreWeights, type ScoreTarget } from './score-target';

export type GradientCamMethod = 'gradcam' | 'hirescam' | 'gradcam++' | 'xgradcam' | 'layercam';
export const GRADIENT_CAM_METHODS: readonly GradientCamMethod[] = ['gradcam', 'hirescam', 'gradcam++', 'xgradcam', 'layercam'];

export interface LayerGradients {
  height: number;
  width: number;
  channels: number;
  /** Per image, NHWC-ordered [h, w, k] activations and gradients. */
  activations: Float32Array[];
  gradients: Float32Array[];
  /** The score's value for each image. */
  scores: number[];
  /** The logits, [N, 10] (the score's targets were chosen from them for 'predicted'). */
  logits: Float32Array;
}

/** Each image's own predicted class (argmax of its logits), chosen inside the graph. */
export const PREDICTED = 'predicted' as const;

/** Activations of `layer` and the gradient of each image's score with respect to them. */
export async function layerGradients(
  model: ModelId,
  params: TensorParams,
  images: readonly PixelImage[],
  layer: TargetLayer,
  targets: readonly ScoreTarget[] | typeof PREDICTED,
  /** The data's normalisation, when it is not the registry entry's (lab 2: a network trained on another dataset). */
  normalization?: Normalization,
): Promise<LayerGradients> {
  if (targets !== PREDICTED && targets.length !== images.length)
    throw new RangeError(`${images.length} images but ${targets.length} targets`);
  const definition = getModel(model);
  checkTargetLayer(definition, layer);
  const n = images.length;
  let shape: number[] = [];
  const [act, grad, scores, logits] = await readTensors(() => {
    const activation = definition.layerActivation(params, imagesTensor(images, normalization ?? definition.normalization), layer);
    const logits = definition.logitsFromLayer(params, layer, activation);
    // One-hot of the argmax for 'predicted': a constant of the gradient, so one forward pass serves
    // both. Cast from int32: tfjs-wasm 4.22's OneHot with dtype float32 writes integer bit patterns.
    const w =
      targets === PREDICTED
        ? tf.cast(tf.oneHot(tf.argMax(logits, 1), NUM_CLASSES), 'float32')
        : tf.tensor2d(targets.flatMap(scoreWeights), [n, NUM_CLASSES]);
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(definition.logitsFromLayer(params, layer, a as tf.Tensor4D), w)))(activation);
    shape = activation.shape;
    return [activation, g, tf.sum(tf.mul(logits, w), 1), logits];
  });
  const [, height, width, channels] = shape;
  const size = height * width * channels;
  // Views into the read buffers: no copy of 10k digits' activations.
  const view = (data: Float32Array, i: number) => data.subarray(i * size, (i + 1) * size);
  return {
    height,
    width,
    channels,
    activations: Array.from({ length: n }, (_, i) => view(act, i)),
    gradients: Array.from({ length: n }, (_, i) => view(grad, i)),
    scores: Array.from(scores),
    logits,
  };
}

export interface GradientCamResult {
  method: GradientCamMethod;
  layer: TargetLayer;
  /** After the final ReLU: what the method shows. */
  map: Heatmap;
  /** The signed map before the final ReLU. */
  raw: Heatmap;
  /** Channel weights α_k, for the methods that have them. */
  channelWeights: number[] | null;
}

/** Combines one image's activations and gradients as `method` prescribes. */
export function combineGradientCam(method: GradientCamMethod, g: LayerGradients, index: number): Omit<GradientCamResult, 'layer'> {
  const { height, width, channels: K } = g;
  const A = g.activations[index];
  const G = g.gradients[index];
  const cells = height * width;

  if (method === 'hirescam' || method === 'layercam') {
    const raw = new Float64Array(cells);
    for (let cell = 0; cell < cells; cell++) {
      let s = 0;
      for (let k = 0; k < K; k++) {
        const grad = G[cell * K + k];
        s += (method === 'layercam' ? Math.max(grad, 0) : grad) * A[cell * K + k];
      }
      raw[cell] = s;
    }
    return { method, ...signedAndRelu(raw, height, width), channelWeights: null };
  }
  const alpha = new Array<number>(K).fill(0);
  for (let k = 0; k < K; k++) {
    let sumA = 0;
    for (let cell = 0; cell < cells; cell++) sumA += A[cell * K + k];
    let a = 0;
    for (let cell = 0; cell < cells; cell++) {
      const grad = G[cell * K + k];
      if (method === 'gradcam') a += grad / cells;
      else if (method === 'xgradcam') a += sumA > 0 ? (A[cell * K + k] / sumA) * grad : 0;
      else if (grad !== 0) {
        // Grad-CAM++ with the exponential-score simplification every implementation uses.
        const g2 = grad * grad;
        const denominator = 2 * g2 + sumA * g2 * grad;
        const aij = denominator !== 0 ? g2 / denominator : 0;
        a += aij * Math.max(grad, 0);
      }
    }
    alpha[k] = a;
  }
  return { method, ...weightedChannelMap(alpha, A, height, width) };
}

/** A signed map and its ReLU, the pair every CAM-style method returns. */
function signedAndRelu(raw: Float64Array, height: number, width: number): { raw: Heatmap; map: Heatmap } {
  return {
    raw: heatmap(height, width, raw),
    map: heatmap(
      height,
      width,
      raw.map((v) => Math.max(v, 0)),
    ),
  };
}

/**
 * The tail Grad-CAM, Grad-CAM++, XGrad-CAM and Score-CAM share: raw = Σ_k α_k A^k over the cells of
 * activations A (NHWC, one image: cell·K + k), and map = ReLU(raw).
 */
export function weightedChannelMap(
  alpha: number[],
  A: ArrayLike<number>,
  height: number,
  width: number,
): { raw: Heatmap; map: Heatmap; channelWeights: number[] } {
  const K = alpha.length;
  const cells = height * width;
  const raw = new Float64Array(cells);
  for (let cell = 0; cell < cells; cell++) {
    let s = 0;
    for (let k = 0; k < K; k++) s += alpha[k] * A[cell * K + k];
    raw[cell] = s;
  }
  return { ...signedAndRelu(raw, height, width), channelWeights: alpha };
}

/** `method` maps for each image and its target, at `layer`. */
export async function gradientCam(
  model: ModelId,
  params: TensorParams,
  images: readonly PixelImage[],
  targets: readonly ScoreTarget[],
  options: { method: GradientCamMethod; layer: TargetLayer },
): Promise<GradientCamResult[]> {
  const g = await layerGradients(model, params, images, options.layer, targets);
  return images.map((_, i) => ({ ...combineGradientCam(options.method, g, i), layer: options.layer }));
}
