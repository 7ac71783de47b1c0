// The split test-set study (two model parts + combine) against the single-pass implementation it
// replaced, on the committed weights and real test digits.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../tools/lib/backend-node';
import { loadPretrained } from '../../../tools/lib/load-pretrained';
import { loadMnistSplit } from '../../../tools/lib/mnist-node';
import { explainAttentionCnn } from '../explain/attention-cam';
import { gradientCam } from '../explain/gradient-cams';
import type { PixelImage } from '../explain/input';
import { predictBatch } from '../explain/predict';
import { pearson } from '../metrics/agreement';
import { peakDistancePixels } from '../metrics/peaks';
import { attentionSpread } from '../metrics/spread';
import type { ModelPair } from './explanation-report';
import {
  attentionStudyPart,
  combineStudyRows,
  concatParts,
  partBuffers,
  studyBatch,
  traditionalStudyPart,
  type StudyRow,
} from './test-set-study';

/** The implementation before the split, kept verbatim as the reference. */
function referenceStudyBatch(models: ModelPair, images: readonly PixelImage[], labels: ArrayLike<number>, firstIndex: number): StudyRow[] {
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

let models: ModelPair;
let digits: Uint8Array[];
let labels: Uint8Array;
const FIRST = 0;
const COUNT = 8;

beforeAll(async () => {
  await useBackend('wasm');
  models = loadPretrained(path.resolve('pretrained'));
  const test = loadMnistSplit('test');
  digits = Array.from({ length: COUNT }, (_, i) => Uint8Array.from(test.images.pixels.subarray((FIRST + i) * 784, (FIRST + i + 1) * 784)));
  labels = test.labels.slice(FIRST, FIRST + COUNT);
});

afterAll(() => tf.dispose([...Object.values(models.attention), ...Object.values(models.traditional)]));

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
};

describe('test-set study parts', () => {
  it('studyBatch gives the same rows as the single-pass implementation', () => {
    const rows = studyBatch(models, digits, labels, 100);
    expect(rows).toEqual(referenceStudyBatch(models, digits, labels, 100));
    expect(rows.map((r) => r.index)).toEqual(Array.from({ length: COUNT }, (_, i) => 100 + i));
  });

  it('the attention part holds the attention map and the predicted class CAM of explainAttentionCnn', () => {
    const part = attentionStudyPart(models.attention, digits);
    const ref = explainAttentionCnn(models.attention, digits);
    expect(part.count).toBe(COUNT);
    ref.forEach((e, i) => {
      expect(part.predicted[i]).toBe(e.predicted);
      expect(part.confidence[i]).toBe(e.probabilities[e.predicted]);
      expect(maxAbsDiff(part.attention.subarray(i * 49, (i + 1) * 49), e.attention.data)).toBe(0);
      expect(maxAbsDiff(part.cam.subarray(i * 49, (i + 1) * 49), e.cams[e.predicted].data)).toBe(0);
    });
  });

  it('the traditional part (one forward pass) matches predictBatch + gradientCam to 1e-6', () => {
    const part = traditionalStudyPart(models.traditional, digits);
    const trad = predictBatch('traditional', models.traditional, digits);
    const grad = gradientCam('traditional', models.traditional, digits, trad.map((p) => ({ classIndex: p.predicted })), { method: 'gradcam', layer: 'conv3' });
    trad.forEach((p, i) => {
      expect(part.predicted[i]).toBe(p.predicted);
      expect(part.confidence[i]).toBe(p.probabilities[p.predicted]);
      expect(maxAbsDiff(part.gradcam.subarray(i * 49, (i + 1) * 49), grad[i].map.data)).toBeLessThanOrEqual(1e-6);
    });
  });

  it('parts of two batches joined equal the rows of each batch', () => {
    const a = concatParts([attentionStudyPart(models.attention, digits.slice(0, 3)), attentionStudyPart(models.attention, digits.slice(3))]);
    const t = concatParts([traditionalStudyPart(models.traditional, digits.slice(0, 3)), traditionalStudyPart(models.traditional, digits.slice(3))]);
    expect(a.count).toBe(COUNT);
    expect(a.attention).toBeInstanceOf(Float32Array);
    expect(a.confidence).toBeInstanceOf(Float64Array);
    const rows = combineStudyRows(a, t, labels, 0);
    const expected = [...studyBatch(models, digits.slice(0, 3), labels.slice(0, 3), 0), ...studyBatch(models, digits.slice(3), labels.slice(3), 3)];
    expect(rows).toEqual(expected);
    expect(partBuffers(a)).toHaveLength(4);
    expect(partBuffers(t)).toHaveLength(3);
  });

  it('combineStudyRows rejects parts of different sizes', () => {
    const a = attentionStudyPart(models.attention, digits.slice(0, 2));
    const t = traditionalStudyPart(models.traditional, digits.slice(0, 3));
    expect(() => combineStudyRows(a, t, labels.slice(0, 2), 0)).toThrow(RangeError);
    expect(() => combineStudyRows(a, traditionalStudyPart(models.traditional, digits.slice(0, 2)), labels.slice(0, 3), 0)).toThrow(/labels/);
    expect(() => combineStudyRows({ ...a, cam: new Float32Array(3) }, t, labels.slice(0, 2), 0)).toThrow(/map array/);
  });

  it('leaves no tensors behind', () => {
    studyBatch(models, digits.slice(0, 2), labels.slice(0, 2), 0); // warm-up
    const before = tf.memory().numTensors;
    for (let k = 0; k < 3; k++) {
      attentionStudyPart(models.attention, digits);
      traditionalStudyPart(models.traditional, digits);
      studyBatch(models, digits, labels, 0);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
