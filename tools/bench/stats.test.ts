import { describe, expect, it } from 'vitest';
import { duration, kb, median, ratio, sample, spread, verdict } from './stats';

describe('bench stats', () => {
  it('takes the median of odd and even counts without reordering the input', () => {
    const xs = [5, 1, 3];
    expect(median(xs)).toBe(3);
    expect(xs).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });

  it('summarises a sample', () => {
    expect(sample([3, 9, 1])).toEqual({ median: 3, min: 1, max: 9, n: 3 });
    expect(spread(sample([100, 120, 110]))).toBe('110 ms (100 ms–120 ms, n=3)');
    expect(spread(sample([1500]))).toBe('1.50 s (n=1)');
    expect(spread(sample([]))).toBe('n/a');
  });

  it('formats bytes, durations and ratios', () => {
    expect(kb(15 * 1024)).toBe('15.0 KB');
    expect(kb(3620)).toBe('3.5 KB');
    expect(duration(0.84)).toBe('0.8 ms');
    expect(duration(42.4)).toBe('42 ms');
    expect(duration(1234)).toBe('1.23 s');
    expect(duration(77_400)).toBe('77.4 s');
    expect(duration(Number.NaN)).toBe('n/a');
    expect(ratio(1400, 100)).toBe('14×');
    expect(ratio(250, 100)).toBe('2.5×');
    expect(ratio(31, 100)).toBe('0.31×');
    expect(ratio(1, 0)).toBe('n/a');
  });

  it('says PASS or MISS with the figure, and why only when missed', () => {
    expect(verdict('JS before a widget nears', 3620, 15 * 1024, kb, 'too big')).toEqual({
      pass: true,
      line: 'PASS  JS before a widget nears: 3.5 KB (target ≤ 15.0 KB)',
    });
    const miss = verdict('study', 9000, 6000, duration, 'each worker needs 8.5 s');
    expect(miss.pass).toBe(false);
    expect(miss.line).toBe('MISS  study: 9.00 s (target ≤ 6.00 s) — each worker needs 8.5 s');
    expect(verdict('x', Number.NaN, 1, duration).pass).toBe(false);
  });
});
