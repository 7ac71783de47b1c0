// Invariants of the explanation engine, on seeded random weights (they must hold for any
// weights) and real MNIST digits.
import * as tf from '@tensorflow/tfjs-core';
import '../testing/tfjs-node';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../tools/lib/backend-node';
import { loadMnistSplit } from '../../../tools/lib/mnist-node';
import { getModel } from '../models/registry';
import { readTensors } from '../tensor-read';
import { toTensorParams } from '../models/params';
import { createRng } from '../rng';
import { initParams } from '../models/init';
import { contrastiveCam, explainAttentionCnn } from './attention-cam';
import { GRADIENT_CAM_METHODS, gradientCam, layerGradients } from './gradient-cams';
import { imagesTensor } from '../models/input';
import { inputGradients, integratedGradients, saliency, smoothGrad } from './input-attributions';
import { occlusion } from './occlusion';
import { predictBatch } from './predict';
import { scoreCam } from './score-cam';
import { upsampleBilinear } from './upsample';
import { normalizePixels } from '../data/preprocess';

let attention: Record<string, tf.Tensor>;
let traditional: Record<string, tf.Tensor>;
let digits: Uint8Array[];

const close = (a: number, b: number, rel = 1e-5) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(a), Math.abs(b)));

beforeAll(async () => {
  await useBackend('wasm');
  attention = toTensorParams('attention', initParams('attention', createRng(21)));
  traditional = toTensorParams('traditional', initParams('traditional', createRng(22)));
  const test = loadMnistSplit('test');
  digits = [0, 1, 2, 3, 4].map((i) => Uint8Array.from(test.images.pixels.subarray(i * 784, (i + 1) * 784)));
});

afterAll(() => tf.dispose([...Object.values(attention), ...Object.values(traditional)]));

describe('attention-CNN: attention map, CAM and the logit ledger', () => {
  it('mean CAM_c + b_c = logit_c for every class, also after bilinear upsampling', async () => {
    for (const e of await explainAttentionCnn(attention, digits)) {
      for (const row of e.ledger) {
        close(row.reconstructed, row.logit);
        const up = upsampleBilinear(e.cams[row.classIndex], 28, 28).data;
        close(up.reduce((a, b) => a + b, 0) / 784 + row.bias, row.logit);
      }
      for (const a of e.attention.data) expect(a > 0 && a < 1).toBe(true);
    }
  });

  it('Grad-CAM and HiResCAM on the attended features equal CAM / 49 (before the ReLU)', async () => {
    const [e] = await explainAttentionCnn(attention, [digits[0]]);
    for (const method of ['gradcam', 'hirescam'] as const) {
      for (const c of [0, 3, 7]) {
        const [r] = await gradientCam('attention', attention, [digits[0]], [{ classIndex: c }], { method, layer: 'attended' });
        r.raw.data.forEach((v, i) => close(v, e.cams[c].data[i] / 49));
        r.map.data.forEach((v, i) => close(v, Math.max(0, e.cams[c].data[i] / 49)));
      }
    }
  });

  it('CAM_a − CAM_b is the CAM of logit_a − logit_b', async () => {
    const [e] = await explainAttentionCnn(attention, [digits[1]]);
    const diff = contrastiveCam(e, 2, 5);
    const [g] = await gradientCam('attention', attention, [digits[1]], [{ contrast: [2, 5] }], { method: 'gradcam', layer: 'attended' });
    diff.data.forEach((v, i) => close(v / 49, g.raw.data[i]));
    const mean = diff.data.reduce((a, b) => a + b, 0) / 49;
    close(mean + e.ledger[2].bias - e.ledger[5].bias, e.logits[2] - e.logits[5]);
  });

  it('a single image gives the same maps as the same image inside a batch', async () => {
    const batch = await explainAttentionCnn(attention, digits);
    const [single] = await explainAttentionCnn(attention, [digits[3]]);
    batch[3].attention.data.forEach((v, i) => close(v, single.attention.data[i]));
    batch[3].cams[4].data.forEach((v, i) => close(v, single.cams[4].data[i]));
    const targets = digits.map(() => ({ classIndex: 6 }));
    const g = await gradientCam('traditional', traditional, digits, targets, { method: 'gradcam', layer: 'conv3' });
    const g1 = await gradientCam('traditional', traditional, [digits[3]], [{ classIndex: 6 }], { method: 'gradcam', layer: 'conv3' });
    g[3].raw.data.forEach((v, i) => close(v, g1[0].raw.data[i]));
  });
});

