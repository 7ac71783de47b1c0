import * as tf from '@tensorflow/tfjs-core';
import '../testing/tfjs-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../tools/lib/backend-node';
import { loadMnistSplit } from '../../../tools/lib/mnist-node';
import { toTensorParams } from '../models/params';
import { createRng } from '../rng';
import { initParams } from '../models/init';
import { explanationReportSchema } from '../artifacts/report';
import { EXTRA_METHODS, explanationReport, type ModelSet } from './explanation-report';

let models: ModelSet;
let digit: Uint8Array;

beforeAll(async () => {
  await useBackend('wasm');
  models = {
    attention: toTensorParams('attention', initParams('attention', createRng(31))),
    traditional: toTensorParams('traditional', initParams('traditional', createRng(32))),
  };
  digit = Uint8Array.from(loadMnistSplit('test').images.pixels.subarray(0, 784));
});

afterAll(() => tf.dispose([...Object.values(models.attention), ...Object.values(models.traditional)]));

describe('explanation report', () => {
  it('computes every method and metric without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    const r = (await explanationReport(models, digit, {
      classes: [3, 8],
      methods: new Set(EXTRA_METHODS),
      input: { source: 'test' },
    })) as Record<string, any>;
    expect(tf.memory().numTensors).toBe(before);
    expect(r.classes).toEqual([3, 8]);
    expect(Object.keys(r.attention_cnn.cam)).toEqual(['3', '8']);
    expect(r.attention_cnn.top_k_cams).toHaveLength(3);
    const probs = r.attention_cnn.top_k_cams.map((t: { probability: number }) => t.probability);
    expect([...probs].sort((a, b) => b - a)).toEqual(probs);
    const f = r.comparison.faithfulness.attention_cnn_cam;
    for (const auc of [f.deletion_auc.background, f.deletion_auc.blur, f.insertion_auc.background, f.insertion_auc.blur]) {
      expect(auc).toBeGreaterThanOrEqual(0);
      expect(auc).toBeLessThanOrEqual(1);
    }
    expect(r.comparison.sanity_check.attention_cnn_cam.map((s: { stage: string }) => s.stage)).toEqual([
      'classifier',
      'feature_conv + attention_conv',
      'conv3',
      'conv2',
      'conv1',
    ]);
    expect(r.comparison.sanity_check.traditional_cnn_gradcam).toHaveLength(5);
    // Every key of the JSON is in the report's schema, with the right kind of value.
    expect(() => explanationReportSchema.parse(JSON.parse(JSON.stringify(r)))).not.toThrow();
  }, 120_000);

  it('explains the predicted class of each model by default', async () => {
    const r = (await explanationReport(models, digit, { classes: 'predicted', methods: new Set(), input: {} })) as Record<string, any>;
    const expected = [...new Set([r.attention_cnn.predicted, r.traditional_cnn.predicted])].sort();
    expect(r.classes).toEqual(expected);
  });
});
