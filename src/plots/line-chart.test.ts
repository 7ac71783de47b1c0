// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { drawablePoints, renderLineChart } from './line-chart';

describe('drawablePoints', () => {
  it('drops non-finite points and sorts by x', () => {
    expect(
      drawablePoints([
        { x: 3, y: 1 },
        { x: 1, y: NaN },
        { x: 2, y: 5 },
        { x: Infinity, y: 0 },
      ]),
    ).toEqual([
      { x: 2, y: 5 },
      { x: 3, y: 1 },
    ]);
  });
});

describe('renderLineChart', () => {
  let target: HTMLDivElement;
  beforeEach(() => {
    document.body.replaceChildren();
    target = document.createElement('div');
    document.body.append(target);
  });

  const epochs = [1, 2, 3, 4, 5];
  const series = [
    { label: 'train loss', points: epochs.map((x) => ({ x, y: 1 / x })) },
    { label: 'validation loss', points: epochs.map((x) => ({ x, y: 1.2 / x })), dashed: true },
  ];

  it('draws a line and markers per series, dashed where asked, with a legend', () => {
    const svg = renderLineChart(target, series, { xLabel: 'epoch', yLabel: 'loss', label: 'Loss per epoch' });
    const lines = svg.querySelectorAll<SVGPathElement>('path.plot-line');
    expect(lines).toHaveLength(2);
    expect(lines[0].getAttribute('d')!.match(/L/g)).toHaveLength(4);
    expect(lines[0].style.strokeDasharray).toBe('');
    expect(lines[1].style.strokeDasharray).not.toBe('');
    const markers = svg.querySelectorAll('path.plot-line-markers');
    expect(markers[0].getAttribute('d')!.match(/Z/g)).toHaveLength(5);
    expect(markers[0].getAttribute('d')).not.toBe(markers[1].getAttribute('d')); // other shape
    expect(markers[1].querySelector('title')!.textContent).toBe('validation loss: 1: 1.2, 2: 0.6, 3: 0.4, 4: 0.3, 5: 0.24');
    expect(Array.from(svg.querySelectorAll('.plot-legend text'), (t) => t.textContent)).toEqual(['train loss', 'validation loss']);
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('Loss per epoch');
    expect(svg.querySelector('desc')!.textContent).toBe(
      'train loss: 5 points, from 1 at epoch 1 to 0.2 at 5; validation loss: 5 points, from 1.2 at epoch 1 to 0.24 at 5',
    );
  });

  it('uses integer epoch ticks, or exactly the given ones', () => {
    let svg = renderLineChart(target, series, { xLabel: 'epoch', yLabel: 'loss', label: 'l' });
    expect(Array.from(svg.querySelectorAll('.plot-axis-x .tick text'), (t) => t.textContent)).toEqual(['1', '2', '3', '4', '5']);
    svg = renderLineChart(target, series, { xLabel: 'epoch', yLabel: 'loss', label: 'l', xTicks: [1, 3, 5] });
    expect(Array.from(svg.querySelectorAll('.plot-axis-x .tick text'), (t) => t.textContent)).toEqual(['1', '3', '5']);
    expect(target.querySelectorAll('svg')).toHaveLength(1);
  });

  it('formats y with the given specifier inside a given domain', () => {
    const acc = [{ label: 'validation accuracy', points: epochs.map((x) => ({ x, y: 0.9 + x * 0.015 })) }];
    const svg = renderLineChart(target, acc, { xLabel: 'epoch', yLabel: 'accuracy', label: 'l', yDomain: [0.9, 1], format: '.0%' });
    const ticks = Array.from(svg.querySelectorAll('.plot-axis-y .tick text'), (t) => t.textContent);
    expect(ticks[0]).toBe('90%');
    expect(ticks[ticks.length - 1]).toBe('100%');
  });
});

describe('renderLineChart with clickable points', () => {
  it('makes each point a labelled button that reports its series and point, by click and by keyboard', () => {
    document.body.replaceChildren();
    const target = document.createElement('div');
    document.body.append(target);
    const clicked: Array<[number, number, number]> = [];
    renderLineChart(
      target,
      [
        {
          label: 'FGSM',
          points: [
            { x: 0, y: 1 },
            { x: 0.1, y: 0.5 },
          ],
        },
        {
          label: 'PGD',
          points: [
            { x: 0, y: 1 },
            { x: 0.1, y: 0.2 },
          ],
          dashed: true,
        },
      ],
      {
        xLabel: 'ε',
        yLabel: 'accuracy',
        label: 'Accuracy vs ε',
        onPointClick: (s, p) => clicked.push([s, p.x, p.y]),
        pointLabel: (s, p) => `series ${s} at ${p.x}`,
      },
    );
    const buttons = target.querySelectorAll('[role=button]');
    expect(buttons).toHaveLength(4);
    expect(target.querySelector('svg')!.getAttribute('role')).toBe('group');
    const pgdAtOne = [...buttons].find((b) => b.getAttribute('aria-label') === 'series 1 at 0.1')!;
    pgdAtOne.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    pgdAtOne.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    pgdAtOne.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    expect(clicked).toEqual([
      [1, 0.1, 0.2],
      [1, 0.1, 0.2],
    ]);
    expect(pgdAtOne.getAttribute('tabindex')).toBe('0');
  });
});
