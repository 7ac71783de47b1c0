// The counterfactual search: bisection finds the closed-form flip point of a linear model within
// its tolerance, brackets it (succeeds at eps, fails at lower), reports "not within maxEps" and
// "already the target" honestly, and on a committed network the found ε really flips the digit.
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
import { SMALLEST_EPS_STEP, smallestSucceedingEps, smallestTargetedEps } from './smallest-eps';

let models: ModelSet;
let digit: Uint8Array;

beforeAll(async () => {
  await useBackend('wasm');
  models = loadPretrained(path.resolve('pretrained'));
  digit = Uint8Array.from(loadMnistSplit('test').images.pixels.subarray(0, 784));
});

afterAll(() => tf.dispose([...Object.values(models.attention), ...Object.values(models.traditional)]));

describe('bisection on a linear model (flip point known in closed form)', () => {
  // logit_0 = x_0 + x_1 + x_2, logit_3 = x_4, x = (p − m)/s, the rest 0. Targeted at 3, every
  // step moves pixels 0–2 down (pixel 2 starts at 0 and is clipped) and pixel 4 up, so after the
  // walk p_0 + p_1 + p_2 = 1.5 − 2ε and p_4 = 0.5 + ε: class 3 wins once 3ε > 1 − 2m.
  const W = new Float32Array(NUM_CLASSES * 784);
  W[0] = W[1] = W[2] = 1;
  W[3 * 784 + 4] = 1;
  const linear = (x: tf.Tensor4D) =>
    tf.matMul(tf.reshape(x, [x.shape[0], 784]), tf.tensor2d(W, [NUM_CLASSES, 784]), false, true) as tf.Tensor2D;
  const image = new Float32Array(784).fill(127.5);
  image[1] = 255;
  image[2] = 0;
  const flip = (1 - 2 * MNIST_MEAN) / 3;
  const attackAt = (target: number) => async (eps: number) =>
    (await attackWithLogits(linear, { mean: MNIST_MEAN, std: MNIST_STD }, [image], { method: 'pgd', eps, target }))[0];

  it('finds the flip point within the tolerance and brackets it', async () => {
    const found = await smallestSucceedingEps(attackAt(3), { maxEps: 0.3 });
    expect(found.eps).not.toBeNull();
    expect(found.eps!).toBeGreaterThanOrEqual(flip);
    expect(found.lower!).toBeLessThan(flip);
    expect(found.eps! - found.lower!).toBeCloseTo(SMALLEST_EPS_STEP, 12);
    expect((found.eps! / SMALLEST_EPS_STEP) % 1).toBeCloseTo(0, 9); // a point of the grid
    expect(found.example.succeeded).toBe(true);
    expect(found.example.predicted).toBe(3);
    // 0, maxEps, then halvings of the 120 steps of 0.0025 in 0.3.
    expect(found.tries.length).toBe(2 + Math.ceil(Math.log2(0.3 / SMALLEST_EPS_STEP)));
    expect(found.tries.filter((t) => t.eps === found.eps)).toEqual([{ eps: found.eps, succeeded: true }]);
  });

  it('a finer step gets closer', async () => {
    const found = await smallestSucceedingEps(attackAt(3), { maxEps: 0.3, step: 1e-4 });
    expect(found.eps! - flip).toBeGreaterThanOrEqual(-1e-6); // float32 pixels: the boundary is exact only to rounding
    expect(found.eps! - flip).toBeLessThanOrEqual(1e-4 + 1e-9); // at the flip point itself the logits tie and argmax keeps class 0
  });

  it('says so when maxEps is not enough, and answers 0 when the digit is already the target', async () => {
    const short = await smallestSucceedingEps(attackAt(3), { maxEps: 0.2 });
    expect(short.eps).toBeNull();
    expect(short.lower).toBe(0.2);
    expect(short.example.succeeded).toBe(false);
    const already = await smallestSucceedingEps(attackAt(0), { maxEps: 0.3 });
    expect(already).toMatchObject({ eps: 0, lower: null, tries: [{ eps: 0, succeeded: true }] });
  });

  it('rejects a budget outside (0, 1], a step ≤ 0, and a budget off the step grid', async () => {
    await expect(smallestSucceedingEps(attackAt(3), { maxEps: 0 })).rejects.toThrow(/maxEps/);
    await expect(smallestSucceedingEps(attackAt(3), { maxEps: 0.3, step: 0 })).rejects.toThrow(/step/);
    await expect(smallestSucceedingEps(attackAt(3), { maxEps: 0.3, step: 0.007 })).rejects.toThrow(/multiple/);
  });
});

describe('make test digit 0 (a 7) a 3', () => {
  for (const model of ['attention', 'traditional'] as const) {
    it(`on the ${model} CNN: PGD at the found ε reads 3, and the bracket's lower ε does not`, async () => {
      const before = tf.memory().numTensors;
      const found = await smallestTargetedEps(model, models[model], digit, 3, { maxEps: 0.3 });
      expect(tf.memory().numTensors).toBe(before);
      expect(found.eps).not.toBeNull();
      expect(found.eps!).toBeGreaterThan(0);
      expect(found.example.predicted).toBe(3);
      expect(found.example.linf).toBeLessThanOrEqual(found.eps! + 1e-6);
      const [low] = await attackImages(model, models[model], [digit], { method: 'pgd', eps: found.lower!, target: 3 });
      expect(low.predicted).not.toBe(3);
    });
  }
});
