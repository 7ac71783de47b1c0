// Loads both models' committed weights as tensors, with one clear error if a file is missing
// or fails validation.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { toTensorParams } from '../../src/lib/models/params';
import type { ModelPair } from '../../src/lib/report/explanation-report';
import { loadModelWeights } from '../../src/lib/weights/model-weights';
import { WEIGHT_FILES } from './weight-files';

export function loadPretrained(dir: string): ModelPair {
  const load = (model: 'attention' | 'traditional') => {
    const file = path.join(dir, WEIGHT_FILES[model]);
    if (!existsSync(file)) throw new Error(`weights not found: ${file} (run npm run train, or check --weights)`);
    try {
      return toTensorParams(model, loadModelWeights(model, new Uint8Array(readFileSync(file))).params);
    } catch (error) {
      throw new Error(`unreadable weights ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return { attention: load('attention'), traditional: load('traditional') };
}
