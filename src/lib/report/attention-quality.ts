// Lab 1's attention-quality study: how each attention design's maps behave over a test set.
// Per image (from one CAM forward pass per batch):
//  - selectivity: the share of the 49 cells with A > 0.5 (multi-head: averaged over heads);
//  - ink mass: the share of Σ A on ink cells divided by the share of ink cells (1 = no better
//    than a uniform map; a cell is ink when any of its 4×4 pixels is brighter than 0.5);
//  - Pearson r between A (multi-head: the mean over heads) and the CAM of the predicted class;
//  - pointing game of that CAM upsampled to 28×28 (bilinear; a hit when ink lies within 1 px of its peak);
//  - the per-class sums behind the class-average maps (A, and the CAM of the true class).
// Deletion AUC (29-image curves) is costly, so it runs on a fixed subset (see deletionAucs).
// Models without spatial attention (SE) get null for the attention measures.
import { MAP_CELLS, NUM_CLASSES } from '../contract/constants';
import { heatmap, type Heatmap } from '../contract/heatmap';
import { pearson } from '../metrics/agreement';
import { deletionCurve } from '../metrics/faithfulness';
import { pointingGame } from '../metrics/ink';
import { explainVariants, type VariantExplanation } from '../explain/variant-explanation';
import { upsampleBilinear } from '../explain/upsample';
import { logitsBatch, softmax } from '../explain/predict';
import type { TensorParams } from '../models/model-definition';
import type { PixelImage } from '../models/input';
import type { ModelId } from '../models/registry';

export const INK_THRESHOLD = 0.5;
export const SELECTIVE_ABOVE = 0.5;

export interface QualityRow {
  label: number;
  predicted: number;
  selectivity: number | null;
  inkMassRatio: number | null;
  pearsonAttentionCam: number | null;
  pointingHit: boolean;
}

/** Running per-class sums for the class-average maps. */
export interface ClassSums {
  /** How the model's CAM cells add up to the logit (seen on the first batch). */
  cellReduction: 'mean' | 'sum';
  count: number[];
  /** Σ A per class, 49 values each (all zeros without spatial attention). */
  attention: Float64Array[];
  /** Σ CAM of the true class, per class, 49 values each. */
  cam: Float64Array[];
}

export function emptyClassSums(): ClassSums {
  return {
    cellReduction: 'mean',
    count: new Array<number>(NUM_CLASSES).fill(0),
    attention: Array.from({ length: NUM_CLASSES }, () => new Float64Array(MAP_CELLS)),
    cam: Array.from({ length: NUM_CLASSES }, () => new Float64Array(MAP_CELLS)),
  };
}

/** Which of the 7×7 cells hold ink (any of their 4×4 pixels brighter than the threshold). */
export function inkCells(image: PixelImage): boolean[] {
  const ink = new Array<boolean>(MAP_CELLS).fill(false);
  for (let i = 0; i < 784; i++) {
    if (Number(image[i]) / 255 > INK_THRESHOLD) ink[Math.floor(i / 28 / 4) * 7 + Math.floor((i % 28) / 4)] = true;
  }
  return ink;
}

/** The spatial attention as one 7×7 map (multi-head: the mean over heads); null without one. */
export function meanAttention(e: VariantExplanation): Heatmap | null {
  if (e.attention.length === 0) return null;
  const values = new Float32Array(MAP_CELLS);
  for (const head of e.attention) head.flat().forEach((v, i) => (values[i] += v / e.attention.length));
  return heatmap(7, 7, values);
}

function selectivity(e: VariantExplanation): number | null {
  if (e.attention.length === 0) return null;
  let share = 0;
  for (const head of e.attention) share += head.flat().filter((v) => v > SELECTIVE_ABOVE).length / MAP_CELLS;
  return share / e.attention.length;
}

function inkMassRatio(attention: Heatmap | null, ink: boolean[]): number | null {
  if (!attention) return null;
  const inkCount = ink.filter(Boolean).length;
  let total = 0;
  let onInk = 0;
  attention.data.forEach((v, i) => {
    total += v;
    if (ink[i]) onInk += v;
  });
  if (inkCount === 0 || total <= 0) return null;
  return onInk / total / (inkCount / MAP_CELLS);
}

export function camHeatmap(rows: number[][]): Heatmap {
  return heatmap(7, 7, rows.flat());
}

