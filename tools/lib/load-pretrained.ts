// Loads the committed weights as tensors, with one clear error if a file is missing or fails
// validation.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { toTensorParams } from '../../src/lib/models/params';
import type { ModelName } from '../../src/lib/models/specs';
import type { ModelPair } from '../../src/lib/report/explanation-report';
import { loadModelWeights } from '../../src/lib/weights/model-weights';
import { WEIGHT_FILES } from './weight-files';

/** One model's weights (e.g. in a worker that runs only that model). */
export function loadPretrainedModel(dir: string, model: ModelName): ReturnType<typeof toTensorParams> {
  const file = path.join(dir, WEIGHT_FILES[model]);
  if (!existsSync(file)) throw new Error(`weights not found: ${file} (run npm run train, or check --weights)`);
  try {
    return toTensorParams(model, loadModelWeights(model, new Uint8Array(readFileSync(file))).params);
  } catch (error) {
    throw new Error(`unreadable weights ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function loadPretrained(dir: string): ModelPair {
  return { attention: loadPretrainedModel(dir, 'attention'), traditional: loadPretrainedModel(dir, 'traditional') };
}
