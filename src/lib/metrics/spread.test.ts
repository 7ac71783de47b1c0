import { describe, expect, it } from 'vitest';
import { heatmap } from '../contract/heatmap';
import { attentionSpread } from './spread';

describe('attentionSpread', () => {
  it('a uniform map uses every cell', () => {
    const s = attentionSpread(heatmap(2, 2, [0.5, 0.5, 0.5, 0.5]));
    expect(s.std).toBe(0);
    expect(s.entropy).toBeCloseTo(Math.log(4), 12);
    expect(s.effectiveArea).toBeCloseTo(4, 12);
    expect(s.effectiveAreaFraction).toBeLessThanOrEqual(1);
    expect(s.effectiveAreaFraction).toBeCloseTo(1, 12);
  });

  it('a one-hot map uses one cell', () => {
    // values (1, 0, 0, 0): mean 1/4, E[v²] 1/4 → std √(1/4 − 1/16) = √0.1875
    expect(attentionSpread(heatmap(2, 2, [1, 0, 0, 0]))).toEqual({
      std: Math.sqrt(0.1875),
      entropy: 0,
      effectiveArea: 1,
      effectiveAreaFraction: 0.25,
    });
  });

  it('matches hand-computed values', () => {
    const half = attentionSpread(heatmap(2, 2, [0.2, 0.2, 0, 0]));
    expect(half.entropy).toBeCloseTo(Math.log(2), 12);
    expect(half.effectiveArea).toBeCloseTo(2, 12);
    expect(half.effectiveAreaFraction).toBeCloseTo(0.5, 12);
    // p = (3/4, 1/4): H = −(0.75 ln 0.75 + 0.25 ln 0.25) ≈ 0.562335; std of (3, 1) = 1
    const s = attentionSpread(heatmap(1, 2, [3, 1]));
    expect(s.std).toBe(1);
    expect(s.entropy).toBeCloseTo(0.5623351446188083, 12);
    expect(s.effectiveArea).toBeCloseTo(Math.exp(0.5623351446188083), 12);
  });

  it('an all-zero map has no distribution: null entropy and area, std 0', () => {
    expect(attentionSpread(heatmap(2, 2, [0, 0, 0, 0]))).toEqual({
      std: 0,
      entropy: null,
      effectiveArea: null,
      effectiveAreaFraction: null,
    });
  });

  it('refuses negative values', () => {
    expect(() => attentionSpread(heatmap(1, 2, [0.5, -0.1]))).toThrow(/negative/);
  });
});
