import { describe, expect, it } from 'vitest';
import { extentDomain, fitSize, layoutLegend, markerPath, textWidth, toFormatter, yAxisSpace } from './common';

describe('extentDomain', () => {
  it('is the min and max of the finite values', () => {
    expect(extentDomain([3, -2, 7, NaN, Infinity])).toEqual([-2, 7]);
  });
  it('reaches zero on request', () => {
    expect(extentDomain([3, 7], true)).toEqual([0, 7]);
    expect(extentDomain([-3, -1], true)).toEqual([-3, 0]);
  });
  it('widens degenerate and empty input so a scale never divides by zero', () => {
    expect(extentDomain([])).toEqual([0, 1]);
    expect(extentDomain([5, 5])).toEqual([4.5, 5.5]);
    expect(extentDomain([0, 0])).toEqual([-1, 1]);
    expect(extentDomain([0], true)).toEqual([0, 1]);
  });
});

describe('layoutLegend', () => {
  it('puts items side by side while they fit and wraps the rest', () => {
    const fs = 12;
    const w = (s: string) => 26 + 6 + textWidth(s, fs);
    const labels = ['alpha', 'beta', 'gamma delta'];
    const width = w('alpha') + 16 + w('beta') + 10; // room for two, not three
    const { positions, rows, rowHeight } = layoutLegend(labels, width, fs);
    expect(rows).toBe(2);
    expect(positions[0]).toEqual({ x: 0, y: 0, lines: ['alpha'] });
    expect(positions[1].x).toBeCloseTo(w('alpha') + 16, 9);
    expect(positions[1].y).toBe(0);
    expect(positions[2]).toEqual({ x: 0, y: rowHeight, lines: ['gamma delta'] });
  });
  it('breaks a label wider than the legend over lines that fit, and counts them as rows', () => {
    const fs = 12;
    const label = 'Attention-CAM (exact) (attention-CNN attacked)';
    const width = 240; // a phone's chart: the label alone needs 32 + textWidth ≈ 352
    const { positions, rows, rowHeight } = layoutLegend(['short', label, 'after'], width, fs);
    const wrapped = positions[1];
    expect(wrapped.x).toBe(0);
    expect(wrapped.y).toBe(rowHeight);
    expect(wrapped.lines.length).toBeGreaterThan(1);
    expect(wrapped.lines.join(' ')).toBe(label);
    for (const line of wrapped.lines) expect(26 + 6 + textWidth(line, fs)).toBeLessThanOrEqual(width);
    expect(positions[2]).toEqual({ x: 0, y: (1 + wrapped.lines.length) * rowHeight, lines: ['after'] });
    expect(rows).toBe(2 + wrapped.lines.length);
  });
  it('has no rows without labels', () => {
    expect(layoutLegend([], 100, 12).rows).toBe(0);
  });
});

describe('markerPath', () => {
  it('draws closed shapes centred on the point', () => {
    expect(markerPath('square', 10, 20, 2)).toBe('M8.2,18.2h3.6v3.6h-3.6Z');
    expect(markerPath('circle', 10, 20, 2)).toBe('M8,20a2,2 0 1,0 4,0a2,2 0 1,0 -4,0Z');
    for (const s of ['triangle', 'diamond'] as const) expect(markerPath(s, 0, 0, 3)).toMatch(/^M.*Z$/);
  });
});

describe('toFormatter', () => {
  it('accepts a d3-format specifier or a function', () => {
    expect(toFormatter('.1%', 'd')(0.256)).toBe('25.6%');
    expect(toFormatter(undefined, '.2f')(1)).toBe('1.00');
    expect(toFormatter((v) => `<${v}>`, 'd')(3)).toBe('<3>');
  });
});

describe('fitSize', () => {
  const box = (clientWidth: number) => ({ clientWidth }) as unknown as Element;
  it('keeps the asked size where the container is wide enough or has no layout', () => {
    expect(fitSize(box(800), 640, 320)).toEqual({ width: 640, height: 320 });
    expect(fitSize(box(0), 640, 320)).toEqual({ width: 640, height: 320 });
  });
  it('follows a narrower container (1 unit = 1 px), the height shrinking to no less than 3/4', () => {
    expect(fitSize(box(300), 440, 330)).toEqual({ width: 300, height: 248 });
    expect(fitSize(box(300.6), 320, 320)).toEqual({ width: 300, height: 300 });
  });
  it('stops at the minimum width (the container then scrolls)', () => {
    expect(fitSize(box(280), 480, 480, 400)).toEqual({ width: 400, height: 400 });
  });
});

describe('yAxisSpace', () => {
  it('leaves room between the rotated title and the widest tick label', () => {
    const { left, titleX } = yAxisSpace(['98.0%', '98.5%', '99.0%', '99.5%'], 12);
    // title glyphs end 0.25 em right of titleX; labels start left + tick(9) − width
    expect(left - 9 - 5 * 12 * 0.58).toBeGreaterThan(titleX + 3);
    expect(yAxisSpace(['0', '1'], 12).left).toBe(58);
  });
});
