// One attack, reported: the adversarial image and, for both course networks (does the attack
// transfer?), the scores and maps of the predicted class before and after, and how far each map
// moved. The JSON the `attack` CLI prints and the lab's widget exports (schema:
// src/lib/artifacts/attack.ts). Maps come from the method registry, metrics from lib/metrics.
import type { AttackReportJson, AttackSettingsJson } from '../artifacts/attack';
import type { ReportInput } from '../artifacts/report';
import { toRows, type Heatmap } from '../contract/heatmap';
import { explainOne } from '../explain/methods';
import { predictionFromLogits, type Prediction } from '../explain/predict';
import { pearson } from '../metrics/agreement';
import { peakDistancePixels } from '../metrics/peaks';
import type { TensorParams } from '../models/model-definition';
import type { PixelImage } from '../models/input';
import { getModel, MODEL_NAMES, type ModelName } from '../models/registry';
import { attackImages, logitsOfPixels, unitPixels, type AdversarialExample, type AttackProgress } from './adversarial';
import { attackSettings, type AttackRequest } from './settings';

export type AttackModels = Readonly<Record<ModelName, TensorParams>>;

/** The maps each network shows, by method id (= their keys in the report). */
export const ATTACK_REPORT_MAPS = { attention: ['attention', 'cam'], traditional: ['gradcam'] } as const satisfies Record<
  ModelName,
  readonly string[]
>;

type Rows = number[][];
interface SideJson {
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export interface AttackOutcome {
  report: AttackReportJson;
  /** p: the clean pixels in [0, 1]. */
  clean: Float32Array;
  example: AdversarialExample;
  /** Maps by network and method, for display (the report has the same values as rows). */
  maps: Record<ModelName, Record<string, { before: Heatmap; after: Heatmap }>>;
}

function scores(p: Prediction) {
  return { logits: p.logits, probabilities: p.probabilities, predicted: p.predicted };
}

function grid(values: Float32Array): Rows {
  return Array.from({ length: 28 }, (_, r) => Array.from(values.subarray(r * 28, (r + 1) * 28)));
}

/** FGSM or PGD on `image` (gray 0..255) against `model`, with both networks' view of the result. */
export async function attackReport(
  models: AttackModels,
  model: ModelName,
  image: PixelImage,
  request: AttackRequest,
  input: ReportInput,
  progress?: AttackProgress,
): Promise<AttackOutcome> {
  const settings = attackSettings(request);
  const [example] = await attackImages(model, models[model], [image], request, progress);
  const clean = unitPixels(image);
  // The maps take gray values 0..255, like every explanation; p′·255 is exact enough (float64).
  const adversarialGray = Array.from(example.pixels, (v) => v * 255);
  const maps = {} as AttackOutcome['maps'];
  const sides: Record<string, SideJson> = {};
  for (const id of MODEL_NAMES) {
    const [before, after] = (await logitsOfPixels(id, models[id], [clean, example.pixels])).map(predictionFromLogits);
    const beforeJson: Record<string, unknown> = scores(before);
    const afterJson: Record<string, unknown> = scores(after);
    const change: Record<string, { pearson: number | null; peak_distance_pixels: number }> = {};
    maps[id] = {};
    for (const method of ATTACK_REPORT_MAPS[id]) {
      const b = (await explainOne(method, id, models[id], image, { classIndex: before.predicted })).map;
      const a = (await explainOne(method, id, models[id], adversarialGray, { classIndex: after.predicted })).map;
      maps[id][method] = { before: b, after: a };
      beforeJson[method] = toRows(b);
      afterJson[method] = toRows(a);
      change[method] = { pearson: pearson(b, a), peak_distance_pixels: peakDistancePixels(b, a).pixels };
    }
    sides[getModel(id).reportKey] = { before: beforeJson, after: { ...afterJson, change_from_before: change } };
  }
  const attack: AttackSettingsJson = {
    model,
    method: settings.method,
    eps: settings.eps,
    steps: settings.steps,
    step_size: settings.stepSize,
    target: settings.target,
  };
  const report = {
    input,
    preprocessing: { ...getModel(model).normalization },
    attack,
    adversarial: {
      pixels: grid(example.pixels),
      perturbation: grid(example.perturbation),
      linf: example.linf,
      l2: example.l2,
      succeeded: example.succeeded,
    },
    ...sides,
  } as AttackReportJson;
  return { report, clean, example, maps };
}
