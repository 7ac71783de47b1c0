// npm run --silent attack -- <input> --model attention|traditional --method fgsm|pgd --eps E
//                         [--steps N] [--step-size A] [--target C] [--json] [--png out.png]
// Attacks one digit with FGSM or PGD (lab 3) and shows what it does to both networks: scores
// before and after (does the attack transfer?) and the attention map, CAM and Grad-CAM of each
// network's predicted class before and after. --json prints one JSON object on stdout and nothing else.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { attackReport, type AttackOutcome } from '../src/lib/attack/attack-report';
import { ATTACK_METHODS, isAttackMethod, MAX_EPS, type AttackRequest } from '../src/lib/attack/settings';
import { getModel, isModelName, MODEL_NAMES, type ModelName } from '../src/lib/models/registry';
import { attackFigureRows } from './lib/attack-figure';
import { parseBackend, useBackend } from './lib/backend-node';
import { decimalOption, intOption, parseArgs, runCli, stringOption, UsageError } from './lib/cli-args';
import { renderFigurePng } from './lib/figure-png';
import { resolveInput } from './lib/input-spec';
import { loadPretrained } from './lib/load-pretrained';
import { checkPngTarget } from './lib/png-target';

const USAGE = `
usage: npm run --silent attack -- <input> --model M --method fgsm|pgd --eps E [options]
  <input>              a PNG, JPEG or PGM file, or mnist-test:<index> (0–9999)
  --model M            the network to attack: ${MODEL_NAMES.join(' or ')}
  --method fgsm|pgd    one signed-gradient step of size E, or projected gradient descent
  --eps E              L-infinity budget on pixels in [0, 1], e.g. 0.1 (0–${MAX_EPS})
  --steps N            PGD steps (default 10)
  --step-size A        PGD step size (default 2.5·E/steps)
  --target C           targeted attack towards digit C (default: untargeted, away from the
                       attacked network's own prediction)
  --json               print one JSON object with every number on stdout
  --png FILE           write the figure as a PNG (never over the input)
  --force              let --png replace an existing file
  --weights DIR        weights folder (default pretrained)
  --backend wasm|cpu   tfjs backend (default wasm)
  --help               this text
`;

function required(args: ReturnType<typeof parseArgs>, name: string, choices: string): string {
  const value = stringOption(args, name);
  if (value === undefined) throw new UsageError(`--${name} is required (${choices})`);
  return value;
}

function parseRequest(args: ReturnType<typeof parseArgs>): { model: ModelName; request: AttackRequest } {
  const model = required(args, 'model', MODEL_NAMES.join(' or '));
  if (!isModelName(model)) throw new UsageError(`--model must be ${MODEL_NAMES.join(' or ')}, got "${model}"`);
  const method = required(args, 'method', ATTACK_METHODS.join(' or '));
  if (!isAttackMethod(method)) throw new UsageError(`--method must be ${ATTACK_METHODS.join(' or ')}, got "${method}"`);
  if (stringOption(args, 'eps') === undefined) throw new UsageError('--eps is required, e.g. --eps 0.1');
  const eps = decimalOption(args, 'eps', 0, MAX_EPS)!;
  const steps = intOption(args, 'steps', 1, 10_000);
  const stepSize = decimalOption(args, 'step-size', 0, MAX_EPS);
  if (method === 'fgsm' && (steps !== undefined || stepSize !== undefined))
    throw new UsageError('FGSM is one step of size --eps: --steps and --step-size are for --method pgd');
  const target = intOption(args, 'target', 0, 9);
  return { model, request: { method, eps, steps, stepSize, target } };
}

function summary(outcome: AttackOutcome): string {
  const r = outcome.report;
  const a = r.attack;
  const pct = (p: number[], c: number) => `${(100 * p[c]).toFixed(1)}%`;
  const r3 = (v: number | null) => (v === null ? 'n/a (constant map)' : v.toFixed(3));
  const how = a.method === 'fgsm' ? 'FGSM' : `PGD (${a.steps} steps of ${a.step_size.toPrecision(3)})`;
  const goal = a.target === null ? `untargeted, away from ${outcome.example.cleanPredicted}` : `targeted at ${a.target}`;
  const lines = [
    `input: ${String(r.input.source)}`,
    `attack: ${how} with eps = ${a.eps} on the ${getModel(a.model).label}, ${goal}: ${r.adversarial.succeeded ? 'succeeded' : 'did not succeed'}`,
    `perturbation: L-inf ${r.adversarial.linf.toFixed(4)}, L2 ${r.adversarial.l2.toFixed(3)}`,
  ];
  for (const id of MODEL_NAMES) {
    const side = r[getModel(id).reportKey as 'attention_cnn' | 'traditional_cnn'];
    const moved = Object.entries(side.after.change_from_before as Record<string, { pearson: number | null; peak_distance_pixels: number }>)
      .map(([map, c]) => `${map} Pearson ${r3(c.pearson)}, peak moved ${c.peak_distance_pixels.toFixed(1)} px`)
      .join('; ');
    lines.push(
      `${getModel(id).label}: ${side.before.predicted} (${pct(side.before.probabilities, side.before.predicted)}) -> ${side.after.predicted} (${pct(side.after.probabilities, side.after.predicted)}); before vs after: ${moved}`,
    );
  }
  lines.push('(use --json for every number, --png for the figure)');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(
    process.argv.slice(2),
    ['model', 'method', 'eps', 'steps', 'step-size', 'target', 'png', 'weights', 'backend'],
    ['json', 'force'],
  );
  if (args.positional.length !== 1) throw new UsageError('give exactly one input: a PNG/JPEG/PGM file or mnist-test:<index>');
  const { model, request } = parseRequest(args);
  const png = stringOption(args, 'png');
  if (png) checkPngTarget(png, args.positional[0], args.options.has('force'));
  const backend = parseBackend(stringOption(args, 'backend'));
  const input = resolveInput(args.positional[0]);
  await useBackend(backend);
  const models = loadPretrained(path.resolve(stringOption(args, 'weights') ?? 'pretrained'));
  try {
    const outcome = await attackReport(models, model, input.pixels, request, input.description);
    if (png) {
      writeFileSync(png, renderFigurePng(attackFigureRows(outcome, String(input.description.source))));
      if (!args.options.has('json')) console.error(`wrote ${png}`);
    }
    process.stdout.write(args.options.has('json') ? `${JSON.stringify(outcome.report)}\n` : `${summary(outcome)}\n`);
  } finally {
    tf.dispose([...Object.values(models.attention), ...Object.values(models.traditional)]);
  }
}

runCli('attack', USAGE, main);
