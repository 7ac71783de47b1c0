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

const fmt = (v: number) => (Math.abs(v) >= 1000 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : v.toFixed(3));

export class MapView {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly #title: HTMLElement;
  readonly #markers: SVGSVGElement;
  readonly #summary: HTMLElement;
  readonly #bar: HTMLCanvasElement;
  readonly #barLabels: HTMLElement;

  constructor(title: string) {
    this.#title = h('figcaption', { class: 'map-view__title', text: title });
    this.canvas = h('canvas', { class: 'map-view__canvas', width: 28, height: 28, role: 'img', 'aria-label': title });
    this.#markers = document.createElementNS(SVG, 'svg');
    this.#markers.setAttribute('class', 'map-view__markers');
    this.#markers.setAttribute('aria-hidden', 'true');
    this.#markers.setAttribute('viewBox', '0 0 28 28');
    this.#bar = h('canvas', { class: 'map-view__bar', width: 64, height: 1, 'aria-hidden': 'true' });
    this.#barLabels = h('span', { class: 'map-view__bar-labels' });
    this.#summary = h('p', { class: 'map-view__summary' });
    this.element = h(
      'figure',
      { class: 'map-view' },
      this.#title,
      h('div', { class: 'map-view__frame' }, this.canvas, this.#markers),
      h('div', { class: 'map-view__legend' }, this.#bar, this.#barLabels),
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

  /** A coloured map, with its colour bar and summary. */
  show(rendered: RenderedMap, colormap: ColormapName | null, summary: string, markers: readonly Marker[] = []): void {
    this.blit(rendered.width, rendered.height, rendered.rgba);
    this.canvas.setAttribute('aria-label', `${this.#title.textContent}: ${summary}`);
    this.#summary.textContent = summary;
    if (colormap) {
      const ctx = this.#bar.getContext('2d');
      ctx?.putImageData(new ImageData(new Uint8ClampedArray(colorbar(colormap, 64, 1)), 64, 1), 0, 0);
      this.#bar.hidden = false;
      this.#barLabels.textContent = rendered.flat ? `flat map (${fmt(rendered.range.max)})` : `${fmt(rendered.range.min)} … ${fmt(rendered.range.max)}`;
    } else {
      this.#bar.hidden = true;
      this.#barLabels.textContent = '';
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
    this.setMarkers([]);
  }

  setMarkers(markers: readonly Marker[]): void {
    this.#markers.replaceChildren();
    for (const m of markers) {
      const size = 28 / m.grid;
      const rect = document.createElementNS(SVG, 'rect');
      rect.setAttribute('x', String(m.col * size + 0.4));
      rect.setAttribute('y', String(m.row * size + 0.4));
      rect.setAttribute('width', String(size - 0.8));
      rect.setAttribute('height', String(size - 0.8));
      rect.setAttribute('class', 'map-view__peak');
      const title = document.createElementNS(SVG, 'title');
      title.textContent = m.label;
      rect.append(title);
      this.#markers.append(rect);
    }
  }
}
