// The CI smoke test of training: a few real batches on wasm must lower the loss, and the same
// seed must give the same weights bit for bit (the pretrained files depend on it).
import * as tf from '@tensorflow/tfjs-core';
import '../testing/tfjs-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../tools/lib/backend-node';
import { loadMnistSplit } from '../../../tools/lib/mnist-node';
import { normalizePixels } from '../data/preprocess';
import { toTensorParams } from '../models/params';
import type { ModelName } from '../models/registry';
import { initParams } from '../models/init';
import { createRng, shuffledIndices } from '../rng';
import { learningRateAt } from './schedule';
import { evaluate, train, type TrainConfig, type TrainData } from './trainer';

let data: TrainData;

function config(model: ModelName, seed: number, batches: number): TrainConfig {
  return {
    model,
    epochs: 1,
    batchSize: 32,
    seed,
    maxShift: 2,
    maxBatchesPerEpoch: batches,
    schedule: { peak: 3e-3, warmupFraction: 0.05, floorFraction: 0.1 },
  };
}

describe('training', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    await useBackend('wasm');
    const set = loadMnistSplit('train');
    data = {
      pixels: set.images.pixels,
      labels: set.labels,
      trainIndices: Uint32Array.from({ length: 4000 }, (_, i) => i),
      validationIndices: Uint32Array.from({ length: 500 }, (_, i) => 55000 + i),
      normalizedLut: normalizePixels(Uint8Array.from({ length: 256 }, (_, i) => i)),
    };
  });

  for (const model of ['traditional', 'attention'] as const) {
    it(`lowers the ${model} CNN's loss within a few dozen batches`, async () => {
      const start = toTensorParams(model, initParams(model, createRng(7)));
      const before = await evaluate(model, start, data.pixels, data.labels, data.validationIndices, data.normalizedLut, 250);
      tf.dispose(Object.values(start));
      const losses: number[] = [];
      const result = await train(config(model, 7, 40), data, (p) => losses.push(p.loss));
      const trained = toTensorParams(model, result.params);
      const after = await evaluate(model, trained, data.pixels, data.labels, data.validationIndices, data.normalizedLut, 250);
      tf.dispose(Object.values(trained));
      expect(result.history).toHaveLength(1);
      expect(after.loss).toBeLessThan(before.loss - 0.1);
      expect(result.history[0].validationLoss).toBeCloseTo(after.loss, 4);
      expect(losses.at(-1)!).toBeLessThan(losses[0]);
    });
  }

  it('keeps frozen parameters and the given starting weights; the attention penalty lowers mean(A)', async () => {
    const start = initParams('attention-softmax', createRng(3));
    const backbone = Object.fromEntries(Object.entries(start).filter(([k]) => /^conv[123]\./.test(k)));
    const base = { ...config('attention-softmax' as ModelName, 5, 4), trainablePrefixes: ['attention_conv', 'feature_conv', 'classifier'] };
    const result = await train({ ...base, model: 'attention-softmax', initialParams: backbone }, data);
    for (const key of Object.keys(backbone)) expect(result.params[key].data).toEqual(backbone[key].data);
    expect(result.params['classifier.weight'].data).not.toEqual(start['classifier.weight'].data);

    const meanAttention = async (params: Record<string, { shape: readonly number[]; data: Float32Array }>) => {
      const { getModel } = await import('../models/registry');
      const tensors = toTensorParams('attention', params);
      const x = tf.tensor4d(
        Float32Array.from(data.pixels.subarray(0, 64 * 784), (v) => data.normalizedLut[v]),
        [64, 28, 28, 1],
      );
      const value = await tf.tidy(() => tf.mean(getModel('attention').cam!(tensors, x).attention!)).data();
      tf.dispose([...Object.values(tensors), x]);
      return value[0];
    };
    const plain = await train(config('attention', 9, 15), data);
    const penalised = await train({ ...config('attention', 9, 15), attentionPenalty: 1 }, data);
    expect(await meanAttention(penalised.params)).toBeLessThan((await meanAttention(plain.params)) - 0.01);
  });

  it('gives identical weights for the same seed and different ones for another seed', async () => {
    const a = await train(config('attention', 11, 4), data);
    const b = await train(config('attention', 11, 4), data);
    const c = await train(config('attention', 12, 4), data);
    for (const key of Object.keys(a.params)) expect(b.params[key].data).toEqual(a.params[key].data);
    expect(c.params['conv1.weight'].data).not.toEqual(a.params['conv1.weight'].data);
  });

  it('frees every tensor it creates', async () => {
    const before = tf.memory().numTensors;
    await train(config('traditional', 3, 3), data);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('training helpers', () => {
  it('shuffles to a permutation, reproducibly', () => {
    const a = shuffledIndices(1000, createRng(1));
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(shuffledIndices(1000, createRng(1))).toEqual(a);
  });

  it('warms up linearly, then decays along a cosine to the floor', () => {
    const s = { peak: 1, warmupFraction: 0.1, floorFraction: 0.01 };
    expect(learningRateAt(0, 100, s)).toBeCloseTo(0.1);
    expect(learningRateAt(9, 100, s)).toBeCloseTo(1);
    expect(learningRateAt(10, 100, s)).toBeCloseTo(1);
    expect(learningRateAt(55, 100, s)).toBeCloseTo(0.505);
    expect(learningRateAt(100, 100, s)).toBeCloseTo(0.01);
  });

  it('initialises like PyTorch: U(−1/√fan_in, 1/√fan_in)', () => {
    const p = initParams('traditional', createRng(1));
    const bound = 1 / Math.sqrt(3136);
    const fc1 = p['fc1.weight'].data;
    let max = 0;
    for (const v of fc1) max = Math.max(max, Math.abs(v));
    expect(max).toBeLessThanOrEqual(bound);
    expect(max).toBeGreaterThan(0.99 * bound);
  });
});
