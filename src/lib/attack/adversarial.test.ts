// FGSM and PGD: the closed form on a model small enough to check by hand, the constraints every
// adversarial image must satisfy, targeted PGD on the committed networks, batch = single, and no
// leaked tensors.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '../testing/tfjs-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../tools/lib/backend-node';
import { loadPretrained } from '../../../tools/lib/load-pretrained';
import { loadMnistSplit } from '../../../tools/lib/mnist-node';
import { MNIST_MEAN, MNIST_STD, NUM_CLASSES } from '../contract/constants';
import type { ModelSet } from '../report/explanation-report';
import { attackImages, attackWithLogits } from './adversarial';
import { attackSettings } from './settings';

let models: ModelSet;
let digits: Uint8Array[];
let labels: number[];
const ULP = 2 ** -24; // float32 rounding of p ± ε, relative to values ≤ 1

beforeAll(async () => {
  await useBackend('wasm');
  models = loadPretrained(path.resolve('pretrained'));
  const test = loadMnistSplit('test');
  digits = Array.from({ length: 8 }, (_, i) => Uint8Array.from(test.images.pixels.subarray(i * 784, (i + 1) * 784)));
  labels = Array.from(test.labels.subarray(0, 8));
});

afterAll(() => tf.dispose([...Object.values(models.attention), ...Object.values(models.traditional)]));

describe('FGSM on a linear model (gradient known in closed form)', () => {
  // logits_c = Σ_i W[c][i] x_i, x = (p − mean)/std. Class 0 reads pixels 0, 1, 2 with weight +1;
  // class 3 reads pixel 4 with weight +1; every other weight is 0, so every other pixel has
  // gradient exactly 0 and, since sign(0) = 0, must not move.
  const W = new Float32Array(NUM_CLASSES * 784);
  W[0 * 784 + 0] = W[0 * 784 + 1] = W[0 * 784 + 2] = 1;
  W[3 * 784 + 4] = 1;
  const linear = (x: tf.Tensor4D) =>
    tf.matMul(tf.reshape(x, [x.shape[0], 784]), tf.tensor2d(W, [NUM_CLASSES, 784]), false, true) as tf.Tensor2D;
  const image = new Float32Array(784).fill(127.5);
  image[1] = 255; // p = 1: a step up is clipped
  image[2] = 0; // p = 0: a step down is clipped
  image[5] = 51; // p = 0.2, gradient 0
  const eps = 0.1;
  const f32 = Math.fround;

  it('untargeted: ascends the loss at the clean prediction, sign(0) = 0, clips to [0, 1]', async () => {
    // logit_0 = (0.5 + 1 + 0 − 3·0.1307)/0.3081 > 0 = every other logit except logit_3 = x_4 = (0.5 − 0.1307)/0.3081,
    // and logit_0 > logit_3, so y₀ = 0. ∂CE/∂logit_0 = s_0 − 1 < 0: pixels 0–2 get sign −1 and move
    // down (ascent); ∂CE/∂logit_3 = s_3 > 0: pixel 4 gets sign +1 and moves up.
    const [r] = await attackWithLogits(linear, { mean: MNIST_MEAN, std: MNIST_STD }, [image], { method: 'fgsm', eps });
    expect(r.cleanPredicted).toBe(0);
    expect(r.lossClass).toBe(0);
    const expected = Float32Array.from(image, (v) => v / 255);
    expected[0] = f32(f32(0.5) - f32(eps));
    expected[1] = f32(1 - f32(eps));
    expected[2] = 0;
    expected[4] = f32(f32(0.5) + f32(eps));
    expect(Array.from(r.pixels)).toEqual(Array.from(expected));
    expect(r.linf).toBeCloseTo(0.1, 6);
    expect(r.l2).toBeCloseTo(Math.sqrt(3 * 0.01), 6);
  });

  it('moves pixels whose gradient is tiny: sign() is exact at every magnitude (tfjs-wasm Sign is not)', async () => {
    const tiny = (x: tf.Tensor4D) => tf.mul(linear(x), 1e-7) as tf.Tensor2D;
    const [r] = await attackWithLogits(tiny, { mean: MNIST_MEAN, std: MNIST_STD }, [image], { method: 'fgsm', eps });
    expect(r.pixels[0]).toBe(f32(f32(0.5) - f32(eps)));
    expect(r.pixels[4]).toBe(f32(f32(0.5) + f32(eps)));
    expect(r.pixels[5]).toBe(f32(51 / 255));
  });

  it('targeted: descends the loss at the target', async () => {
    // CE at t = 3: ∂/∂logit_3 = s_3 − 1 < 0, so pixel 4 has sign −1 and the descent moves it up;
    // ∂/∂logit_0 = s_0 > 0, so pixels 0–2 have sign +1 and move down.
    const [r] = await attackWithLogits(linear, { mean: MNIST_MEAN, std: MNIST_STD }, [image], { method: 'fgsm', eps, target: 3 });
    expect(r.lossClass).toBe(3);
    expect(r.pixels[4]).toBe(f32(f32(0.5) + f32(eps)));
    expect(r.pixels[0]).toBe(f32(f32(0.5) - f32(eps)));
    expect(r.pixels[2]).toBe(0);
    expect(r.pixels[5]).toBe(f32(51 / 255));
  });
});

