import { describe, expect, it } from 'vitest';
import { heatmap } from '../contract/heatmap';
import { ssim } from './ssim';

const C1 = 1e-4; // (0.01 · 1)²
const C2 = 9e-4; // (0.03 · 1)²

describe('ssim', () => {
  it('is 1 for identical maps, including two constant ones', () => {
    const a = heatmap(3, 3, [0, 0.2, 0.4, 0.1, 1, 0.3, 0.5, 0.6, 0.9]);
    expect(ssim(a, a)).toBeCloseTo(1, 12);
    expect(ssim(heatmap(3, 3, new Float32Array(9)), heatmap(3, 3, new Float32Array(9)))).toBe(1);
  });

  it('matches a hand-computed single window (zeros vs a centre spike)', () => {
    const zeros = heatmap(3, 3, new Float32Array(9));
    const spike = heatmap(3, 3, [0, 0, 0, 0, 1, 0, 0, 0, 0]);
    // μx 0, μy 1/9, σx² 0, σy² (sample) = (1 − 9·(1/9)²)/8 = 1/9, σxy 0
    const expected = (C1 * C2) / ((1 / 81 + C1) * (1 / 9 + C2));
    expect(ssim(zeros, spike)).toBeCloseTo(expected, 14);
    expect(ssim(spike, zeros)).toBeCloseTo(expected, 14);
  });

  it('is −1-ish for an inverted zero-mean pattern and averages over window positions', () => {
    const a = heatmap(
      3,
      3,
      [1, -1, 1, -1, 1, -1, 1, -1, 1].map((v) => v * 0.5),
    );
    const b = heatmap(
      3,
      3,
      [1, -1, 1, -1, 1, -1, 1, -1, 1].map((v) => v * -0.5),
    );
    // μ = ±1/18, σ² = σ²; σxy = −σ²: (2μxμy + C1)/(μx²+μy²+C1) · (−2σ² + C2)/(2σ² + C2)
    const mu = 0.5 / 9;
    const v = (9 * 0.25 - 9 * mu * mu) / 8;
    expect(ssim(a, b)).toBeCloseTo(((-2 * mu * mu + C1) / (2 * mu * mu + C1)) * ((-2 * v + C2) / (2 * v + C2)), 12);
    // 8×8 map, 7×7 window → 4 positions; identical maps still give 1
    const big = heatmap(
      8,
      8,
      Float32Array.from({ length: 64 }, (_, i) => (i * 7) % 5),
    );
    expect(ssim(big, big)).toBeCloseTo(1, 12);
  });

  it('refuses different sizes, maps under 3×3, bad windows', () => {
    const a = heatmap(3, 3, new Float32Array(9));
    expect(() => ssim(a, heatmap(4, 4, new Float32Array(16)))).toThrow(/3×3 and 4×4/);
    expect(() => ssim(heatmap(2, 2, [1, 2, 3, 4]), heatmap(2, 2, [1, 2, 3, 4]))).toThrow(RangeError);
    expect(() => ssim(a, a, { windowSize: 4 })).toThrow(RangeError);
  });
});
