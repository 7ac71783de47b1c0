import * as tf from '@tensorflow/tfjs-core';
import '../testing/tfjs-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { heatmap, type Heatmap } from '../contract/heatmap';
import { upsample, upsampleBilinear, upsampleNearest } from './upsample';

/** Seeded, so failures reproduce. */
function randomMap(height: number, width: number, seed: number): Heatmap {
  const next = createRng(seed);
  return heatmap(
    height,
    width,
    Array.from({ length: height * width }, () => next() * 4 - 1),
  );
}

function viaTf(map: Heatmap, height: number, width: number, method: 'bilinear' | 'nearest'): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor4d(map.data, [1, map.height, map.width, 1]);
    const y =
      method === 'bilinear'
        ? tf.image.resizeBilinear(x, [height, width], false, true)
        : tf.image.resizeNearestNeighbor(x, [height, width], false, true);
    return y.dataSync() as Float32Array;
  });
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('upsample vs tfjs (half-pixel centres)', () => {
  const cases: Array<[number, number, number, number]> = [
    [7, 7, 28, 28],
    [5, 3, 11, 17],
  ];
  for (const [h, w, outH, outW] of cases) {
    for (const method of ['bilinear', 'nearest'] as const) {
      it(`${method} ${h}×${w} → ${outH}×${outW}`, () => {
        const map = randomMap(h, w, h * 100 + w);
        const ours = upsample(map, { height: outH, width: outW }, method);
        const expected = viaTf(map, outH, outW, method);
        expect(ours.height).toBe(outH);
        expect(ours.width).toBe(outW);
        let worst = 0;
        ours.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - expected[i]))));
        expect(worst).toBeLessThan(1e-6);
      });
    }
  }
});

describe('upsampleBilinear', () => {
  it('preserves the mean for integer factors (7 → 28), so mean CAM + bias = logit survives', () => {
    const map = randomMap(7, 7, 42);
    const up = upsampleBilinear(map, 28, 28);
    expect(mean(up.data)).toBeCloseTo(mean(map.data), 6);
    // Also for an odd factor.
    expect(mean(upsampleBilinear(map, 21, 21).data)).toBeCloseTo(mean(map.data), 6);
  });

  it('is exact at cell centres for odd factors and constant maps stay constant', () => {
    const map = heatmap(2, 2, [0, 1, 2, 3]);
    const up = upsampleBilinear(map, 6, 6); // factor 3: output (1, 1) sits on input (0, 0)
    expect(up.data[1 * 6 + 1]).toBeCloseTo(0, 12);
    expect(up.data[4 * 6 + 4]).toBeCloseTo(3, 6);
    const flat = upsampleBilinear(heatmap(3, 3, new Array(9).fill(2.5)), 12, 12);
    expect(flat.data.every((v) => v === 2.5)).toBe(true);
  });

  it('does not modify its input and rejects bad sizes', () => {
    const map = randomMap(7, 7, 7);
    const before = Float32Array.from(map.data);
    upsample(map, 28, 'bilinear');
    upsample(map, 28, 'nearest');
    expect(map.data).toEqual(before);
    expect(() => upsampleBilinear(map, 0, 28)).toThrow(RangeError);
    expect(() => upsampleNearest(map, 28, 2.5)).toThrow(RangeError);
  });
});
