// npm run --silent explain -- <input> [--classes predicted|all|3,5] [--methods a,b|all]
//                          [--contrast a,b] [--json] [--png out.png] [--weights DIR] [--backend wasm|cpu]
// Explains one digit with both models: attention map + CAM (attention-CNN), Grad-CAM
// (traditional CNN), optional extra methods, and the comparison metrics. <input> is a PNG, JPEG or PGM
// file or mnist-test:<index>. --json prints one JSON object on stdout and nothing else.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { EXTRA_METHODS, explanationReport, type ExtraMethod, type ModelSet } from '../src/lib/report/explanation-report';
import { parseBackend, useBackend } from './lib/backend-node';
import { parseArgs, parseIntegerList, runCli, stringOption, UsageError } from './lib/cli-args';
import { comparisonRow, explainDigit, fourPanelRow } from './lib/explain-figures';
import { renderFigurePng } from './lib/figure-png';
import { resolveInput } from './lib/input-spec';
import { loadPretrained, loadPretrainedModel } from './lib/load-pretrained';
import { isModelId, isModelName, LAB_MODEL_IDS, MODEL_IDS } from '../src/lib/models/registry';
import { variantReport } from '../src/lib/report/variant-report';
import type { VariantReport } from '../src/lib/artifacts/variant-report';
import { checkPngTarget } from './lib/png-target';

const USAGE = `
usage: npm run --silent explain -- <input> [options]
  <input>              a PNG or PGM file, mnist-test:<index> (0–9999) or fashion-test:<index> (0–9999)
  --model M            one of lab 1's models (${LAB_MODEL_IDS.join(', ')}): its own report
                       (default: the course's two networks, compared)
  --classes C          predicted (default), all, or digits like 3,5
  --methods M          extra methods, comma-separated, or all (${EXTRA_METHODS.join(', ')})
  --contrast a,b       two different digits for the contrastive maps
  --json               print one JSON object with every number on stdout
  --png FILE           write the lesson's figure as a PNG (never over the input)
  --force              let --png replace an existing file
  --weights DIR        weights folder (default pretrained)
  --backend wasm|cpu   tfjs backend (default wasm)
  --help               this text
`;

function parseClasses(raw: string | undefined): 'predicted' | 'all' | number[] {
  if (raw === undefined || raw === 'predicted') return 'predicted';
  if (raw === 'all') return 'all';
  try {
    return [...new Set(parseIntegerList(raw, '--classes', 0, 9))];
  } catch {
    throw new UsageError(`--classes must be predicted, all, or digits 0–9 like 3,5 — got "${raw}"`);
  }
}

function parseMethods(raw: string | undefined): Set<ExtraMethod> {
  if (raw === undefined || raw === '') return new Set();
  if (raw === 'all') return new Set(EXTRA_METHODS);
  const core = new Set(['attention', 'cam', 'gradcam']);
  const out = new Set<ExtraMethod>();
  for (const name of raw.split(',')) {
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
  const fail = () => new UsageError(`--contrast needs two different digits like 3,5 — got "${raw}"`);
  let parts: number[];
  try {
    parts = parseIntegerList(raw, '--contrast', 0, 9);
  } catch {
    throw fail();
  }
  if (parts.length !== 2 || parts[0] === parts[1]) throw fail();
  return [parts[0], parts[1]];
}

/** The lesson's four panels and the three-way comparison, as a PNG for slides. */
async function figurePng(models: ModelSet, pixels: Uint8Array, title: string): Promise<Buffer> {
  const e = await explainDigit(models, pixels);
  return renderFigurePng([fourPanelRow(e, title), comparisonRow(e)]);
}

function summary(report: Record<string, unknown>): string {
  const a = report.attention_cnn as { predicted: number; probabilities: number[] };
  const t = report.traditional_cnn as { predicted: number; probabilities: number[] };
  const byClass = (
    report.comparison as { by_class: Record<string, Record<string, { pearson: number | null } | Record<string, { pixels: number }>>> }
  ).by_class;
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

function variantSummary(report: VariantReport): string {
  const m = report.model;
  return [
    `input: ${report.input.source ?? 'image'}`,
    `${m.id} (${m.pytorch_class}) predicts ${m.predicted} (${(100 * m.probabilities[m.predicted]).toFixed(2)}%)`,
    '(use --json for the attention, channel attention and CAM maps)',
  ].join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(
    process.argv.slice(2),
    ['classes', 'methods', 'contrast', 'png', 'weights', 'backend', 'model'],
    ['json', 'force'],
  );
  if (args.positional.length !== 1)
    throw new Error('give exactly one input: a PNG/JPEG/PGM file, mnist-test:<index> or fashion-test:<index>');
  const classes = parseClasses(stringOption(args, 'classes'));
  const model = stringOption(args, 'model');
  if (model !== undefined && !isModelName(model)) {
    if (!isModelId(model)) throw new UsageError(`--model must be one of ${MODEL_IDS.join(', ')}, got "${model}"`);
    for (const option of ['methods', 'contrast', 'png'] as const) {
      if (args.options.has(option)) throw new UsageError(`--${option} works with the course's two networks, not with --model ${model}`);
    }
    const input = resolveInput(args.positional[0]);
    await useBackend(parseBackend(stringOption(args, 'backend')));
    const params = loadPretrainedModel(path.resolve(stringOption(args, 'weights') ?? 'pretrained'), model);
    try {
      const report = await variantReport(model, params, input.pixels, { classes, input: input.description });
      process.stdout.write(args.options.has('json') ? `${JSON.stringify(report)}\n` : `${variantSummary(report)}\n`);
    } finally {
      tf.dispose(Object.values(params));
    }
    return;
  }
  const methods = parseMethods(stringOption(args, 'methods'));
  const contrast = parseContrast(stringOption(args, 'contrast'));
  const png = stringOption(args, 'png');
  if (png) checkPngTarget(png, args.positional[0], args.options.has('force'));
  const input = resolveInput(args.positional[0]);
  await useBackend(parseBackend(stringOption(args, 'backend')));
  const models = loadPretrained(path.resolve(stringOption(args, 'weights') ?? 'pretrained'));
  try {
    const report = await explanationReport(models, input.pixels, { classes, methods, contrast, input: input.description });
    if (png) {
      writeFileSync(png, await figurePng(models, input.pixels, String(input.description.source)));
      if (!args.options.has('json')) console.error(`wrote ${png}`);
    }
    process.stdout.write(args.options.has('json') ? `${JSON.stringify(report)}\n` : `${summary(report)}\n`);
  } finally {
    tf.dispose([...Object.values(models.attention), ...Object.values(models.traditional)]);
  }
}

runCli('explain', USAGE, main);