/** Rows for a batch, adding its class sums into `sums`. */
export async function qualityBatch(
  model: ModelId,
  params: TensorParams,
  images: readonly PixelImage[],
  labels: ArrayLike<number>,
  sums: ClassSums,
): Promise<QualityRow[]> {
  const explanations = await explainVariants(model, params, images);
  return explanations.map((e, i) => {
    const label = labels[i];
    const attention = meanAttention(e);
    const cam = camHeatmap(e.cams[e.predicted]);
    sums.cellReduction = e.cellReduction;
    sums.count[label]++;
    if (attention) attention.data.forEach((v, cell) => (sums.attention[label][cell] += v));
    e.cams[label].flat().forEach((v, cell) => (sums.cam[label][cell] += v));
    return {
      label,
      predicted: e.predicted,
      selectivity: selectivity(e),
      inkMassRatio: inkMassRatio(attention, inkCells(images[i])),
      pearsonAttentionCam: attention ? pearson(attention, cam) : null,
      pointingHit: pointingGame(upsampleBilinear(cam, 28, 28), images[i], { threshold: INK_THRESHOLD }).hit,
    };
  });
}

/** Pixels changed per deletion step: 56 (two image rows) gives 15-point curves. */
export const DELETION_STEP = 56;

/** Deletion AUC (probability of the predicted class) of each image's CAM of its predicted class. */
export async function deletionAucs(model: ModelId, params: TensorParams, images: readonly PixelImage[]): Promise<number[]> {
  // A worker's slice may hold none of the subset's images.
  if (images.length === 0) return [];
  const explanations = await explainVariants(model, params, images);
  const scorer = async (batch: Float32Array[], classIndex: number) =>
    (await logitsBatch(model, params, batch)).map((l) => softmax(l)[classIndex]);
  const out: number[] = [];
  for (let i = 0; i < images.length; i++) {
    const e = explanations[i];
    const saliency = upsampleBilinear(camHeatmap(e.cams[e.predicted]), 28, 28);
    out.push((await deletionCurve(images[i], saliency, e.predicted, scorer, { step: DELETION_STEP })).auc);
  }
  return out;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const present = (values: Array<number | null>) => values.filter((v): v is number => v !== null && Number.isFinite(v));

/**
 * The median share of cells above 0.5 where it compares: sigmoid gates. The softmax model's 49
 * weights sum to 1, so every cell is far below 0.5 and its share (0) says nothing about how
 * selective it is; tables and plots show it as not applicable.
 */
export function comparableSelectivity(entry: { id: string; medianSelectivity: number | null }): number | null {
  return entry.id === 'attention-softmax' ? null : entry.medianSelectivity;
}

export interface QualitySummary {
  count: number;
  cellReduction: 'mean' | 'sum';
  accuracy: number;
  medianSelectivity: number | null;
  medianInkMassRatio: number | null;
  medianPearsonAttentionCam: number | null;
  pointingGame: number;
  /** Mean deletion AUC over the deletion subset (lower = more faithful). */
  meanDeletionAuc: number | null;
  deletionCount: number;
  /** Per class: mean A (null without spatial attention) and mean CAM of the true class, 7×7 rows. */
  classAverages: Array<{ class: number; count: number; attention: number[][] | null; cam: number[][] }>;
}

export function summarizeQuality(rows: readonly QualityRow[], sums: ClassSums, deletion: readonly number[]): QualitySummary {
  const hasAttention = rows.some((r) => r.selectivity !== null);
  const toRows = (values: Float64Array, n: number) =>
    Array.from({ length: 7 }, (_, r) => Array.from(values.subarray(r * 7, r * 7 + 7), (v) => v / n));
  return {
    count: rows.length,
    cellReduction: sums.cellReduction,
    accuracy: rows.filter((r) => r.predicted === r.label).length / Math.max(1, rows.length),
    medianSelectivity: median(present(rows.map((r) => r.selectivity))),
    medianInkMassRatio: median(present(rows.map((r) => r.inkMassRatio))),
    medianPearsonAttentionCam: median(present(rows.map((r) => r.pearsonAttentionCam))),
    pointingGame: rows.filter((r) => r.pointingHit).length / Math.max(1, rows.length),
    meanDeletionAuc: deletion.length ? deletion.reduce((a, b) => a + b, 0) / deletion.length : null,
    deletionCount: deletion.length,
    classAverages: sums.count.map((count, c) => ({
      class: c,
      count,
      attention: hasAttention && count > 0 ? toRows(sums.attention[c], count) : null,
      cam: toRows(sums.cam[c], Math.max(1, count)),
    })),
  };
}
