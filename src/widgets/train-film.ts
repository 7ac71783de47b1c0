// "Watch it learn": the strip of 8 test images (one of each class 0–7) with, for one film frame,
// each image's attention map, its CAM of the true class and the prediction. Honest scales: sigmoid
// attention on a fixed 0–1 (softmax attention, which sums to 1, on the frame's shared range); the
// signed attention-CAM on one symmetric diverging scale shared by the 8 images of the frame;
// Grad-CAM (≥ 0) on one sequential scale from 0 shared likewise. A range input scrubs every kept
// frame; while training the strip follows the newest one unless the reader scrubbed back.
import { FASHION_CLASS_NAMES } from '../lib/data/fashion-mnist';
import type { Heatmap } from '../lib/contract/heatmap';
import { colorbar, type ColormapName } from '../lib/explain/colormap';
import { sharedRange, type ValueRange } from '../lib/explain/normalize';
import { grayRgba, mapRange, renderMap, type RenderedMap } from '../lib/explain/render-map';
import { getModel } from '../lib/models/registry';
import { trainedModelId, type LabTrainingSettings } from '../lib/train/lab-training';
import { STRIP_IMAGES, type FilmFrame, type StripImage } from '../lib/train/lab-training-run';
import { h, uid } from './dom';
import { DEFAULT_COLORMAP } from './map-choices';

const COUNT = new Intl.NumberFormat('en');
const fmt = (v: number) => (Math.abs(v) >= 1000 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toFixed(3));

/** What the strip's second and third rows show for a trained network. */
export function filmRows(settings: Pick<LabTrainingSettings, 'model' | 'dataset'>): {
  attention: boolean;
  softmax: boolean;
  cam: 'attention-CAM' | 'Grad-CAM';
} {
  const definition = getModel(trainedModelId(settings));
  return {
    attention: definition.spatialAttentionHeads > 0,
    // The softmax map's 49 weights sum to 1: on 0–1 it would look empty.
    softmax: settings.model === 'attention-softmax',
    // The film computes the exact attention-CAM where the network has one, Grad-CAM at conv3 otherwise.
    cam: definition.cam ? 'attention-CAM' : 'Grad-CAM',
  };
}

function blit(canvas: HTMLCanvasElement, width: number, height: number, rgba: Uint8ClampedArray): void {
  // Resizing a canvas drops its backing store: a new one every frame cost ~40 ms a frame here.
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  // A CPU-backed canvas: 7×7 maps are not worth a GPU texture upload on every frame.
  canvas.getContext('2d', { willReadFrequently: true })?.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
}

class Legend {
  readonly element: HTMLElement;
  readonly #bar = h('canvas', { class: 'train-film__bar', width: 64, height: 1, 'aria-hidden': 'true' });
  readonly #range = h('span', { class: 'train-film__range' });
  readonly #note = h('span', { class: 'train-film__note' });
  readonly #title = h('span', { class: 'train-film__legend-title' });

