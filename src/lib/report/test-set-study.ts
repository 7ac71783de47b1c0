// The test-set study: every digit through both models, with the attention map, the CAM of the
// attention-CNN's predicted class and the Grad-CAM of the traditional CNN's predicted class,
// reduced to the per-digit numbers the lesson's plots need. Batched; plain numbers out.
//
// Split in two model parts and one combining step so that each model can run in its own worker
// (Web Worker in the browser, worker_threads in Node): a part holds only flat typed arrays, whose
// buffers can be transferred, and combineStudyRows does the metric maths on the main thread.
import * as tf from '@tensorflow/tfjs-core';
import { pearson } from '../metrics/agreement';
import { peakDistancePixels } from '../metrics/peaks';
import { attentionSpread } from '../metrics/spread';
import { attentionCnnForward } from '../models/attention-cnn';
import { layerActivation, logitsFromLayer } from '../models/layers';
import type { TensorParams } from '../models/params';
import { NUM_CLASSES } from '../models/specs';
import { combineGradientCam, type LayerGradients } from '../explain/gradient-cams';
import { heatmap } from '../explain/heatmap';
import { imagesTensor, type PixelImage } from '../explain/input';
import { argMax, softmax } from '../explain/predict';
import type { ModelPair } from './explanation-report';

export { median } from './study-summary';

export interface StudyRow {
  index: number;
  label: number;
  attentionPredicted: number;
  traditionalPredicted: number;
  attentionConfidence: number;
  traditionalConfidence: number;
  attentionStd: number;
  attentionEffectiveAreaFraction: number | null;
  pearsonAttentionCam: number | null;
  pearsonAttentionGradcam: number | null;
  pearsonCamGradcam: number | null;
  peakDistanceAttentionCam: number;
  peakDistanceAttentionGradcam: number;
  peakDistanceCamGradcam: number;
}

/** Cells of a 7×7 map; every map in a part is packed as `CELLS` consecutive values per image. */
export const STUDY_MAP_CELLS = 49;
const CHANNELS = 64;

/** The attention-CNN's share of a batch, image i's map at [i·49, (i+1)·49). */
export interface AttentionPart {
  count: number;
  predicted: Uint8Array;
  /** Softmax probability of the predicted class (float64, as the rows carry it). */
  confidence: Float64Array;
  /** Attention map A, 7×7 row-major per image. */
  attention: Float32Array;
  /** Raw signed CAM of the predicted class, 7×7 row-major per image. */
  cam: Float32Array;
}

/** The traditional CNN's share of a batch. */
export interface TraditionalPart {
  count: number;
  predicted: Uint8Array;
  confidence: Float64Array;
  /** Grad-CAM at ReLU(conv3) of the predicted class (after the ReLU), 7×7 row-major per image. */
  gradcam: Float32Array;
}

function predictions(logits: Float32Array | Int32Array | Uint8Array, n: number): { predicted: Uint8Array; confidence: Float64Array } {
  const predicted = new Uint8Array(n);
  const confidence = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = Array.from(logits.subarray(i * NUM_CLASSES, (i + 1) * NUM_CLASSES));
    const p = argMax(row);
    predicted[i] = p;
    confidence[i] = softmax(row)[p];
  }
  return { predicted, confidence };
}

/** Prediction, attention map and CAM of the predicted class for each image: one forward pass. */
export function attentionStudyPart(params: TensorParams, images: readonly PixelImage[]): AttentionPart {
  const n = images.length;
  // Typed arrays are taken out through closure variables, never returned from tf.tidy: tidy walks
  // its result looking for tensors, and for a typed array that is a for…in over every element.
  let logits: Float32Array = new Float32Array(0);
  let attention: Float32Array = new Float32Array(0);
  let perCell: Float32Array = new Float32Array(0);
  tf.tidy(() => {
    const out = attentionCnnForward(params, imagesTensor(images));
    // [N·49, 64] × [64, 10] → per-cell class contributions Σ_k w_k^c F_k A (as explainAttentionCnn)
    const cells = tf.matMul(tf.reshape(out.attended, [n * STUDY_MAP_CELLS, CHANNELS]), params['classifier.weight'] as tf.Tensor2D);
    logits = out.logits.dataSync() as Float32Array;
    attention = out.attention.dataSync() as Float32Array;
    perCell = cells.dataSync() as Float32Array;
  });
  const { predicted, confidence } = predictions(logits, n);
  const cam = new Float32Array(n * STUDY_MAP_CELLS);
  for (let i = 0; i < n; i++) {
    for (let cell = 0; cell < STUDY_MAP_CELLS; cell++) {
      cam[i * STUDY_MAP_CELLS + cell] = perCell[(i * STUDY_MAP_CELLS + cell) * NUM_CLASSES + predicted[i]];
    }
  }
  return { count: n, predicted, confidence, attention: Float32Array.from(attention), cam };
}

/**
 * Prediction and Grad-CAM (conv3, predicted class) for each image, with one forward pass through
 * the backbone: logits and ReLU(conv3) together, argmax, then the gradient of the predicted
 * logit through the head only. Same numbers as gradientCam(…, { method: 'gradcam', layer: 'conv3' }).
 */
