// Homework lab 2's recorded training run, read once at build time: the film (the strip's attention
// maps and CAMs every few steps, recordings/lab2-film.json) and its model card
// (lab2-film-card.json), both written by `npm run train -- --lab --film`. From them: the frames the
// static figure shows, each map's colours and scale, and every number the lesson quotes about the
// run. Nothing here is typed by hand; a recording that disagrees with itself, with the page's
// default settings or with the test set fails the build.
import { PNG } from 'pngjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Heatmap } from '../../lib/contract/heatmap';
import { FASHION_CLASS_NAMES } from '../../lib/data/fashion-mnist';
import { FASHION_TEST_SET_FILES, TEST_SET_FILES } from '../../lib/data/test-set-asset';
import { applyColormap, applyDiverging, colorbar, type ColormapName } from '../../lib/explain/colormap';
import { getModel } from '../../lib/models/registry';
import { LAB_CARD_FORMAT, LAB_FILM_FORMAT } from '../../lib/train/lab-card';
import { LAB_TRAINING_DEFAULTS, trainedModelId, type LabTrainingSettings } from '../../lib/train/lab-training';
import { formatStat, type Stat } from './lesson-stats';

const ROOT = process.cwd();
export const FILM_PATH = path.join(ROOT, 'recordings/lab2-film.json');
export const FILM_CARD_PATH = path.join(ROOT, 'recordings/lab2-film-card.json');
const PIXELS = 784;
/** The figure's sequential colormap for attention: the widgets' default (map-choices.ts). */
export const ATTENTION_COLORMAP: ColormapName = 'viridis';
/** Training accuracies whose first crossing gets a row in the figure. */
export const ACCURACY_MILESTONES = [0.5, 0.9] as const;
/** A strip whose median gate value reaches this is "open": it passes nearly everything. */
export const GATE_OPEN = 0.9;

export interface FilmMap {
  predicted: number;
  probability: number;
  /** Row-major 7×7 attention (mean over heads); null for a network without spatial attention. */
  attention: number[] | null;
  /** Row-major CAM of the true class (attention-CAM, signed) or Grad-CAM at conv3 (≥ 0). */
  cam: number[];
  size: [number, number];
}
export interface FilmFrame {
  step: number;
  epochs: number;
  maps: FilmMap[];
}
export interface RecordedFilm {
  format: string;
  settings: LabTrainingSettings;
  frameEvery: number;
  strip: { index: number; label: number }[];
  testAccuracy: number;
  frames: FilmFrame[];
}
/** The part of the lab's model card (lab-card.ts) the lesson reads. */
export interface RecordedCard {
  format: string;
  pytorchClass: string;
  weights: { file: string; bytes: number; sha256: string };
  settings: LabTrainingSettings;
  backend: string;
  tfjs: string;
  steps: number;
  history: { epoch: number; validationAccuracy: number; validationLoss: number }[];
  curves: {
    training: { step: number; epochs: number; trainLoss: number; trainAccuracy: number }[];
    validation: { step: number; epochs: number; loss: number; accuracy: number }[];
  };
  test: { count: number; loss: number; accuracy: number };
}

function fail(why: string): never {
  throw new Error(`training-film: ${why} (re-record with npm run train -- --lab --film; see the lab 2 lesson's source)`);
}

const sameSettings = (a: LabTrainingSettings, b: LabTrainingSettings) =>
  (Object.keys(LAB_TRAINING_DEFAULTS) as (keyof LabTrainingSettings)[]).every((k) => a[k] === b[k]);

/** Checks a film and its card against each other; returns them typed. */
export function checkRecording(film: RecordedFilm, card: RecordedCard): { film: RecordedFilm; card: RecordedCard } {
  if (film.format !== LAB_FILM_FORMAT) fail(`film format "${film.format}", expected "${LAB_FILM_FORMAT}"`);
  if (card.format !== LAB_CARD_FORMAT) fail(`card format "${card.format}", expected "${LAB_CARD_FORMAT}"`);
  if (!sameSettings(film.settings, card.settings)) fail('the film and the card were recorded with different settings');
  if (film.testAccuracy !== card.test.accuracy) fail('the film and the card report different test accuracies');
  if (film.frames.length < 2) fail(`a film needs at least two frames, got ${film.frames.length}`);
  if (film.frames[0].step !== 0) fail('the film does not start at step 0');
  if (film.frames.at(-1)!.step !== card.steps) fail(`the film ends at step ${film.frames.at(-1)!.step}, the run at ${card.steps}`);
  film.frames.forEach((f, i) => {
    if (i > 0 && f.step <= film.frames[i - 1].step) fail(`frame ${i} does not follow frame ${i - 1}`);
    if (f.maps.length !== film.strip.length) fail(`frame at step ${f.step} has ${f.maps.length} maps for ${film.strip.length} images`);
    for (const m of f.maps) {
      const cells = m.size[0] * m.size[1];
      if (m.cam.length !== cells || (m.attention !== null && m.attention.length !== cells))
        fail(`a map at step ${f.step} does not have ${cells} cells`);
      if (![...m.cam, ...(m.attention ?? [])].every(Number.isFinite)) fail(`a map at step ${f.step} has a value that is not finite`);
    }
  });
  return { film, card };
}

