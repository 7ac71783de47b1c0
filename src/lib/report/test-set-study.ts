// The test-set study: every digit through both models, with the attention map, the CAM of the
// attention-CNN's predicted class and the Grad-CAM of the traditional CNN's predicted class,
// reduced to the per-digit numbers the lesson's plots need. Batched; plain numbers out.
import { pearson } from '../metrics/agreement';
import { peakDistancePixels } from '../metrics/peaks';
import { attentionSpread } from '../metrics/spread';
import { explainAttentionCnn } from '../explain/attention-cam';
import { gradientCam } from '../explain/gradient-cams';
import type { PixelImage } from '../explain/input';
import { predictBatch } from '../explain/predict';
import type { ModelPair } from './explanation-report';

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

export function studyBatch(models: ModelPair, images: readonly PixelImage[], labels: ArrayLike<number>, firstIndex: number): StudyRow[] {
  const att = explainAttentionCnn(models.attention, images);
  const trad = predictBatch('traditional', models.traditional, images);
  const grad = gradientCam('traditional', models.traditional, images, trad.map((p) => ({ classIndex: p.predicted })), { method: 'gradcam', layer: 'conv3' });
  return images.map((_, i) => {
    const a = att[i];
    const cam = a.cams[a.predicted];
    const g = grad[i].map;
    const spread = attentionSpread(a.attention);
    return {
      index: firstIndex + i,
      label: labels[i],
      attentionPredicted: a.predicted,
      traditionalPredicted: trad[i].predicted,
      attentionConfidence: a.probabilities[a.predicted],
      traditionalConfidence: trad[i].probabilities[trad[i].predicted],
      attentionStd: spread.std,
      attentionEffectiveAreaFraction: spread.effectiveAreaFraction,
      pearsonAttentionCam: pearson(a.attention, cam),
      pearsonAttentionGradcam: pearson(a.attention, g),
      pearsonCamGradcam: pearson(cam, g),
      peakDistanceAttentionCam: peakDistancePixels(a.attention, cam).pixels,
      peakDistanceAttentionGradcam: peakDistancePixels(a.attention, g).pixels,
      peakDistanceCamGradcam: peakDistancePixels(cam, g).pixels,
    };
  });
}

export function median(values: readonly (number | null)[]): number | null {
  const v = values.filter((x): x is number => x !== null).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}