describe('gradients', () => {
  it('of the traditional CNN with respect to ReLU(conv3) match finite differences', async () => {
    const g = await layerGradients('traditional', traditional, [digits[0]], 'conv3', [{ classIndex: 3 }]);
    const act = g.activations[0];
    const score = async (a: Float32Array) =>
      (await readTensors(() => [getModel('traditional').logitsFromLayer(traditional, 'conv3', tf.tensor4d(a, [1, 7, 7, 64]))]))[0][3];
    const h = 1e-2;
    for (const i of [0, 100, 777, 1500, 3000]) {
      const plus = Float32Array.from(act);
      const minus = Float32Array.from(act);
      plus[i] += h;
      minus[i] -= h;
      const numeric = ((await score(plus)) - (await score(minus))) / (2 * h);
      expect(Math.abs(numeric - g.gradients[0][i])).toBeLessThan(2e-3 * Math.max(1, Math.abs(g.gradients[0][i])));
    }
  });

  it('with respect to the input match finite differences (both models)', async () => {
    for (const [model, params] of [
      ['traditional', traditional],
      ['attention', attention],
    ] as const) {
      const x = normalizePixels(digits[2]);
      const { gradients } = await inputGradients(model, params, [x], { classIndex: 1 });
      const score = (v: Float32Array) => predictBatchLogit(model, params, v);
      const h = 1e-2;
      for (const i of [200, 350, 406, 500]) {
        const plus = Float32Array.from(x);
        const minus = Float32Array.from(x);
        plus[i] += h;
        minus[i] -= h;
        expect(Math.abs(((await score(plus)) - (await score(minus))) / (2 * h) - gradients[0][i])).toBeLessThan(
          2e-3 * Math.max(1, Math.abs(gradients[0][i])),
        );
      }
    }
  });

  it('Grad-CAM is ReLU(Σ_k mean(∂y/∂A^k) A^k), recomputed by hand', async () => {
    const g = await layerGradients('traditional', traditional, [digits[4]], 'conv3', [{ classIndex: 9 }]);
    const [r] = await gradientCam('traditional', traditional, [digits[4]], [{ classIndex: 9 }], { method: 'gradcam', layer: 'conv3' });
    const A = g.activations[0];
    const G = g.gradients[0];
    for (let cell = 0; cell < 49; cell++) {
      let s = 0;
      for (let k = 0; k < 64; k++) {
        let alpha = 0;
        for (let j = 0; j < 49; j++) alpha += G[j * 64 + k] / 49;
        s += alpha * A[cell * 64 + k];
      }
      close(r.map.data[cell], Math.max(0, s), 1e-4);
    }
  });

  it('every gradient-CAM method gives a non-negative map of the layer’s size', async () => {
    for (const method of GRADIENT_CAM_METHODS) {
      for (const [layer, size] of [
        ['conv1', 28],
        ['conv2', 14],
        ['conv3', 7],
      ] as const) {
        const [r] = await gradientCam('traditional', traditional, [digits[0]], [{ classIndex: 7 }], { method, layer });
        expect([r.map.height, r.map.width]).toEqual([size, size]);
        for (const v of r.map.data) expect(v).toBeGreaterThanOrEqual(0);
      }
    }
  });
});

/** Logit 1 through the conv1 tap (a different route through the network than inputGradients takes). */
async function predictBatchLogit(
  model: 'attention' | 'traditional',
  params: Record<string, tf.Tensor>,
  normalized: Float32Array,
): Promise<number> {
  const m = getModel(model);
  const [logits] = await readTensors(() => {
    const x = tf.tensor4d(normalized, [1, 28, 28, 1]);
    return [m.logitsFromLayer(params, 'conv1', m.layerActivation(params, x, 'conv1'))];
  });
  return logits[1];
}

