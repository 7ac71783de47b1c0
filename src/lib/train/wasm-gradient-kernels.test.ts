import * as tf from '@tensorflow/tfjs-core';
import '../testing/tfjs-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../tools/lib/backend-node';

interface Case {
  name: string;
  x: number[];
  w: number[];
}

const cases: Case[] = [
  { name: '3×3 same, 3→4 channels', x: [2, 7, 7, 3], w: [3, 3, 3, 4] },
  { name: '3×3 same, 1 input channel (conv1)', x: [3, 8, 8, 1], w: [3, 3, 1, 5] },
  { name: '1×1 (attention_conv / feature_conv)', x: [2, 7, 7, 6], w: [1, 1, 6, 1] },
  { name: 'non-square image', x: [1, 6, 9, 2], w: [3, 3, 2, 3] },
];

function seeded(shape: number[], seed: number): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, 'float32', seed);
}

/** L(x, w) = Σ conv(x, w) ⊙ u — linear in each argument, so finite differences are exact. */
async function gradients(backend: 'cpu' | 'wasm', c: Case): Promise<{ dx: Float32Array; dw: Float32Array }> {
  await useBackend(backend);
  const x = seeded(c.x, 1) as tf.Tensor4D;
  const w = seeded(c.w, 2) as tf.Tensor4D;
  const u = seeded([...c.x.slice(0, 3), c.w[3]], 3);
  const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'), u)))([
    x,
    w,
  ]);
  const out = { dx: (await dx.data()) as Float32Array, dw: (await dw.data()) as Float32Array };
  tf.dispose([x, w, u, dx, dw]);
  return out;
}

function maxRelativeError(a: Float32Array, b: Float32Array): number {
  let scale = 0;
  for (const v of b) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / scale);
  return worst;
}

describe('wasm Conv2D gradient kernels', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('are registered on the wasm backend', () => {
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).toBeDefined();
  });

  for (const c of cases) {
    it(`match the cpu backend: ${c.name}`, async () => {
      const cpu = await gradients('cpu', c);
      const wasm = await gradients('wasm', c);
      expect(wasm.dw.length).toBe(cpu.dw.length);
      expect(maxRelativeError(wasm.dw, cpu.dw)).toBeLessThan(1e-5);
      expect(maxRelativeError(wasm.dx, cpu.dx)).toBeLessThan(1e-5);
    });

    it(`match finite differences: ${c.name}`, async () => {
      const { dx, dw } = await gradients('wasm', c);
      await useBackend('wasm');
      const x = seeded(c.x, 1);
      const w = seeded(c.w, 2);
      const u = seeded([...c.x.slice(0, 3), c.w[3]], 3);
      const xs = (await x.data()) as Float32Array;
      const ws = (await w.data()) as Float32Array;
      const loss = (xv: Float32Array, wv: Float32Array): number =>
        tf.tidy(
          () =>
            tf
              .sum(
                tf.mul(
                  tf.conv2d(
                    tf.tensor4d(xv, c.x as [number, number, number, number]),
                    tf.tensor4d(wv, c.w as [number, number, number, number]),
                    1,
                    'same',
                  ),
                  u,
                ),
              )
              .dataSync()[0],
        );
      const h = 0.5;
      // Probe a spread of coordinates in both arguments.
      for (const [values, grad, which] of [
        [ws, dw, 'w'],
        [xs, dx, 'x'],
      ] as const) {
        for (let k = 0; k < 6; k++) {
          const i = Math.floor(((k + 0.5) / 6) * values.length);
          const plus = Float32Array.from(values);
          const minus = Float32Array.from(values);
          plus[i] += h;
          minus[i] -= h;
          const numeric = which === 'w' ? (loss(xs, plus) - loss(xs, minus)) / (2 * h) : (loss(plus, ws) - loss(minus, ws)) / (2 * h);
          expect(Math.abs(numeric - grad[i])).toBeLessThan(2e-3 * Math.max(1, Math.abs(grad[i])));
        }
      }
      tf.dispose([x, w, u]);
    });
  }

  it('reject strides the models never use with a clear message', async () => {
    await useBackend('wasm');
    const x = seeded([1, 8, 8, 2], 1) as tf.Tensor4D;
    const w = seeded([3, 3, 2, 2], 2) as tf.Tensor4D;
    expect(() => tf.grad((b: tf.Tensor) => tf.sum(tf.conv2d(x, b as tf.Tensor4D, 2, 'same')))(w)).toThrow(/stride 1 only/);
    tf.dispose([x, w]);
  });

  it('leave no tensors behind', async () => {
    await useBackend('wasm');
    const x = seeded([2, 7, 7, 3], 1) as tf.Tensor4D;
    const w = seeded([3, 3, 3, 4], 2) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      tf.dispose(tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')))([x, w]));
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w]);
  });
});

describe('MaxPoolGrad on wasm', () => {
  /** d/dx of Σ maxPool(x) ⊙ u, with ties: 2×2 windows whose cells are all equal, or partly. */
  async function poolGradient(backend: 'cpu' | 'wasm'): Promise<Float32Array> {
    await useBackend(backend);
    const x = tf.tensor4d([0, 0, 1, 3, 0, 0, 3, 1, 5, 2, 2, 2, 5, 5, 2, 2, 7, 7, 0, 0, 7, 7, 0, 0], [1, 6, 4, 1]);
    const u = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 3, 2, 1]);
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid'), u)))(x);
    const out = (await g.data()) as Float32Array;
    tf.dispose([x, u, g]);
    return out;
  }

  it('gives each window its first maximum in row-major order, as PyTorch and tfjs-cpu do', async () => {
    const wasm = await poolGradient('wasm');
    const cpu = await poolGradient('cpu');
    // Windows (rows 0-1, 2-3, 4-5 × cols 0-1, 2-3): first maximum of each gets u.
    expect(Array.from(wasm)).toEqual([1, 0, 0, 2, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0, 0, 5, 0, 6, 0, 0, 0, 0, 0]);
    expect(Array.from(wasm)).toEqual(Array.from(cpu));
  });
});
