// The one place lesson components read the models' parameter layout from: the model registry.
import { getModel, type ModelName } from '../../lib/models/registry';

export type { ModelName };

/** Parameter count of every tensor whose state_dict key starts with `prefix.` (a layer), or of the whole model. */
export function parameterCountOf(model: ModelName, layer?: string): number {
  const specs = getModel(model).params.filter((s) => layer === undefined || s.key.startsWith(`${layer}.`));
  if (specs.length === 0) throw new Error(`model-specs: ${model} has no layer "${layer}"`);
  return specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
}

/** Layer names (state_dict prefixes) of a model, in definition order. */
export function layersOf(model: ModelName): string[] {
  return [...new Set(getModel(model).params.map((s) => s.key.split('.')[0]))];
}
