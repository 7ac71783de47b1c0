// @vitest-environment jsdom
import { format } from 'd3-format';
import { scaleLinear } from 'd3-scale';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { pearsonArrays } from '../lib/metrics/correlation';
import { createRng, gaussian } from '../lib/rng';
import { correlationLabel, cursorOrder, idsInRect, nearestPoint, renderScatter, stepCursor, type ScatterPoint } from './scatter';

function randomPoints(n: number, groups: number, seed = 7): ScatterPoint[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, id) => {
    const x = gaussian(rng);
    return { id, x, y: 0.5 * x + gaussian(rng), group: id % groups };
  });
}

describe('nearestPoint', () => {
  const pts = [
    { x: 0, y: 0, id: 1 },
    { x: 10, y: 0, id: 2 },
    { x: 10, y: 10, id: 3 },
  ];
  it('finds the nearest point', () => {
    expect(nearestPoint(pts, 9, 2)?.id).toBe(2);
    expect(nearestPoint(pts, 8, 9)?.id).toBe(3);
  });
  it('respects maxDistance (inclusive) and returns null when nothing is close enough', () => {
    expect(nearestPoint(pts, 5, 5, 7)).toBeNull();
    expect(nearestPoint(pts, 3, 4, 5)?.id).toBe(1);
    expect(nearestPoint([], 0, 0)).toBeNull();
  });
  it('takes the first of equally near points', () => {
    expect(nearestPoint(pts, 5, 0)?.id).toBe(1);
  });
});

describe('idsInRect', () => {
  const x = scaleLinear().domain([0, 1]).range([0, 100]);
  const y = scaleLinear().domain([0, 1]).range([100, 0]);
  const pts = [
    { x: 0.1, y: 0.1, id: 10 },
    { x: 0.5, y: 0.5, id: 11 },
    { x: 0.9, y: 0.9, id: 12 },
    { x: 0.2, y: 0.8, id: 13 },
  ];
  it('returns the ids whose pixel position lies in the rectangle, edges included', () => {
    expect(
      idsInRect(pts, x, y, [
        [0, 50],
        [50, 100],
      ]),
    ).toEqual([10, 11]);
  });
  it('accepts the corners in any order', () => {
    expect(
      idsInRect(pts, x, y, [
        [100, 0],
        [15, 30],
      ]),
    ).toEqual([12, 13]);
  });
});

describe('keyboard cursor helpers', () => {
  it('orders by x, then y, then id', () => {
    const pts = [
      { x: 2, y: 0, id: 0 },
      { x: 1, y: 5, id: 1 },
      { x: 1, y: 5, id: 0 },
      { x: 1, y: 3, id: 9 },
    ];
    expect(cursorOrder(pts)).toEqual([3, 2, 1, 0]);
  });
  it('steps, pages and jumps within bounds; ignores other keys', () => {
    expect(stepCursor(0, 'ArrowRight', 5)).toBe(1);
    expect(stepCursor(4, 'ArrowRight', 5)).toBe(4);
    expect(stepCursor(0, 'ArrowLeft', 5)).toBe(0);
    expect(stepCursor(-1, 'ArrowRight', 5)).toBe(0);
    expect(stepCursor(2, 'Home', 5)).toBe(0);
    expect(stepCursor(2, 'End', 5)).toBe(4);
    expect(stepCursor(0, 'PageUp', 100)).toBe(5);
    expect(stepCursor(3, 'PageDown', 100)).toBe(0);
    expect(stepCursor(1, 'a', 5)).toBeNull();
    expect(stepCursor(0, 'ArrowRight', 0)).toBeNull();
  });
});

