import { describe, expect, it } from 'vitest';
import { heatmap } from '../contract/heatmap';
import { peakCells, peakDistancePixels } from './peaks';

function oneHot(side: number, row: number, col: number) {
  const data = new Float32Array(side * side);
  data[row * side + col] = 1;
  return heatmap(side, side, data);
}

describe('peakCells', () => {
  it('reports every tied maximum in row-major order', () => {
    expect(peakCells(heatmap(2, 3, [1, 5, 2, 5, 0, 5]))).toEqual({
      value: 5,
      cells: [
        { row: 0, col: 1 },
        { row: 1, col: 0 },
        { row: 1, col: 2 },
      ],
    });
  });

  it('counts near-ties within relTol · |max|', () => {
    const m = heatmap(1, 3, [1, 0.99, 0.5]);
    expect(peakCells(m).cells).toEqual([{ row: 0, col: 0 }]);
    expect(peakCells(m, 0.02).cells).toEqual([
      { row: 0, col: 0 },
      { row: 0, col: 1 },
    ]);
    // negative maximum: |−1.005 − (−1)| = 0.005 <= 0.01 · 1
    expect(peakCells(heatmap(1, 3, [-1, -1.005, -3]), 0.01).cells).toHaveLength(2);
    // maximum 0: the tolerance stays negligible
    expect(peakCells(heatmap(1, 3, [0, -1e-6, -1]), 0.5).cells).toEqual([{ row: 0, col: 0 }]);
  });

  it('refuses NaN and a negative relTol', () => {
    expect(() => peakCells(heatmap(1, 2, [1, NaN]))).toThrow(RangeError);
    expect(() => peakCells(heatmap(1, 2, [1, 2]), -1)).toThrow(RangeError);
  });
});

describe('peakDistancePixels', () => {
  it('measures in input pixels through the cell centres (7×7 cell = 4 px)', () => {
    // (3,3) → centre (14, 14); (3,5) → (22, 14)
    expect(peakDistancePixels(oneHot(7, 3, 3), oneHot(7, 3, 5))).toEqual({
      pixels: 8,
      from: { row: 3, col: 3 },
      to: { row: 3, col: 5 },
      tiesA: 1,
      tiesB: 1,
    });
  });

  it('compares maps on different grids', () => {
    // 7×7 (0,0) → (2, 2); 28×28 (2,2) → (2.5, 2.5)
    expect(peakDistancePixels(oneHot(7, 0, 0), oneHot(28, 2, 2)).pixels).toBeCloseTo(Math.SQRT1_2, 12);
    // same peak location on both grids: 7×7 (3,3) covers pixels 12..15, centre 14 = 28×28 cell 13.5 → 0.5 px off
    expect(peakDistancePixels(oneHot(7, 3, 3), oneHot(28, 13, 13)).pixels).toBeCloseTo(Math.SQRT1_2, 12);
    // non-square grids map each axis separately: 1×2 cell (0,1) → (x 21, y 14); 2×1 cell (1,0) → (x 14, y 21)
    expect(peakDistancePixels(heatmap(1, 2, [0, 1]), heatmap(2, 1, [0, 1])).pixels).toBeCloseTo(7 * Math.SQRT2, 12);
    expect(peakDistancePixels(oneHot(7, 3, 3), oneHot(7, 3, 5), 14).pixels).toBe(4);
  });

  it('with ties takes the closest pair and reports the tie counts', () => {
    const a = heatmap(7, 7, new Float32Array(49));
    a.data[0] = 1; // (0,0) → (2, 2)
    a.data[48] = 1; // (6,6) → (26, 26)
    const r = peakDistancePixels(a, oneHot(7, 5, 5)); // (22, 22)
    expect(r).toEqual({ pixels: Math.sqrt(32), from: { row: 6, col: 6 }, to: { row: 5, col: 5 }, tiesA: 2, tiesB: 1 });
  });

  it('a constant map ties everywhere', () => {
    const r = peakDistancePixels(heatmap(2, 2, [1, 1, 1, 1]), oneHot(2, 1, 1));
    expect(r.tiesA).toBe(4);
    expect(r.pixels).toBe(0);
  });
});
