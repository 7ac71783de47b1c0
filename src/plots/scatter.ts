// Scatter plot for up to ~10,000 points (one per test digit): every group is ONE <path>, so the
// DOM stays small. A 2-D brush selects (onSelect), a click picks the nearest point (onPick), and
// a keyboard cursor walks the points sorted by x (arrow keys, Enter picks).
import { axisBottom, axisLeft } from 'd3-axis';
import { brush as d3brush, type D3BrushEvent } from 'd3-brush';
import { format, formatSpecifier } from 'd3-format';
import { scaleLinear } from 'd3-scale';
import { pointer } from 'd3-selection';
import {
  BACKGROUND_COLOUR,
  FOCUS_COLOUR,
  HIGHLIGHT_COLOUR,
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
  markerPath,
  r1,
  seriesColour,
  seriesShape,
  type G,
} from './common';

export interface ScatterPoint {
  x: number;
  y: number;
  id: number;
  group?: number;
}

/** [[x0, y0], [x1, y1]]: two opposite corners. */
export type Extent = [[number, number], [number, number]];

export interface ScatterOptions {
  xLabel: string;
  yLabel: string;
  /** Pearson's r of the points, computed by the caller (a statistic comes in as data); null = undefined. */
  correlation?: number | null;
  /** accessible name (aria-label and <title>) */
  label: string;
  xDomain?: [number, number];
  yDomain?: [number, number];
  /**
   * Brush end: ids inside the rectangle and the rectangle in DATA units ([[xMin, yMin], [xMax, yMax]]),
   * or ([], null) when the brush is cleared. Not called for brushExtent set by the caller.
   */
  onSelect?: (ids: number[], extent: Extent | null) => void;
  /** click near a point (within pickRadius), or Enter/Space on the keyboard cursor */
  onPick?: (id: number) => void;
  /** ids drawn with a ring on top */
  highlight?: readonly number[];
  /** brush rectangle to show (data units, as onSelect reports it), e.g. to keep it across re-renders */
  brushExtent?: Extent | null;
  /** legend text per group value (group g → groupLabels[g]); legend shown when there are 2+ groups */
  groupLabels?: readonly string[];
  /** text for one point in the keyboard readout; default "point 12: <xLabel> 0.3, <yLabel> 0.5" */
  describePoint?: (p: ScatterPoint) => string;
  xFormat?: string;
  yFormat?: string;
  /** click tolerance in CSS pixels (default 8) */
  pickRadius?: number;
  width?: number;
  height?: number;
}

/** The point nearest to (x, y) within maxDistance (inclusive), first one on ties; null if none. */
export function nearestPoint<P extends { x: number; y: number }>(
  points: readonly P[],
  x: number,
  y: number,
  maxDistance = Infinity,
): P | null {
  let best: P | null = null;
  let bestD2 = maxDistance * maxDistance;
  for (const p of points) {
    const dx = p.x - x;
    const dy = p.y - y;
    const d2 = dx * dx + dy * dy;
    if (d2 < bestD2 || (best === null && d2 <= bestD2)) {
      best = p;
      bestD2 = d2;
    }
  }
  return best;
}

/**
 * Ids of the points whose scaled position lies inside the pixel rectangle (edges included; the
 * corners may come in any order). This is what the brush reports through onSelect.
 */
export function idsInRect(
  points: readonly ScatterPoint[],
  xScale: (v: number) => number,
  yScale: (v: number) => number,
  rect: Extent,
): number[] {
  const [[ax, ay], [bx, by]] = rect;
  const x0 = Math.min(ax, bx);
  const x1 = Math.max(ax, bx);
  const y0 = Math.min(ay, by);
  const y1 = Math.max(ay, by);
  const ids: number[] = [];
  for (const p of points) {
    const px = xScale(p.x);
    const py = yScale(p.y);
    if (px >= x0 && px <= x1 && py >= y0 && py <= y1) ids.push(p.id);
  }
  return ids;
}

/** Indices of `points` in keyboard-cursor order: by x, then y, then id. */
export function cursorOrder(points: readonly ScatterPoint[]): number[] {
  return points.map((_, i) => i).sort((a, b) => points[a].x - points[b].x || points[a].y - points[b].y || points[a].id - points[b].id);
}

/** New cursor position after a key press, or null when the key does not move the cursor. */
export function stepCursor(position: number, key: string, n: number): number | null {
  if (n <= 0) return null;
  const page = Math.max(1, Math.round(n / 20));
  const clamp = (i: number) => Math.max(0, Math.min(n - 1, i));
  switch (key) {
    case 'ArrowRight':
    case 'ArrowUp':
      return clamp(position + 1);
    case 'ArrowLeft':
    case 'ArrowDown':
      return clamp(position - 1);
    case 'PageUp':
      return clamp(position + page);
    case 'PageDown':
      return clamp(position - page);
    case 'Home':
      return 0;
    case 'End':
      return n - 1;
    default:
      return null;
  }
}

