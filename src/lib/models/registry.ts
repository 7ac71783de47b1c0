// The model registry: every network the site, the CLIs, the study and the build know, one entry
// each. Adding a model = one file implementing ModelDefinition + one line here.
import { attentionCnn } from './attention-cnn';
import type { ModelDefinition } from './model-definition';
import { traditionalCnn } from './traditional-cnn';

export const MODEL_REGISTRY = {
  attention: attentionCnn,
  traditional: traditionalCnn,
} as const satisfies Record<string, ModelDefinition>;

export type ModelName = keyof typeof MODEL_REGISTRY;

/** Every registered model id, in registry order. */
export const MODEL_NAMES = Object.keys(MODEL_REGISTRY) as ModelName[];

export function getModel(id: ModelName): ModelDefinition {
  return MODEL_REGISTRY[id];
}

export function isModelName(id: string): id is ModelName {
  return Object.hasOwn(MODEL_REGISTRY, id);
}

/** The model with this id, or an error that lists the ids there are. */
export function findModel(id: string): ModelDefinition {
  if (!isModelName(id)) throw new RangeError(`unknown model "${id}" (choose ${MODEL_NAMES.join(', ')})`);
  return MODEL_REGISTRY[id];
}

/** The first model with an exact attention CAM (the course's attention-CNN). */
export function modelsWithCam(): ModelName[] {
  return MODEL_NAMES.filter((id) => MODEL_REGISTRY[id].cam !== undefined);
}

/** Short names for messages, derived from the registry. */
export const MODEL_LABELS: Readonly<Record<ModelName, string>> = Object.fromEntries(
  MODEL_NAMES.map((m) => [m, MODEL_REGISTRY[m].label]),
) as Record<ModelName, string>;
