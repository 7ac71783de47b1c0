// The attention-CNN explains itself: A is its attention map, and because global average pooling
// and the classifier are both linear, each logit splits exactly over the 7×7 cells:
//   CAM_c(h,w) = Σ_k w_k^c · F_k(h,w) · A(h,w)   and   logit_c = mean_hw CAM_c + b_c.
// The ledger reports both sides of that identity for every class. Any registered model with a
// `cam` decomposition works here.
import { MAP_CELLS, NUM_CLASSES } from '../contract/constants';
import { heatmap, type Heatmap } from '../contract/heatmap';
import type { TensorParams } from '../models/model-definition';
import { getModel, type ModelId } from '../models/registry';
import { readTensors } from '../tensor-read';
import { imagesTensor, type PixelImage } from '../models/input';
import { predictionFromLogits, type Prediction } from './predict';

export interface LedgerRow {
  classIndex: number;
  /** mean over the 49 cells of CAM_c */
  meanCam: number;
  /** classifier bias b_c */
  bias: number;
  /** meanCam + bias, computed from the map */
  reconstructed: number;
  /** the network's logit */
  logit: number;
}

export interface AttentionCnnExplanation extends Prediction {
  /** A, 7×7, in (0, 1); the same for every class. */
  attention: Heatmap;
  /** Raw signed CAM_c for c = 0..9, 7×7 each. */
  cams: Heatmap[];
  ledger: LedgerRow[];
}

/** A batch's CAM decomposition as packed arrays (image i's rows at [i·49, (i+1)·49)). */
export interface CamBatch {
  count: number;
  /** [N, 10] */
  logits: Float32Array;
  /** A, [N, 49] */
  attention: Float32Array;
  /** Σ_k w_k^c F_k A per cell and class, [N·49, 10] */
  perCell: Float32Array;
  /** b_c, [10] */
  bias: Float32Array;
}

/** One forward pass: logits, attention and every class's CAM for a batch, read asynchronously. */
export async function camBatch(model: ModelId, params: TensorParams, images: readonly PixelImage[]): Promise<CamBatch> {
  const definition = getModel(model);
  const cam = definition.cam;
  if (!cam) throw new Error(`the ${definition.label} has no attention-based CAM`);
  const [logits, attention, perCell, bias] = await readTensors(() => {
    const out = cam(params, imagesTensor(images, definition.normalization));
    // This ledger is the course model's: one spatial map and a mean over the cells.
    if (!out.attention || out.attention.shape[3] !== 1 || out.cellReduction !== 'mean') {
      throw new Error(`the ${definition.label} has no single mean-pooled attention map`);
    }
    return [out.logits, out.attention, out.perCell, params['classifier.bias']];
  });
  return { count: images.length, logits, attention, perCell, bias };
}

/** The CAM of class c of image i, from a CamBatch. */
export function camOfClass(batch: CamBatch, i: number, c: number): Float32Array {
  const values = new Float32Array(MAP_CELLS);
  for (let cell = 0; cell < MAP_CELLS; cell++) values[cell] = batch.perCell[(i * MAP_CELLS + cell) * NUM_CLASSES + c];
  return values;
}

/** Attention map, all ten CAMs and the ledger for each image (one forward pass for the batch). */
export async function explainCam(model: ModelId, params: TensorParams, images: readonly PixelImage[]): Promise<AttentionCnnExplanation[]> {
  const batch = await camBatch(model, params, images);
  const { logits, attention, bias } = batch;
  return images.map((_, i) => {
    const logitRow = Array.from(logits.subarray(i * NUM_CLASSES, (i + 1) * NUM_CLASSES));
    const cams: Heatmap[] = [];
    const ledger: LedgerRow[] = [];
    for (let c = 0; c < NUM_CLASSES; c++) {
      const values = camOfClass(batch, i, c);
      let sum = 0;
      for (const v of values) sum += v;
      cams.push(heatmap(7, 7, values));
      const meanCam = sum / MAP_CELLS;
      ledger.push({ classIndex: c, meanCam, bias: bias[c], reconstructed: meanCam + bias[c], logit: logitRow[c] });
    }
    return {
      ...predictionFromLogits(logitRow),
      attention: heatmap(7, 7, attention.subarray(i * MAP_CELLS, (i + 1) * MAP_CELLS)),
      cams,
      ledger,
    };
  });
}

/** The course attention-CNN's explanation (explainCam of the 'attention' model). */
export function explainAttentionCnn(params: TensorParams, images: readonly PixelImage[]): Promise<AttentionCnnExplanation[]> {
  return explainCam('attention', params, images);
}

/** Contrastive CAM: CAM_a − CAM_b, the CAM of the score logit_a − logit_b ("why a rather than b?"). */
export function contrastiveCam(explanation: AttentionCnnExplanation, a: number, b: number): Heatmap {
  const ca = explanation.cams[a].data;
  const cb = explanation.cams[b].data;
  return heatmap(
    7,
    7,
    ca.map((v, i) => v - cb[i]),
  );
}

/** CAMs of the k most probable classes, most probable first (ties: lower class first). */
export function topKCams(
  explanation: AttentionCnnExplanation,
  k: number,
): Array<{ classIndex: number; probability: number; cam: Heatmap }> {
  return explanation.probabilities
    .map((probability, classIndex) => ({ classIndex, probability }))
    .sort((a, b) => b.probability - a.probability || a.classIndex - b.classIndex)
    .slice(0, k)
    .map((c) => ({ ...c, cam: explanation.cams[c.classIndex] }));
}
