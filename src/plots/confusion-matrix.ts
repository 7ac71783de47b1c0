// Confusion matrix, rows = true class, columns = predicted class. Colour follows log(1 + count)
// so the large diagonal and the small off-diagonal counts are both readable; every cell prints
// its count in black or white, whichever contrasts more with the fill. Off-diagonal non-zero
// cells are buttons (mouse and keyboard) when onCellClick is given.
import { rgb } from 'd3-color';
import { format } from 'd3-format';
import { interpolateBlues } from 'd3-scale-chromatic';
import { HIGHLIGHT_COLOUR, axisTitle, createPlotSvg, fitSize, isActivationKey, makeFocusable, r1, type G } from './common';

export interface ConfusionMatrixOptions {
  /** accessible name (aria-label and <title>) */
  label: string;
  onCellClick?: (trueClass: number, predictedClass: number) => void;
  /** [true, predicted] of the cell drawn as selected (aria-pressed="true") */
  selected?: [number, number];
  /** tick text per class; default "0" … "n-1" */
  classLabels?: readonly string[];
  /** what a count counts, for the cell labels (default "images") */
  unit?: string;
  /** d3-format specifier for counts (default ",d") */
  format?: string;
  width?: number;
  height?: number;
}

/** Colour position in [0, 1] of a count: log(1 + count) / log(1 + max); 0 when max is 0. */
export function logShade(count: number, max: number): number {
  if (!(max > 0) || !(count > 0)) return 0;
  return Math.min(1, Math.log1p(count) / Math.log1p(max));
}

/** Fill of a cell (null for 0: drawn empty), from light to dark blue. */
export function cellFill(count: number, max: number): string | null {
  if (!(count > 0)) return null;
  return rgb(interpolateBlues(0.12 + 0.88 * logShade(count, max))).formatHex();
}