describe('other methods', () => {
  it('Integrated Gradients is complete: Σ IG ≈ score(x) − score(black)', async () => {
    const ig = await integratedGradients('traditional', traditional, digits[0], { classIndex: 7 }, { steps: 128 });
    expect(ig.relativeCompletenessError).not.toBeNull();
    expect(ig.relativeCompletenessError!).toBeLessThan(0.02);
    close(ig.attributionSum, ig.scoreInput - ig.scoreBaseline, 0.02 * Math.abs(ig.scoreInput - ig.scoreBaseline));
  });

  it('occlusion of the whole image reduces to score(x) − score(black)', async () => {
    const [p] = await predictBatch('traditional', traditional, [digits[0]]);
    const [black] = await predictBatch('traditional', traditional, [new Uint8Array(784)]);
    const m = await occlusion('traditional', traditional, digits[0], { classIndex: 2 }, { patch: 28, stride: 28 });
    expect([m.height, m.width]).toEqual([1, 1]);
    close(m.data[0], p.logits[2] - black.logits[2], 1e-4);
    expect((await occlusion('traditional', traditional, digits[0], { classIndex: 2 })).height).toBe(7);
  });

  it('Score-CAM weights are probability gains over a black image', async () => {
    const r = await scoreCam('attention', attention, digits[0], { classIndex: 7 });
    expect(r.channelWeights).toHaveLength(64);
    for (const w of r.channelWeights) expect(Math.abs(w)).toBeLessThanOrEqual(1);
    for (const v of r.map.data) expect(v).toBeGreaterThanOrEqual(0);
  });

  it('saliency and SmoothGrad are non-negative 28×28 maps; SmoothGrad is reproducible', async () => {
    const s = await saliency('traditional', traditional, digits[1], { classIndex: 2 });
    expect([s.height, s.width]).toEqual([28, 28]);
    const a = await smoothGrad('attention', attention, digits[1], { classIndex: 2 }, { samples: 5, seed: 3 });
    const b = await smoothGrad('attention', attention, digits[1], { classIndex: 2 }, { samples: 5, seed: 3 });
    expect(a.data).toEqual(b.data);
    for (const v of a.data) expect(v).toBeGreaterThanOrEqual(0);
  });

  it('rejects bad targets and images with clear messages', async () => {
    await expect(
      gradientCam('traditional', traditional, [digits[0]], [{ classIndex: 10 }], { method: 'gradcam', layer: 'conv3' }),
    ).rejects.toThrow(/not a digit/);
    await expect(
      gradientCam('traditional', traditional, [digits[0]], [{ contrast: [3, 3] }], { method: 'gradcam', layer: 'conv3' }),
    ).rejects.toThrow(/two different classes/);
    await expect(
      gradientCam('traditional', traditional, [digits[0]], [{ classIndex: 1 }], { method: 'gradcam', layer: 'attended' }),
    ).rejects.toThrow(/has no layer "attended"/);
    await expect(saliency('traditional', traditional, new Uint8Array(100), { classIndex: 1 })).rejects.toThrow(/expected 28×28/);
  });
});

describe('hygiene', () => {
  it('never mutates inputs or weights', async () => {
    const image = Uint8Array.from(digits[0]);
    const weightsBefore = Object.fromEntries(
      await Promise.all(Object.entries(traditional).map(async ([k, t]) => [k, Float32Array.from(await t.data())])),
    );
    await gradientCam('traditional', traditional, [image], [{ classIndex: 1 }], { method: 'gradcam++', layer: 'conv2' });
    await scoreCam('traditional', traditional, image, { classIndex: 1 });
    await occlusion('traditional', traditional, image, { classIndex: 1 });
    await integratedGradients('traditional', traditional, image, { classIndex: 1 }, { steps: 4 });
    expect(image).toEqual(digits[0]);
    for (const [k, t] of Object.entries(traditional)) expect(await t.data()).toEqual(weightsBefore[k]);
  });

  it('leaves tf.memory().numTensors unchanged after 100 calls of every method', async () => {
    imagesTensor([digits[0]], getModel('attention').normalization).dispose();
    const before = tf.memory().numTensors;
    const d = digits[0];
    for (let i = 0; i < 100; i++) {
      await explainAttentionCnn(attention, [d]);
      for (const method of GRADIENT_CAM_METHODS)
        await gradientCam('traditional', traditional, [d], [{ classIndex: i % 10 }], { method, layer: 'conv3' });
      await gradientCam('attention', attention, [d], [{ contrast: [1, 2] }], { method: 'gradcam', layer: 'attended' });
      await scoreCam('attention', attention, d, { classIndex: 3 });
      await occlusion('attention', attention, d, { classIndex: 3 });
      await saliency('traditional', traditional, d, { classIndex: 3 });
      await smoothGrad('traditional', traditional, d, { classIndex: 3 }, { samples: 2 });
      await integratedGradients('attention', attention, d, { classIndex: 3 }, { steps: 2 });
      await predictBatch('traditional', traditional, [d]);
      await new Promise((resolve) => setTimeout(resolve, 0)); // keep vitest's worker RPC alive
    }
    expect(tf.memory().numTensors).toBe(before);
  }, 300_000);
});
