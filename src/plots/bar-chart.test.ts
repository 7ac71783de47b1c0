// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { barDomain, renderGroupedBars } from './bar-chart';

const digits = Array.from({ length: 10 }, (_, i) => String(i));

describe('barDomain', () => {
  it('spans the values and zero, ignoring nulls', () => {
    expect(barDomain([{ label: 'a', values: [0.5, null, 0.9] }])).toEqual([0, 0.9]);
    expect(
      barDomain([
        { label: 'a', values: [-0.2, 0.4] },
        { label: 'b', values: [null, 0.7] },
      ]),
    ).toEqual([-0.2, 0.7]);
    expect(barDomain([{ label: 'a', values: [null] }])).toEqual([0, 1]);
  });
});

describe('renderGroupedBars', () => {
  let target: HTMLDivElement;
  beforeEach(() => {
    document.body.replaceChildren();
    target = document.createElement('div');
    document.body.append(target);
  });

  const series = [
    { label: 'attention vs CAM', values: digits.map((_, i) => 0.5 + i * 0.04) },
    { label: 'CAM vs Grad-CAM', values: digits.map((_, i) => (i === 3 ? null : 0.3)) },
    { label: 'attention vs Grad-CAM', values: digits.map((_, i) => (i === 1 ? -0.1 : 0.2)) },
  ];

  it('draws one bar per category and series, n/a for nulls, with values in titles', () => {
    const svg = renderGroupedBars(target, digits, series, { label: 'Median Pearson r per class', yLabel: 'median r', format: '.2f' });
    const groups = svg.querySelectorAll('.plot-series');
    expect(groups).toHaveLength(3);
    expect(groups[0].querySelectorAll('rect.plot-bar')).toHaveLength(10);
    expect(groups[1].querySelectorAll('rect.plot-bar')).toHaveLength(9);
    expect(groups[1].querySelectorAll('.plot-missing')).toHaveLength(1);
    expect(groups[0].querySelectorAll('title')[9].textContent).toBe('9, attention vs CAM: 0.86');
    expect(svg.querySelector('desc')!.textContent).toContain('CAM vs Grad-CAM: 0 0.30, 1 0.30, 2 0.30, 3 n/a');
    expect(svg.getAttribute('role')).toBe('img');
    expect(Array.from(svg.querySelectorAll('.plot-axis-x .tick text'), (t) => t.textContent)).toEqual(digits);
    expect(Array.from(svg.querySelectorAll('.plot-legend text'), (t) => t.textContent)).toEqual(series.map((s) => s.label));
  });

  it('grows bars from zero, downwards for negative values, with a zero line', () => {
    const svg = renderGroupedBars(target, digits, series, { label: 'l', yLabel: 'r' });
    const zero = Number(svg.querySelector('.plot-zero')!.getAttribute('y1'));
    const neg = svg.querySelectorAll('.plot-series')[2].querySelectorAll('rect')[1];
    const pos = svg.querySelectorAll('.plot-series')[2].querySelectorAll('rect')[0];
    expect(Number(neg.getAttribute('y'))).toBeCloseTo(zero, 0);
    expect(Number(pos.getAttribute('y')) + Number(pos.getAttribute('height'))).toBeCloseTo(zero, 0);
    // 0.2 up is twice as tall as 0.1 down
    expect(Number(pos.getAttribute('height')) / Number(neg.getAttribute('height'))).toBeCloseTo(2, 1);
  });

  it('tells series apart by texture as well as colour', () => {
    const svg = renderGroupedBars(target, digits, series, { label: 'l', yLabel: 'r' });
    const fills = Array.from(svg.querySelectorAll('.plot-series'), (g) => g.querySelector<SVGRectElement>('rect')!.style.fill);
    expect(fills[0]).toContain('--plot-1');
    expect(fills[1]).toMatch(/^url\(#plot-pattern-\d+\)$/);
    expect(fills[2]).toMatch(/^url\(#plot-pattern-\d+\)$/);
    expect(fills[1]).not.toBe(fills[2]);
    expect(svg.querySelectorAll('defs pattern')).toHaveLength(2);
  });

  it('uses a given y domain and formatter, and refuses ragged series', () => {
    const svg = renderGroupedBars(target, ['a', 'b'], [{ label: 'acc', values: [0.98, 0.99] }], {
      label: 'l',
      yLabel: 'accuracy',
      yDomain: [0.9, 1],
      format: (v) => `${Math.round(v * 100)}%`,
    });
    const ticks = Array.from(svg.querySelectorAll('.plot-axis-y .tick text'), (t) => t.textContent);
    expect(ticks[0]).toBe('90%');
    expect(ticks[ticks.length - 1]).toBe('100%');
    expect(() => renderGroupedBars(target, ['a', 'b'], [{ label: 'x', values: [1] }], { label: 'l', yLabel: 'y' })).toThrow(RangeError);
    expect(target.querySelectorAll('svg')).toHaveLength(1);
  });
});
