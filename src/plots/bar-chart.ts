// Grouped bars: one group per category (e.g. digit class), one bar per series (e.g. map pair or
// model). Series differ by colour AND texture (solid, hatched, cross-hatched, dotted) and order.
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleBand, scaleLinear } from 'd3-scale';
import {
  axisTitle,
  createPlotSvg,
  drawAxis,
  drawLegend,
  extentDomain,
  fitSize,
  r1,
  seriesColour,
  seriesFill,
  toFormatter,
  type G,
} from './common';

export interface BarSeries {
  label: string;
  /** one value per category; null = no value (drawn as "n/a") */
  values: readonly (number | null)[];
}

export interface GroupedBarsOptions {
  /** accessible name (aria-label and <title>) */
  label: string;
  yLabel: string;
  xLabel?: string;
  /** default: the values' extent, always including 0, made nice */
  yDomain?: [number, number];
  /** d3-format specifier or a function, for y ticks and values (default ".3~g") */
  format?: string | ((v: number) => string);
  width?: number;
  height?: number;
}

/** y domain of grouped bars: all finite values and 0 (bars start at 0). */
export function barDomain(series: readonly BarSeries[]): [number, number] {
  return extentDomain(
    series.flatMap((s) => s.values.filter((v): v is number => v !== null)),
    true,
  );
}

export function renderGroupedBars(
  target: Element,
  categories: readonly string[],
  series: readonly BarSeries[],
  options: GroupedBarsOptions,
): SVGSVGElement {
  for (const s of series) {
    if (s.values.length !== categories.length) {
      throw new RangeError(`renderGroupedBars: series "${s.label}" has ${s.values.length} values for ${categories.length} categories`);
    }
  }
  const { width, height } = fitSize(target, options.width ?? 640, options.height ?? 320);
  const fontSize = 12;
  const fmt = toFormatter(options.format, '.3~g');
  const description = series
    .map((s) => `${s.label}: ${categories.map((c, i) => `${c} ${s.values[i] === null ? 'n/a' : fmt(s.values[i]!)}`).join(', ')}`)
    .join('; ');
  const { svg, finish } = createPlotSvg(target, 'bars', {
    width,
    height,
    label: options.label,
    description,
    interactive: false,
    fontSize,
  });

  const margin = { top: 8, right: 16, bottom: options.xLabel ? 44 : 28, left: 58 };
  const innerWidth = width - margin.left - margin.right;
  const fills = series.map((_, i) => seriesFill(svg, i));
  const legend = svg.append('g').attr('transform', `translate(${margin.left},${margin.top})`) as G;
  const legendHeight = drawLegend(
    legend,
    series.map((s, i) => ({ label: s.label, colour: seriesColour(i), fill: fills[i] })),
    innerWidth,
    fontSize,
  );
  margin.top += legendHeight + 8;
  const innerHeight = height - margin.top - margin.bottom;

  const x = scaleBand<string>()
    .domain(categories.map((_, i) => String(i)))
    .range([margin.left, width - margin.right])
    .paddingInner(0.2)
    .paddingOuter(0.1);
  const inner = scaleBand<number>()
    .domain(series.map((_, i) => i))
    .range([0, x.bandwidth()])
    .padding(0.06);
  const y = scaleLinear()
    .domain(options.yDomain ?? barDomain(series))
    .range([height - margin.bottom, margin.top]);
  if (!options.yDomain) y.nice();

  const xAxis = axisBottom(x).tickFormat((i) => categories[+i]);
  drawAxis(
    svg
      .append('g')
      .attr('class', 'plot-axis plot-axis-x')
      .attr('transform', `translate(0,${height - margin.bottom})`) as G,
    xAxis,
  );
  const yAxis = axisLeft(y)
    .ticks(5)
    .tickFormat((v) => fmt(+v));
  drawAxis(svg.append('g').attr('class', 'plot-axis plot-axis-y').attr('transform', `translate(${margin.left},0)`) as G, yAxis);
  const titles = svg.append('g').attr('class', 'plot-axis-titles') as G;
  if (options.xLabel) axisTitle(titles, options.xLabel, margin.left + innerWidth / 2, height - 6);
  axisTitle(titles, options.yLabel, 14, margin.top + innerHeight / 2, true);

  const [d0, d1] = y.domain();
  const base = y(Math.max(d0, Math.min(d1, 0)));
  const area = svg.append('g').attr('class', 'plot-area');
  series.forEach((s, i) => {
    const g = area.append('g').attr('class', 'plot-series').attr('data-series', i).attr('data-label', s.label);
    s.values.forEach((v, c) => {
      const bx = x(String(c))! + inner(i)!;
      const bw = inner.bandwidth();
      if (v === null || !Number.isFinite(v)) {
        g.append('text')
          .attr('class', 'plot-missing')
          .attr('x', r1(bx + bw / 2))
          .attr('y', r1(base - 4))
          .attr('text-anchor', 'middle')
          .attr('font-size', 11)
          .style('fill', 'currentColor')
          .text('n/a');
        return;
      }
      const vy = y(Math.max(d0, Math.min(d1, v)));
      const rect = g
        .append('rect')
        .attr('class', 'plot-bar')
        .attr('data-value', v)
        .attr('x', r1(bx))
        .attr('width', r1(bw))
        .attr('y', r1(Math.min(vy, base)))
        .attr('height', r1(Math.abs(base - vy)))
        .style('fill', fills[i])
        .style('stroke', seriesColour(i))
        .style('stroke-width', '0.75');
      rect.append('title').text(`${categories[c]}, ${s.label}: ${fmt(v)}`);
    });
  });
  if (d0 < 0 && d1 > 0) {
    area
      .append('line')
      .attr('class', 'plot-zero')
      .attr('x1', margin.left)
      .attr('x2', width - margin.right)
      .attr('y1', r1(base))
      .attr('y2', r1(base))
      .style('stroke', 'currentColor')
      .style('stroke-width', '1');
  }

  finish();
  return svg.node()!;
}
