// The one place lesson components read the models' parameter layout from. When the model specs
// move (e.g. into src/lib/models/registry.ts), only the import below changes.
import { PARAM_SPECS, type ModelName } from '../../lib/models/specs';

export type { ModelName };

/** Parameter count of every tensor whose state_dict key starts with `prefix.` (a layer), or of the whole model. */
export function parameterCountOf(model: ModelName, layer?: string): number {
  const specs = PARAM_SPECS[model].filter((s) => layer === undefined || s.key.startsWith(`${layer}.`));
  if (specs.length === 0) throw new Error(`model-specs: ${model} has no layer "${layer}"`);
  return specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
}

/** Layer names (state_dict prefixes) of a model, in definition order. */
export function layersOf(model: ModelName): string[] {
  return [...new Set(PARAM_SPECS[model].map((s) => s.key.split('.')[0]))];
}
