// Shared pieces of the chart modules: the <svg> shell (replace what was drawn before, viewBox,
// title/desc, role), the colour and dash palette, marker shapes, legend layout and axes.
// Internal to src/plots (index.ts re-exports only the few helpers widgets may want).
import type { Axis, AxisDomain } from 'd3-axis';
import { format } from 'd3-format';
import { select, type Selection } from 'd3-selection';

export const SVG_NS = 'http://www.w3.org/2000/svg';

/** Okabe–Ito series colours behind CSS custom properties, so a theme can override them. */
export const SERIES_COLOURS = [
  'var(--plot-1, #0072b2)',
  'var(--plot-2, #d55e00)',
  'var(--plot-3, #009e73)',
  'var(--plot-4, #cc79a7)',
] as const;
export const HIGHLIGHT_COLOUR = 'var(--plot-highlight, #e69f00)';
export const FOCUS_COLOUR = 'var(--focus, #0a58b0)';
export const BACKGROUND_COLOUR = 'var(--bg, #ffffff)';

/** Dash patterns per series index (null = solid): series never differ by colour alone. */
export const DASHES: readonly (string | null)[] = [null, '7 4', '2 3', '9 3 2 3'];

export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond';
export const MARKER_SHAPES: readonly MarkerShape[] = ['circle', 'square', 'triangle', 'diamond'];

export const seriesColour = (i: number): string => SERIES_COLOURS[i % SERIES_COLOURS.length];
export const seriesDash = (i: number): string | null => DASHES[i % DASHES.length];
export const seriesShape = (i: number): MarkerShape => MARKER_SHAPES[i % MARKER_SHAPES.length];

export type Svg = Selection<SVGSVGElement, unknown, null, undefined>;
export type G = Selection<SVGGElement, unknown, null, undefined>;

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** One decimal is plenty in viewBox units and keeps long path strings short. */
export function r1(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** Path commands for one filled marker of radius r centred on (x, y); concatenable. */
export function markerPath(shape: MarkerShape, x: number, y: number, r: number): string {
  switch (shape) {
    case 'circle':
      return `M${r1(x - r)},${r1(y)}a${r1(r)},${r1(r)} 0 1,0 ${r1(2 * r)},0a${r1(r)},${r1(r)} 0 1,0 ${r1(-2 * r)},0Z`;
    case 'square': {
      const s = r * 0.9;
      return `M${r1(x - s)},${r1(y - s)}h${r1(2 * s)}v${r1(2 * s)}h${r1(-2 * s)}Z`;
    }
    case 'triangle':
      return `M${r1(x)},${r1(y - r * 1.2)}L${r1(x + r * 1.1)},${r1(y + r * 0.8)}L${r1(x - r * 1.1)},${r1(y + r * 0.8)}Z`;
    case 'diamond':
      return `M${r1(x)},${r1(y - r * 1.3)}L${r1(x + r)},${r1(y)}L${r1(x)},${r1(y + r * 1.3)}L${r1(x - r)},${r1(y)}Z`;
  }
}

/**
 * A domain covering `values` (non-finite ones ignored): [min, max], widened when degenerate
 * (all equal or empty) so a scale never divides by zero, optionally reaching 0.
 */
export function extentDomain(values: Iterable<number>, includeZero = false): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (includeZero) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  if (lo > hi) return [0, 1];
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return includeZero && lo === 0 ? [0, 1] : [lo - pad, hi + pad];
  }
  return [lo, hi];
}

/**
 * The chart's size in viewBox units. The svg is drawn at its container's width, so a viewBox wider
 * than the container shrinks every text (a 640-unit chart on a phone made 12-unit text 6 px):
 * the width follows the container when narrower than asked, down to `minWidth` (below that the
 * chart keeps `minWidth` CSS pixels and its container scrolls). The height shrinks with it, to
 * no less than three quarters. Without layout (jsdom, a hidden container) the asked size.
 */
