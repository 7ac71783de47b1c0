// public/generated/figures.json: the static fallback figures (no JavaScript, print) that
// tools/build-assets.ts renders for the default digit, with alt texts that state the numbers the
// pictures show, the digit itself, the model card's self-test and the test-set study summary.
// Pure: the Astro pages import the types, the build tool the builders.
import type { Heatmap } from '../contract/heatmap';
import { pearson } from '../metrics/agreement';
import { peakCells } from '../metrics/peaks';
import {
  FIGURES_FORMAT,
  type FigureEntry,
  type FiguresManifest,
  type ModelPrediction,
  type SampleFacts,
  type SelfTestEntry,
} from '../artifacts/figures';
import type { StudySummary } from '../artifacts/study';

export { FIGURES_FORMAT, figuresSchema } from '../artifacts/figures';
export type { FigureEntry, FiguresManifest, ModelPrediction, SampleFacts, SelfTestEntry } from '../artifacts/figures';
export type FigureName = 'input' | 'fourPanel' | 'comparison' | 'activations' | 'attack';
const FIGURE_NAMES = ['input', 'fourPanel', 'comparison', 'activations', 'attack'] as const satisfies readonly FigureName[];

/** Maps of the default digit: raw (signed) CAM of the attention-CNN's predicted class, Grad-CAM of the traditional CNN's. */
export function sampleFacts(
  maps: { attention: Heatmap; cam: Heatmap; gradcam: Heatmap },
  attention: ModelPrediction,
  traditional: ModelPrediction,
): SampleFacts {
  const peak = (m: Heatmap) => {
    const p = peakCells(m);
    return { row: p.cells[0].row + 1, col: p.cells[0].col + 1, ties: p.cells.length };
  };
  return {
    attention: { ...attention },
    traditional: { ...traditional },
    peaks: { attention: peak(maps.attention), cam: peak(maps.cam), gradcam: peak(maps.gradcam) },
    pearson: {
      attentionCam: pearson(maps.attention, maps.cam),
      attentionGradcam: pearson(maps.attention, maps.gradcam),
      camGradcam: pearson(maps.cam, maps.gradcam),
    },
  };
}

/** A probability as a percentage with enough decimals not to read as 100 % unless it is 1. */
export function formatPercent(p: number): string {
  if (p === 1 || p === 0) return `${p * 100} %`;
  for (let d = 1; d < 6; d++) {
    const s = (100 * p).toFixed(d);
    if (Number(s) !== 100 && Number(s) !== 0) return `${s} %`;
  }
  return p > 0.5 ? '> 99.99999 %' : '< 0.00001 %';
}

const formatR = (r: number | null) => (r === null ? 'undefined (a constant map)' : r.toFixed(3));
const where = (p: { row: number; col: number; ties: number }) =>
  `row ${p.row}, column ${p.col}${p.ties > 1 ? `, one of ${p.ties} cells tied at the peak value` : ''}`;

export interface AltContext {
  /** e.g. "mnist-test:0" */
  source: string;
  index: number;
  label: number;
}

const digitName = (c: AltContext) => `MNIST test digit ${c.index} (label ${c.label})`;

export function inputAlt(c: AltContext): string {
  return `${digitName(c)}: a handwritten ${c.label}, 28 × 28 grey pixels, white on black, enlarged.`;
}

export function fourPanelAlt(c: AltContext, f: SampleFacts): string {
  const p = f.attention.predicted;
  return (
    `Four panels for ${digitName(c)}; the attention-CNN predicts ${p} with probability ${formatPercent(f.attention.probability)}. ` +
    `1: the digit. 2: the attention map, 7 × 7 cells, peak at ${where(f.peaks.attention)}. ` +
    `3: the CAM of class ${p}, peak at ${where(f.peaks.cam)}. 4: that CAM laid over the digit. ` +
    `Pearson agreement of attention map and CAM: ${formatR(f.pearson.attentionCam)}.`
  );
}

export function comparisonAlt(c: AltContext, f: SampleFacts): string {
  return (
    `Three 7 × 7 maps for ${digitName(c)}: the attention-CNN's attention map (peak at ${where(f.peaks.attention)}) ` +
    `and its CAM of class ${f.attention.predicted}, the class it predicts with probability ${formatPercent(f.attention.probability)} (peak at ${where(f.peaks.cam)}); ` +
    `the traditional CNN's Grad-CAM of class ${f.traditional.predicted}, the class it predicts with probability ${formatPercent(f.traditional.probability)} (peak at ${where(f.peaks.gradcam)}). ` +
    `Pearson agreement: attention map vs CAM ${formatR(f.pearson.attentionCam)}, attention map vs Grad-CAM ${formatR(f.pearson.attentionGradcam)}, CAM vs Grad-CAM ${formatR(f.pearson.camGradcam)}.`
  );
}

export interface ActivationLayerFacts {
  layer: string;
  height: number;
  width: number;
  /** Channels shown (1-based, consecutive from 1). */
  channels: number;
  /** Largest activation among the shown channels. */
  max: number;
  /** 1-based channels that are constant (drawn all black). */
  flat: number[];
}

export function activationsAlt(c: AltContext, layers: readonly ActivationLayerFacts[]): string {
  const list = layers.map((l) => `${l.layer} (${l.height} × ${l.width})`).join(', ');
  const maxima = layers.map((l) => `${l.layer} ${l.max.toFixed(2)}`).join(', ');
  const flat = layers.filter((l) => l.flat.length > 0).map((l) => `${l.layer} channel${l.flat.length > 1 ? 's' : ''} ${l.flat.join(', ')}`);
  return (
    `ReLU activations of the attention-CNN for ${digitName(c)}: channels 1–${layers[0]?.channels ?? 0} of ${list}, one row per layer, ` +
    `each channel scaled from black (its lowest value) to white (its highest). Largest activation shown: ${maxima}. ` +
    (flat.length > 0 ? `Constant, drawn all black: ${flat.join('; ')}.` : 'No channel shown is constant.')
  );
}

