import { MODEL_NAMES, MODEL_REGISTRY, type ModelName } from '../../src/lib/models/registry';

/** File names of the published weights inside pretrained/ (and on the site under /pretrained/), from the registry. */
export const WEIGHT_FILES: Readonly<Record<ModelName, string>> = Object.fromEntries(
  MODEL_NAMES.map((m) => [m, MODEL_REGISTRY[m].weightsFile]),
) as Record<ModelName, string>;

export const PYTORCH_CLASSES: Readonly<Record<ModelName, string>> = Object.fromEntries(
  MODEL_NAMES.map((m) => [m, MODEL_REGISTRY[m].pytorchClass]),
) as Record<ModelName, string>;