export function fitSize(
  target: Element,
  width: number,
  height: number,
  minWidth = 260,
  knownWidth?: number,
): { width: number; height: number } {
  // A live chart passes the width it measured last (reading clientWidth lays out a dirty page first).
  const available = knownWidth ?? (target as HTMLElement).clientWidth ?? 0;
  if (!(available > 0) || available >= width) return { width, height };
  const fitted = Math.max(Math.floor(available), Math.min(minWidth, width));
  return { width: fitted, height: Math.round(height * Math.max(0.75, fitted / width)) };
}

/**
 * The left margin for y tick labels plus, left of them, a rotated axis title that does not touch
 * them (a fixed 58 put "99.5%" under the title), and where that title's centre line goes. The
 * rotated title's glyphs reach ~0.8 em left of that line and ~0.25 em right of it.
 */
export function yAxisSpace(tickLabels: readonly string[], fontSize: number): { left: number; titleX: number } {
  const labels = Math.max(0, ...tickLabels.map((t) => t.length * fontSize * 0.62));
  const titleX = Math.ceil(fontSize * 0.8) + 2;
  return { left: Math.max(58, Math.ceil(titleX + fontSize * 0.25 + 6 + labels + 9)), titleX };
}

/** Rough text width in viewBox units (no layout in jsdom and none needed: legends wrap early). */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.58;
}

export interface LegendItem {
  label: string;
}
/** A plot area's least height in viewBox units: where a wrapped legend would leave less, the figure grows. */
export const MIN_PLOT_HEIGHT = 120;

export interface LegendPlacement {
  x: number;
  y: number;
  /** The label's lines: one, or several where the label alone is wider than the legend. */
  lines: string[];
}

