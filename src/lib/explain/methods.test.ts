// The method registry's one contract, for every method on every model it supports: a batch in,
// one result per image out, each equal to the same image explained alone; the map's grid is what
// the entry says; unsigned methods never go below 0; nothing leaks.
import * as tf from '@tensorflow/tfjs-core';
import '../testing/tfjs-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../tools/lib/backend-node';
import { loadMnistSplit } from '../../../tools/lib/mnist-node';
import { initParams } from '../models/init';
import { toTensorParams } from '../models/params';
import { getModel, MODEL_NAMES, type ModelName } from '../models/registry';
import { createRng } from '../rng';
import { explainOne, findMethod, METHODS, PICKABLE_METHODS } from './methods';

let params: Record<ModelName, Record<string, tf.Tensor>>;
let digits: Uint8Array[];

beforeAll(async () => {
  await useBackend('wasm');
  params = Object.fromEntries(MODEL_NAMES.map((m, i) => [m, toTensorParams(m, initParams(m, createRng(40 + i)))])) as typeof params;
  const test = loadMnistSplit('test');
  digits = [0, 1].map((i) => Uint8Array.from(test.images.pixels.subarray(i * 784, (i + 1) * 784)));
});

afterAll(() => tf.dispose(MODEL_NAMES.flatMap((m) => Object.values(params[m]))));

const GRID = { cells: 7, input: 28 } as const;

describe('method registry', () => {
  it('has unique ids and report keys, and pickable methods are a subset', () => {
    expect(new Set(METHODS.map((m) => m.id)).size).toBe(METHODS.length);
    expect(new Set(METHODS.map((m) => m.reportKey)).size).toBe(METHODS.length);
    for (const id of PICKABLE_METHODS) expect(findMethod(id).pickable).toBe(true);
    expect(() => findMethod('nope')).toThrow(/unknown method "nope"/);
  });

  for (const entry of METHODS) {
    for (const model of MODEL_NAMES) {
      if (!entry.supports(getModel(model))) continue;
      it(`${entry.id} on the ${model} CNN: batch = single, the declared grid and sign`, async () => {
        const layer = entry.layered ? 'conv2' : undefined;
        const targets = [{ classIndex: 3 }, entry.id === 'contrastive' ? { contrast: [1, 7] as const } : { classIndex: 8 }];
        const before = tf.memory().numTensors;
        const batch = await entry.run({ model, params: params[model], images: digits, targets, layer });
        const single = await explainOne(entry.id, model, params[model], digits[1], targets[1], layer);
        expect(tf.memory().numTensors).toBe(before);
        expect(batch).toHaveLength(2);
        const side = entry.resolution === 'layer' ? 14 : GRID[entry.resolution];
        for (const r of batch) expect([r.map.height, r.map.width]).toEqual([side, side]);
        batch[1].map.data.forEach((v, i) => expect(Math.abs(v - single.map.data[i])).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(v))));
        if (!entry.signed) for (const v of batch[0].map.data) expect(v).toBeGreaterThanOrEqual(0);
      }, 60_000);
    }
  }

  it('refuses a method on a model it does not support, and a mismatched batch', async () => {
    const attentionOnly = METHODS.find((m) => !m.supports(getModel('traditional')))!;
    await expect(explainOne(attentionOnly.id, 'traditional', params.traditional, digits[0], { classIndex: 1 })).rejects.toThrow(
      /does not apply/,
    );
    await expect(
      findMethod('gradcam').run({ model: 'traditional', params: params.traditional, images: digits, targets: [{ classIndex: 1 }] }),
    ).rejects.toThrow(/2 images but 1 targets/);
  });
});
