// Robustness curves are the attack report, batched: on one digit they equal attackReport's
// numbers; at ε = 0 accuracy is the clean accuracy and every map is unchanged; the subset is the
// first N digits of each class.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '../testing/tfjs-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../tools/lib/backend-node';
import { loadPretrained } from '../../../tools/lib/load-pretrained';
import { loadMnistSplit } from '../../../tools/lib/mnist-node';
import { robustnessSchema } from '../artifacts/robustness';
import type { ModelSet } from '../report/explanation-report';
import { attackReport } from './attack-report';
import { firstPerClass } from '../data/per-class';
import { cleanAccuracy, robustnessCurves, type RobustnessDigit } from './robustness';

let models: ModelSet;
let digits: RobustnessDigit[];

beforeAll(async () => {
  await useBackend('wasm');
  models = loadPretrained(path.resolve('pretrained'));
  const test = loadMnistSplit('test');
  digits = firstPerClass(test.labels, 1).map((index) => ({
    index,
    pixels: Uint8Array.from(test.images.pixels.subarray(index * 784, (index + 1) * 784)),
    label: test.labels[index],
  }));
});

afterAll(() => tf.dispose([...Object.values(models.attention), ...Object.values(models.traditional)]));

describe('robustness curves', () => {
  it('take the first N test digits of each class, in order', () => {
    const labels = [3, 1, 3, 3, 0, 1, 2, 4, 5, 6, 7, 8, 9, 0];
    expect(firstPerClass(labels, 1)).toEqual([0, 1, 4, 6, 7, 8, 9, 10, 11, 12]);
    expect(firstPerClass(labels, 2).slice(0, 4)).toEqual([0, 1, 2, 4]);
  });

  it('at ε = 0 give the clean accuracy and unchanged maps; with a budget, never more accuracy on the attacked network', async () => {
    const points = await robustnessCurves(models, digits, { eps: [0, 0.2], methods: ['fgsm'] });
    const clean = await cleanAccuracy(models, digits);
    expect(points).toHaveLength(4);
    for (const p of points.filter((q) => q.eps === 0)) {
      expect(p.networks.attention.accuracy).toBe(clean.attention);
      expect(p.networks.traditional.accuracy).toBe(clean.traditional);
      for (const r of [...Object.values(p.networks.attention.medianPearson), ...Object.values(p.networks.traditional.medianPearson)])
        expect(r).toBeCloseTo(1, 6);
      expect(p.flipped).toEqual([]);
    }
    for (const p of points.filter((q) => q.eps > 0)) {
      expect(p.networks[p.attacked].accuracy).toBeLessThanOrEqual(clean[p.attacked]);
      for (const i of p.flipped) expect(digits.map((d) => d.index)).toContain(i);
    }
    robustnessSchema.parse({
      format: 'robustness/1',
      subset: { perClass: 1, count: 10, indices: digits.map((d) => d.index) },
      pgdSteps: 10,
      clean,
      points,
      weights: { attention: 'a'.repeat(64), traditional: 'b'.repeat(64) },
    });
  });

  it('on one digit, equal the attack report (same engine, batched)', async () => {
    const one = digits.slice(7, 8);
    const [point] = await robustnessCurves(models, one, { eps: [0.15], methods: ['pgd'] });
    const { report } = await attackReport(
      models,
      'attention',
      one[0].pixels,
      { method: 'pgd', eps: 0.15 },
      {
        source: `mnist-test:${one[0].index}`,
        label: one[0].label,
        width: 28,
        height: 28,
        preprocessing: 'as-is',
      },
    );
    expect(point.attacked).toBe('attention');
    expect(point.networks.attention.accuracy).toBe(report.attention_cnn.after.predicted === one[0].label ? 1 : 0);
    expect(point.networks.traditional.accuracy).toBe(report.traditional_cnn.after.predicted === one[0].label ? 1 : 0);
    expect(point.networks.attention.medianPearson.attention).toBeCloseTo(
      report.attention_cnn.after.change_from_before.attention.pearson!,
      5,
    );
    expect(point.networks.attention.medianPearson.cam).toBeCloseTo(report.attention_cnn.after.change_from_before.cam.pearson!, 5);
    expect(point.networks.traditional.medianPearson.gradcam).toBeCloseTo(
      report.traditional_cnn.after.change_from_before.gradcam.pearson!,
      5,
    );
  });
});
