import * as tf from '@tensorflow/tfjs-core';
import '../testing/tfjs-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { modelActivations } from './activations';
import { toTensorParams, type PlainParams } from './params';
import { parameterCount } from '../contract/param-spec';
import { getModel, type ModelName } from './registry';
import { tfjsShape } from '../weights/layout';
import { logitsBatch } from '../explain/predict';

function randomParams(model: ModelName): Record<string, tf.Tensor> {
  const rng = createRng(3);
  const plain: Record<string, { shape: number[]; data: Float32Array }> = {};
  for (const spec of getModel(model).params) {
    const shape = tfjsShape(spec);
    plain[spec.key] = { shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (rng() - 0.5) * 0.2) };
  }
  return toTensorParams(model, plain as PlainParams);
}

describe('modelActivations', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  const rng = createRng(11);
  const image = Uint8Array.from({ length: 784 }, () => Math.floor(rng() * 256));

  for (const model of ['attention', 'traditional'] as const) {
    it(`lists every ${model} layer with PyTorch shapes, all parameters once, and the real logits`, async () => {
      const params = randomParams(model);
      const before = tf.memory().numTensors;
      const layers = await modelActivations(model, params, image);
      expect(tf.memory().numTensors).toBe(before);
      const byId = Object.fromEntries(layers.map((l) => [l.id, l]));
      expect(byId.conv1.shape).toEqual([32, 28, 28]);
      expect(byId.conv3.shape).toEqual([64, 7, 7]);
      expect(byId.conv1.params.map((p) => p.shape)).toEqual([[32, 1, 3, 3], [32]]);
      for (const l of layers) expect(l.values.length).toBe(l.shape.reduce((a, b) => a * b, 1));
      const owned = layers.flatMap((l) => l.params);
      const specs = getModel(model).params;
      expect(owned.map((p) => p.key).sort()).toEqual(specs.map((s) => s.key).sort());
      expect(owned.reduce((n, p) => n + p.count, 0)).toBe(parameterCount(specs));
      for (const p of owned) expect(p.shape).toEqual([...specs.find((s) => s.key === p.key)!.shape]);
      const [logits] = await logitsBatch(model, params, [image]);
      expect(Array.from(byId.logits.values)).toEqual(Array.from(Float32Array.from(logits)));
      if (model === 'attention') expect(byId.attention.shape).toEqual([1, 7, 7]);
      else expect(byId.fc1.params[0].shape).toEqual([128, 3136]);
      tf.dispose(Object.values(params));
    });
  }
});