describe('settings', () => {
  it('fills the defaults of the definitions and rejects the rest', () => {
    expect(attackSettings({ method: 'pgd', eps: 0.2 })).toEqual({
      method: 'pgd',
      eps: 0.2,
      steps: 10,
      stepSize: (2.5 * 0.2) / 10,
      target: null,
    });
    expect(attackSettings({ method: 'fgsm', eps: 0.3, target: 7 })).toEqual({
      method: 'fgsm',
      eps: 0.3,
      steps: 1,
      stepSize: 0.3,
      target: 7,
    });
    expect(() => attackSettings({ method: 'fgsm', eps: 0.1, steps: 3 })).toThrow(/FGSM is one step/);
    expect(() => attackSettings({ method: 'pgd', eps: -0.1 })).toThrow(/ε must be/);
    expect(() => attackSettings({ method: 'pgd', eps: Number.NaN })).toThrow(/ε must be/);
    expect(() => attackSettings({ method: 'pgd', eps: 0.1, steps: 0 })).toThrow(/steps/);
    expect(() => attackSettings({ method: 'pgd', eps: 0.1, target: 10 })).toThrow(/target/);
  });
});

describe('FGSM and PGD on the committed networks', () => {
  it('every adversarial image stays in the ε-ball and in [0, 1]', async () => {
    for (const model of ['attention', 'traditional'] as const) {
      for (const request of [
        { method: 'fgsm', eps: 0.15 },
        { method: 'pgd', eps: 0.15 },
        { method: 'pgd', eps: 0.05, steps: 7, stepSize: 0.04, target: 2 },
      ] as const) {
        for (const r of await attackImages(model, models[model], digits, request)) {
          expect(r.linf).toBeLessThanOrEqual(request.eps + ULP);
          expect(r.linf).toBeGreaterThan(0);
          for (const v of r.pixels) expect(v >= 0 && v <= 1).toBe(true);
        }
      }
    }
  });

  it('ε = 0 changes nothing', async () => {
    const [r] = await attackImages('traditional', models.traditional, [digits[0]], { method: 'pgd', eps: 0 });
    expect(Array.from(r.pixels)).toEqual(Array.from(digits[0], (v) => Math.fround(v / 255)));
    expect(r.linf).toBe(0);
    expect(r.succeeded).toBe(false);
  });

  it('untargeted attacks start from the clean prediction (the label on these correctly classified digits)', async () => {
    const results = await attackImages('attention', models.attention, digits, { method: 'fgsm', eps: 0.05 });
    expect(results.map((r) => r.cleanPredicted)).toEqual(labels);
    expect(results.map((r) => r.lossClass)).toEqual(labels);
  });

  it('targeted PGD (ε = 0.2, default 10 steps) turns real digits into the target on both networks', async () => {
    for (const model of ['attention', 'traditional'] as const) {
      const results = await attackImages(model, models[model], digits, { method: 'pgd', eps: 0.2, target: 3 });
      for (const r of results) expect({ model, predicted: r.predicted }).toEqual({ model, predicted: 3 });
      expect(results.every((r) => r.succeeded)).toBe(true);
    }
  });

  it('an image attacked inside a batch gets the same pixels as alone', async () => {
    const batch = await attackImages('attention', models.attention, digits, { method: 'pgd', eps: 0.1, steps: 5 });
    const single = await attackImages('attention', models.attention, [digits[5]], { method: 'pgd', eps: 0.1, steps: 5 });
    const same = batch[5].pixels.filter((v, i) => v === single[0].pixels[i]).length;
    expect(same).toBe(784);
    batch[5].logits.forEach((v, i) => expect(v).toBeCloseTo(single[0].logits[i], 4));
  });

  it('reports progress after every PGD step and stops when aborted, freeing its tensors', async () => {
    const seen: number[] = [];
    await attackImages(
      'traditional',
      models.traditional,
      [digits[0]],
      { method: 'pgd', eps: 0.1, steps: 4 },
      { onStep: (done) => void seen.push(done) },
    );
    expect(seen).toEqual([1, 2, 3, 4]);
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const run = attackImages(
      'traditional',
      models.traditional,
      [digits[0]],
      { method: 'pgd', eps: 0.1, steps: 4 },
      { signal: controller.signal, onStep: (done) => (done === 2 ? controller.abort(new Error('newer request')) : undefined) },
    );
    await expect(run).rejects.toThrow('newer request');
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leaves tf.memory().numTensors unchanged', async () => {
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      await attackImages('attention', models.attention, digits.slice(0, 3), { method: 'pgd', eps: 0.1, steps: 3, target: 1 });
      await attackImages('traditional', models.traditional, digits.slice(0, 3), { method: 'fgsm', eps: 0.1 }, { batchSize: 2 });
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
