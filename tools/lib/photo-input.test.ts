// A phone photo of a handwritten 5 (dark ink on grey paper, a shadow across it, paper grain),
// made in code: after the shared preprocessing cleans the background, the course's attention-CNN
// reads it as a 5. The same photo centred without the cleaning step is misread, so the test
// shows what the step is for.
import * as tf from '@tensorflow/tfjs-core';
import '../../src/lib/testing/tfjs-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centerDrawing } from '../../src/lib/data/centerDrawing';
import { modelInputFromPixels } from '../../src/lib/data/model-input';
import { pixelsToGray } from '../../src/lib/data/pixels-to-gray';
import { predictBatch } from '../../src/lib/explain/predict';
import { useBackend } from './backend-node';
import { loadPretrainedModel } from './load-pretrained';
import { loadMnistSplit } from './mnist-node';
import { photoOfDigit } from './synthetic-photo';

let attention: Record<string, tf.Tensor>;
const test = loadMnistSplit('test');
/** The first five test digits labelled 5. */
const fives = [...test.labels.keys()].filter((i) => test.labels[i] === 5).slice(0, 5);

beforeAll(async () => {
  await useBackend('cpu');
  attention = loadPretrainedModel('pretrained', 'attention');
});
afterAll(() => tf.dispose(Object.values(attention)));

describe('a photo of a 5 with a shadow gradient and paper noise', () => {
  const width = 320;
  const height = 260;
  const photos = fives.map((index) =>
    photoOfDigit(Uint8Array.from(test.images.pixels.subarray(index * 784, (index + 1) * 784)), {
      width,
      height,
      digit: { x: 70, y: 30, size: 200 },
      seed: index,
    }),
  );

  it('is cleaned (background normalised, Otsu ink mask) and predicted 5', async () => {
    const inputs = photos.map((data) => modelInputFromPixels({ width, height, channels: 4, data }));
    for (const input of inputs) {
      expect(input.preprocessing).toBe('mnist-style');
      expect(input.steps?.inverted).toBe(true);
      expect(input.steps?.background).toMatchObject({ window: 55 });
      expect(input.steps!.background!.paperLevel).toBeGreaterThan(80);
      // The ink box holds the digit (200 px frame at (70, 30)), not the shadow.
      const box = input.steps!.bbox;
      expect(box.x).toBeGreaterThanOrEqual(70);
      expect(box.y).toBeGreaterThanOrEqual(30);
      expect(box.x + box.width).toBeLessThanOrEqual(270);
      expect(box.y + box.height).toBeLessThanOrEqual(230);
      expect(input.warnings).toEqual([]);
    }
    // await: the engine's reads are becoming async; it works for the synchronous API too.
    const predictions = await predictBatch(
      'attention',
      attention,
      inputs.map((i) => i.pixels),
    );
    expect(predictions.map((p) => p.predicted)).toEqual(fives.map(() => 5));
    for (const p of predictions) expect(p.probabilities[5]).toBeGreaterThan(0.9);
  });

  it('is misread when centred without the cleaning step (the shadow counts as ink)', async () => {
    const raw = photos.map((data) => centerDrawing({ width, height, data: pixelsToGray({ width, height, channels: 4, data }).gray }));
    for (const r of raw) expect(r.steps.bbox).toEqual({ x: 0, y: 0, width, height });
    const predictions = await predictBatch(
      'attention',
      attention,
      raw.map((r) => r.pixels),
    );
    expect(predictions.filter((p) => p.predicted === 5).length).toBe(0);
  });
});
