// The test-set study: every digit through the two course networks, with the attention map, the
// CAM of the attention-CNN's predicted class and the Grad-CAM of the traditional CNN's predicted
// class, reduced to the per-digit numbers the lesson's plots need. It composes the engine —
// camBatch (one forward pass) and layerGradients + combineGradientCam (one forward pass, the
// gradient of each digit's own predicted logit) — in batches; plain rows out.
import { MAP_CELLS, NUM_CLASSES, PIXELS_PER_IMAGE } from '../contract/constants';
import { heatmap } from '../contract/heatmap';
import { pearson } from '../metrics/agreement';
import { peakDistancePixels } from '../metrics/peaks';
import { attentionSpread } from '../metrics/spread';
import { camBatch, camOfClass } from '../explain/attention-cam';
import { combineGradientCam, layerGradients, PREDICTED } from '../explain/gradient-cams';
import type { PixelImage } from '../models/input';
import { argMax, softmax } from '../explain/predict';
import type { ModelSet } from './explanation-report';

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

/** Consecutive batches [start, start + count) covering `count` digits from `first`. */
export function* studyBatches(first: number, count: number, batchSize: number): Generator<{ start: number; count: number }> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
  for (let start = first; start < first + count; start += batchSize) yield { start, count: Math.min(batchSize, first + count - start) };
}

/** Digit i of a packed count × 784 byte array, as a view. */
export function digitAt(pixels: Uint8Array, i: number): Uint8Array {
  return pixels.subarray(i * PIXELS_PER_IMAGE, (i + 1) * PIXELS_PER_IMAGE);
}

function predictionOf(logits: Float32Array, i: number): { predicted: number; confidence: number } {
  const row = Array.from(logits.subarray(i * NUM_CLASSES, (i + 1) * NUM_CLASSES));
  const predicted = argMax(row);
  return { predicted, confidence: softmax(row)[predicted] };
}

/** The study's rows for one batch of digits (labels[i] belongs to images[i]). */
export async function studyBatch(
  models: ModelSet,
  images: readonly PixelImage[],
  labels: ArrayLike<number>,
  firstIndex: number,
): Promise<StudyRow[]> {
  if (labels.length !== images.length) throw new RangeError(`studyBatch: ${images.length} images but ${labels.length} labels`);
  const cams = await camBatch('attention', models.attention, images);
  const grads = await layerGradients('traditional', models.traditional, images, 'conv3', PREDICTED);
  const rows: StudyRow[] = [];
  for (let i = 0; i < images.length; i++) {
    const a = predictionOf(cams.logits, i);
    const t = predictionOf(grads.logits, i);
    const attention = heatmap(7, 7, cams.attention.subarray(i * MAP_CELLS, (i + 1) * MAP_CELLS));
    const cam = heatmap(7, 7, camOfClass(cams, i, a.predicted));
    const g = combineGradientCam('gradcam', grads, i).map;
    const spread = attentionSpread(attention);
    rows.push({
      index: firstIndex + i,
      label: labels[i],
      attentionPredicted: a.predicted,
      traditionalPredicted: t.predicted,
      attentionConfidence: a.confidence,
      traditionalConfidence: t.confidence,
      attentionStd: spread.std,
      attentionEffectiveAreaFraction: spread.effectiveAreaFraction,
      pearsonAttentionCam: pearson(attention, cam),
      pearsonAttentionGradcam: pearson(attention, g),
      pearsonCamGradcam: pearson(cam, g),
      peakDistanceAttentionCam: peakDistancePixels(attention, cam).pixels,
      peakDistanceAttentionGradcam: peakDistancePixels(attention, g).pixels,
      peakDistanceCamGradcam: peakDistancePixels(cam, g).pixels,
    });
  }
  return rows;
}