let recordingCache: { film: RecordedFilm; card: RecordedCard } | undefined;
/** The committed recording, checked; it must have been made with the page's default settings. */
export function recording(): { film: RecordedFilm; card: RecordedCard } {
  if (!recordingCache) {
    const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as unknown;
    const checked = checkRecording(read(FILM_PATH) as RecordedFilm, read(FILM_CARD_PATH) as RecordedCard);
    // The lesson calls it "a run with the page's defaults": a stale recording would say otherwise.
    if (!sameSettings(checked.film.settings, LAB_TRAINING_DEFAULTS)) {
      fail(`recorded with ${JSON.stringify(checked.film.settings)}, but the page's defaults are ${JSON.stringify(LAB_TRAINING_DEFAULTS)}`);
    }
    recordingCache = checked;
  }
  return recordingCache;
}

/** The strip's images (uint8, 784 each) from the test set the site serves, checked against the film's labels. */
export function stripPixels(film: RecordedFilm): Uint8Array[] {
  const files = film.settings.dataset === 'fashion-mnist' ? FASHION_TEST_SET_FILES : TEST_SET_FILES;
  const images = readFileSync(path.join(ROOT, 'public/data', files.images));
  const labels = readFileSync(path.join(ROOT, 'public/data', files.labels));
  return film.strip.map(({ index, label }) => {
    if (labels[index] !== label) fail(`test image ${index} is labelled ${labels[index]}, the film says ${label}`);
    return Uint8Array.from(images.subarray(index * PIXELS, (index + 1) * PIXELS));
  });
}

export function className(film: RecordedFilm, label: number): string {
  return film.settings.dataset === 'fashion-mnist' ? FASHION_CLASS_NAMES[label] : String(label);
}

export interface ChosenFrame {
  frame: FilmFrame;
  /** Why this frame is shown: "start", "training accuracy first ≥ 50 %", "end". */
  why: string;
}

/**
 * The frames the static figure shows: the first, the first whose training-curve point reaches each
 * accuracy milestone, and the last (distinct frames, in step order).
 */
export function chooseFrames(film: RecordedFilm, curve: RecordedCard['curves']['training']): ChosenFrame[] {
  const byStep = new Map(film.frames.map((f) => [f.step, f]));
  const chosen: ChosenFrame[] = [{ frame: film.frames[0], why: 'start' }];
  for (const level of ACCURACY_MILESTONES) {
    const point = curve.find((p) => p.trainAccuracy >= level && byStep.has(p.step));
    if (point) chosen.push({ frame: byStep.get(point.step)!, why: `training accuracy first ≥ ${formatStat(level, 'percent0')}` });
  }
  chosen.push({ frame: film.frames.at(-1)!, why: 'end' });
  // One row per frame; a frame chosen for two reasons gives both.
  const rows = new Map<number, ChosenFrame>();
  for (const c of chosen) {
    const row = rows.get(c.frame.step);
    rows.set(c.frame.step, row ? { frame: row.frame, why: `${row.why}; ${c.why}` } : c);
  }
  return [...rows.values()].sort((a, b) => a.frame.step - b.frame.step);
}

export const correctCount = (film: RecordedFilm, frame: FilmFrame) =>
  frame.maps.filter((m, i) => m.predicted === film.strip[i].label).length;

export interface Range {
  min: number;
  max: number;
}
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median: no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function rangeOf(values: readonly number[]): Range {
  if (values.length === 0) throw new RangeError('rangeOf: no values');
  return { min: Math.min(...values), max: Math.max(...values) };
}

/** The attention values of some frames (empty for a network without spatial attention). */
export const attentionValues = (frames: readonly FilmFrame[]) => frames.flatMap((f) => f.maps.flatMap((m) => m.attention ?? []));
export const camValues = (frame: FilmFrame) => frame.maps.flatMap((m) => m.cam);

