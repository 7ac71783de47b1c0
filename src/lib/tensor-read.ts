// Reading tensors out as plain numbers. Always `await tensor.data()`: on WebGPU the synchronous
// reads (dataSync, arraySync) return zeros, so the engine never uses them. Tensors are built
// inside tf.tidy (every intermediate is freed), the ones to read survive it, are read, then freed.
import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `build` inside tf.tidy and reads the tensors it returns, in order, as Float32Arrays (an
 * int tensor is cast first). Every tensor made is disposed, also when reading fails; a tensor
 * `build` merely passes through (a parameter) is read from a clone and stays alive.
 */
export async function readTensors(build: () => tf.Tensor[]): Promise<Float32Array[]> {
  const kept = tf.tidy(() => build().map((t) => (t.dtype === 'float32' ? tf.clone(t) : tf.cast(t, 'float32'))));
  try {
    return (await Promise.all(kept.map((t) => t.data()))) as Float32Array[];
  } finally {
    tf.dispose(kept);
  }
}

/** One tensor's values, read asynchronously; the tensor is not disposed (the caller owns it). */
export async function readTensor(t: tf.Tensor): Promise<Float32Array> {
  const [data] = await readTensors(() => [t]);
  return data;
}
