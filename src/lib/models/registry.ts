// The model registry: every network the site, the CLIs, the study and the build know, one entry
// each. Adding a model = one file implementing ModelDefinition + one line here.
// The course's two networks (`ModelName`, `MODEL_NAMES`) are the ones every lesson widget, the
// study and the attack lab compare; lab 1 adds attention variants (`ModelId` covers all).
import { attentionCnn, fashionAttentionCnn, sparseAttentionCnn } from './attention-cnn';
import { cbamAttentionCnn } from './cbam-attention-cnn';
import type { ModelDefinition } from './model-definition';
import { multiheadAttentionCnn } from './multihead-attention-cnn';
import { seAttentionCnn } from './se-attention-cnn';
import { softmaxAttentionCnn } from './softmax-attention-cnn';
import { traditionalCnn } from './traditional-cnn';

const COURSE_MODELS = {
  attention: attentionCnn,
  traditional: traditionalCnn,
} as const satisfies Record<string, ModelDefinition>;

/** Lab 1's attention variants, in the order the lab presents them. */
const LAB_MODELS = {
  'attention-softmax': softmaxAttentionCnn,
  'attention-sparse': sparseAttentionCnn,
  'attention-se': seAttentionCnn,
  'attention-cbam': cbamAttentionCnn,
  'attention-multihead': multiheadAttentionCnn,
  'fashion-attention': fashionAttentionCnn,
} as const satisfies Record<string, ModelDefinition>;

export const MODEL_REGISTRY = { ...COURSE_MODELS, ...LAB_MODELS } as const;

/** The course's two networks. */
export type ModelName = keyof typeof COURSE_MODELS;
/** Any registered model. */
export type ModelId = keyof typeof MODEL_REGISTRY;

/** The course's two networks, in registry order. */
export const MODEL_NAMES = Object.keys(COURSE_MODELS) as ModelName[];
/** Lab 1's models, in registry order. */
export const LAB_MODEL_IDS = Object.keys(LAB_MODELS) as Array<keyof typeof LAB_MODELS>;
/** Every registered model id. */
export const MODEL_IDS = Object.keys(MODEL_REGISTRY) as ModelId[];

export function getModel(id: ModelId): ModelDefinition {
  return MODEL_REGISTRY[id];
}

export function isModelName(id: string): id is ModelName {
  return Object.hasOwn(COURSE_MODELS, id);
}

export function isModelId(id: string): id is ModelId {
  return Object.hasOwn(MODEL_REGISTRY, id);
}

/** The model with this id, or an error that lists the ids there are. */
export function findModel(id: string): ModelDefinition {
  if (!isModelId(id)) throw new RangeError(`unknown model "${id}" (choose ${MODEL_IDS.join(', ')})`);
  return MODEL_REGISTRY[id];
}

/** The course models with an exact attention CAM (the course's attention-CNN). */
export function modelsWithCam(): ModelName[] {
  return MODEL_NAMES.filter((id) => MODEL_REGISTRY[id].cam !== undefined);
}

/** Short names for messages, derived from the registry. */
export const MODEL_LABELS: Readonly<Record<ModelId, string>> = Object.fromEntries(
  MODEL_IDS.map((m) => [m, MODEL_REGISTRY[m].label]),
) as Record<ModelId, string>;