/**
 * The attention scale: sigmoid gates on the fixed 0–1 scale every widget uses; a softmax map (its
 * 49 weights sum to 1) on its own range from 0, or 0–1 would show nothing.
 */
export function attentionScale(film: RecordedFilm, shown: readonly FilmFrame[]): Range & { fixed: boolean } {
  if (trainedModelId(film.settings) !== 'attention-softmax') return { min: 0, max: 1, fixed: true };
  return { min: 0, max: Math.max(...attentionValues(shown)), fixed: false };
}

/** How many of a frame's gate values are below GATE_OPEN (all heads of all strip images). */
export const gatesBelowOpen = (frame: FilmFrame) => attentionValues([frame]).filter((v) => v < GATE_OPEN).length;

/** One symmetric limit for a frame's eight CAMs: the largest |value| among them. */
export function camLimit(frame: FilmFrame): number {
  return Math.max(...camValues(frame).map(Math.abs));
}

const hex = (rgba: Uint8ClampedArray, i: number) =>
  `#${[rgba[i * 4], rgba[i * 4 + 1], rgba[i * 4 + 2]].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
const fillsOf = (rgba: Uint8ClampedArray) => Array.from({ length: rgba.length / 4 }, (_, i) => hex(rgba, i));
const asMap = (values: readonly number[], size: readonly [number, number]): Heatmap => ({
  height: size[0],
  width: size[1],
  data: Float32Array.from(values),
});

/** Cell colours of an attention map on `scale` (values mapped linearly, clamped). */
export function attentionFills(values: readonly number[], size: [number, number], scale: Range): string[] {
  const span = scale.max - scale.min;
  const unit = values.map((v) => (span > 0 ? (v - scale.min) / span : 0));
  return fillsOf(applyColormap(asMap(unit, size), ATTENTION_COLORMAP));
}

/** Cell colours of a signed map on the diverging colormap, 0 at its centre, ±limit at its ends. */
export function camFills(values: readonly number[], size: [number, number], limit: number): string[] {
  return fillsOf(applyDiverging(asMap(values, size), limit > 0 ? limit : undefined));
}

/** `steps` colours of a horizontal colour bar, low values first. */
export function barFills(name: ColormapName, steps: number): string[] {
  return fillsOf(colorbar(name, steps, 1));
}

/** The grey of an input pixel, drawn as the models receive it: white ink on black. */
export const greyFill = (p: number) => `#${p.toString(16).padStart(2, '0').repeat(3)}`;

/** What the figure and the text call the network and its CAM. */
export function describeRun(film: RecordedFilm) {
  const model = getModel(trainedModelId(film.settings));
  const gradcam = !model.cam;
  return {
    model: model.label,
    dataset: film.settings.dataset === 'fashion-mnist' ? 'Fashion-MNIST' : 'MNIST',
    camName: gradcam ? 'Grad-CAM (conv3)' : 'CAM',
    camLong: gradcam
      ? 'Grad-CAM of the true class at conv3 (after its ReLU, so never negative)'
      : 'attention-CAM of the true class, in logits',
  };
}

const BACKEND_NAMES: Record<string, string> = { wasm: 'WebAssembly', webgpu: 'WebGPU', webgl: 'WebGL', cpu: 'plain JavaScript (cpu)' };
/** A tfjs backend id as a reader knows it: "wasm" → "WebAssembly". */
export const backendName = (backend: string) => BACKEND_NAMES[backend] ?? backend;

const F = 'recordings/lab2-film.json (npm run train -- --lab --film)';
const C = 'recordings/lab2-film-card.json (npm run train -- --lab)';

