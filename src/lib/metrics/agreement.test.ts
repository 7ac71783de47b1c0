import { describe, expect, it } from 'vitest';
import { heatmap } from '../contract/heatmap';
import { pearson, spearman } from './agreement';

describe('pearson / spearman on maps', () => {
  const a = heatmap(2, 2, [1, 2, 3, 4]);

  it('compares cell by cell in row-major order', () => {
    expect(pearson(a, heatmap(2, 2, [2, 4, 6, 8]))).toBe(1);
    expect(spearman(a, heatmap(2, 2, [1, 4, 9, 100]))).toBe(1);
    expect(pearson(heatmap(1, 3, [1, 2, 3]), heatmap(1, 3, [1, 3, 2]))).toBeCloseTo(0.5, 12);
    expect(spearman(heatmap(2, 2, [1, 2, 2, 3]), a)).toBeCloseTo(4.5 / Math.sqrt(22.5), 12);
  });

  it('is null for a constant map', () => {
    const flat = heatmap(2, 2, [0.3, 0.3, 0.3, 0.3]);
    expect(pearson(a, flat)).toBeNull();
    expect(spearman(flat, a)).toBeNull();
  });

  it('refuses maps of different sizes, naming both', () => {
    expect(() => pearson(a, heatmap(1, 4, [1, 2, 3, 4]))).toThrow(RangeError);
    expect(() => spearman(a, heatmap(1, 4, [1, 2, 3, 4]))).toThrow(/2×2 and 1×4/);
  });

  it('does not mutate its inputs', () => {
    const b = heatmap(2, 2, [4, 1, 3, 2]);
    spearman(a, b);
    expect(Array.from(b.data)).toEqual([4, 1, 3, 2]);
  });
});
