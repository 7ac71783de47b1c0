// One picture panel: a title, the map or digit blitted into a canvas (CSS scales it up without
// smoothing), optional peak markers, a colour bar with its value range, and a text summary —
// the numbers a screen reader (or a careful reader) needs.
import type { RenderedMap } from '../lib/explain/render-map';
import { colorbar, type ColormapName } from '../lib/explain/colormap';
import { h } from './dom';

const SVG = 'http://www.w3.org/2000/svg';

export interface Marker {
  row: number;
  col: number;
  /** in the grid the marker refers to (e.g. 7 for a 7×7 peak) */
  grid: number;
  label: string;
}

export interface ScaleNote {
  /** What the values are, e.g. "logit", "attention weight". */
  unit?: string;
  /** How the range was chosen, e.g. "fixed 0–1", "shared by the three CAMs". Default: the map's own. */
  scale?: string;
}

// The same format as the text summaries (map-summary.ts), so the bar and the text can be compared.
const fmt = (v: number) => (Math.abs(v) >= 1000 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toFixed(3));

export class MapView {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly #title: HTMLElement;
  readonly #markers: SVGSVGElement;
  readonly #summary: HTMLElement;
  readonly #bar: HTMLCanvasElement;
  readonly #barLabels: HTMLElement;
  readonly #scaleNote: HTMLElement;
  readonly #peakNote: HTMLElement;

  constructor(title: string) {
    this.#title = h('figcaption', { class: 'map-view__title', text: title });
    this.canvas = h('canvas', { class: 'map-view__canvas', width: 28, height: 28, role: 'img', 'aria-label': title });
    this.#markers = document.createElementNS(SVG, 'svg');
    this.#markers.setAttribute('class', 'map-view__markers');
    this.#markers.setAttribute('aria-hidden', 'true');
    this.#markers.setAttribute('viewBox', '0 0 28 28');
    this.#bar = h('canvas', { class: 'map-view__bar', width: 64, height: 1, 'aria-hidden': 'true' });
    this.#barLabels = h('span', { class: 'map-view__bar-labels' });
    this.#scaleNote = h('p', { class: 'map-view__scale' });
    this.#peakNote = h('p', { class: 'map-view__peaks' });
    this.#summary = h('p', { class: 'map-view__summary' });
    this.element = h(
      'figure',
      { class: 'map-view' },
      this.#title,
      h('div', { class: 'map-view__frame' }, this.canvas, this.#markers),
      h('div', { class: 'map-view__legend' }, this.#bar, this.#barLabels),
      this.#scaleNote,
      this.#peakNote,
      this.#summary,
    );
  }

  setTitle(title: string): void {
    this.#title.textContent = title;
  }

  /** Draws RGBA pixels of size width×height. */
  blit(width: number, height: number, rgba: Uint8ClampedArray): void {
    this.canvas.width = width;
    this.canvas.height = height;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
  }

  /** The title as shown (exports reuse it). */
  get title(): string {
    return this.#title.textContent ?? '';
  }

  /** The colour bar, its range text and the line saying which range it is; null without a bar. */
  get legend(): { bar: HTMLCanvasElement; range: string; note: string } | null {
    return this.#bar.hidden ? null : { bar: this.#bar, range: this.#barLabels.textContent ?? '', note: this.#scaleNote.textContent ?? '' };
  }

  /**
   * A coloured map, with its colour bar (the true range of the values it spans, in `note.unit`),
   * a line saying which range that is, and its summary.
   */
  show(rendered: RenderedMap, colormap: ColormapName | null, summary: string, markers: readonly Marker[] = [], note: ScaleNote = {}): void {
    this.blit(rendered.width, rendered.height, rendered.rgba);
    this.canvas.setAttribute('aria-label', `${this.#title.textContent}: ${summary}`);
    this.#summary.textContent = summary;
    if (colormap) {
      const ctx = this.#bar.getContext('2d');
      ctx?.putImageData(new ImageData(new Uint8ClampedArray(colorbar(colormap, 64, 1)), 64, 1), 0, 0);
      this.#bar.hidden = false;
      const unit = note.unit ? ` ${note.unit}` : '';
      this.#barLabels.textContent = rendered.flat
        ? `flat map (${fmt(rendered.range.max)}${unit})`
        : `${fmt(rendered.range.min)} … ${fmt(rendered.range.max)}${unit}`;
      const centred = colormap === 'diverging' ? ', centred on 0' : '';
      this.#scaleNote.textContent = `Scale: ${note.scale ?? `range of the ${rendered.grid} map${rendered.grid === `${rendered.height}×${rendered.width}` ? '' : ' (before upsampling)'}`}${centred}.`;
    } else {
      this.#bar.hidden = true;
      this.#barLabels.textContent = '';
      this.#scaleNote.textContent = '';
    }
    this.setMarkers(markers);
  }

  /** A picture without a colour scale (the digit, an overlay). */
  showImage(width: number, height: number, rgba: Uint8ClampedArray, summary: string): void {
    this.blit(width, height, rgba);
    this.canvas.setAttribute('aria-label', `${this.#title.textContent}: ${summary}`);
    this.#summary.textContent = summary;
    this.#bar.hidden = true;
    this.#barLabels.textContent = '';
    this.#scaleNote.textContent = '';
    this.setMarkers([]);
  }

  /**
   * Peak markers: one peak is outlined; tied peaks (a saturated map can have a dozen) get a small
   * dot each so they do not hide the map. The legend under the map says which.
   */
  setMarkers(markers: readonly Marker[]): void {
    this.#markers.replaceChildren();
    const tied = markers.length > 1;
    for (const m of markers) {
      const size = 28 / m.grid;
      const mark = document.createElementNS(SVG, tied ? 'circle' : 'rect');
      if (tied) {
        mark.setAttribute('cx', String((m.col + 0.5) * size));
        mark.setAttribute('cy', String((m.row + 0.5) * size));
        mark.setAttribute('r', String(Math.min(1.1, size * 0.18)));
        mark.setAttribute('class', 'map-view__peak map-view__peak--tied');
      } else {
        mark.setAttribute('x', String(m.col * size + 0.4));
        mark.setAttribute('y', String(m.row * size + 0.4));
        mark.setAttribute('width', String(size - 0.8));
        mark.setAttribute('height', String(size - 0.8));
        mark.setAttribute('class', 'map-view__peak');
      }
      const title = document.createElementNS(SVG, 'title');
      title.textContent = m.label;
      mark.append(title);
      this.#markers.append(mark);
    }
    this.#peakNote.textContent = markers.length === 0 ? '' : tied ? `Dots: ${markers.length} tied peak cells.` : 'Outlined: the peak cell.';
  }
}
