// Score-CAM (Wang et al. 2020): no gradients at all. Each channel A^k of the target layer,
// upsampled to 28×28 and min–max normalised, becomes a soft mask H_k on the input; its weight is
// how much the masked image alone raises the class probability over a blank (black) image:
//   α_k = p_c(X ⊙ H_k) − p_c(X_blank),   map = ReLU(Σ_k α_k A^k).
// One batched forward pass of K masked images per explained image.
import { heatmap, type Heatmap } from '../contract/heatmap';
import type { TargetLayer, TensorParams } from '../models/model-definition';
import { getModel, type ModelId } from '../models/registry';
import { readTensors } from '../tensor-read';
import { checkImage, imagesTensor, type PixelImage } from '../models/input';
import { logitsBatch, softmax } from './predict';
import { scoreWeights, type ScoreTarget } from './score-target';
import { upsampleBilinear } from './upsample';
import { weightedChannelMap } from './gradient-cams';

export interface ScoreCamResult {
  layer: TargetLayer;
  map: Heatmap;
  raw: Heatmap;
  channelWeights: number[];
}

/** Probability-space score: p_a for a class, p_a − p_b for a contrast. */
function targetScore(logits: number[], weights: number[]): number {
  const p = softmax(logits);
  return p.reduce((s, v, i) => s + v * weights[i], 0);
}

export async function scoreCam(
  model: ModelId,
  params: TensorParams,
  image: PixelImage,
  target: ScoreTarget,
  layer: TargetLayer = 'conv3',
): Promise<ScoreCamResult> {
  checkImage(image);
  const weights = scoreWeights(target);
  let shape: number[] = [];
  const [act] = await readTensors(() => {
    const a = getModel(model).layerActivation(params, imagesTensor([image], getModel(model).normalization), layer);
    shape = a.shape;
    return [a];
  });
  const [, height, width, K] = shape;
  const cells = height * width;
  const masked: Float32Array[] = [];
  for (let k = 0; k < K; k++) {
    const channel = new Float32Array(cells);
    for (let cell = 0; cell < cells; cell++) channel[cell] = act[cell * K + k];
    const up = upsampleBilinear(heatmap(height, width, channel), 28, 28).data;
    let min = Infinity;
    let max = -Infinity;
    for (const v of up) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    const range = max - min;
    const pixels = new Float32Array(784);
    // A flat channel carries no spatial information: its mask is empty.
    if (range > 0) for (let p = 0; p < 784; p++) pixels[p] = image[p] * ((up[p] - min) / range);
    masked.push(pixels);
  }
  const logits = await logitsBatch(model, params, [...masked, new Float32Array(784)]);
  const blank = targetScore(logits[K], weights);
  const alpha = logits.slice(0, K).map((l) => targetScore(l, weights) - blank);
  return { layer, ...weightedChannelMap(alpha, act, height, width) };
}
