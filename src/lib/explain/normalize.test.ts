import { describe, expect, it } from 'vitest';
import { heatmap, type Heatmap } from '../contract/heatmap';
import { normalizeMinMax, normalizeWithRange, relu, sharedRange } from './normalize';

const sample = (): Heatmap => heatmap(2, 3, [-2, 0.5, 3, 1, -1, 0]);

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  return a.reduce((worst, v, i) => Math.max(worst, Math.abs(v - b[i])), 0);
}

describe('normalizeMinMax', () => {
  it('maps min to 0 and max to 1, reporting the input range (negative values included)', () => {
    const { map, flat, min, max } = normalizeMinMax(sample());
    expect(flat).toBe(false);
    expect([min, max]).toEqual([-2, 3]);
    expect(Array.from(map.data)).toEqual([0, 0.5, 1, 0.6, 0.2, 0.4].map((v) => Math.fround(v)));
  });

  it('is idempotent', () => {
    const once = normalizeMinMax(sample()).map;
    const twice = normalizeMinMax(once).map;
    expect(twice.data).toEqual(once.data);
  });

  it('is invariant to a·x + b with a > 0', () => {
    const base = normalizeMinMax(sample()).map;
    for (const [a, b] of [
      [3.5, -7],
      [1e-3, 0.01], // offsets far larger than the spread would drown in float32 storage, not in the maths
      [250, 0.25],
    ]) {
      const moved = heatmap(
        2,
        3,
        Array.from(sample().data, (v) => a * v + b),
      );
      expect(maxAbsDiff(normalizeMinMax(moved).map.data, base.data)).toBeLessThan(1e-6);
    }
  });

  it('turns a flat map into zeros (no NaN) and flags it', () => {
    for (const value of [0, 5, -1e6]) {
      const result = normalizeMinMax(heatmap(3, 3, new Array(9).fill(value)));
      expect(result.flat).toBe(true);
      expect(Array.from(result.map.data)).toEqual(new Array(9).fill(0));
      expect(result.min).toBe(value);
    }
  });

  it('handles a single cell', () => {
    const result = normalizeMinMax(heatmap(1, 1, [0.7]));
    expect(result.flat).toBe(true);
    expect(result.map.data[0]).toBe(0);
  });

  it('throws RangeError naming the index of a non-finite value', () => {
    expect(() => normalizeMinMax(heatmap(1, 3, [0, NaN, 1]))).toThrow(/index 1/);
    expect(() => normalizeMinMax(heatmap(1, 3, [0, 1, Infinity]))).toThrow(RangeError);
  });

  it('does not modify its input', () => {
    const map = sample();
    const before = Float32Array.from(map.data);
    normalizeMinMax(map);
    relu(map);
    normalizeWithRange(map, { min: 0, max: 1 });
    expect(map.data).toEqual(before);
  });
});

describe('relu', () => {
  it('zeroes negatives (and −0)', () => {
    const out = relu(heatmap(1, 4, [-1, -0, 0.25, 2]));
    expect(Array.from(out.data)).toEqual([0, 0, 0.25, 2]);
    expect(Object.is(out.data[1], 0)).toBe(true);
  });
});

describe('sharedRange + normalizeWithRange', () => {
  it('puts several maps on one scale, clamping values outside the range', () => {
    const a = heatmap(1, 2, [0, 2]);
    const b = heatmap(1, 2, [4, 1]);
    const range = sharedRange([a, b]);
    expect(range).toEqual({ min: 0, max: 4 });
    expect(Array.from(normalizeWithRange(a, range).data)).toEqual([0, 0.5]);
    expect(Array.from(normalizeWithRange(b, range).data)).toEqual([1, 0.25]);
    expect(Array.from(normalizeWithRange(b, { min: 1.5, max: 3.5 }).data)).toEqual([1, 0]);
  });

  it('gives zeros for a flat range and rejects bad input', () => {
    expect(Array.from(normalizeWithRange(heatmap(1, 2, [3, 3]), { min: 3, max: 3 }).data)).toEqual([0, 0]);
    expect(() => sharedRange([])).toThrow(RangeError);
    expect(() => sharedRange([heatmap(1, 1, [NaN])])).toThrow(/map 0.*index 0/);
    expect(() => normalizeWithRange(heatmap(1, 1, [0]), { min: 2, max: 1 })).toThrow(RangeError);
  });
});
