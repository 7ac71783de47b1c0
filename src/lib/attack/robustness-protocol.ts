// The robustness curves wherever they are computed: the build (Node, both networks in one pass)
// and the attack widget's Web Workers when the reader's weights replace the course ones (one
// worker per attacked network). Same digits, same loop (robustnessCurves), same document.
import type { RobustnessFile, RobustnessPoint } from '../artifacts/robustness';
import { ROBUSTNESS_FORMAT } from '../artifacts/robustness';
import { firstPerClass } from '../data/per-class';
import { toTensorParams, type PlainParams } from '../models/params';
import { MODEL_NAMES, type ModelName } from '../models/registry';
import type { AttackModels } from './attack-report';
import { robustnessCurves, ROBUSTNESS_SETTINGS, type RobustnessDigit } from './robustness';
import { PGD_DEFAULTS } from './settings';

/** The curves' fixed subset of a test set: the first ROBUSTNESS_SETTINGS.perClass digits of each class. */
export function robustnessDigits(pixels: Uint8Array, labels: ArrayLike<number>): RobustnessDigit[] {
  return firstPerClass(labels, ROBUSTNESS_SETTINGS.perClass).map((index) => ({
    index,
    pixels: Uint8Array.from(pixels.subarray(index * 784, (index + 1) * 784)),
    label: labels[index],
  }));
}

/** The document the widget draws (and the build writes), from the points in MODEL_NAMES order. */
export function robustnessDocument(
  digits: readonly RobustnessDigit[],
  clean: Record<ModelName, number>,
  points: RobustnessPoint[],
  weights: Record<string, string>,
): RobustnessFile {
  return {
    format: ROBUSTNESS_FORMAT,
    subset: { perClass: ROBUSTNESS_SETTINGS.perClass, count: digits.length, indices: digits.map((d) => d.index) },
    pgdSteps: PGD_DEFAULTS.steps,
    clean,
    points,
    weights,
  };
}

export interface RobustnessWorkerRequest {
  params: Record<ModelName, PlainParams>;
  digits: RobustnessDigit[];
  /** The network(s) this worker attacks. */
  attacked: ModelName[];
  /** Browser only: where the tfjs-wasm binaries are served. */
  wasmBase?: string;
}

export type RobustnessWorkerMessage =
  { type: 'progress'; points: number } | { type: 'done'; points: RobustnessPoint[] } | { type: 'error'; message: string };

/** A worker's whole job once its backend is ready: upload both networks, attack its share, dispose. */
export async function runRobustnessWorker(request: RobustnessWorkerRequest, post: (m: RobustnessWorkerMessage) => void): Promise<void> {
  const models = Object.fromEntries(MODEL_NAMES.map((m) => [m, toTensorParams(m, request.params[m])])) as AttackModels;
  try {
    const points = await robustnessCurves(models, request.digits, {
      eps: ROBUSTNESS_SETTINGS.eps,
      methods: ROBUSTNESS_SETTINGS.methods,
      attacked: request.attacked,
      onPoint: () => post({ type: 'progress', points: 1 }),
    });
    post({ type: 'done', points });
  } finally {
    for (const m of MODEL_NAMES) for (const t of Object.values(models[m])) t.dispose();
  }
}