  constructor() {
    this.element = h('p', { class: 'train-film__legend' }, this.#title, ' ', this.#bar, ' ', this.#range, ' ', this.#note);
  }

  #colormap: ColormapName | null = null;

  show(title: string, colormap: ColormapName, range: string, note: string): void {
    this.#title.textContent = `${title}:`;
    if (colormap !== this.#colormap) blit(this.#bar, 64, 1, colorbar(colormap, 64, 1));
    this.#colormap = colormap;
    this.#range.textContent = range;
    this.#note.textContent = note;
    this.element.classList.remove('is-pending');
  }

  /** Keeps its box but shows nothing until the run's first frame: the page below does not move then. */
  pending(): void {
    this.element.classList.add('is-pending');
  }
}

export class TrainingFilm {
  readonly element: HTMLElement;
  readonly frames: FilmFrame[] = [];
  readonly #slider: HTMLInputElement;
  readonly #sliderText = h('span', { text: 'no frames yet' });
  readonly #heads: HTMLElement[] = [];
  readonly #digits: HTMLCanvasElement[] = [];
  readonly #attention: HTMLCanvasElement[] = [];
  readonly #cams: HTMLCanvasElement[] = [];
  readonly #predictions: HTMLElement[] = [];
  readonly #attentionRow: HTMLTableRowElement;
  readonly #attentionHead = h('th', { scope: 'row' });
  readonly #camHead = h('th', { scope: 'row' });
  readonly #attentionLegend = new Legend();
  readonly #camLegend = new Legend();
  readonly #note = h('p', { class: 'widget-summary' });
  #settings: LabTrainingSettings | null = null;
  #labels: number[] = [];
  #shown = -1;
  #pending = 0;

  constructor() {
    const id = uid('film');
    this.#slider = h('input', { id, type: 'range', min: 0, max: 0, step: 1, value: 0, disabled: true });
    this.#slider.addEventListener('input', () => this.#draw(Number(this.#slider.value)));
    const cells = (make: (k: number) => HTMLElement) => Array.from({ length: STRIP_IMAGES }, (_, k) => h('td', {}, make(k)));
    const canvas = (list: HTMLCanvasElement[], what: string) => (k: number) => {
      const c = h('canvas', {
        class: 'train-film__map',
        width: 7,
        height: 7,
        role: 'img',
        'aria-label': `${what}, image ${k + 1}: not drawn yet`,
      });
      list.push(c);
      return c;
    };
    const headCells = cells((k) => {
      const head = h('span', { class: 'train-film__caption', text: `image ${k + 1}` });
      this.#heads.push(head);
      return h('span', { class: 'train-film__image' }, canvas(this.#digits, 'test image')(k), head);
    });
    this.#attentionRow = h('tr', {}, this.#attentionHead, ...cells(canvas(this.#attention, 'attention')));
    const table = h(
      'table',
      { class: 'train-film__table' },
      h(
        'tbody',
        {},
        h('tr', {}, h('th', { scope: 'row', text: 'test image' }), ...headCells),
        this.#attentionRow,
        h('tr', {}, this.#camHead, ...cells(canvas(this.#cams, 'CAM'))),
        h(
          'tr',
          {},
          h('th', { scope: 'row', text: 'prediction' }),
          ...cells((k) => {
            const p = h('span', { class: 'train-film__prediction', text: '–' });
            this.#predictions[k] = p;
            return p;
          }),
        ),
      ),
    );
    this.element = h(
      'section',
      { class: 'train-film', 'aria-label': 'Watch it learn' },
      h('h3', { class: 'widget-subtitle', text: 'Watch it learn' }),
      this.#note,
      h('div', { class: 'field train-film__scrub' }, h('label', { for: id }, 'Film: ', this.#sliderText), this.#slider),
      h(
        'div',
        { class: 'train-film__strip', role: 'region', tabindex: 0, 'aria-label': 'Film strip: 8 test images, their maps and predictions' },
        table,
      ),
      this.#attentionLegend.element,
      this.#camLegend.element,
    );
    this.#note.textContent = 'Start a run: every few steps, the strip below shows what the network attends to and predicts.';
    // The colour tables are built on first use (~40 ms): build them now, not on the first frame of a run.
    for (const name of [DEFAULT_COLORMAP, 'diverging'] as const) colorbar(name, 2, 1);
  }

  /** A new run: forget the frames and label the rows for its network. */
  reset(settings: LabTrainingSettings): void {
    this.frames.length = 0;
    this.#settings = settings;
    this.#shown = -1;
    this.#labels = [];
    const rows = filmRows(settings);
    const label = getModel(trainedModelId(settings)).label;
    this.#attentionRow.hidden = !rows.attention;
    const heads = getModel(trainedModelId(settings)).spatialAttentionHeads;
    this.#attentionHead.textContent = rows.softmax
      ? 'attention A (softmax)'
      : heads > 1
        ? `attention A (mean of ${heads} heads)`
        : 'attention A';
    this.#camHead.textContent = `${rows.cam} of the true class`;
    this.#attentionLegend.element.hidden = !rows.attention;
    this.#attentionLegend.pending();
    this.#camLegend.pending();
    this.#note.textContent = rows.attention
      ? `The ${label}'s attention map A and its ${rows.cam} of each image's true class, as it learns.`
      : `The ${label} has no spatial attention map; the strip shows its ${rows.cam} of each image's true class${rows.cam === 'Grad-CAM' ? ' (at conv3)' : ''}, as it learns.`;
    // Cleared at the maps' own size: a canvas whose size changes gets a new backing store (slow).
    const clear = new Uint8ClampedArray(7 * 7 * 4);
    for (const list of [this.#attention, this.#cams]) for (const c of list) blit(c, 7, 7, clear);
    for (const p of this.#predictions) p.textContent = '–';
    this.#updateSlider();
  }

  /** Draws the strip's images (sent by the training worker, from the run's test set). */
  setStrip(images: readonly StripImage[]): void {
    this.#labels = images.map((s) => s.label);
    images.forEach(({ index, label, pixels }, k) => {
      blit(this.#digits[k], 28, 28, grayRgba(pixels));
      const name = this.#className(label);
      this.#heads[k].textContent = `#${index}: ${name}`;
      this.#digits[k].setAttribute('aria-label', `test image ${index}, a ${name}`);
    });
    if (this.#shown >= 0) this.#draw(this.#shown);
  }

  /** Keeps a frame; shows it (soon) if the reader is watching the newest. */
  add(frame: FilmFrame): void {
    const following = this.#shown === this.frames.length - 1;
    this.frames.push(frame);
    this.#updateSlider();
    if (!following) return;
    this.#slider.value = String(this.frames.length - 1);
    // One drawing per animation frame at most, however fast frames arrive.
    if (this.#pending) return;
    this.#pending = requestAnimationFrame(() => {
      this.#pending = 0;
      this.#draw(Number(this.#slider.value), true);
    });
  }

  #className(c: number): string {
    return this.#settings?.dataset === 'fashion-mnist' ? FASHION_CLASS_NAMES[c] : `digit ${c}`;
  }

  /** For the narrow prediction cells, under the row header "prediction": "5", or the garment's name. */
  #shortName(c: number): string {
    return this.#settings?.dataset === 'fashion-mnist' ? FASHION_CLASS_NAMES[c] : String(c);
  }

  #updateSlider(): void {
    const n = this.frames.length;
    this.#slider.max = String(Math.max(0, n - 1));
    this.#slider.disabled = n < 2;
    if (n === 0) {
      this.#sliderText.textContent = 'no frames yet';
      this.#slider.setAttribute('aria-valuetext', 'no frames yet');
    }
  }

  /** `split`: while training, the CAM row waits for the next animation frame (each half stays short). */
  #draw(index: number, split = false): void {
    const frame = this.frames[index];
    const settings = this.#settings;
    if (!frame || !settings) return;
    this.#shown = index;
    const text = `step ${COUNT.format(frame.step)} (epoch ${frame.epochs.toFixed(2)})`;
    this.#sliderText.textContent = text;
    this.#slider.setAttribute('aria-valuetext', `${text}, frame ${index + 1} of ${this.frames.length}`);
    const rows = filmRows(settings);
    try {
      if (rows.attention) this.#drawAttention(frame, rows.softmax);
      if (split && rows.attention) {
        requestAnimationFrame(() => {
          if (this.#shown === index && this.frames[index] === frame) this.#drawCamsSafely(frame, rows.cam);
        });
      } else this.#drawCams(frame, rows.cam);
    } catch (error) {
      // A frame from the last steps before a divergence can hold values that are not numbers.
      this.#camLegend.show(
        `${rows.cam}`,
        'diverging',
        '',
        `this frame cannot be drawn: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    frame.maps.forEach((m, k) => {
      const label = this.#labels[k];
      const right = label === undefined || m.predicted === label;
      // No-break spaces: a narrow cell wraps after the "·" or before the ✗, never inside "12.3 %".
      this.#predictions[k].textContent =
        `${this.#shortName(m.predicted)}\u00a0· ${(100 * m.probability).toFixed(1)}\u00a0%${right ? '' : ' ✗'}`;
      this.#predictions[k].classList.toggle('is-wrong', !right);
    });
  }

  #drawAttention(frame: FilmFrame, softmax: boolean): void {
    const maps = frame.maps.map((m) => m.attention).filter((m): m is Heatmap => m !== null);
    if (maps.length !== frame.maps.length) return;
    const range: ValueRange = softmax ? { min: 0, max: sharedRange(maps).max } : { min: 0, max: 1 };
    maps.forEach((map, k) =>
      this.#paint(this.#attention[k], renderMap(map, { colormap: DEFAULT_COLORMAP, size: 'native', range }), 'attention A', k),
    );
    const actual = sharedRange(maps);
    this.#attentionLegend.show(
      softmax ? 'attention A (softmax weight)' : 'attention A',
      DEFAULT_COLORMAP,
      `${fmt(range.min)} … ${fmt(range.max)}`,
      softmax
        ? `Scale: 0 to the largest weight of the 8 images (the 49 weights of a map sum to 1); values span ${fmt(actual.min)} … ${fmt(actual.max)}.`
        : `Scale: fixed 0–1 (sigmoid); values span ${fmt(actual.min)} … ${fmt(actual.max)}.`,
    );
  }

  #drawCamsSafely(frame: FilmFrame, kind: 'attention-CAM' | 'Grad-CAM'): void {
    try {
      this.#drawCams(frame, kind);
    } catch (error) {
      this.#camLegend.show(kind, 'diverging', '', `this frame cannot be drawn: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  #drawCams(frame: FilmFrame, kind: 'attention-CAM' | 'Grad-CAM'): void {
    const maps = frame.maps.map((m) => m.cam);
    const actual = sharedRange(maps);
    const signed = kind === 'attention-CAM';
    const colormap: ColormapName = signed ? 'diverging' : DEFAULT_COLORMAP;
    // One scale for the 8 maps: symmetric around 0 for the signed CAM, 0 … max for Grad-CAM.
    const range: ValueRange = signed ? actual : { min: 0, max: Math.max(0, actual.max) };
    const rendered = maps.map((map) => renderMap(map, { colormap, size: 'native', range }));
    rendered.forEach((r, k) => this.#paint(this.#cams[k], r, kind, k));
    const shown = rendered[0].range;
    this.#camLegend.show(
      `${kind} (logit units)`,
      colormap,
      rendered[0].flat ? `flat (${fmt(actual.max)})` : `${fmt(shown.min)} … ${fmt(shown.max)}`,
      signed
        ? `Scale: shared by the 8 images, centred on 0; values span ${fmt(actual.min)} … ${fmt(actual.max)}.`
        : `Scale: shared by the 8 images, from 0 (Grad-CAM is never negative); values span ${fmt(actual.min)} … ${fmt(actual.max)}.`,
    );
  }

  #paint(canvas: HTMLCanvasElement, rendered: RenderedMap, what: string, k: number): void {
    blit(canvas, rendered.width, rendered.height, rendered.rgba);
    const own = mapRange(rendered.map);
    canvas.setAttribute('aria-label', `${what}, image ${k + 1}: values ${fmt(own.min)} … ${fmt(own.max)}`);
  }
}
