// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { binIndex, binValues, markerRows, renderHistogram, summarizeHistogram } from './histogram';

describe('binValues', () => {
  it('gives empty bins with exact edges for empty or all-null input', () => {
    for (const values of [[], [null, null, null]]) {
      const bins = binValues(values, [-1, 1], 4);
      expect(bins).toEqual([
        { x0: -1, x1: -0.5, count: 0 },
        { x0: -0.5, x1: 0, count: 0 },
        { x0: 0, x1: 0.5, count: 0 },
        { x0: 0.5, x1: 1, count: 0 },
      ]);
    }
  });

  it('puts the upper domain edge in the last bin and interior edges in the upper bin', () => {
    expect(binValues([1, 1, -1, 0, 0.5], [-1, 1], 4).map((b) => b.count)).toEqual([1, 0, 1, 3]);
  });

  it('clamps values outside the domain into the edge bins and counts them', () => {
    expect(binValues([-7, -1.0001, 3, 1e9, 0.1], [-1, 1], 4).map((b) => b.count)).toEqual([2, 0, 1, 2]);
  });

  it('skips null and non-finite values', () => {
    expect(binValues([null, NaN, 0.25, null], [0, 1], 2).map((b) => b.count)).toEqual([1, 0]);
  });

  it('with one bin counts everything', () => {
    expect(binValues([-5, 0, 0.3, 1, 9, null], [0, 1], 1)).toEqual([{ x0: 0, x1: 1, count: 5 }]);
  });

  it('agrees with its own edges where floating point would put a value one bin too low', () => {
    // 0.29 * 100 = 28.999999999999996 in floating point, but 0.29 is the lower edge of bin 29
    const bins = binValues([0.29, 0.57, 0.58], [0, 1], 100);
    for (const v of [0.29, 0.57, 0.58]) {
      const i = binIndex(v, [0, 1], 100);
      expect(bins[i].count).toBeGreaterThan(0);
      expect(v).toBeGreaterThanOrEqual(bins[i].x0);
      expect(v).toBeLessThan(bins[i].x1);
    }
    expect(binIndex(0.29, [0, 1], 100)).toBe(29);
  });

  it('refuses bad bins and domains', () => {
    expect(() => binValues([1], [0, 1], 0)).toThrow(RangeError);
    expect(() => binValues([1], [0, 1], 2.5)).toThrow(RangeError);
    expect(() => binValues([1], [1, 1], 3)).toThrow(RangeError);
    expect(() => binValues([1], [0, NaN], 3)).toThrow(RangeError);
  });

  it('accepts typed arrays', () => {
    expect(binValues(Float32Array.of(0.1, 0.9, 0.95), [0, 1], 2).map((b) => b.count)).toEqual([1, 2]);
  });
});

describe('summarizeHistogram', () => {
  it('counts skipped values, normalises per series and finds the median', () => {
    const s = summarizeHistogram([0.1, null, 0.2, 0.9, null], [0, 1], 2, 'fraction');
    expect(s.counted).toBe(3);
    expect(s.skipped).toBe(2);
    expect(s.heights).toEqual([2 / 3, 1 / 3]);
    expect(s.median).toBeCloseTo(0.2, 12);
    expect(summarizeHistogram([null], [0, 1], 2, 'fraction')).toMatchObject({ heights: [0, 0], median: null, skipped: 1 });
  });
});

describe('markerRows', () => {
  it('stacks labels that would overlap and reuses free rows', () => {
    // x positions 0, 10, 200 with widths 50: the first two collide, the third is free again
    expect(markerRows([0, 10, 200], [50, 50, 50])).toEqual([0, 1, 0]);
    expect(markerRows([], [])).toEqual([]);
  });
});

