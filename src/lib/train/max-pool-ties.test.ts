// The tensor-op MaxPool gradient (for the GPU backends) gives each window's gradient to the same
// cell as tfjs-cpu's kernel — the first maximum, as PyTorch — on tied and untied windows, and
// registering it leaves the cpu gradient and tf.memory() as they were.
import * as tf from '@tensorflow/tfjs-core';
import '../testing/tfjs-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../tools/lib/backend-node';
import { firstMaxPoolGrad, registerFirstMaxPoolGradient } from './max-pool-ties';

/** Values on a coarse grid (many ties within a window) with flat zero patches, like MNIST's background. */
function tied(shape: [number, number, number, number], seed: number): tf.Tensor4D {
  return tf.tidy(() => {
    const coarse = tf.round(tf.mul(tf.randomUniform(shape, 0, 1, 'float32', seed), 3));
    const flat = tf.less(tf.randomUniform(shape, 0, 1, 'float32', seed + 1), 0.4);
    return tf.where(flat, tf.zerosLike(coarse), coarse) as tf.Tensor4D;
  });
}

async function stockGradient(x: tf.Tensor4D, dy: tf.Tensor4D): Promise<Float32Array> {
  const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid'), dy)))(x);
  const out = (await g.data()) as Float32Array;
  g.dispose();
  return out;
}

describe('first-maximum MaxPool gradient', () => {
  beforeAll(async () => {
    await useBackend('cpu');
  });

  for (const [name, shape] of [
    ['conv1-like 28×28×4, batch 2', [2, 28, 28, 4]],
    ['conv2-like 14×14×3', [1, 14, 14, 3]],
    ['non-square 6×10×2', [1, 6, 10, 2]],
  ] as const) {
    it(`equals tfjs-cpu's kernel (the PyTorch rule) on tied windows: ${name}`, async () => {
      const x = tied([...shape], 7);
      const y = tf.maxPool(x, 2, 2, 'valid');
      const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 3) as tf.Tensor4D;
      const expected = await stockGradient(x, dy);
      const ours = firstMaxPoolGrad(dy, x, y);
      const actual = (await ours.data()) as Float32Array;
      expect(Array.from(actual)).toEqual(Array.from(expected));
      // The tie rule matters here: many windows have several maxima (the 0/1 upsampled max marks them).
      const maxima = tf.tidy(() => tf.sum(tf.cast(tf.equal(x, tf.image.resizeNearestNeighbor(y, [shape[1], shape[2]])), 'int32')));
      expect((await maxima.data())[0] - y.size).toBeGreaterThan(y.size / 4);
      maxima.dispose();
      tf.dispose([x, y, dy, ours]);
    });
  }

  it('registered, it keeps the cpu gradient and frees its tensors', async () => {
    const x = tied([1, 8, 8, 2], 11);
    const dy = tf.randomNormal([1, 4, 4, 2], 0, 1, 'float32', 5) as tf.Tensor4D;
    const before = await stockGradient(x, dy);
    registerFirstMaxPoolGradient();
    const count = tf.memory().numTensors;
    const after = await stockGradient(x, dy);
    expect(tf.memory().numTensors).toBe(count);
    expect(Array.from(after)).toEqual(Array.from(before));
    tf.dispose([x, dy]);
  });
});
