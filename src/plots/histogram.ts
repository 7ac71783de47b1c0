// Histogram of up to ~3 overlaid series over a fixed domain (e.g. Pearson agreement of three map
// pairs on [-1, 1], or peak distances in pixels). null values (flat maps) are skipped and counted.
import { median } from 'd3-array';
import { axisBottom, axisLeft } from 'd3-axis';
import { format } from 'd3-format';
import { scaleLinear } from 'd3-scale';
import {
  axisTitle,
  createPlotSvg,
  fitSize,
  drawAxis,
  drawLegend,
  layoutLegend,
  MIN_PLOT_HEIGHT,
  r1,
  seriesColour,
  seriesDash,
  seriesFill,
  textWidth,
  type G,
  type LegendEntry,
} from './common';

export interface HistogramBin {
  /** lower edge (inclusive) */
  x0: number;
  /** upper edge (exclusive, except for the last bin, which includes domain[1]) */
  x1: number;
  count: number;
}

export interface HistogramSeries {
  label: string;
  values: ArrayLike<number | null>;
}

export interface HistogramMarker {
  value: number;
  label: string;
  /** colour/dash of this series index; omitted → currentColor */
  series?: number;
}

export interface HistogramOptions {
  domain: [number, number];
  bins: number;
  xLabel: string;
  yLabel?: string;
  /** accessible name (aria-label and <title>) */
  label: string;
  /** 'fraction': each series divided by its own number of counted values */
  normalize?: 'count' | 'fraction';
  /** vertical reference lines, e.g. medians */
  markers?: HistogramMarker[];
  /** 'steps': overlaid outlines (default for >1 series); 'bars': grouped bars (default for 1) */
  mode?: 'steps' | 'bars';
  /** legend text for skipped values; default "12 values skipped" */
  describeSkipped?: (count: number) => string;
  /** d3-format specifier for x ticks and marker values */
  xFormat?: string;
  width?: number;
  height?: number;
}

function binEdge(domain: readonly [number, number], bins: number, i: number): number {
  return i === bins ? domain[1] : domain[0] + ((domain[1] - domain[0]) * i) / bins;
}

function checkBinning(domain: readonly [number, number], bins: number): void {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`binValues: bins must be a positive integer, got ${bins}`);
  if (!Number.isFinite(domain[0]) || !Number.isFinite(domain[1]) || !(domain[0] < domain[1])) {
    throw new RangeError(`binValues: domain must be finite with lo < hi, got [${domain[0]}, ${domain[1]}]`);
  }
}

/** Index of the bin that holds v (clamped to the edge bins), consistent with the reported edges. */
export function binIndex(v: number, domain: readonly [number, number], bins: number): number {
  let i = Math.floor(((v - domain[0]) / (domain[1] - domain[0])) * bins);
  if (i < 0) return 0;
  if (i > bins - 1) return bins - 1;
  // Rounding can put a value that sits exactly on an edge one bin off: fix it against the edges.
  if (i + 1 < bins && v >= binEdge(domain, bins, i + 1)) i += 1;
  else if (i > 0 && v < binEdge(domain, bins, i)) i -= 1;
  return i;
}

/**
 * Counts values into `bins` equal-width bins over `domain`. null and non-finite values are
 * skipped; values equal to domain[1] go in the last bin; values outside the domain are clamped
 * into the first/last bin (and counted). Throws RangeError for bins < 1 or an empty domain.
 */
export function binValues(values: ArrayLike<number | null>, domain: readonly [number, number], bins: number): HistogramBin[] {
  checkBinning(domain, bins);
  const out: HistogramBin[] = [];
  for (let i = 0; i < bins; i++) out.push({ x0: binEdge(domain, bins, i), x1: binEdge(domain, bins, i + 1), count: 0 });
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    out[binIndex(v, domain, bins)].count += 1;
  }
  return out;
}

export interface HistogramSummary {
  bins: HistogramBin[];
  /** values counted into bins (finite, non-null) */
  counted: number;
  /** null or non-finite values left out */
  skipped: number;
  /** bar heights: counts, or counts / counted for 'fraction' (0 when nothing was counted) */
  heights: number[];
  median: number | null;
}

/** Everything the chart shows for one series, computed without a DOM. */
export function summarizeHistogram(
  values: ArrayLike<number | null>,
  domain: readonly [number, number],
  bins: number,
  normalize: 'count' | 'fraction' = 'count',
): HistogramSummary {
  const binned = binValues(values, domain, bins);
  const finite: number[] = [];
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v !== null && v !== undefined && Number.isFinite(v)) finite.push(v);
  }
  const counted = finite.length;
  const heights = binned.map((b) => (normalize === 'fraction' ? (counted ? b.count / counted : 0) : b.count));
  return { bins: binned, counted, skipped: values.length - counted, heights, median: counted ? (median(finite) ?? null) : null };
}

