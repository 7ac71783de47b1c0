import { describe, expect, it } from 'vitest';
import { averageRanks, pearsonArrays, spearmanArrays } from './correlation';

describe('pearsonArrays', () => {
  it('is ±1 for exact linear relations', () => {
    expect(pearsonArrays([1, 2, 3, 4], [2, 4, 6, 8])).toBe(1);
    expect(pearsonArrays([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
  });

  it('matches a hand-computed value', () => {
    // deviations (−1, 0, 1) and (−1, 1, 0): cov 1, variances 2 and 2 → 1/2
    expect(pearsonArrays([1, 2, 3], [1, 3, 2])).toBeCloseTo(0.5, 12);
  });

  it('is null, not NaN, when a series is constant (also when rounding would hide it)', () => {
    expect(pearsonArrays([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(pearsonArrays([1, 2, 3], [7, 7, 7])).toBeNull();
    expect(pearsonArrays(new Array(10).fill(0.1), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toBeNull();
    expect(pearsonArrays([5], [3])).toBeNull();
    expect(pearsonArrays([], [])).toBeNull();
  });

  it('refuses different lengths and non-finite values', () => {
    expect(() => pearsonArrays([1, 2], [1, 2, 3])).toThrow(RangeError);
    expect(() => pearsonArrays([1, NaN], [1, 2])).toThrow(/not finite/);
  });

  it('accepts typed arrays', () => {
    expect(pearsonArrays(Float32Array.of(1, 2, 3), Float64Array.of(1, 3, 2))).toBeCloseTo(0.5, 12);
  });
});

describe('averageRanks', () => {
  it('gives tied values the mean of the ranks they span', () => {
    expect(Array.from(averageRanks([10, 30, 20, 30]))).toEqual([1, 3.5, 2, 3.5]);
    expect(Array.from(averageRanks([5, 5, 5]))).toEqual([2, 2, 2]);
    expect(Array.from(averageRanks([]))).toEqual([]);
  });
});

describe('spearmanArrays', () => {
  it('is 1 for any increasing relation, where Pearson is not', () => {
    expect(spearmanArrays([1, 2, 3, 4], [1, 4, 9, 100])).toBe(1);
    expect(pearsonArrays([1, 2, 3, 4], [1, 4, 9, 100])!).toBeLessThan(0.9);
  });

  it('uses average ranks for ties', () => {
    // ranks (1, 2.5, 2.5, 4) vs (1, 2, 3, 4): cov 4.5, variances 4.5 and 5 → 4.5/√22.5
    expect(spearmanArrays([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(4.5 / Math.sqrt(22.5), 12);
  });

  it('is null for a constant series', () => {
    expect(spearmanArrays([2, 2, 2], [1, 2, 3])).toBeNull();
  });
});