export function traditionalStudyPart(params: TensorParams, images: readonly PixelImage[]): TraditionalPart {
  const n = images.length;
  let predicted: Uint8Array = new Uint8Array(0);
  let confidence: Float64Array = new Float64Array(0);
  let shape: number[] = [];
  let act: Float32Array = new Float32Array(0);
  let grad: Float32Array = new Float32Array(0);
  tf.tidy(() => {
    const activation = layerActivation('traditional', params, imagesTensor(images), 'conv3');
    ({ predicted, confidence } = predictions(logitsFromLayer('traditional', params, 'conv3', activation).dataSync(), n));
    const weights = new Float32Array(n * NUM_CLASSES);
    predicted.forEach((c, i) => (weights[i * NUM_CLASSES + c] = 1));
    const w = tf.tensor2d(weights, [n, NUM_CLASSES]);
    // Written exactly as layerGradients scores a target, so the gradients are bit for bit the same.
    const score = (a: tf.Tensor4D) => tf.sum(tf.mul(logitsFromLayer('traditional', params, 'conv3', a), w), 1);
    const g = tf.grad((a: tf.Tensor) => tf.sum(score(a as tf.Tensor4D)))(activation);
    shape = activation.shape;
    act = activation.dataSync() as Float32Array;
    grad = g.dataSync() as Float32Array;
  });
  const [, height, width, channels] = shape;
  const size = height * width * channels;
  const view = (data: Float32Array, i: number) => new Float32Array(data.buffer, data.byteOffset + i * size * 4, size);
  const g: LayerGradients = {
    height,
    width,
    channels,
    activations: Array.from({ length: n }, (_, i) => view(act, i)),
    gradients: Array.from({ length: n }, (_, i) => view(grad, i)),
    scores: [], // combineGradientCam does not read them
  };
  const gradcam = new Float32Array(n * STUDY_MAP_CELLS);
  for (let i = 0; i < n; i++) gradcam.set(combineGradientCam('gradcam', g, i).map.data, i * STUDY_MAP_CELLS);
  return { count: n, predicted, confidence, gradcam };
}

/** The buffers of a part, for postMessage's transfer list. */
export function partBuffers(part: AttentionPart | TraditionalPart): ArrayBuffer[] {
  return Object.values(part)
    .filter((v): v is Uint8Array | Float32Array | Float64Array => ArrayBuffer.isView(v))
    .map((v) => v.buffer as ArrayBuffer);
}

/** Parts of consecutive batches joined into one (e.g. a worker's whole run). */
export function concatParts<P extends AttentionPart | TraditionalPart>(parts: readonly P[]): P {
  if (parts.length === 0) throw new RangeError('concatParts: no parts');
  const out: Record<string, unknown> = { count: parts.reduce((s, p) => s + p.count, 0) };
  for (const [key, first] of Object.entries(parts[0])) {
    if (!ArrayBuffer.isView(first)) continue;
    const arrays = parts.map((p) => (p as unknown as Record<string, Uint8Array | Float32Array | Float64Array>)[key]);
    const joined = new (first.constructor as new (n: number) => Uint8Array | Float32Array | Float64Array)(arrays.reduce((s, a) => s + a.length, 0));
    let offset = 0;
    for (const a of arrays) {
      joined.set(a, offset);
      offset += a.length;
    }
    out[key] = joined;
  }
  return out as unknown as P;
}

function checkPart(part: AttentionPart | TraditionalPart, maps: Array<Float32Array>, what: string): void {
  if (part.predicted.length !== part.count || part.confidence.length !== part.count) {
    throw new RangeError(`${what} part: ${part.count} images but ${part.predicted.length} predictions and ${part.confidence.length} confidences`);
  }
  for (const m of maps) {
    if (m.length !== part.count * STUDY_MAP_CELLS) throw new RangeError(`${what} part: a map array has ${m.length} values for ${part.count} images of 49 cells`);
  }
}

/** The per-digit numbers from both parts of the same images (labels[i] belongs to image i). */
export function combineStudyRows(attention: AttentionPart, traditional: TraditionalPart, labels: ArrayLike<number>, firstIndex: number): StudyRow[] {
  checkPart(attention, [attention.attention, attention.cam], 'attention');
  checkPart(traditional, [traditional.gradcam], 'traditional');
  const n = attention.count;
  if (traditional.count !== n || labels.length !== n) {
    throw new RangeError(`combineStudyRows: ${n} attention rows, ${traditional.count} traditional rows, ${labels.length} labels`);
  }
  const map = (data: Float32Array, i: number) => heatmap(7, 7, data.subarray(i * STUDY_MAP_CELLS, (i + 1) * STUDY_MAP_CELLS));
  const rows: StudyRow[] = [];
  for (let i = 0; i < n; i++) {
    const a = map(attention.attention, i);
    const cam = map(attention.cam, i);
    const g = map(traditional.gradcam, i);
    const spread = attentionSpread(a);
    rows.push({
      index: firstIndex + i,
      label: labels[i],
      attentionPredicted: attention.predicted[i],
      traditionalPredicted: traditional.predicted[i],
      attentionConfidence: attention.confidence[i],
      traditionalConfidence: traditional.confidence[i],
      attentionStd: spread.std,
      attentionEffectiveAreaFraction: spread.effectiveAreaFraction,
      pearsonAttentionCam: pearson(a, cam),
      pearsonAttentionGradcam: pearson(a, g),
      pearsonCamGradcam: pearson(cam, g),
      peakDistanceAttentionCam: peakDistancePixels(a, cam).pixels,
      peakDistanceAttentionGradcam: peakDistancePixels(a, g).pixels,
      peakDistanceCamGradcam: peakDistancePixels(cam, g).pixels,
    });
  }
  return rows;
}

export function studyBatch(models: ModelPair, images: readonly PixelImage[], labels: ArrayLike<number>, firstIndex: number): StudyRow[] {
  return combineStudyRows(attentionStudyPart(models.attention, images), traditionalStudyPart(models.traditional, images), labels, firstIndex);
}