function luminance(colour: string): number {
  const c = rgb(colour);
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** WCAG contrast ratio of two colours. */
export function contrastRatio(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** Black or white text, whichever has the higher contrast on `fill`. */
export function textColourOn(fill: string): '#000000' | '#ffffff' {
  return contrastRatio(fill, '#000000') >= contrastRatio(fill, '#ffffff') ? '#000000' : '#ffffff';
}

function checkMatrix(matrix: readonly (readonly number[])[]): number {
  const n = matrix.length;
  if (n === 0) throw new RangeError('renderConfusionMatrix: empty matrix');
  for (const row of matrix) {
    if (row.length !== n) throw new RangeError(`renderConfusionMatrix: matrix must be square, got a row of ${row.length} in ${n} rows`);
    for (const v of row)
      if (!Number.isFinite(v) || v < 0) throw new RangeError(`renderConfusionMatrix: count ${v} is not a finite non-negative number`);
  }
  return n;
}

export function renderConfusionMatrix(
  target: Element,
  matrix: readonly (readonly number[])[],
  options: ConfusionMatrixOptions,
): SVGSVGElement {
  const n = checkMatrix(matrix);
  // Ten columns of counts up to "1,135" need 400 units at 11 px; narrower, the container scrolls.
  const { width, height } = fitSize(target, options.width ?? 480, options.height ?? 480, 400);
  const fontSize = 12;
  const unit = options.unit ?? 'images';
  const fmt = format(options.format ?? ',d');
  const classLabel = (i: number) => options.classLabels?.[i] ?? String(i);
  const interactive = Boolean(options.onCellClick);
  let total = 0;
  let correct = 0;
  let max = 0;
  matrix.forEach((row, t) =>
    row.forEach((v, p) => {
      total += v;
      if (t === p) correct += v;
      if (v > max) max = v;
    }),
  );
  const { svg, finish } = createPlotSvg(target, 'confusion', {
    width,
    height,
    label: options.label,
    description: `${n} by ${n} confusion matrix, rows are the true label and columns the prediction: ${fmt(correct)} of ${fmt(total)} ${unit} on the diagonal. Darker cells hold more ${unit} (log scale).`,
    interactive,
    fontSize,
  });

  const margin = { top: 12, right: 12, bottom: 62, left: 62 };
  const cell = Math.min((width - margin.left - margin.right) / n, (height - margin.top - margin.bottom) / n);
  const gridW = cell * n;
  const left = margin.left + (width - margin.left - margin.right - gridW) / 2;
  const top = margin.top;
  const cellFont = Math.max(11, Math.min(fontSize, cell * 0.3));

  const grid = svg.append('g').attr('class', 'plot-area');
  const [selT, selP] = options.selected ?? [-1, -1];
  for (let t = 0; t < n; t++) {
    for (let p = 0; p < n; p++) {
      const count = matrix[t][p];
      const fill = cellFill(count, max);
      const clickable = interactive && t !== p && count > 0;
      const isSelected = t === selT && p === selP;
      const g = grid
        .append('g')
        .attr('class', 'plot-cell')
        .attr('data-true', t)
        .attr('data-predicted', p)
        .attr('data-count', count)
        .attr('transform', `translate(${r1(left + p * cell)},${r1(top + t * cell)})`) as G;
      const text = `true ${classLabel(t)}, predicted ${classLabel(p)}: ${fmt(count)} ${unit}`;
      g.append('rect')
        .attr('class', 'plot-cell-bg')
        .attr('width', r1(cell))
        .attr('height', r1(cell))
        .style('fill', fill ?? 'transparent')
        .style('stroke', 'currentColor')
        .style('stroke-opacity', '0.15')
        .style('stroke-width', '1');
      g.append('text')
        .attr('x', r1(cell / 2))
        .attr('y', r1(cell / 2))
        .attr('dy', '0.35em')
        .attr('text-anchor', 'middle')
        .attr('font-size', r1(cellFont))
        .style('fill', fill ? textColourOn(fill) : 'currentColor')
        .style('fill-opacity', fill ? '1' : '0.7')
        .style('pointer-events', 'none')
        .text(fmt(count));
      // Focus ring and selection ring: drawn inside the cell so neighbours don't cover them.
      const ring = g
        .append('rect')
        .attr('class', 'plot-focus-ring')
        .attr('x', 2)
        .attr('y', 2)
        .attr('width', r1(Math.max(0, cell - 4)))
        .attr('height', r1(Math.max(0, cell - 4)))
        .attr('fill', 'none')
        .style('pointer-events', 'none');
      if (isSelected) {
        g.classed('plot-selected', true);
        g.append('rect')
          .attr('class', 'plot-selected-ring')
          .attr('x', 1)
          .attr('y', 1)
          .attr('width', r1(Math.max(0, cell - 2)))
          .attr('height', r1(Math.max(0, cell - 2)))
          .style('fill', 'none')
          .style('stroke', HIGHLIGHT_COLOUR)
          .style('stroke-width', '3')
          .style('stroke-dasharray', '6 2')
          .style('pointer-events', 'none');
      }
      if (clickable) {
        const onCellClick = options.onCellClick!;
        g.attr('role', 'button')
          .attr('aria-label', text)
          .attr('aria-pressed', String(isSelected))
          .style('cursor', 'pointer')
          .style('outline', 'none');
        makeFocusable(g, `cell-${t}-${p}`, ring);
        g.on('click', () => onCellClick(t, p));
        g.on('keydown', (event: KeyboardEvent) => {
          if (!isActivationKey(event)) return;
          event.preventDefault();
          onCellClick(t, p);
        });
      } else {
        g.append('title').text(text);
      }
    }
  }

  // Class ticks and axis titles.
  const ticks = svg.append('g').attr('class', 'plot-axis').style('fill', 'currentColor') as G;
  for (let i = 0; i < n; i++) {
    ticks
      .append('text')
      .attr('x', r1(left + (i + 0.5) * cell))
      .attr('y', r1(top + gridW + 14))
      .attr('text-anchor', 'middle')
      .text(classLabel(i));
    ticks
      .append('text')
      .attr('x', r1(left - 6))
      .attr('y', r1(top + (i + 0.5) * cell))
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .text(classLabel(i));
  }
  const titles = svg.append('g').attr('class', 'plot-axis-titles') as G;
  axisTitle(titles, 'predicted', left + gridW / 2, top + gridW + 34);
  axisTitle(titles, 'true label', left - 34, top + gridW / 2, true);
  svg
    .append('text')
    .attr('class', 'plot-note')
    .attr('x', r1(left + gridW / 2))
    .attr('y', r1(top + gridW + 52))
    .attr('text-anchor', 'middle')
    .attr('font-size', 11)
    .style('fill', 'currentColor')
    .text(`darker = more ${unit} (log scale)`);
  finish();
  return svg.node()!;
}