describe('renderHistogram', () => {
  let target: HTMLDivElement;
  beforeEach(() => {
    document.body.replaceChildren();
    target = document.createElement('div');
    document.body.append(target);
  });

  const series = [
    { label: 'attention vs CAM', values: [0.9, 0.8, 0.75, -0.2, null, null] },
    { label: 'CAM vs Grad-CAM', values: [0.1, 0.2, 1, -1] },
    { label: 'attention vs Grad-CAM', values: [0.4, null] },
  ];

  it('draws `bins` bars per series with the counts in data attributes and titles', () => {
    const svg = renderHistogram(target, series, {
      domain: [-1, 1],
      bins: 4,
      xLabel: 'Pearson r',
      label: 'Agreement of three map pairs',
      mode: 'bars',
      describeSkipped: (n) => `${n} flat maps skipped`,
    });
    const groups = svg.querySelectorAll('.plot-series');
    expect(groups).toHaveLength(3);
    const expected = [
      [0, 1, 0, 3],
      [1, 0, 2, 1],
      [0, 0, 1, 0],
    ];
    groups.forEach((g, i) => {
      const bars = g.querySelectorAll('rect.plot-bar');
      expect(bars).toHaveLength(4);
      expect(Array.from(bars, (b) => Number(b.getAttribute('data-count')))).toEqual(expected[i]);
      expect(g.getAttribute('data-counts')).toBe(expected[i].join(','));
    });
    expect(groups[0].querySelectorAll('title')[3].textContent).toBe('attention vs CAM, 0.5 to 1: 3');
    const legend = Array.from(svg.querySelectorAll('.plot-legend text'), (t) => t.textContent);
    expect(legend).toEqual([
      'attention vs CAM (n = 4; 2 flat maps skipped)',
      'CAM vs Grad-CAM (n = 4)',
      'attention vs Grad-CAM (n = 1; 1 flat maps skipped)',
    ]);
    // the empty bar has no height; a bar of 3 is three times as tall as a bar of 1
    const h = (g: number, k: number) => Number(groups[g].querySelectorAll('rect')[k].getAttribute('height'));
    expect(h(0, 0)).toBe(0);
    expect(h(0, 3) / h(0, 1)).toBeCloseTo(3, 1);
  });

  it('is a labelled, non-interactive image with a text summary', () => {
    const svg = renderHistogram(target, series.slice(0, 1), { domain: [-1, 1], bins: 4, xLabel: 'r', label: 'One pair' });
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('One pair');
    expect(svg.querySelector('title')?.textContent).toBe('One pair');
    expect(svg.getAttribute('viewBox')).toBe('0 0 640 320');
    expect(svg.querySelector('desc')?.textContent).toBe('attention vs CAM: 4 values in [\u22121, 1], median 0.775, 2 values skipped');
    expect(svg.querySelector('[tabindex]')).toBeNull();
  });

  it('on a narrow screen the wrapped legend makes the figure taller, not the plot flatter', () => {
    const wide = renderHistogram(target, series, { domain: [-1, 1], bins: 8, xLabel: 'r', label: 'x', width: 640, height: 240 });
    expect(wide.getAttribute('viewBox')).toBe('0 0 640 240');
    target.replaceChildren();
    const narrow = renderHistogram(target, series, { domain: [-1, 1], bins: 8, xLabel: 'r', label: 'x', width: 260, height: 240 });
    const [, , w, h] = narrow.getAttribute('viewBox')!.split(' ').map(Number);
    expect(w).toBe(260);
    expect(h).toBeGreaterThan(240);
    expect(narrow.querySelectorAll('.plot-legend tspan').length).toBeGreaterThan(0); // labels broke over lines
  });

  it('overlays one step outline per series, dashed differently, by default for several series', () => {
    const svg = renderHistogram(target, series, { domain: [-1, 1], bins: 8, xLabel: 'r', label: 'x' });
    const steps = svg.querySelectorAll<SVGPathElement>('path.plot-step');
    expect(steps).toHaveLength(3);
    // a step outline visits 2 points per bin: one V and one H command each
    expect(steps[0].getAttribute('d')!.match(/H/g)).toHaveLength(8);
    const dashes = Array.from(steps, (s) => s.style.getPropertyValue('stroke-dasharray'));
    expect(new Set(dashes).size).toBe(3);
  });

  it('labels fraction axes in percent and draws markers with their values', () => {
    const svg = renderHistogram(target, series.slice(0, 2), {
      domain: [-1, 1],
      bins: 4,
      xLabel: 'r',
      label: 'x',
      normalize: 'fraction',
      markers: [
        { value: 0.775, label: 'median', series: 0 },
        { value: 0.6, label: 'median', series: 1 },
        { value: 4, label: 'outside the domain' },
      ],
    });
    const ticks = Array.from(svg.querySelectorAll('.plot-axis-y .tick text'), (t) => t.textContent);
    expect(ticks.every((t) => t!.endsWith('%'))).toBe(true);
    expect(ticks).toEqual(['0%', '20%', '40%', '60%', '80%']); // max bar 3/4, made nice
    const markers = svg.querySelectorAll('.plot-marker');
    expect(markers).toHaveLength(2);
    expect(Array.from(markers, (m) => m.querySelector('text')!.textContent)).toEqual(['median 0.775', 'median 0.6']);
    expect(svg.querySelector('.plot-axis-titles')!.textContent).toContain('fraction of values');
  });

  it('replaces its own svg on re-render and leaves other content alone', () => {
    const note = document.createElement('p');
    target.append(note);
    renderHistogram(target, series, { domain: [-1, 1], bins: 4, xLabel: 'r', label: 'first' });
    const svg = renderHistogram(target, series, { domain: [-1, 1], bins: 5, xLabel: 'r', label: 'second' });
    expect(target.querySelectorAll('svg')).toHaveLength(1);
    expect(target.querySelector('svg')).toBe(svg);
    expect(svg.getAttribute('aria-label')).toBe('second');
    expect(note.isConnected).toBe(true);
  });
});
