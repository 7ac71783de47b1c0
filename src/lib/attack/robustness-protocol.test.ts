// The robustness curves' worker protocol: each worker attacks one network; their points, in
// MODEL_NAMES order, equal one pass over both (what the build computes), and a worker leaves no
// tensors behind. On two real test digits, so the full ε grid and PGD-10 stay quick.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '../testing/tfjs-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../tools/lib/backend-node';
import { loadPretrained, loadPretrainedPlain } from '../../../tools/lib/load-pretrained';
import { loadMnistSplit } from '../../../tools/lib/mnist-node';
import { robustnessSchema, type RobustnessPoint } from '../artifacts/robustness';
import { MODEL_NAMES } from '../models/registry';
import type { ModelSet } from '../report/explanation-report';
import { cleanAccuracy, robustnessCurves, ROBUSTNESS_SETTINGS } from './robustness';
import { robustnessDigits, robustnessDocument, runRobustnessWorker, type RobustnessWorkerMessage } from './robustness-protocol';

const WEIGHTS = path.resolve('pretrained');
let models: ModelSet;

beforeAll(async () => {
  await useBackend('wasm');
  models = loadPretrained(WEIGHTS);
});

afterAll(() => tf.dispose([...Object.values(models.attention), ...Object.values(models.traditional)]));

describe('robustness worker protocol', () => {
  it('takes the first digits of each class of the test set', () => {
    const test = loadMnistSplit('test');
    const digits = robustnessDigits(test.images.pixels, test.labels);
    expect(digits).toHaveLength(ROBUSTNESS_SETTINGS.perClass * 10);
    for (let c = 0; c < 10; c++) expect(digits.filter((d) => d.label === c)).toHaveLength(ROBUSTNESS_SETTINGS.perClass);
    expect(digits[0].pixels).toEqual(test.images.pixels.subarray(digits[0].index * 784, digits[0].index * 784 + 784));
  });

  it('one worker per attacked network gives what one pass over both gives, and leaves no tensors', async () => {
    const test = loadMnistSplit('test');
    const digits = robustnessDigits(test.images.pixels, test.labels).filter((d) => d.index < 2);
    expect(digits.map((d) => d.label)).toEqual([7, 2]);
    const whole = await robustnessCurves(models, digits, { eps: ROBUSTNESS_SETTINGS.eps, methods: ROBUSTNESS_SETTINGS.methods });
    const before = tf.memory().numTensors;
    const parts: RobustnessPoint[][] = [];
    for (const attacked of MODEL_NAMES) {
      const messages: RobustnessWorkerMessage[] = [];
      const params = Object.fromEntries(MODEL_NAMES.map((m) => [m, loadPretrainedPlain(WEIGHTS, m)])) as Parameters<
        typeof runRobustnessWorker
      >[0]['params'];
      await runRobustnessWorker({ params, digits, attacked: [attacked] }, (m) => messages.push(m));
      const done = messages.at(-1)!;
      if (done.type !== 'done') throw new Error(`worker for ${attacked} ended with ${JSON.stringify(done)}`);
      expect(messages.filter((m) => m.type === 'progress')).toHaveLength(
        ROBUSTNESS_SETTINGS.eps.length * ROBUSTNESS_SETTINGS.methods.length,
      );
      expect(done.points.every((p) => p.attacked === attacked)).toBe(true);
      parts.push(done.points);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(parts.flat()).toEqual(whole);
    const doc = robustnessDocument(digits, await cleanAccuracy(models, digits), parts.flat(), {
      attention: 'a'.repeat(64),
      traditional: 'b'.repeat(64),
    });
    expect(() => robustnessSchema.parse(doc)).not.toThrow();
    expect(doc.subset.indices).toEqual(digits.map((d) => d.index));
  });
});
