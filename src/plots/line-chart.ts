// Line chart for training curves (loss or accuracy per epoch, train vs validation): every series
// has its own colour, marker shape and (optionally) dash pattern, and a legend with text.
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import {
  axisTitle,
  createPlotSvg,
  fitSize,
  yAxisSpace,
  drawAxis,
  drawLegend,
  layoutLegend,
  MIN_PLOT_HEIGHT,
  extentDomain,
  isActivationKey,
  makeFocusable,
  markerPath,
  r1,
  seriesColour,
  seriesShape,
  toFormatter,
  type G,
} from './common';

export interface LinePoint {
  x: number;
  y: number;
}

export interface LineSeries {
  label: string;
  points: readonly LinePoint[];
  /** dashed line (e.g. validation); solid otherwise */
  dashed?: boolean;
}

export interface LineChartOptions {
  /** The container's width, when the caller tracks it (a chart redrawn live: no forced layout per redraw). */
  containerWidth?: number;
  xLabel: string;
  yLabel: string;
  /** accessible name (aria-label and <title>) */
  label: string;
  /** default: the data's extent, made nice */
  yDomain?: [number, number];
  /** tick count, or the exact tick values (e.g. [1, 2, 3, …] for epochs) */
  xTicks?: number | readonly number[];
  /** d3-format specifier or function for y ticks and values (default ".3~g") */
  format?: string | ((v: number) => string);
  /** x tick/value format (default: integers as "d", else ".3~g") */
  xFormat?: string | ((v: number) => string);
  /** point markers (default true) */
  markers?: boolean;
  width?: number;
  height?: number;
  /**
   * Makes every point a button (click, or Enter/Space when focused) that calls this with the
   * series' index and the point; `pointLabel` names each for screen readers.
   */
  onPointClick?: (series: number, point: LinePoint) => void;
  pointLabel?: (series: number, point: LinePoint) => string;
}

const LINE_DASH = '7 4';

/** Points of a series that can be drawn (finite x and y), sorted by x. */
export function drawablePoints(points: readonly LinePoint[]): LinePoint[] {
  return points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).sort((a, b) => a.x - b.x);
}

