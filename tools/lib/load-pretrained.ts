// Loads the committed weights as tensors, with one clear error if a file is missing or fails
// validation. Every model of the registry, from its registry file name.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { toTensorParams, type PlainParams } from '../../src/lib/models/params';
import { getModel, MODEL_NAMES, MODEL_REGISTRY, type ModelId } from '../../src/lib/models/registry';
import type { ModelSet } from '../../src/lib/report/explanation-report';
import { loadModelWeights } from '../../src/lib/weights/model-weights';

/** One model's weights as plain arrays in tfjs layout (no tfjs backend needed). */
export function loadPretrainedPlain(dir: string, model: ModelId): PlainParams {
  const file = path.join(dir, getModel(model).weightsFile);
  if (!existsSync(file)) throw new Error(`weights not found: ${file} (run npm run train, or check --weights)`);
  try {
    return loadModelWeights(getModel(model), new Uint8Array(readFileSync(file)), { others: Object.values(MODEL_REGISTRY) }).params;
  } catch (error) {
    throw new Error(`unreadable weights ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** One model's weights as tensors (e.g. in a worker that runs only that model). */
export function loadPretrainedModel(dir: string, model: ModelId): ReturnType<typeof toTensorParams> {
  return toTensorParams(model, loadPretrainedPlain(dir, model));
}

export function loadPretrained(dir: string): ModelSet {
  return Object.fromEntries(MODEL_NAMES.map((m) => [m, loadPretrainedModel(dir, m)])) as ModelSet;
}
