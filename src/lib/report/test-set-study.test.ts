// The test-set study (engine compositions: camBatch + layerGradients 'predicted') against a plain
// reference built from the public per-method functions, on the committed weights and real digits;
// and the worker protocol that Node and the browser share.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../tools/lib/backend-node';
import { loadPretrained } from '../../../tools/lib/load-pretrained';
import { loadMnistSplit } from '../../../tools/lib/mnist-node';
import { explainAttentionCnn } from '../explain/attention-cam';
import { gradientCam } from '../explain/gradient-cams';
import type { PixelImage } from '../models/input';
import { predictBatch } from '../explain/predict';
import { pearson } from '../metrics/agreement';
import { peakDistancePixels } from '../metrics/peaks';
import { attentionSpread } from '../metrics/spread';
import type { ModelSet } from './explanation-report';
import { mergeStudyRows, runStudyWorker, studySlices, type StudyWorkerMessage } from './study-protocol';
import { toPlainParams } from '../models/params';
import { studyBatch, studyBatches, type StudyRow } from './test-set-study';

/** The test oracle: the study's numbers from the public per-method functions, one step at a time. */
async function referenceStudyBatch(
  models: ModelSet,
  images: readonly PixelImage[],
  labels: ArrayLike<number>,
  firstIndex: number,
): Promise<StudyRow[]> {
  const att = await explainAttentionCnn(models.attention, images);
  const trad = await predictBatch('traditional', models.traditional, images);
  const grad = await gradientCam(
    'traditional',
    models.traditional,
    images,
    trad.map((p) => ({ classIndex: p.predicted })),
    { method: 'gradcam', layer: 'conv3' },
  );
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

let models: ModelSet;
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

describe('test-set study', () => {
  it('studyBatch gives the rows of the reference (Grad-CAM to float32 rounding)', async () => {
    const rows = await studyBatch(models, digits, labels, 100);
    const ref = await referenceStudyBatch(models, digits, labels, 100);
    expect(rows.map((r) => r.index)).toEqual(Array.from({ length: COUNT }, (_, i) => 100 + i));
    rows.forEach((r, i) => {
      const e = ref[i];
      for (const key of Object.keys(e) as Array<keyof StudyRow>) {
        const a = r[key];
        const b = e[key];
        if (typeof a === 'number' && typeof b === 'number') expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(b)));
        else expect(a).toEqual(b);
      }
    });
  });

  it('one batch equals the same digits in two batches', async () => {
    const whole = await studyBatch(models, digits, labels, 0);
    const split = [
      ...(await studyBatch(models, digits.slice(0, 3), labels.slice(0, 3), 0)),
      ...(await studyBatch(models, digits.slice(3), labels.slice(3), 3)),
    ];
    whole.forEach((r, i) => {
      expect(split[i].index).toBe(r.index);
      expect(split[i].attentionPredicted).toBe(r.attentionPredicted);
      expect(split[i].traditionalPredicted).toBe(r.traditionalPredicted);
      expect(Math.abs((split[i].pearsonCamGradcam ?? 0) - (r.pearsonCamGradcam ?? 0))).toBeLessThan(1e-5);
    });
  });

  it('batches and slices cover every digit once, in order', () => {
    expect([...studyBatches(0, 10, 4)]).toEqual([
      { start: 0, count: 4 },
      { start: 4, count: 4 },
      { start: 8, count: 2 },
    ]);
    expect(studySlices(10_000, 2)).toEqual([
      { first: 0, count: 5000 },
      { first: 5000, count: 5000 },
    ]);
    expect(studySlices(5, 2)).toEqual([
      { first: 0, count: 3 },
      { first: 3, count: 2 },
    ]);
    expect(studySlices(1, 2)).toEqual([{ first: 0, count: 1 }]);
    expect(() => [...studyBatches(0, 3, 0)]).toThrow(RangeError);
  });

  it('the worker loop posts the rows of its slice and merges back into test-set order', async () => {
    const params = {
      attention: await toPlainParams('attention', models.attention),
      traditional: await toPlainParams('traditional', models.traditional),
    };
    const pixels = new Uint8Array(COUNT * 784);
    digits.forEach((d, i) => pixels.set(d, i * 784));
    const messages: StudyWorkerMessage[][] = [[], []];
    const slices = studySlices(COUNT, 2);
    for (const [w, slice] of slices.entries()) {
      await runStudyWorker(
        {
          params,
          pixels: pixels.slice(slice.first * 784, (slice.first + slice.count) * 784),
          labels: labels.slice(slice.first, slice.first + slice.count),
          firstIndex: slice.first,
          batchSize: 3,
        },
        (m) => messages[w].push(m),
      );
    }
    for (const list of messages) expect(list.at(-1)?.type).toBe('done');
    const parts = messages.map((list) => list.flatMap((m) => (m.type === 'rows' ? m.rows : [])));
    const merged = mergeStudyRows([parts[1], parts[0]]);
    expect(merged.map((r) => r.index)).toEqual(Array.from({ length: COUNT }, (_, i) => i));
    expect(merged.map((r) => r.attentionPredicted)).toEqual((await studyBatch(models, digits, labels, 0)).map((r) => r.attentionPredicted));
  });

  it('rejects a batch whose labels do not match its images', async () => {
    await expect(studyBatch(models, digits.slice(0, 2), labels.slice(0, 3), 0)).rejects.toThrow(/labels/);
  });

  it('leaves no tensors behind', async () => {
    await studyBatch(models, digits.slice(0, 2), labels.slice(0, 2), 0); // warm-up
    const before = tf.memory().numTensors;
    for (let k = 0; k < 3; k++) await studyBatch(models, digits, labels, 0);
    expect(tf.memory().numTensors).toBe(before);
  });
});