/** What the lab's attack figure shows (the attack CLI's report of the widget's default attack). */
export interface AttackFacts {
  method: string;
  eps: number;
  /** The attacked network's label, e.g. "attention-CNN". */
  attacked: string;
  target: number | null;
  succeeded: boolean;
  /** Per network (by label): predicted class before and after, and Pearson before~after of each of its maps (by map title). */
  networks: Array<{ label: string; before: number; after: number; maps: Array<{ title: string; pearson: number | null }> }>;
}

export function attackAlt(c: AltContext, f: AttackFacts): string {
  const goal = f.target === null ? 'untargeted' : `targeted at ${f.target}`;
  const reads = f.networks.map((n) => `the ${n.label} reads ${n.before} before and ${n.after} after`).join('; ');
  const moved = f.networks.flatMap((n) => n.maps.map((m) => `${m.title} (${n.label}) ${formatR(m.pearson)}`)).join(', ');
  return (
    `${f.method.toUpperCase()} with budget ε = ${f.eps} against the ${f.attacked} on ${digitName(c)}, ${goal}: it ${f.succeeded ? 'succeeded' : 'did not succeed'}. ` +
    `First row: the clean digit, the perturbation (blue darker, red brighter, on a scale of ±${f.eps}) and the adversarial digit. ` +
    `Then each network's maps before and after, on one scale per map: ${reads}. Pearson agreement before vs after: ${moved}.`
  );
}

/** Bytes as base64 (btoa exists in browsers and Node ≥ 16). */
export function bytesToBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The 784 pixels of a manifest's digit; throws Error on anything else. */
export function pixelsFromBase64(base64: string): Uint8Array {
  let s: string;
  try {
    s = atob(base64);
  } catch {
    throw new Error('figures.json: pixelsBase64 is not base64');
  }
  if (s.length !== 784) throw new Error(`figures.json: pixelsBase64 holds ${s.length} bytes, expected 28 × 28 = 784`);
  return Uint8Array.from(s, (ch) => ch.charCodeAt(0));
}

/** models.*.selfTest of a parsed model card, and the test digit both name. Throws Error if missing or inconsistent. */
/** Every model's self-test from the model card (they must all name the same test digit). */
export function modelCardSelfTest(card: unknown, modelIds: readonly string[]): { index: number; entries: Record<string, SelfTestEntry> } {
  const models = (card as { models?: Record<string, { selfTest?: unknown }> } | null)?.models;
  const entry = (model: string): SelfTestEntry => {
    const s = models?.[model]?.selfTest as Partial<SelfTestEntry> | undefined;
    if (!s || typeof s.input !== 'string' || !Number.isInteger(s.label) || !Array.isArray(s.logits) || s.logits.length !== 10) {
      throw new Error(`model card: models.${model}.selfTest must have input, label and 10 logits`);
    }
    return { input: s.input, label: s.label as number, logits: [...s.logits] };
  };
  const entries = Object.fromEntries(modelIds.map((id) => [id, entry(id)]));
  const inputs = [...new Set(Object.values(entries).map((e) => e.input))];
  if (inputs.length !== 1) throw new Error(`model card: the self-tests use different inputs (${inputs.join(', ')})`);
  const m = /^mnist-test:(\d+)$/.exec(inputs[0]);
  if (!m) throw new Error(`model card: self-test input "${inputs[0]}" is not mnist-test:<index>`);
  return { index: Number(m[1]), entries };
}

export interface ManifestInput {
  sample: { index: number; label: number; pixels: Uint8Array };
  facts: SampleFacts;
  /** Files and sizes of the rendered PNGs. */
  images: Record<FigureName, { file: string; width: number; height: number }>;
  activations: readonly ActivationLayerFacts[];
  attack: AttackFacts;
  /** Each model's self-test entry (all for the same digit) and that digit. */
  selfTest: { entries: Record<string, SelfTestEntry>; pixels: Uint8Array };
  summary: StudySummary;
}

export function figuresManifest(input: ManifestInput): FiguresManifest {
  const source = `mnist-test:${input.sample.index}`;
  const c: AltContext = { source, index: input.sample.index, label: input.sample.label };
  const alt: Record<FigureName, string> = {
    input: inputAlt(c),
    fourPanel: fourPanelAlt(c, input.facts),
    comparison: comparisonAlt(c, input.facts),
    activations: activationsAlt(c, input.activations),
    attack: attackAlt(c, input.attack),
  };
  const figures = Object.fromEntries(FIGURE_NAMES.map((name) => [name, { ...input.images[name], alt: alt[name] }])) as Record<
    FigureName,
    FigureEntry
  >;
  return {
    format: FIGURES_FORMAT,
    sample: { source, index: input.sample.index, label: input.sample.label, pixelsBase64: bytesToBase64(input.sample.pixels) },
    facts: input.facts,
    figures,
    selfTest: {
      input: Object.values(input.selfTest.entries)[0].input,
      label: Object.values(input.selfTest.entries)[0].label,
      pixelsBase64: bytesToBase64(input.selfTest.pixels),
      ...input.selfTest.entries,
    },
    summary: input.summary,
  };
}
