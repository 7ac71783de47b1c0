import { describe, expect, it } from 'vitest';
import { confidence, softmax, topK } from './probabilities';

describe('softmax', () => {
  it('matches hand-computed values', () => {
    expect(softmax([0, 0])).toEqual([0.5, 0.5]);
    // e^(x − 3) / Σ for (1, 2, 3)
    const p = softmax([1, 2, 3]);
    const z = Math.exp(-2) + Math.exp(-1) + 1;
    expect(p[0]).toBeCloseTo(Math.exp(-2) / z, 15);
    expect(p[1]).toBeCloseTo(Math.exp(-1) / z, 15);
    expect(p[2]).toBeCloseTo(1 / z, 15);
    expect(p[2]).toBeCloseTo(0.66524, 5);
  });

  it('is stable for large logits and allows −Infinity', () => {
    const p = softmax([1000, 1000 + Math.log(3)]);
    expect(p[0]).toBeCloseTo(0.25, 12);
    expect(p[1]).toBeCloseTo(0.75, 12);
    expect(softmax([-Infinity, 0])).toEqual([0, 1]);
    expect(softmax(Float32Array.of(-1000, -1000))).toEqual([0.5, 0.5]);
  });

  it('handles empty input and refuses NaN, +Infinity, all −Infinity', () => {
    expect(softmax([])).toEqual([]);
    expect(() => softmax([0, NaN])).toThrow(RangeError);
    expect(() => softmax([Infinity, 0])).toThrow(RangeError);
    expect(() => softmax([-Infinity, -Infinity])).toThrow(RangeError);
  });
});

describe('confidence', () => {
  it('is the largest probability', () => {
    expect(confidence([0.1, 0.7, 0.2])).toBe(0.7);
    expect(confidence(Float32Array.of(1))).toBe(1);
    expect(() => confidence([])).toThrow(RangeError);
  });
});

describe('topK', () => {
  it('sorts descending, ties to the lower index', () => {
    expect(topK([3, 1, 3, 2], 2)).toEqual([
      { index: 0, value: 3 },
      { index: 2, value: 3 },
    ]);
    expect(topK([3, 1, 3, 2], 3)).toEqual([
      { index: 0, value: 3 },
      { index: 2, value: 3 },
      { index: 3, value: 2 },
    ]);
  });

  it('handles k = 0 and k beyond the length, refuses bad k', () => {
    expect(topK([1, 2], 0)).toEqual([]);
    expect(topK([1, 2], 5)).toEqual([
      { index: 1, value: 2 },
      { index: 0, value: 1 },
    ]);
    expect(() => topK([1, 2], -1)).toThrow(RangeError);
    expect(() => topK([1, 2], 1.5)).toThrow(RangeError);
  });

  it('does not mutate its input', () => {
    const v = [1, 3, 2];
    topK(v, 3);
    expect(v).toEqual([1, 3, 2]);
  });
});
