// Lab 1's attention-quality study: its per-image measures against plain oracles written from the
// lesson's definitions, on real test digits and the committed weights; and the slice protocol the
// build and the page's workers share (two slices merged = one slice, the worker's messages, no
// tensors left behind).
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../tools/lib/backend-node';
import { loadPretrainedModel, loadPretrainedPlain } from '../../../tools/lib/load-pretrained';
import { loadMnistSplit } from '../../../tools/lib/mnist-node';
import { explainVariants } from '../explain/variant-explanation';
import { firstPerClass } from '../data/per-class';
import type { ModelId } from '../models/registry';
import { emptyClassSums, INK_THRESHOLD, qualityBatch, SELECTIVE_ABOVE } from './attention-quality';
import {
  mergeQualitySlices,
  qualityEntry,
  qualitySlice,
  runQualityWorker,
  type QualitySlice,
  type QualityWorkerMessage,
} from './quality-protocol';
import { digitAt } from './test-set-study';

const WEIGHTS = path.resolve(import.meta.dirname, '../../../pretrained');
const N = 40; // the second slice below holds none of the first-per-class images: the empty case
let pixels: Uint8Array;
let labels: Uint8Array;
const params: Partial<Record<ModelId, Record<string, tf.Tensor>>> = {};
const MODELS: ModelId[] = ['attention-cbam', 'attention-se', 'attention-multihead'];

beforeAll(async () => {
  await useBackend('wasm');
  const test = loadMnistSplit('test');
  pixels = test.images.pixels.slice(0, N * 784);
  labels = test.labels.slice(0, N);
  for (const m of MODELS) params[m] = loadPretrainedModel(WEIGHTS, m);
});

afterAll(() => {
  for (const m of MODELS) tf.dispose(Object.values(params[m]!));
});

describe('per-image measures, against the lesson’s definitions', () => {
  it('selectivity, ink mass and class sums follow from the maps', async () => {
    for (const model of ['attention-cbam', 'attention-multihead'] as const) {
      const images = Array.from({ length: 8 }, (_, i) => digitAt(pixels, i));
      const sums = emptyClassSums();
      const rows = await qualityBatch(model, params[model]!, images, labels.subarray(0, 8), sums);
      const explanations = await explainVariants(model, params[model]!, images);
      rows.forEach((row, i) => {
        const heads = explanations[i].attention.map((h) => h.flat());
        const open = heads.map((h) => h.filter((v) => v > SELECTIVE_ABOVE).length / 49);
        expect(row.selectivity).toBeCloseTo(open.reduce((a, b) => a + b, 0) / heads.length, 12);
        const mean = heads[0].map((_, cell) => heads.reduce((a, h) => a + h[cell], 0) / heads.length);
        const ink = Array.from({ length: 49 }, (_, cell) => {
          const [r, c] = [Math.floor(cell / 7), cell % 7];
          for (let y = 0; y < 4; y++)
            for (let x = 0; x < 4; x++) if (images[i][(4 * r + y) * 28 + 4 * c + x] / 255 > INK_THRESHOLD) return true;
          return false;
        });
        const total = mean.reduce((a, b) => a + b, 0);
        const onInk = mean.reduce((a, v, cell) => a + (ink[cell] ? v : 0), 0);
        expect(row.inkMassRatio).toBeCloseTo(onInk / total / (ink.filter(Boolean).length / 49), 5);
        expect(row.predicted).toBe(explanations[i].predicted);
      });
      expect(sums.count.reduce((a, b) => a + b, 0)).toBe(8);
    }
  });

  it('a model without spatial attention (SE) has no attention measures, but CAM ones', async () => {
    const rows = await qualityBatch('attention-se', params['attention-se']!, [digitAt(pixels, 0)], labels.subarray(0, 1), emptyClassSums());
    expect(rows[0].selectivity).toBeNull();
    expect(rows[0].inkMassRatio).toBeNull();
    expect(rows[0].pearsonAttentionCam).toBeNull();
    expect(typeof rows[0].pointingHit).toBe('boolean');
  });
});

describe('the slice protocol', () => {
  const deletion = () => firstPerClass(labels, 1);

  it('two slices merged give what one slice over all images gives', async () => {
    for (const model of ['attention-cbam', 'attention-se'] as const) {
      const whole = await qualitySlice(model, params[model]!, pixels, labels, deletion(), 16);
      const cut = 19; // not a batch boundary
      const first = await qualitySlice(
        model,
        params[model]!,
        pixels.slice(0, cut * 784),
        labels.slice(0, cut),
        deletion().filter((i) => i < cut),
        7,
      );
      const second = await qualitySlice(
        model,
        params[model]!,
        pixels.slice(cut * 784),
        labels.slice(cut),
        deletion()
          .filter((i) => i >= cut)
          .map((i) => i - cut),
        5,
      );
      const merged = mergeQualitySlices([first, second]);
      expect(merged.rows).toEqual(whole.rows);
      expect(merged.deletion.length).toBe(whole.deletion.length);
      merged.deletion.forEach((v, i) => expect(v).toBeCloseTo(whole.deletion[i], 6));
      expect(merged.sums.count).toEqual(whole.sums.count);
      expect(merged.sums.cellReduction).toBe(whole.sums.cellReduction);
      merged.sums.cam.forEach((row, c) => row.forEach((v, cell) => expect(v).toBeCloseTo(whole.sums.cam[c][cell], 6)));
      const a = qualityEntry(model, '0'.repeat(64), merged);
      const b = qualityEntry(model, '0'.repeat(64), whole);
      expect(a.accuracy).toBe(b.accuracy);
      expect(a.medianSelectivity).toBe(b.medianSelectivity);
      expect(a.pointingGame).toBe(b.pointingGame);
      expect(a.meanDeletionAuc).toBeCloseTo(b.meanDeletionAuc!, 6);
    }
  });

  it('the worker posts progress per batch, then its slice, and leaves no tensors', async () => {
    const messages: QualityWorkerMessage[] = [];
    const before = tf.memory().numTensors;
    await runQualityWorker(
      {
        model: 'attention-cbam',
        params: loadPretrainedPlain(WEIGHTS, 'attention-cbam'),
        pixels,
        labels,
        deletion: deletion(),
        batchSize: 16,
      },
      (m) => messages.push(m),
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(messages.filter((m) => m.type === 'progress').map((m) => (m as { images: number }).images)).toEqual([16, 16, 8, 0]);
    const done = messages.at(-1) as { type: 'done'; slice: QualitySlice };
    expect(done.type).toBe('done');
    const direct = await qualitySlice('attention-cbam', params['attention-cbam']!, pixels, labels, deletion(), 16);
    expect(done.slice.rows).toEqual(direct.rows);
    expect(done.slice.deletion).toEqual(direct.deletion);
  });

  it('a slice leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    await qualitySlice('attention-multihead', params['attention-multihead']!, pixels.slice(0, 5 * 784), labels.slice(0, 5), [0, 3], 2);
    expect(tf.memory().numTensors).toBe(before);
  });
});
