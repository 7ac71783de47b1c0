// The attention-CNN explains itself: A is its attention map, and because global average pooling
// and the classifier are both linear, each logit splits exactly over the 7×7 cells:
//   CAM_c(h,w) = Σ_k w_k^c · F_k(h,w) · A(h,w)   and   logit_c = mean_hw CAM_c + b_c.
// The ledger reports both sides of that identity for every class.
import * as tf from '@tensorflow/tfjs-core';
import { tidyRead } from '../tidy-read';
import { attentionCnnForward } from '../models/attention-cnn';
import type { TensorParams } from '../models/params';
import { NUM_CLASSES } from '../models/specs';
import { heatmap, type Heatmap } from './heatmap';
import { imagesTensor, type PixelImage } from './input';
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

const CELLS = 49;
const CHANNELS = 64;

/** Attention map, all ten CAMs and the ledger for each image (one forward pass for the batch). */
export function explainAttentionCnn(params: TensorParams, images: readonly PixelImage[]): AttentionCnnExplanation[] {
  const [logits, attention, camsByCell] = tidyRead(() => {
    const out = attentionCnnForward(params, imagesTensor(images));
    const n = images.length;
    // [N·49, 64] × [64, 10] → per-cell class contributions Σ_k w_k^c F_k A
    const perCell = tf.matMul(tf.reshape(out.attended, [n * CELLS, CHANNELS]), params['classifier.weight'] as tf.Tensor2D);
    return [out.logits.dataSync(), out.attention.dataSync(), perCell.dataSync()] as const;
  });
  const bias = params['classifier.bias'].dataSync();
  return images.map((_, i) => {
    const logitRow = Array.from(logits.subarray(i * NUM_CLASSES, (i + 1) * NUM_CLASSES));
    const cams: Heatmap[] = [];
    const ledger: LedgerRow[] = [];
    for (let c = 0; c < NUM_CLASSES; c++) {
      const values = new Float32Array(CELLS);
      let sum = 0;
      for (let cell = 0; cell < CELLS; cell++) {
        values[cell] = camsByCell[(i * CELLS + cell) * NUM_CLASSES + c];
        sum += values[cell];
      }
      cams.push(heatmap(7, 7, values));
      const meanCam = sum / CELLS;
      ledger.push({ classIndex: c, meanCam, bias: bias[c], reconstructed: meanCam + bias[c], logit: logitRow[c] });
    }
    return {
      ...predictionFromLogits(logitRow),
      attention: heatmap(7, 7, attention.subarray(i * CELLS, (i + 1) * CELLS)),
      cams,
      ledger,
    };
  });
}

/** Contrastive CAM: CAM_a − CAM_b, the CAM of the score logit_a − logit_b ("why a rather than b?"). */
export function contrastiveCam(explanation: AttentionCnnExplanation, a: number, b: number): Heatmap {
  const ca = explanation.cams[a].data;
  const cb = explanation.cams[b].data;
  return heatmap(7, 7, ca.map((v, i) => v - cb[i]));
}

/** CAMs of the k most probable classes, most probable first (ties: lower class first). */
export function topKCams(explanation: AttentionCnnExplanation, k: number): Array<{ classIndex: number; probability: number; cam: Heatmap }> {
  return explanation.probabilities
    .map((probability, classIndex) => ({ classIndex, probability }))
    .sort((a, b) => b.probability - a.probability || a.classIndex - b.classIndex)
    .slice(0, k)
    .map((c) => ({ ...c, cam: explanation.cams[c.classIndex] }));
}
