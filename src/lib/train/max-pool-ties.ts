// Max pooling's gradient goes to one cell of each window; when cells tie, PyTorch picks the first
// (row-major), and so do tfjs-cpu and our wasm kernel (wasm-gradient-kernels.ts). tfjs-webgpu and
// tfjs-webgl pick another, and on MNIST's flat background every window ties: an FGSM image made on
// WebGPU differed from the CLI's at a quarter of its pixels. Their kernels are shader programs, so
// instead of a kernel this replaces MaxPool's gradient with the same rule written in tensor ops,
// for the 2×2, stride-2, valid pooling our models use; other pooling, and the backends whose
// kernel already breaks ties this way, keep the stock gradient.
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap } from '@tensorflow/tfjs-core';

/** Backends whose MaxPoolGrad kernel gives a tie to the first cell (tested against each other). */
const FIRST_MAX_KERNELS = new Set(['cpu', 'wasm']);

/**
 * dL/dx of y = maxPool(x, 2, 2, 'valid'): dy of each window to its first maximal cell.
 * x [N, H, W, C] with even H and W, y and dy [N, H/2, W/2, C].
 */
export function firstMaxPoolGrad(dy: tf.Tensor4D, x: tf.Tensor4D, y: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    // One row per window, its four cells in row-major order: [N·H/2·W/2·C, 4] (tfjs-webgpu's
    // cumsum takes rank ≤ 4).
    const cells = tf.reshape(tf.transpose(tf.reshape(x, [n, h / 2, 2, w / 2, 2, c]), [0, 1, 3, 5, 2, 4]), [-1, 4]);
    const isMax = tf.equal(cells, tf.reshape(y, [-1, 1]));
    const first = tf.logicalAnd(isMax, tf.equal(tf.cumsum(tf.cast(isMax, 'float32'), 1), 1));
    // where, not a product with a 0/1 mask: the other cells get +0, as from the kernels, never −0.
    const dx = tf.where(first, tf.broadcastTo(tf.reshape(dy, [-1, 1]), cells.shape), tf.zerosLike(cells));
    return tf.reshape(tf.transpose(tf.reshape(dx, [n, h / 2, w / 2, c, 2, 2]), [0, 1, 4, 2, 5, 3]), [n, h, w, c]) as tf.Tensor4D;
  });
}

const pair = (v: unknown) => (Array.isArray(v) ? (v as number[]) : [v as number, v as number]);

function isTwoByTwoValid(x: tf.Tensor, attrs: NamedAttrMap): boolean {
  const [fh, fw] = pair(attrs.filterSize);
  const [sh, sw] = pair(attrs.strides);
  const [, h, w] = x.shape as number[];
  return fh === 2 && fw === 2 && sh === 2 && sw === 2 && attrs.pad === 'valid' && x.rank === 4 && h % 2 === 0 && w % 2 === 0;
}

let registered = false;

/** Makes MaxPool's gradient break ties like PyTorch on every backend (idempotent). */
export function registerFirstMaxPoolGradient(): void {
  if (registered) return;
  tf.registerGradient({
    kernelName: 'MaxPool',
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, y] = saved as [tf.Tensor4D, tf.Tensor4D];
      const grad = dy as tf.Tensor4D;
      return {
        x: () =>
          FIRST_MAX_KERNELS.has(tf.getBackend()) || !isTwoByTwoValid(x, attrs)
            ? (tf.engine().runKernel('MaxPoolGrad', { dy: grad, input: x, output: y }, attrs) as tf.Tensor4D)
            : firstMaxPoolGrad(grad, x, y),
      };
    },
  });
  registered = true;
}