/** The r readout: "r = 0.12, n = 10000" (r undefined for constant input). */
export function correlationLabel(r: number | null, n: number): string {
  return r === null ? `r undefined, n = ${n}` : `r = ${format('.2f')(r)}, n = ${n}`;
}

/** Keyboard cursor position per target, so a re-render (e.g. after a pick) keeps the user's place. */
const cursorIds = new WeakMap<Element, number>();

/**
 * Tick labels in the points' format (percent, say) with d3 choosing the precision from the tick
 * step: a fixed '.1%' would print 99.25 % and 99.30 % both as "99.3%".
 */
export function tickSpecifier(pointFormat: string | undefined): string | undefined {
  if (pointFormat === undefined) return undefined;
  const spec = formatSpecifier(pointFormat);
  spec.precision = undefined;
  return spec.toString();
}

export function renderScatter(target: Element, points: readonly ScatterPoint[], options: ScatterOptions): SVGSVGElement {
  const fitted = fitSize(target, options.width ?? 640, options.height ?? 400);
  const width = fitted.width;
  const fontSize = 12;
  const pts = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const xFmt = format(options.xFormat ?? '.3~g');
  const yFmt = format(options.yFormat ?? '.3~g');
  const describe =
    options.describePoint ?? ((p: ScatterPoint) => `point ${p.id}: ${options.xLabel} ${xFmt(p.x)}, ${options.yLabel} ${yFmt(p.y)}`);
  const interactive = Boolean(options.onSelect || options.onPick);
  // A readout only where the caller computed r (null: undefined for constant input); none otherwise.
  const rText = options.correlation === undefined ? null : correlationLabel(options.correlation, pts.length);
  const groups = [...new Set(pts.map((p) => p.group ?? 0))].sort((a, b) => a - b);
  // The left margin fits the y tick labels and the rotated title beside them.
  const yProbe = scaleLinear().domain(options.yDomain ?? extentDomain(pts.map((p) => p.y)));
  if (!options.yDomain) yProbe.nice();
  const yTickFormat = yProbe.tickFormat(6, tickSpecifier(options.yFormat));
  const ySpace = yAxisSpace(yProbe.ticks(6).map(yTickFormat), fontSize);
  const margin = { top: 10, right: 16, bottom: 44, left: ySpace.left };
  const innerWidth = width - margin.left - margin.right;
  const legendItems = groups.map((g, i) => ({
    label: options.groupLabels?.[g] ?? `group ${g}`,
    colour: seriesColour(i),
    marker: seriesShape(i),
  }));
  const legendTop = margin.top;
  if (groups.length > 1) {
    const layout = layoutLegend(
      legendItems.map((e) => e.label),
      innerWidth,
      fontSize,
    );
    margin.top += layout.rows * layout.rowHeight + 6;
  }
  // A legend that wraps on a narrow screen makes the figure taller, not the plot flatter.
  const height = Math.max(fitted.height, margin.top + margin.bottom + MIN_PLOT_HEIGHT);
  const innerHeight = height - margin.top - margin.bottom;

  const { svg, finish, live } = createPlotSvg(target, 'scatter', {
    width,
    height,
    label: options.label,
    description: `${options.yLabel} against ${options.xLabel}: ${rText ?? `${pts.length} points`}.`,
    interactive,
    fontSize,
  });
  const node = svg.node()!;
  if (groups.length > 1) {
    const legend = svg.append('g').attr('transform', `translate(${margin.left},${legendTop})`) as G;
    drawLegend(legend, legendItems, innerWidth, fontSize);
  }

  const x = scaleLinear()
    .domain(options.xDomain ?? extentDomain(pts.map((p) => p.x)))
    .range([margin.left, width - margin.right]);
  const y = scaleLinear()
    .domain(options.yDomain ?? extentDomain(pts.map((p) => p.y)))
    .range([height - margin.bottom, margin.top]);
  if (!options.xDomain) x.nice();
  if (!options.yDomain) y.nice();

  drawAxis(
    svg
      .append('g')
      .attr('class', 'plot-axis plot-axis-x')
      .attr('transform', `translate(0,${height - margin.bottom})`) as G,
    axisBottom(x).ticks(Math.max(2, Math.min(8, Math.floor(innerWidth / 50))), tickSpecifier(options.xFormat)),
  );
  drawAxis(
    svg.append('g').attr('class', 'plot-axis plot-axis-y').attr('transform', `translate(${margin.left},0)`) as G,
    axisLeft(y).ticks(6, tickSpecifier(options.yFormat)),
  );
  const titles = svg.append('g').attr('class', 'plot-axis-titles') as G;
  axisTitle(titles, options.xLabel, margin.left + innerWidth / 2, height - 6);
  axisTitle(titles, options.yLabel, ySpace.titleX, margin.top + innerHeight / 2, true);

  // Points: one path per group, markers differ in shape as well as colour.
  const radius = pts.length > 2000 ? 2 : 3;
  const sx = pts.map((p) => x(p.x));
  const sy = pts.map((p) => y(p.y));
  const pathParts = groups.map(() => [] as string[]);
  const groupIndex = new Map(groups.map((g, i) => [g, i]));
  pts.forEach((p, k) => {
    const gi = groupIndex.get(p.group ?? 0)!;
    pathParts[gi].push(markerPath(seriesShape(gi), sx[k], sy[k], radius));
  });
  const area = svg.append('g').attr('class', 'plot-area');
  groups.forEach((g, i) => {
    area
      .append('path')
      .attr('class', 'plot-points')
      .attr('data-group', g)
      .attr('data-count', pathParts[i].length)
      .attr('d', pathParts[i].join(''))
      .style('fill', seriesColour(i))
      .style('fill-opacity', pts.length > 2000 ? '0.45' : '0.7')
      .style('stroke', 'none');
  });

  const byId = new Map(pts.map((p, k) => [p.id, k]));
  const highlighted = (options.highlight ?? []).map((id) => byId.get(id)).filter((k): k is number => k !== undefined);
  if (highlighted.length) {
    area
      .append('path')
      .attr('class', 'plot-highlight')
      .attr('data-count', highlighted.length)
      .attr('d', highlighted.map((k) => markerPath('circle', sx[k], sy[k], radius + 3)).join(''))
      .style('fill', 'none')
      .style('stroke', HIGHLIGHT_COLOUR)
      .style('stroke-width', '2.5')
      .style('pointer-events', 'none');
  }

  // r readout in the top-left corner of the plot area, on a translucent background.
  if (rText !== null) {
    const rGroup = svg.append('g').attr('class', 'plot-stat').style('pointer-events', 'none');
    rGroup
      .append('rect')
      .attr('x', margin.left + 4)
      .attr('y', margin.top + 2)
      .attr('width', r1(rText.length * fontSize * 0.58 + 10))
      .attr('height', fontSize + 8)
      .style('fill', BACKGROUND_COLOUR)
      .style('fill-opacity', '0.8');
    rGroup
      .append('text')
      .attr('x', margin.left + 9)
      .attr('y', margin.top + 6 + fontSize * 0.8)
      .style('fill', 'currentColor')
      .text(rText);
  }

  // The live region must exist before its text changes for screen readers to announce it.
  const liveRegion = options.onPick ? live() : null;
  const projected = pts.map((p, k) => ({ x: sx[k], y: sy[k], id: p.id }));
  const pickRadius = options.pickRadius ?? 8;
  const pickAt = (event: unknown): void => {
    if (!options.onPick) return;
    const src = event as MouseEvent & TouchEvent;
    const at = src.changedTouches?.length ? src.changedTouches[0] : src;
    const [px, py] = pointer(at, node);
    // pickRadius is in CSS pixels; convert to viewBox units when the svg has been laid out.
    const shown = node.getBoundingClientRect().width;
    const scale = shown > 0 ? width / shown : 1;
    const hit = nearestPoint(projected, px, py, pickRadius * scale);
    if (hit) pick(hit.id);
  };
  const pick = (id: number): void => {
    const k = byId.get(id);
    if (k === undefined || !options.onPick) return;
    cursorIds.set(target, id);
    if (liveRegion) liveRegion.textContent = `Picked ${describe(pts[k])}`;
    options.onPick(id);
  };

  const brushArea = svg.append('g').attr('class', 'plot-brush');
  if (options.onSelect) {
    const onSelect = options.onSelect;
    const toData = (sel: Extent): Extent => {
      const xs = [x.invert(sel[0][0]), x.invert(sel[1][0])].sort((a, b) => a - b);
      const ys = [y.invert(sel[0][1]), y.invert(sel[1][1])].sort((a, b) => a - b);
      return [
        [xs[0], ys[0]],
        [xs[1], ys[1]],
      ];
    };
    let hasSelection = Boolean(options.brushExtent);
    const b = d3brush<unknown>()
      .extent([
        [margin.left, margin.top],
        [width - margin.right, height - margin.bottom],
      ])
      .on('end', (event: D3BrushEvent<unknown>) => {
        if (!event.sourceEvent) return; // moved by us (brushExtent), not by the user
        const sel = event.selection as Extent | null;
        if (sel) {
          hasSelection = true;
          onSelect(idsInRect(pts, x, y, sel), toData(sel));
          return;
        }
        // A click without a drag: pick first (pointer() needs this svg still in the page, and
        // either callback may make the widget re-render), then report the cleared brush.
        const hadSelection = hasSelection;
        hasSelection = false;
        pickAt(event.sourceEvent);
        if (hadSelection) onSelect([], null);
      });
    brushArea.call(b);
    brushArea.select('.selection').style('stroke', 'currentColor').style('fill', 'currentColor').style('fill-opacity', '0.12');
    if (options.brushExtent) {
      const [[ax, ay], [bx, by]] = options.brushExtent;
      b.move(brushArea, [
        [x(Math.min(ax, bx)), y(Math.max(ay, by))],
        [x(Math.max(ax, bx)), y(Math.min(ay, by))],
      ]);
    }
  } else if (options.onPick) {
    brushArea
      .append('rect')
      .attr('class', 'plot-pick-area')
      .attr('x', margin.left)
      .attr('y', margin.top)
      .attr('width', innerWidth)
      .attr('height', innerHeight)
      .style('fill', 'transparent')
      .style('pointer-events', 'all')
      .on('click', (event: MouseEvent) => pickAt(event));
  }

  if (options.onPick && pts.length) {
    const order = cursorOrder(pts);
    const positionOf = new Map(order.map((k, pos) => [pts[k].id, pos]));
    const cursor = svg
      .append('g')
      .attr('class', 'plot-cursor plot-focus')
      .attr('tabindex', 0)
      .attr('role', 'slider')
      .attr('data-plot-key', 'cursor')
      .attr('aria-orientation', 'horizontal')
      .attr(
        'aria-label',
        `${options.label}: keyboard cursor over ${pts.length} points sorted by ${options.xLabel}; arrow keys move, Enter picks`,
      )
      .attr('aria-valuemin', 1)
      .attr('aria-valuemax', pts.length)
      // a slider always has a value: point 1 until the reader moves the cursor
      .attr('aria-valuenow', 1)
      .attr('aria-valuetext', 'no point selected yet')
      .style('pointer-events', 'none')
      .style('outline', 'none');
    const frame = cursor
      .append('rect')
      .attr('class', 'plot-focus-ring')
      .attr('x', margin.left)
      .attr('y', margin.top)
      .attr('width', innerWidth)
      .attr('height', innerHeight)
      .style('fill', 'none');
    const mark = cursor.append('g').attr('class', 'plot-cursor-mark').attr('display', 'none');
    mark
      .append('circle')
      .attr('r', radius + 6)
      .style('fill', 'none')
      .style('stroke', BACKGROUND_COLOUR)
      .style('stroke-width', '5');
    mark
      .append('circle')
      .attr('r', radius + 6)
      .style('fill', 'none')
      .style('stroke', 'currentColor')
      .style('stroke-width', '2');
    let position: number | null = null;
    const show = (pos: number): void => {
      position = pos;
      const k = order[pos];
      cursorIds.set(target, pts[k].id);
      mark.attr('display', null).attr('transform', `translate(${r1(sx[k])},${r1(sy[k])})`);
      cursor
        .attr('aria-valuenow', pos + 1)
        .attr('aria-valuetext', `${describe(pts[k])} (${pos + 1} of ${pts.length})`)
        .attr('data-point-id', pts[k].id);
    };
    const remembered = cursorIds.get(target);
    if (remembered !== undefined && positionOf.has(remembered)) show(positionOf.get(remembered)!);
    cursor.on('focus', () => {
      frame.style('stroke', FOCUS_COLOUR).style('stroke-width', '2').style('stroke-dasharray', '4 3');
      if (position === null) {
        const first = highlighted.length ? positionOf.get(pts[highlighted[0]].id) : undefined;
        show(first ?? 0);
      }
    });
    cursor.on('blur', () => {
      frame.style('stroke', null).style('stroke-width', null).style('stroke-dasharray', null);
    });
    cursor.on('keydown', (event: KeyboardEvent) => {
      if (isActivationKey(event)) {
        event.preventDefault();
        if (position === null) show(0);
        pick(pts[order[position!]].id);
        return;
      }
      const next = stepCursor(position ?? -1, event.key, pts.length);
      if (next === null) return;
      event.preventDefault();
      show(next);
    });
  }

  finish();
  return node;
}
