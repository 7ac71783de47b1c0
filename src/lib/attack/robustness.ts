// Robustness curves: for each network attacked, each method and each ε, untargeted attacks on a
// fixed set of test digits — the accuracy of both networks on the adversarial digits (the attacked
// one, and the other: transfer) and the median Pearson r between each map before and after. The
// same engine as one attack (attackImages, the method registry, lib/metrics), batched; per digit
// it measures what the attack report measures (maps of each network's predicted class).
import type { RobustnessPoint } from '../artifacts/robustness';
import { findMethod } from '../explain/methods';
import { predictionFromLogits } from '../explain/predict';
import { pearson } from '../metrics/agreement';
import { median } from '../metrics/median';
import type { PixelImage } from '../models/input';
import { MODEL_NAMES, type ModelName } from '../models/registry';
import { attackImages, logitsOfPixels, unitPixels } from './adversarial';
import { ATTACK_REPORT_MAPS, type AttackModels } from './attack-report';
import type { AttackMethod } from './settings';

/**
 * What the site precomputes (tools/build-assets.ts): the first 10 test digits of each class (100
 * digits: the whole 10,000 × 28 attacks would take CI's two cores most of an hour), ε on the
 * widget's range, both methods, PGD with its default 10 steps.
 */
export const ROBUSTNESS_SETTINGS = {
  perClass: 10,
  eps: [0, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3],
  methods: ['fgsm', 'pgd'],
} as const satisfies { perClass: number; eps: readonly number[]; methods: readonly AttackMethod[] };

export interface RobustnessDigit {
  /** Test-set index (so a reader can load the digit). */
  index: number;
  pixels: PixelImage;
  label: number;
}

export interface RobustnessOptions {
  eps: readonly number[];
  methods: readonly AttackMethod[];
  /** The networks attacked (default both, in MODEL_NAMES order): a worker may take one. */
  attacked?: readonly ModelName[];
  /** Digits whose attacked prediction flipped, listed per point (for "load an example"). */
  examples?: number;
  onPoint?: (point: RobustnessPoint, done: number, total: number) => void | Promise<void>;
}

interface Seen {
  predicted: number[];
  /** Maps of each digit's predicted class, by method id. */
  maps: Record<string, import('../contract/heatmap').Heatmap[]>;
}

async function look(models: AttackModels, id: ModelName, units: readonly Float32Array[], grays: readonly PixelImage[]): Promise<Seen> {
  const predicted = (await logitsOfPixels(id, models[id], units)).map((l) => predictionFromLogits(l).predicted);
  const maps: Seen['maps'] = {};
  for (const method of ATTACK_REPORT_MAPS[id]) {
    const results = await findMethod(method).run({
      model: id,
      params: models[id],
      images: grays,
      targets: predicted.map((c) => ({ classIndex: c })),
    });
    maps[method] = results.map((r) => r.map);
  }
  return { predicted, maps };
}

export async function robustnessCurves(
  models: AttackModels,
  digits: readonly RobustnessDigit[],
  options: RobustnessOptions,
): Promise<RobustnessPoint[]> {
  const grays = digits.map((d) => d.pixels);
  const clean = digits.map((d) => unitPixels(d.pixels));
  const before = {} as Record<ModelName, Seen>;
  for (const id of MODEL_NAMES) before[id] = await look(models, id, clean, grays);
  const accuracy = (predicted: readonly number[]) => predicted.filter((p, i) => p === digits[i].label).length / digits.length;

  const points: RobustnessPoint[] = [];
  const attackedList = options.attacked ?? MODEL_NAMES;
  const total = attackedList.length * options.methods.length * options.eps.length;
  for (const attacked of attackedList) {
    for (const method of options.methods) {
      for (const eps of options.eps) {
        const examples = await attackImages(attacked, models[attacked], grays, { method, eps });
        const units = examples.map((e) => e.pixels);
        const adversarialGrays = units.map((p) => Array.from(p, (v) => v * 255));
        const networks = {} as RobustnessPoint['networks'];
        for (const id of MODEL_NAMES) {
          const after = await look(models, id, units, adversarialGrays);
          networks[id] = {
            accuracy: accuracy(after.predicted),
            medianPearson: Object.fromEntries(
              ATTACK_REPORT_MAPS[id].map((m) => [m, median(after.maps[m].map((a, i) => pearson(before[id].maps[m][i], a)))]),
            ),
          };
        }
        const flipped = digits
          .filter((d, i) => before[attacked].predicted[i] === d.label && examples[i].predicted !== d.label)
          .slice(0, options.examples ?? 5)
          .map((d) => d.index);
        const point: RobustnessPoint = { attacked, method, eps, networks, flipped };
        points.push(point);
        await options.onPoint?.(point, points.length, total);
      }
    }
  }
  return points;
}

/** Accuracy of each network on the clean digits (the curves' ε = 0 must equal it). */
export async function cleanAccuracy(models: AttackModels, digits: readonly RobustnessDigit[]): Promise<Record<ModelName, number>> {
  const clean = digits.map((d) => unitPixels(d.pixels));
  const out = {} as Record<ModelName, number>;
  for (const id of MODEL_NAMES) {
    const predicted = (await logitsOfPixels(id, models[id], clean)).map((l) => predictionFromLogits(l).predicted);
    out[id] = predicted.filter((p, i) => p === digits[i].label).length / digits.length;
  }
  return out;
}