function buildFilmStats(): Record<string, Stat> {
  const { film, card } = recording();
  const first = film.frames[0];
  const last = film.frames.at(-1)!;
  const s = film.settings;
  const stats: Record<string, Stat> = {
    'lab2.trainImages': { value: s.trainImages, format: 'integer', source: C },
    'lab2.epochs': { value: s.epochs, format: 'integer', source: C },
    'lab2.batchSize': { value: s.batchSize, format: 'integer', source: C },
    'lab2.learningRate': { value: s.learningRate, format: 'fixed4', source: C },
    'lab2.seed': { value: s.seed, format: 'integer', source: C },
    'lab2.penalty': { value: s.penalty, format: 'fixed2', source: C },
    'lab2.steps': { value: card.steps, format: 'integer', source: C },
    'lab2.frameEvery': { value: film.frameEvery, format: 'integer', source: F },
    'lab2.testAccuracy': { value: card.test.accuracy, format: 'percent2', source: C },
    'lab2.testCount': { value: card.test.count, format: 'integer', source: C },
    'lab2.validationAccuracy': { value: card.history.at(-1)!.validationAccuracy, format: 'percent1', source: C },
    'lab2.start.correct': { value: correctCount(film, first), format: 'integer', source: F },
    'lab2.end.correct': { value: correctCount(film, last), format: 'integer', source: F },
    'lab2.start.camLimit': { value: camLimit(first), format: 'fixed4', source: F },
    'lab2.end.camLimit': { value: camLimit(last), format: 'fixed2', source: F },
  };
  if (first.maps[0].attention) {
    const start = rangeOf(attentionValues([first]));
    const end = rangeOf(attentionValues([last]));
    Object.assign(stats, {
      'lab2.start.attentionMin': { value: start.min, format: 'fixed3', source: F },
      'lab2.start.attentionMax': { value: start.max, format: 'fixed3', source: F },
      'lab2.end.attentionMin': { value: end.min, format: 'fixed2', source: F },
      'lab2.end.attentionMax': { value: end.max, format: 'fixed2', source: F },
      'lab2.end.attentionMedian': { value: median(attentionValues([last])), format: 'fixed3', source: F },
      'lab2.stripGates': { value: attentionValues([last]).length, format: 'integer', source: F },
      'lab2.end.gatesBelowOpen': { value: gatesBelowOpen(last), format: 'integer', source: F },
      'lab2.gateOpenLevel': { value: GATE_OPEN, format: 'fixed1', source: 'training-film.ts' },
    });
    const open = film.frames.find((f) => median(attentionValues([f])) >= GATE_OPEN);
    if (open) {
      stats['lab2.gateOpen.step'] = { value: open.step, format: 'integer', source: F };
      stats['lab2.gateOpen.epochs'] = { value: open.epochs, format: 'fixed2', source: F };
    }
  }
  for (const level of ACCURACY_MILESTONES) {
    const point = card.curves.training.find((p) => p.trainAccuracy >= level);
    if (!point) continue;
    const key = `lab2.trainAccuracy${Math.round(level * 100)}`;
    stats[`${key}.step`] = { value: point.step, format: 'integer', source: C };
    stats[`${key}.epochs`] = { value: point.epochs, format: 'fixed2', source: C };
    const at = film.frames.find((f) => f.step === point.step);
    if (at?.maps[0].attention) stats[`${key}.gatesBelowOpen`] = { value: gatesBelowOpen(at), format: 'integer', source: F };
  }
  return stats;
}

let statsCache: Record<string, Stat> | undefined;
/** Every number the lab 2 lesson quotes about its recorded run, by name. */
export function filmStats(): Record<string, Stat> {
  statsCache ??= buildFilmStats();
  return statsCache;
}

/** One of them, formatted; an unknown name (or one the recording cannot give) fails the build. */
export function filmStatText(name: string): string {
  const stat = filmStats()[name];
  if (!stat) throw new Error(`training-film: no statistic named "${name}" (known: ${Object.keys(filmStats()).join(', ')})`);
  return formatStat(stat.value, stat.format);
}

/** The command that repeats the recorded run in Node (`--backend wasm` is the CLI's default). */
export function labCommand(settings: LabTrainingSettings): string {
  const s = settings;
  return [
    'npm run train -- --lab',
    `--model ${s.model} --dataset ${s.dataset}`,
    `--train-images ${s.trainImages} --epochs ${s.epochs} --batch-size ${s.batchSize}`,
    `--lr ${s.learningRate} --penalty ${s.penalty} --seed ${s.seed}`,
  ].join(' ');
}

/**
 * A map's cell colours (row-major '#rrggbb') as a PNG data URI, one pixel per cell: the figure
 * draws each map as one <image> scaled with crisp pixels, not 49 <rect>s (the page repaints
 * thousands of rects on every live update of the training widget above it).
 */
export function fillsPng(fills: readonly string[], width: number, height: number): string {
  if (fills.length !== width * height) throw new RangeError(`fillsPng: ${fills.length} colours for ${width}×${height}`);
  const png = new PNG({ width, height });
  fills.forEach((fill, i) => {
    const rgb = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(fill);
    if (!rgb) throw new RangeError(`fillsPng: colour ${fill} is not #rrggbb`);
    png.data[i * 4] = parseInt(rgb[1], 16);
    png.data[i * 4 + 1] = parseInt(rgb[2], 16);
    png.data[i * 4 + 2] = parseInt(rgb[3], 16);
    png.data[i * 4 + 3] = 255;
  });
  return `data:image/png;base64,${PNG.sync.write(png, { colorType: 2 }).toString('base64')}`;
}