/** Words of `label` packed into lines no wider than `width` (a word longer than that keeps its own line). */
function wrapLabel(label: string, width: number, fontSize: number): string[] {
  const lines: string[] = [];
  for (const word of label.split(' ')) {
    const last = lines.length ? lines[lines.length - 1] : null;
    if (last !== null && textWidth(`${last} ${word}`, fontSize) <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/**
 * Legend items left to right, wrapping to a new row when the next one would pass `width`; a
 * label wider than the whole legend breaks over several lines (a phone's chart clipped them).
 * `rows` counts text lines, so the legend is rows × rowHeight tall.
 */
export function layoutLegend(
  labels: readonly string[],
  width: number,
  fontSize: number,
  swatch = 26,
  gap = 16,
): { positions: LegendPlacement[]; rows: number; rowHeight: number } {
  const rowHeight = Math.round(fontSize * 1.5);
  const positions: LegendPlacement[] = [];
  let x = 0;
  let row = 0;
  for (const label of labels) {
    const w = swatch + 6 + textWidth(label, fontSize);
    if (x > 0 && x + w > width) {
      row += 1;
      x = 0;
    }
    if (w <= width) {
      positions.push({ x, y: row * rowHeight, lines: [label] });
      x += w + gap;
    } else {
      const lines = wrapLabel(label, width - swatch - 6, fontSize);
      positions.push({ x: 0, y: row * rowHeight, lines });
      row += lines.length;
      x = 0;
    }
  }
  return { positions, rows: labels.length ? (x > 0 ? row + 1 : row) : 0, rowHeight };
}

export interface LegendEntry {
  label: string;
  colour: string;
  /** line sample (with this dash); with neither line nor marker → a filled swatch */
  line?: boolean;
  dash?: string | null;
  marker?: MarkerShape;
  /** fill for swatches, e.g. a pattern url; defaults to colour */
  fill?: string;
}

/** Draws the legend into `g` (already translated to its top-left corner). */
export function drawLegend(g: G, entries: readonly LegendEntry[], width: number, fontSize: number): number {
  const { positions, rows, rowHeight } = layoutLegend(
    entries.map((e) => e.label),
    width,
    fontSize,
  );
  g.attr('class', 'plot-legend');
  entries.forEach((entry, i) => {
    const { x, y } = positions[i];
    const item = g
      .append('g')
      .attr('class', 'plot-legend-item')
      .attr('transform', `translate(${r1(x)},${r1(y)})`);
    const cy = rowHeight / 2;
    if (entry.line) {
      const line = item
        .append('line')
        .attr('x1', 0)
        .attr('x2', 26)
        .attr('y1', cy)
        .attr('y2', cy)
        .style('stroke', entry.colour)
        .style('stroke-width', '2.5');
      if (entry.dash) line.style('stroke-dasharray', entry.dash);
    } else if (!entry.marker) {
      item
        .append('rect')
        .attr('x', 3)
        .attr('y', cy - 7)
        .attr('width', 20)
        .attr('height', 14)
        .style('fill', entry.fill ?? entry.colour)
        .style('stroke', entry.colour);
    }
    if (entry.marker) {
      item
        .append('path')
        .attr('d', markerPath(entry.marker, 13, cy, 4))
        .style('fill', entry.colour);
    }
    const text = item.append('text').attr('x', 32).attr('y', cy).attr('dy', '0.35em').style('fill', 'currentColor');
    const { lines } = positions[i];
    if (lines.length === 1) text.text(entry.label);
    else
      lines.forEach((line, k) =>
        text
          .append('tspan')
          .attr('x', 32)
          .attr('y', r1(cy + k * rowHeight))
          .text(line),
      );
  });
  return rows * rowHeight;
}

export interface PlotShellOptions {
  width: number;
  height: number;
  label: string;
  /** longer text alternative; becomes <desc> */
  description?: string;
  interactive: boolean;
  fontSize?: number;
}

const FOCUS_KEY = 'data-plot-key';

/**
 * Removes what an earlier render drew into `target` (elements marked data-plot), creates the new
 * <svg> and returns it with `finish()`, which moves focus back to the element carrying the same
 * data-plot-key as the one focused before the re-render (so keyboard users keep their place).
 */
export function createPlotSvg(
  target: Element,
  kind: string,
  options: PlotShellOptions,
): { svg: Svg; finish: () => void; live: () => HTMLElement } {
  const doc = target.ownerDocument;
  const active = doc.activeElement;
  let focusKey: string | null = null;
  let keptLive: Element | null = null;
  for (const child of Array.from(target.children)) {
    // A live region survives re-renders of the same kind of chart: a region replaced at the
    // moment its text changes is not announced.
    const live = child.getAttribute('data-plot-live');
    if (live !== null) {
      if (live === kind && !keptLive) keptLive = child;
      else child.remove();
      continue;
    }
    if (!child.hasAttribute('data-plot')) continue;
    if (active && child.contains(active)) focusKey = active.getAttribute(FOCUS_KEY);
    child.remove();
  }
  const node = doc.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
  target.insertBefore(node, keptLive);
  const svg = select(node)
    .attr('data-plot', kind)
    .attr('class', `plot plot-${kind}`)
    .attr('viewBox', `0 0 ${options.width} ${options.height}`)
    .attr('width', '100%')
    // 1 viewBox unit ≥ 1 CSS pixel, so text is never drawn below its font size (see fitSize).
    .style('min-width', `${options.width}px`)
    .attr('role', options.interactive ? 'group' : 'img')
    .attr('aria-label', options.label)
    .attr('font-size', options.fontSize ?? 12)
    .style('width', '100%')
    .style('height', 'auto')
    .style('overflow', 'visible')
    .style('font-family', 'inherit')
    .style('color', 'inherit');
  svg.append('title').text(options.label);
  if (options.description) svg.append('desc').text(options.description);
  let liveUsed = false;
  const finish = (): void => {
    if (!liveUsed && keptLive) keptLive.remove();
    if (focusKey === null) return;
    const again = node.querySelector(`[${FOCUS_KEY}="${CSS_escape(focusKey)}"]`);
    if (again && 'focus' in again) (again as SVGElement).focus({ preventScroll: true });
  };
  /** The chart's polite live region (a <p> after the svg), created on first use and kept. */
  const live = (): HTMLElement => {
    liveUsed = true;
    if (keptLive) return keptLive as HTMLElement;
    const p = doc.createElement('p');
    p.setAttribute('data-plot-live', kind);
    p.setAttribute('aria-live', 'polite');
    p.className = 'plot-live';
    target.appendChild(p);
    keptLive = p;
    return p;
  };
  return { svg, finish, live };
}

function CSS_escape(value: string): string {
  return value.replace(/["\\]/g, '\\$&');
}

/** Marks an element as keyboard-operable: focus ring handled in JS, so it shows without any CSS. */
export function makeFocusable<R extends SVGElement>(
  el: Selection<SVGGElement, unknown, null, undefined>,
  key: string,
  ring: Selection<R, unknown, null, undefined>,
): void {
  el.attr('tabindex', 0).attr(FOCUS_KEY, key).classed('plot-focus', true);
  el.on('focus.plotfocus', () => {
    ring.style('stroke', FOCUS_COLOUR).style('stroke-width', '3');
    el.attr('data-focused', '');
  });
  el.on('blur.plotfocus', () => {
    ring.style('stroke', null).style('stroke-width', null);
    el.attr('data-focused', null);
  });
}

/** True for keys that activate a role=button element. */
export function isActivationKey(event: KeyboardEvent): boolean {
  return event.key === 'Enter' || event.key === ' ' || event.key === 'Spacebar';
}

/** Applies an axis and drops d3-axis's hard-coded font so the chart's own font is used. */
export function drawAxis<D extends AxisDomain>(g: G, axis: Axis<D>): G {
  g.call(axis);
  g.attr('font-size', null).attr('font-family', null);
  return g;
}

/** Axis title text in currentColor. */
export function axisTitle(g: G, text: string, x: number, y: number, rotate = false): void {
  const t = g.append('text').attr('class', 'plot-axis-title').attr('text-anchor', 'middle').style('fill', 'currentColor').text(text);
  if (rotate) t.attr('transform', `translate(${r1(x)},${r1(y)}) rotate(-90)`);
  else t.attr('x', r1(x)).attr('y', r1(y));
}

let patternCounter = 0;

/**
 * A fill for bar series `i`: series 0 solid, the others get a texture on top of their colour
 * (hatching, cross-hatching, dots) so bars differ without colour. Returns a CSS fill value.
 */
export function seriesFill(svg: Svg, i: number): string {
  const colour = seriesColour(i);
  const texture = i % 4;
  if (texture === 0) return colour;
  let defs = svg.select<SVGDefsElement>('defs');
  if (defs.empty()) defs = svg.insert<SVGDefsElement>('defs', ':first-child');
  const id = `plot-pattern-${++patternCounter}`;
  const pattern = defs.append('pattern').attr('id', id).attr('patternUnits', 'userSpaceOnUse').attr('width', 6).attr('height', 6);
  pattern.append('rect').attr('width', 6).attr('height', 6).style('fill', colour);
  if (texture === 1 || texture === 2) {
    pattern
      .append('path')
      .attr('d', texture === 1 ? 'M-1,1L1,-1M0,6L6,0M5,7L7,5' : 'M0,3H6M3,0V6')
      .style('stroke', BACKGROUND_COLOUR)
      .style('stroke-width', '1.2')
      .style('stroke-opacity', '0.75');
  } else {
    pattern.append('circle').attr('cx', 3).attr('cy', 3).attr('r', 1.3).style('fill', BACKGROUND_COLOUR).style('fill-opacity', '0.8');
  }
  return `url(#${id})`;
}

/** A d3-format specifier or a ready formatter → a formatter. */
export function toFormatter(spec: string | ((v: number) => string) | undefined, fallback: string): (v: number) => string {
  if (typeof spec === 'function') return spec;
  return format(spec ?? fallback);
}
