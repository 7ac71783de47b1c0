// The one input normalisation used everywhere (training in Node, inference in the browser),
// matching the lesson's torchvision `Normalize((0.1307,), (0.3081,))` after `ToTensor()`.
// A model trained on other data (lab 1's Fashion-MNIST model) passes its own mean and std.
import { MNIST_MEAN, MNIST_STD, PIXELS_PER_IMAGE } from '../contract/constants';

export { MNIST_MEAN, MNIST_STD, PIXELS_PER_IMAGE };

/**
 * (p / 255 − MNIST_MEAN) / MNIST_STD, evaluated in float64 and rounded once when stored as
 * float32. torchvision rounds after each float32 step instead, so values can differ from
 * PyTorch's by one float32 ulp (~2e-7) — far below anything that changes a prediction.
 */
function normalizeValue(pixel: number, n: Normalization): number {
  return (pixel / 255 - n.mean) / n.std;
}

export interface Normalization {
  readonly mean: number;
  readonly std: number;
}

export const MNIST_NORMALIZATION: Normalization = { mean: MNIST_MEAN, std: MNIST_STD };

/** Byte pixels can only take 256 values; a table computed with normalizeValue gives identical results, faster. */
const byteTables = new Map<string, Float64Array>();
function byteTable(n: Normalization): Float64Array {
  const key = `${n.mean}/${n.std}`;
  let table = byteTables.get(key);
  if (!table) {
    table = Float64Array.from({ length: 256 }, (_, p) => normalizeValue(p, n));
    byteTables.set(key, table);
  }
  return table;
}

function checkOut(out: Float32Array | undefined, length: number): Float32Array {
  if (out === undefined) return new Float32Array(length);
  if (out.length !== length) {
    throw new RangeError(`normalize: output has length ${out.length}, expected ${length}`);
  }
  return out;
}

/**
 * Normalises gray values 0..255 (bytes, or numbers such as resampled drawings) into `out`
 * (a new array by default). Non-byte input outside [0, 255] or non-finite is an error.
 */
export function normalizePixels(
  pixels: Uint8Array | ArrayLike<number>,
  out?: Float32Array,
  normalization: Normalization = MNIST_NORMALIZATION,
): Float32Array {
  const result = checkOut(out, pixels.length);
  if (pixels instanceof Uint8Array) {
    const table = byteTable(normalization);
    for (let i = 0; i < pixels.length; i++) result[i] = table[pixels[i]];
    return result;
  }
  for (let i = 0; i < pixels.length; i++) {
    const p = pixels[i];
    if (!(p >= 0 && p <= 255)) {
      throw new RangeError(`normalizePixels: pixel ${i} is ${p}, expected a gray value in [0, 255]`);
    }
    result[i] = normalizeValue(p, normalization);
  }
  return result;
}

/**
 * Normalised pixels of images [start, start + count) of a row-major 28×28 image array, as one
 * flat Float32Array of count × 784 values (reshape to [count, 28, 28, 1] for the models).
 */
export function normalizedBatch(pixels: Uint8Array, start: number, count: number, out?: Float32Array): Float32Array {
  const available = Math.floor(pixels.length / PIXELS_PER_IMAGE);
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0 || start + count > available) {
    throw new RangeError(`normalizedBatch: images [${start}, ${start + count}) are outside the ${available} images given`);
  }
  const slice = pixels.subarray(start * PIXELS_PER_IMAGE, (start + count) * PIXELS_PER_IMAGE);
  return normalizePixels(slice, out);
}