const defaultSkipped = (n: number): string => (n === 1 ? '1 value skipped' : `${n} values skipped`);

/** Greedy rows for marker labels so neighbouring labels don't overlap. Returns a row per marker. */
export function markerRows(xs: readonly number[], widths: readonly number[]): number[] {
  const order = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const rowEnds: number[] = [];
  const rows = new Array<number>(xs.length).fill(0);
  for (const i of order) {
    let row = rowEnds.findIndex((end) => end <= xs[i]);
    if (row < 0) {
      row = rowEnds.length;
      rowEnds.push(0);
    }
    rowEnds[row] = xs[i] + widths[i] + 6;
    rows[i] = row;
  }
  return rows;
}

export function renderHistogram(target: Element, series: readonly HistogramSeries[], options: HistogramOptions): SVGSVGElement {
  const { domain, bins } = options;
  checkBinning(domain, bins);
  const fitted = fitSize(target, options.width ?? 640, options.height ?? 320);
  const width = fitted.width;
  const fontSize = 12;
  const normalize = options.normalize ?? 'count';
  const mode = options.mode ?? (series.length > 1 ? 'steps' : 'bars');
  const describeSkipped = options.describeSkipped ?? defaultSkipped;
  const xFmt = format(options.xFormat ?? '~g');
  const countFmt = format(',d');
  const fracFmt = format('.1%');
  const summaries = series.map((s) => summarizeHistogram(s.values, domain, bins, normalize));

  const description = series
    .map((s, i) => {
      const sm = summaries[i];
      const parts = [`${s.label}: ${countFmt(sm.counted)} values in [${xFmt(domain[0])}, ${xFmt(domain[1])}]`];
      if (sm.median !== null) parts.push(`median ${xFmt(sm.median)}`);
      if (sm.skipped) parts.push(describeSkipped(sm.skipped));
      return parts.join(', ');
    })
    .join('; ');
  const margin = { top: 8, right: 16, bottom: 44, left: 58 };
  const innerWidth = width - margin.left - margin.right;

  // Legend and marker rows first: their height decides where the plot starts.
  const legendLabels = series.map((s, i) => {
    const sm = summaries[i];
    const extra = [`n = ${countFmt(sm.counted)}`];
    if (sm.skipped) extra.push(describeSkipped(sm.skipped));
    return `${s.label} (${extra.join('; ')})`;
  });
  const legendLayout = layoutLegend(legendLabels, innerWidth, fontSize);
  const legendHeight = legendLayout.rows * legendLayout.rowHeight;
  const x = scaleLinear()
    .domain(domain)
    .range([margin.left, width - margin.right]);
  const markers = (options.markers ?? []).filter((m) => Number.isFinite(m.value) && m.value >= domain[0] && m.value <= domain[1]);
  const markerText = markers.map((m) => `${m.label} ${xFmt(m.value)}`);
  const markerSize = 11;
  const rows = markerRows(
    markers.map((m) => x(m.value)),
    markerText.map((t) => textWidth(t, markerSize) + 4),
  );
  const markerRowCount = markers.length ? Math.max(...rows) + 1 : 0;
  const legendTop = margin.top;
  margin.top += legendHeight + (legendHeight ? 6 : 0) + markerRowCount * (markerSize + 4) + 4;
  // A legend that wraps on a narrow screen makes the figure taller, not the plot flatter.
  const height = Math.max(fitted.height, margin.top + margin.bottom + MIN_PLOT_HEIGHT);
  const innerHeight = height - margin.top - margin.bottom;

  const { svg, finish } = createPlotSvg(target, 'histogram', {
    width,
    height,
    label: options.label,
    description,
    interactive: false,
    fontSize,
  });
  const legendEntries: LegendEntry[] = series.map((_, i) => ({
    label: legendLabels[i],
    colour: seriesColour(i),
    line: mode === 'steps',
    dash: seriesDash(i),
    fill: mode === 'bars' ? seriesFill(svg, i) : undefined,
  }));
  const legend = svg.append('g').attr('transform', `translate(${margin.left},${legendTop})`) as G;
  drawLegend(legend, legendEntries, innerWidth, fontSize);

  const maxHeight = Math.max(0, ...summaries.flatMap((s) => s.heights));
  const y = scaleLinear()
    .domain([0, maxHeight > 0 ? maxHeight : normalize === 'fraction' ? 0.1 : 1])
    .range([height - margin.bottom, margin.top])
    .nice();

  const xAxis = axisBottom(x)
    .ticks(Math.min(10, Math.max(2, Math.floor(innerWidth / 60))))
    .tickFormat((v) => xFmt(+v));
  drawAxis(
    svg
      .append('g')
      .attr('class', 'plot-axis plot-axis-x')
      .attr('transform', `translate(0,${height - margin.bottom})`) as G,
    xAxis,
  );
  const yTicks = normalize === 'count' ? Math.max(1, Math.min(5, Math.ceil(y.domain()[1]))) : 5;
  const yAxis = axisLeft(y)
    .ticks(yTicks)
    .tickFormat(y.tickFormat(yTicks, normalize === 'fraction' ? '%' : ',~d'));
  if (normalize === 'count') yAxis.tickValues(y.ticks(yTicks).filter(Number.isInteger));
  drawAxis(svg.append('g').attr('class', 'plot-axis plot-axis-y').attr('transform', `translate(${margin.left},0)`) as G, yAxis);
  const titles = svg.append('g').attr('class', 'plot-axis-titles') as G;
  axisTitle(titles, options.xLabel, margin.left + innerWidth / 2, height - 6);
  axisTitle(titles, options.yLabel ?? (normalize === 'fraction' ? 'fraction of values' : 'count'), 14, margin.top + innerHeight / 2, true);

  const plot = svg.append('g').attr('class', 'plot-area');
  const y0 = y(0);
  const fmtHeight = (h: number, count: number) => (normalize === 'fraction' ? `${fracFmt(h)} (${countFmt(count)})` : countFmt(count));
  series.forEach((s, i) => {
    const sm = summaries[i];
    const g = plot
      .append('g')
      .attr('class', 'plot-series')
      .attr('data-series', i)
      .attr('data-label', s.label)
      .attr('data-counts', sm.bins.map((b) => b.count).join(','))
      .attr('data-skipped', sm.skipped);
    if (mode === 'bars') {
      const fill = legendEntries[i].fill ?? seriesColour(i);
      const slot = 1 / series.length;
      sm.bins.forEach((b, k) => {
        const left = x(b.x0);
        const full = x(b.x1) - left;
        const inset = Math.min(1, full * 0.08);
        const w = (full - 2 * inset) * slot;
        const top = y(sm.heights[k]);
        const rect = g
          .append('rect')
          .attr('class', 'plot-bar')
          .attr('data-count', b.count)
          .attr('x', r1(left + inset + i * w))
          .attr('y', r1(top))
          .attr('width', r1(Math.max(0, w)))
          .attr('height', r1(Math.max(0, y0 - top)))
          .style('fill', fill)
          .style('stroke', seriesColour(i))
          .style('stroke-width', '0.5');
        rect.append('title').text(`${s.label}, ${xFmt(b.x0)} to ${xFmt(b.x1)}: ${fmtHeight(sm.heights[k], b.count)}`);
      });
    } else {
      let d = `M${r1(x(sm.bins[0].x0))},${r1(y0)}`;
      sm.bins.forEach((b, k) => {
        d += `V${r1(y(sm.heights[k]))}H${r1(x(b.x1))}`;
      });
      d += `V${r1(y0)}`;
      g.append('path')
        .attr('class', 'plot-area-fill')
        .attr('d', `${d}Z`)
        .style('fill', seriesColour(i))
        .style('fill-opacity', '0.1')
        .style('stroke', 'none');
      const outline = g
        .append('path')
        .attr('class', 'plot-step')
        .attr('d', d)
        .style('fill', 'none')
        .style('stroke', seriesColour(i))
        .style('stroke-width', '2')
        .style('stroke-linejoin', 'miter');
      const dash = seriesDash(i);
      if (dash) outline.style('stroke-dasharray', dash);
      outline
        .append('title')
        .text(`${s.label}: ${sm.bins.map((b, k) => `${xFmt(b.x0)} to ${xFmt(b.x1)}: ${fmtHeight(sm.heights[k], b.count)}`).join('; ')}`);
    }
  });

  const markerG = svg.append('g').attr('class', 'plot-markers');
  const markerTop = margin.top - markerRowCount * (markerSize + 4) - 2;
  markers.forEach((m, k) => {
    const mx = x(m.value);
    const colour = m.series === undefined ? 'currentColor' : seriesColour(m.series);
    const g = markerG.append('g').attr('class', 'plot-marker').attr('data-value', m.value);
    const labelY = markerTop + rows[k] * (markerSize + 4) + markerSize;
    g.append('line')
      .attr('x1', r1(mx))
      .attr('x2', r1(mx))
      .attr('y1', r1(labelY + 2))
      .attr('y2', r1(y0))
      .style('stroke', colour)
      .style('stroke-width', '1.5')
      .style('stroke-dasharray', m.series === undefined ? '3 3' : (seriesDash(m.series) ?? '3 3'));
    const nearRight = mx + textWidth(markerText[k], markerSize) > width - margin.right;
    g.append('text')
      .attr('x', r1(nearRight ? mx - 3 : mx + 3))
      .attr('y', r1(labelY))
      .attr('text-anchor', nearRight ? 'end' : 'start')
      .attr('font-size', markerSize)
      .style('fill', 'currentColor')
      .text(markerText[k]);
  });

  finish();
  return svg.node()!;
}
