// npm run --silent explain -- <input> [--classes predicted|all|3,5] [--methods a,b|all]
//                          [--contrast a,b] [--json] [--png out.png] [--weights DIR] [--backend wasm|cpu]
// Explains one digit with both models: attention map + CAM (attention-CNN), Grad-CAM
// (traditional CNN), optional extra methods, and the comparison metrics. <input> is a PNG, JPEG or PGM
// file or mnist-test:<index>. --json prints one JSON object on stdout and nothing else.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { EXTRA_METHODS, explanationReport, type ExtraMethod, type ModelPair } from '../src/lib/report/explanation-report';
import { parseBackend, useBackend } from './lib/backend-node';
import { parseArgs, stringOption } from './lib/cli-args';
import { comparisonRow, explainDigit, fourPanelRow } from './lib/explain-figures';
import { renderFigurePng } from './lib/figure-png';
import { describeImageInput, readInputImage, toModelInput } from './lib/image-input';
import { loadPretrained } from './lib/load-pretrained';
import { loadMnistSplit } from './lib/mnist-node';

interface ResolvedInput {
  pixels: Uint8Array;
  description: Record<string, unknown>;
}

function resolveInput(spec: string): ResolvedInput {
  const test = /^mnist-test:(.*)$/.exec(spec);
  if (test) {
    const index = Number(test[1]);
    if (!Number.isInteger(index) || index < 0 || index >= 10000) throw new Error(`mnist-test index must be 0–9999, got "${test[1]}"`);
    const set = loadMnistSplit('test');
    return {
      pixels: Uint8Array.from(set.images.pixels.subarray(index * 784, (index + 1) * 784)),
      description: { source: spec, label: set.labels[index], width: 28, height: 28, preprocessing: 'as-is' },
    };
  }
  const image = readInputImage(spec);
  const input = toModelInput(image);
  return { pixels: input.pixels, description: describeImageInput(input, { source: path.basename(spec), format: image.format }) };
}

function parseClasses(raw: string | undefined): 'predicted' | 'all' | number[] {
  if (raw === undefined || raw === 'predicted') return 'predicted';
  if (raw === 'all') return 'all';
  const classes = raw.split(',').map((s) => Number(s.trim()));
  if (classes.length === 0 || classes.some((c) => !Number.isInteger(c) || c < 0 || c > 9)) {
    throw new Error(`--classes must be predicted, all, or digits like 3,5 — got "${raw}"`);
  }
  return classes;
}

function parseMethods(raw: string | undefined): Set<ExtraMethod> {
  if (raw === undefined || raw === '') return new Set();
  if (raw === 'all') return new Set(EXTRA_METHODS);
  const core = new Set(['attention', 'cam', 'gradcam']);
  const out = new Set<ExtraMethod>();
  for (const name of raw.split(',').map((s) => s.trim())) {
    if (core.has(name)) continue; // always computed
    if (!(EXTRA_METHODS as readonly string[]).includes(name)) {
      throw new Error(`unknown method "${name}" (choose from attention, cam, gradcam, ${EXTRA_METHODS.join(', ')}, or all)`);
    }
    out.add(name as ExtraMethod);
  }
  return out;
}

function parseContrast(raw: string | undefined): [number, number] | undefined {
  if (raw === undefined) return undefined;
  const parts = raw.split(',').map(Number);
  if (parts.length !== 2 || parts.some((c) => !Number.isInteger(c) || c < 0 || c > 9) || parts[0] === parts[1]) {
    throw new Error(`--contrast needs two different digits like 3,5 — got "${raw}"`);
  }
  return [parts[0], parts[1]];
}

/** The lesson's four panels and the three-way comparison, as a PNG for slides. */
function figurePng(models: ModelPair, pixels: Uint8Array, title: string): Buffer {
  const e = explainDigit(models, pixels);
  return renderFigurePng([fourPanelRow(e, title), comparisonRow(e)]);
}

function summary(report: Record<string, unknown>): string {
  const a = report.attention_cnn as { predicted: number; probabilities: number[] };
  const t = report.traditional_cnn as { predicted: number; probabilities: number[] };
  const byClass = (report.comparison as { by_class: Record<string, Record<string, { pearson: number | null } | Record<string, { pixels: number }>>> }).by_class;
  const fmt = (v: number | null) => (v === null ? 'n/a (constant map)' : v.toFixed(3));
  const lines = [
    `input: ${(report.input as { source: string }).source}`,
    `attention-CNN predicts ${a.predicted} (${(100 * a.probabilities[a.predicted]).toFixed(2)}%); traditional CNN predicts ${t.predicted} (${(100 * t.probabilities[t.predicted]).toFixed(2)}%)`,
  ];
  for (const [c, m] of Object.entries(byClass)) {
    const r = m as unknown as Record<string, { pearson: number | null }> & { peak_distance_pixels: Record<string, { pixels: number }> };
    lines.push(
      `class ${c}: Pearson attention~CAM ${fmt(r.attention_vs_cam.pearson)}, attention~Grad-CAM ${fmt(r.attention_vs_gradcam.pearson)}, CAM~Grad-CAM ${fmt(r.cam_vs_gradcam.pearson)}; ` +
        `peak distance CAM↔Grad-CAM ${r.peak_distance_pixels.cam_gradcam.pixels.toFixed(1)} px`,
    );
  }
  lines.push('(use --json for every number, --png for the figures)');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['classes', 'methods', 'contrast', 'png', 'weights', 'backend'], ['json']);
  if (args.positional.length !== 1) throw new Error('give exactly one input: a PNG/JPEG/PGM file or mnist-test:<index>');
  const classes = parseClasses(stringOption(args, 'classes'));
  const methods = parseMethods(stringOption(args, 'methods'));
  const contrast = parseContrast(stringOption(args, 'contrast'));
  const input = resolveInput(args.positional[0]);
  await useBackend(parseBackend(stringOption(args, 'backend')));
  const models = loadPretrained(path.resolve(stringOption(args, 'weights') ?? 'pretrained'));
  try {
    const report = await explanationReport(models, input.pixels, { classes, methods, contrast, input: input.description });
    const png = stringOption(args, 'png');
    if (png) {
      writeFileSync(png, figurePng(models, input.pixels, String(input.description.source)));
      if (!args.options.has('json')) console.error(`wrote ${png}`);
    }
    process.stdout.write(args.options.has('json') ? `${JSON.stringify(report)}\n` : `${summary(report)}\n`);
  } finally {
    tf.dispose([...Object.values(models.attention), ...Object.values(models.traditional)]);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`explain: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
