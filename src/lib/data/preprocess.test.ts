import { describe, expect, it } from 'vitest';
import { MNIST_MEAN, MNIST_STD, normalizedBatch, normalizePixels, PIXELS_PER_IMAGE } from './preprocess';

describe('normalizePixels', () => {
  it('maps 0 and 255 to the torchvision-normalised extremes', () => {
    const [black, white] = normalizePixels(new Uint8Array([0, 255]));
    expect(Math.abs(black - -0.4242129)).toBeLessThan(1e-6);
    expect(Math.abs(white - 2.8214867)).toBeLessThan(1e-6);
  });

  it('gives byte input and number input the same float32 values', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const fromBytes = normalizePixels(bytes);
    const fromNumbers = normalizePixels(Array.from(bytes));
    expect(fromNumbers).toEqual(fromBytes);
    expect(fromBytes[128]).toBe(Math.fround((128 / 255 - MNIST_MEAN) / MNIST_STD));
  });

  it('returns one value per pixel and leaves the input unchanged', () => {
    const pixels = new Uint8Array([0, 10, 200, 255, 17]);
    const before = pixels.slice();
    expect(normalizePixels(pixels)).toHaveLength(5);
    expect(pixels).toEqual(before);
  });

  it('writes into a given output array of the right length', () => {
    const out = new Float32Array(2);
    expect(normalizePixels([0, 255], out)).toBe(out);
    expect(() => normalizePixels([0, 255], new Float32Array(3))).toThrow(/output has length 3, expected 2/);
  });

  it('rejects non-byte values outside [0, 255]', () => {
    expect(() => normalizePixels([0, 256])).toThrow(/pixel 1 is 256/);
    expect(() => normalizePixels(new Float32Array([Number.NaN]))).toThrow(/pixel 0 is NaN/);
  });
});

describe('normalizedBatch', () => {
  const threeImages = Uint8Array.from({ length: 3 * PIXELS_PER_IMAGE }, (_, i) => Math.floor(i / PIXELS_PER_IMAGE) * 100);

  it('normalises the requested images only', () => {
    const batch = normalizedBatch(threeImages, 1, 2);
    expect(batch).toHaveLength(2 * PIXELS_PER_IMAGE);
    expect(batch[0]).toBe(normalizePixels(new Uint8Array([100]))[0]);
    expect(batch[batch.length - 1]).toBe(normalizePixels(new Uint8Array([200]))[0]);
  });

  it('rejects a range outside the images', () => {
    expect(() => normalizedBatch(threeImages, 2, 2)).toThrow(/images \[2, 4\) are outside the 3 images given/);
    expect(() => normalizedBatch(threeImages, -1, 1)).toThrow(RangeError);
  });
});