export function renderLineChart(target: Element, series: readonly LineSeries[], options: LineChartOptions): SVGSVGElement {
  const fitted = fitSize(target, options.width ?? 640, options.height ?? 320, undefined, options.containerWidth);
  const width = fitted.width;
  const fontSize = 12;
  const clean = series.map((s) => drawablePoints(s.points));
  const allX = clean.flatMap((ps) => ps.map((p) => p.x));
  const yFmt = toFormatter(options.format, '.3~g');
  const xFmt = toFormatter(options.xFormat, allX.every(Number.isInteger) ? 'd' : '.3~g');
  const description = series
    .map((s, i) => {
      const ps = clean[i];
      if (!ps.length) return `${s.label}: no values`;
      const last = ps[ps.length - 1];
      return `${s.label}: ${ps.length} points, from ${yFmt(ps[0].y)} at ${options.xLabel} ${xFmt(ps[0].x)} to ${yFmt(last.y)} at ${xFmt(last.x)}`;
    })
    .join('; ');
  const showMarkers = options.markers ?? true;
  const yDomain = options.yDomain ?? extentDomain(clean.flatMap((ps) => ps.map((p) => p.y)));
  const yTickLabels = (options.yDomain ? scaleLinear().domain(yDomain) : scaleLinear().domain(yDomain).nice()).ticks(5).map((v) => yFmt(v));
  const ySpace = yAxisSpace(yTickLabels, fontSize);
  const margin = { top: 8, right: 16, bottom: 44, left: ySpace.left };
  const innerWidth = width - margin.left - margin.right;
  const legendLayout = layoutLegend(
    series.map((s) => s.label),
    innerWidth,
    fontSize,
  );
  const legendTop = margin.top;
  margin.top += legendLayout.rows * legendLayout.rowHeight + 8;
  // A legend that wraps on a narrow screen makes the figure taller, not the plot flatter.
  const height = Math.max(fitted.height, margin.top + margin.bottom + MIN_PLOT_HEIGHT);
  const innerHeight = height - margin.top - margin.bottom;

  const { svg, finish } = createPlotSvg(target, 'line', {
    width,
    height,
    label: options.label,
    description,
    interactive: options.onPointClick !== undefined,
    fontSize,
  });
  const legend = svg.append('g').attr('transform', `translate(${margin.left},${legendTop})`) as G;
  drawLegend(
    legend,
    series.map((s, i) => ({
      label: s.label,
      colour: seriesColour(i),
      line: true,
      dash: s.dashed ? LINE_DASH : null,
      marker: showMarkers ? seriesShape(i) : undefined,
    })),
    innerWidth,
    fontSize,
  );

  const x = scaleLinear()
    .domain(extentDomain(allX))
    .range([margin.left, width - margin.right]);
  const y = scaleLinear()
    .domain(yDomain)
    .range([height - margin.bottom, margin.top]);
  if (!options.yDomain) y.nice();

  const xAxis = axisBottom(x).tickFormat((v) => xFmt(+v));
  if (Array.isArray(options.xTicks)) xAxis.tickValues(options.xTicks as number[]);
  else {
    const count = typeof options.xTicks === 'number' ? options.xTicks : 8;
    xAxis.ticks(count);
    // integer data (epochs): no fractional ticks
    if (allX.length && allX.every(Number.isInteger)) xAxis.tickValues(x.ticks(count).filter(Number.isInteger));
  }
  drawAxis(
    svg
      .append('g')
      .attr('class', 'plot-axis plot-axis-x')
      .attr('transform', `translate(0,${height - margin.bottom})`) as G,
    xAxis,
  );
  const yAxis = axisLeft(y)
    .ticks(5)
    .tickFormat((v) => yFmt(+v));
  drawAxis(svg.append('g').attr('class', 'plot-axis plot-axis-y').attr('transform', `translate(${margin.left},0)`) as G, yAxis);
  const titles = svg.append('g').attr('class', 'plot-axis-titles') as G;
  axisTitle(titles, options.xLabel, margin.left + innerWidth / 2, height - 6);
  axisTitle(titles, options.yLabel, ySpace.titleX, margin.top + innerHeight / 2, true);

  const path = line<LinePoint>()
    .x((p) => x(p.x))
    .y((p) => y(p.y));
  const area = svg.append('g').attr('class', 'plot-area');
  series.forEach((s, i) => {
    const ps = clean[i];
    const g = area
      .append('g')
      .attr('class', 'plot-series')
      .attr('data-series', i)
      .attr('data-label', s.label)
      .attr('data-count', ps.length);
    const l = g
      .append('path')
      .attr('class', 'plot-line')
      .attr('d', path(ps) ?? '')
      .style('fill', 'none')
      .style('stroke', seriesColour(i))
      .style('stroke-width', '2')
      .style('stroke-linejoin', 'round');
    if (s.dashed) l.style('stroke-dasharray', LINE_DASH);
    if (showMarkers && ps.length) {
      g.append('path')
        .attr('class', 'plot-line-markers')
        .attr('d', ps.map((p) => markerPath(seriesShape(i), x(p.x), y(p.y), 3.5)).join(''))
        .style('fill', seriesColour(i))
        .append('title')
        .text(`${s.label}: ${ps.map((p) => `${xFmt(p.x)}: ${yFmt(p.y)}`).join(', ')}`);
    }
    const onPointClick = options.onPointClick;
    if (!onPointClick) return;
    ps.forEach((p, k) => {
      const label = options.pointLabel?.(i, p) ?? `${s.label}: ${options.xLabel} ${xFmt(p.x)}, ${yFmt(p.y)}`;
      const button = g.append('g').attr('role', 'button').attr('aria-label', label).style('cursor', 'pointer').style('outline', 'none');
      // A hit area larger than the marker; its outline is the focus ring.
      const ring = button
        .append('circle')
        .attr('cx', r1(x(p.x)))
        .attr('cy', r1(y(p.y)))
        .attr('r', 7)
        .style('fill', 'transparent');
      button.append('title').text(label);
      makeFocusable(button as unknown as G, `point-${i}-${k}`, ring);
      button.on('click', () => onPointClick(i, p));
      button.on('keydown', (event: KeyboardEvent) => {
        if (!isActivationKey(event)) return;
        event.preventDefault();
        onPointClick(i, p);
      });
    });
  });

  finish();
  return svg.node()!;
}