describe('renderScatter', () => {
  let target: HTMLDivElement;
  beforeEach(() => {
    document.body.replaceChildren();
    target = document.createElement('div');
    document.body.append(target);
  });

  it('draws 10,000 points as one path per group and keeps the DOM small', () => {
    const pts = randomPoints(10_000, 3);
    const svg = renderScatter(target, pts, { xLabel: 'spread', yLabel: 'confidence', label: 'Spread against confidence' });
    const paths = svg.querySelectorAll('path.plot-points');
    expect(paths).toHaveLength(3);
    expect(Array.from(paths, (p) => Number(p.getAttribute('data-count')))).toEqual([3334, 3333, 3333]);
    // every marker is one closed subpath
    expect(paths[0].getAttribute('d')!.match(/Z/g)).toHaveLength(3334);
    expect(svg.querySelectorAll('*').length).toBeLessThan(200);
    expect(svg.getAttribute('role')).toBe('img');
    expect(Array.from(svg.querySelectorAll('.plot-legend text'), (t) => t.textContent)).toEqual(['group 0', 'group 1', 'group 2']);
  });

  it('shows the Pearson r it is given (computed by the caller) with the number of points', () => {
    const pts = randomPoints(10_000, 1);
    const r = pearsonArrays(
      pts.map((p) => p.x),
      pts.map((p) => p.y),
    )!;
    expect(r).toBeGreaterThan(0.3); // the generator's slope shows through
    const svg = renderScatter(target, pts, { xLabel: 'x', yLabel: 'y', label: 'l', correlation: r });
    expect(svg.querySelector('.plot-stat text')!.textContent).toBe(`r = ${format('.2f')(r)}, n = 10000`);
    expect(correlationLabel(null, 2)).toBe('r undefined, n = 2');
    // a single group needs no legend
    expect(svg.querySelector('.plot-legend')).toBeNull();
  });

  it('without a correlation from the caller shows no r at all, and ticks follow the points’ format', () => {
    const pts = [0.9925, 0.9927, 0.993, 0.9951].map((y, id) => ({ id, x: id / 4, y }));
    const svg = renderScatter(target, pts, { xLabel: 'x', yLabel: 'y', label: 'l', xFormat: '.0%', yFormat: '.1%' });
    expect(svg.querySelector('.plot-stat')).toBeNull();
    expect(svg.textContent).not.toContain('r undefined');
    const ticks = Array.from(svg.querySelectorAll('.plot-axis-y .tick text'), (t) => t.textContent ?? '');
    expect(ticks.length).toBeGreaterThan(2);
    for (const t of ticks) expect(t).toMatch(/^\d+\.\d+%$/);
    expect(new Set(ticks).size).toBe(ticks.length); // precision from the step: no two ticks print alike
    const xTicks = Array.from(svg.querySelectorAll('.plot-axis-x .tick text'), (t) => t.textContent ?? '');
    for (const t of xTicks) expect(t).toMatch(/^\d+%$/);
  });

  it('skips non-finite points and highlights the requested ids', () => {
    const pts = [
      { x: 0, y: 0, id: 1 },
      { x: 1, y: 2, id: 2 },
      { x: NaN, y: 1, id: 3 },
      { x: 2, y: 1, id: 4 },
    ];
    const svg = renderScatter(target, pts, { xLabel: 'x', yLabel: 'y', label: 'l', highlight: [2, 3, 99], correlation: null });
    expect(svg.querySelector('path.plot-points')!.getAttribute('data-count')).toBe('3');
    expect(svg.querySelector('path.plot-highlight')!.getAttribute('data-count')).toBe('1');
    expect(svg.querySelector('.plot-stat text')!.textContent).toBe('r undefined, n = 3'); // counted after skipping
  });

  it('lets the keyboard walk points sorted by x and pick one with Enter, announcing it', () => {
    const pts = [
      { x: 3, y: 1, id: 30 },
      { x: 1, y: 1, id: 10 },
      { x: 2, y: 5, id: 20 },
    ];
    const onPick = vi.fn();
    const svg = renderScatter(target, pts, { xLabel: 'spread', yLabel: 'confidence', label: 'l', onPick });
    expect(svg.getAttribute('role')).toBe('group');
    const cursor = svg.querySelector<SVGGElement>('.plot-cursor')!;
    expect(cursor.getAttribute('tabindex')).toBe('0');
    expect(cursor.getAttribute('role')).toBe('slider');
    cursor.focus();
    expect(cursor.getAttribute('aria-valuetext')).toBe('point 10: spread 1, confidence 1 (1 of 3)');
    cursor.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    expect(cursor.getAttribute('aria-valuenow')).toBe('2');
    cursor.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(onPick).toHaveBeenCalledWith(20);
    const live = target.querySelector('[aria-live="polite"]')!;
    expect(live.textContent).toBe('Picked point 20: spread 2, confidence 5');
  });

  it('keeps focus, cursor and live region when the widget re-renders after a pick', () => {
    const pts = [
      { x: 1, y: 1, id: 10 },
      { x: 2, y: 5, id: 20 },
      { x: 3, y: 1, id: 30 },
    ];
    const options = {
      xLabel: 'x',
      yLabel: 'y',
      label: 'l',
      highlight: [] as number[],
      onPick: (id: number) => {
        options.highlight = [id];
        renderScatter(target, pts, options);
      },
    };
    renderScatter(target, pts, options);
    const cursor = target.querySelector<SVGGElement>('.plot-cursor')!;
    cursor.focus();
    cursor.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    cursor.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    expect(target.querySelectorAll('svg')).toHaveLength(1);
    expect(target.querySelectorAll('[aria-live]')).toHaveLength(1);
    const again = target.querySelector<SVGGElement>('.plot-cursor')!;
    expect(again).not.toBe(cursor);
    expect(document.activeElement).toBe(again);
    expect(again.getAttribute('data-point-id')).toBe('30');
    expect(target.querySelector('[aria-live]')!.textContent).toBe('Picked point 30: x 3, y 1');
    expect(target.querySelector('path.plot-highlight')!.getAttribute('data-count')).toBe('1');
    // a non-interactive re-render drops the cursor and the live region
    renderScatter(target, pts, { xLabel: 'x', yLabel: 'y', label: 'l' });
    expect(target.querySelector('[aria-live]')).toBeNull();
    expect(target.querySelector('.plot-cursor')).toBeNull();
  });

  it('picks the point nearest to a click, within the pick radius only', () => {
    const pts = [
      { x: 0, y: 0, id: 1 },
      { x: 10, y: 10, id: 2 },
    ];
    const onPick = vi.fn();
    const svg = renderScatter(target, pts, { xLabel: 'x', yLabel: 'y', label: 'l', onPick, xDomain: [0, 10], yDomain: [0, 10] });
    const area = svg.querySelector('.plot-pick-area')!;
    // jsdom has no layout: d3.pointer falls back to client coordinates = viewBox units here
    const x0 = Number(area.getAttribute('x'));
    const yBottom = Number(area.getAttribute('y')) + Number(area.getAttribute('height'));
    area.dispatchEvent(new MouseEvent('click', { clientX: x0 + 5, clientY: yBottom - 3, bubbles: true }));
    expect(onPick).toHaveBeenCalledWith(1);
    area.dispatchEvent(new MouseEvent('click', { clientX: x0 + 40, clientY: yBottom - 40, bubbles: true }));
    expect(onPick).toHaveBeenCalledTimes(1);
  });

  it('reports the ids inside a dragged brush, and picks on a click without a drag', () => {
    const pts = [
      { x: 1, y: 1, id: 1 },
      { x: 2, y: 2, id: 2 },
      { x: 8, y: 8, id: 3 },
    ];
    const onSelect = vi.fn();
    const onPick = vi.fn();
    const svg = renderScatter(target, pts, { xLabel: 'x', yLabel: 'y', label: 'l', onSelect, onPick, xDomain: [0, 10], yDomain: [0, 10] });
    const overlay = svg.querySelector('.plot-brush rect.overlay')!;
    const left = Number(overlay.getAttribute('x'));
    const top = Number(overlay.getAttribute('y'));
    const w = Number(overlay.getAttribute('width'));
    const h = Number(overlay.getAttribute('height'));
    // jsdom refuses vitest's window as `view` in the constructor; d3-brush needs event.view.
    const mouse = (type: string, x: number, y: number) => {
      const event = new MouseEvent(type, { clientX: left + (x / 10) * w, clientY: top + h - (y / 10) * h, bubbles: true });
      Object.defineProperty(event, 'view', { value: window });
      return event;
    };
    // drag from data (0.5, 0.5) to (3, 3): points 1 and 2
    overlay.dispatchEvent(mouse('mousedown', 0.5, 0.5));
    window.dispatchEvent(mouse('mousemove', 3, 3));
    window.dispatchEvent(mouse('mouseup', 3, 3));
    expect(onSelect).toHaveBeenCalledTimes(1);
    const [ids, extent] = onSelect.mock.calls[0];
    expect(ids).toEqual([1, 2]);
    expect(extent[0][0]).toBeCloseTo(0.5, 6);
    expect(extent[1][1]).toBeCloseTo(3, 6);
    expect(onPick).not.toHaveBeenCalled();
    // a click (no movement) next to point 3 clears the brush and picks point 3
    overlay.dispatchEvent(mouse('mousedown', 8.05, 8));
    window.dispatchEvent(mouse('mouseup', 8.05, 8));
    expect(onPick).toHaveBeenCalledWith(3);
    expect(onSelect).toHaveBeenLastCalledWith([], null);
  });

  it('draws a given brush extent without reporting it back', () => {
    const onSelect = vi.fn();
    const pts = randomPoints(50, 1);
    const svg = renderScatter(target, pts, {
      xLabel: 'x',
      yLabel: 'y',
      label: 'l',
      onSelect,
      xDomain: [-4, 4],
      yDomain: [-4, 4],
      brushExtent: [
        [-1, -1],
        [1, 1],
      ],
    });
    const sel = svg.querySelector('.plot-brush rect.selection')!;
    expect(sel.getAttribute('display')).toBeNull();
    expect(Number(sel.getAttribute('width'))).toBeGreaterThan(0);
    expect(onSelect).not.toHaveBeenCalled();
    expect(svg.getAttribute('role')).toBe('group');
    expect(svg.querySelector('.plot-cursor')).toBeNull(); // no onPick, nothing to pick
  });
});
