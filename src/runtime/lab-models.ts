// Lab 1's models in the page: each one's committed weights, fetched from /pretrained/ the first
// time a widget needs it (they are not part of the course session), validated like an upload and
// kept as tensors for the page's lifetime; or the reader's own file for a model, after the same
// checks as the course weights loader's. Also the Fashion-MNIST test set for the clothing picker.
import * as tf from '@tensorflow/tfjs-core';
import { fetchTestSet, FASHION_TEST_SET_FILES } from '../lib/data/test-set-asset';
import type { LabelledImages } from '../lib/data/idx';
import { toTensorParams } from '../lib/models/params';
import { getModel, LAB_MODEL_IDS, MODEL_REGISTRY, type ModelId } from '../lib/models/registry';
import { loadModelWeights } from '../lib/weights/model-weights';
import { fetchOk } from './fetch-ok';
import { attentionQualitySchema, type AttentionQuality } from '../lib/artifacts/attention-quality';
import { QUALITY_FILE } from '../lib/report/defaults';
import { checkFiniteLogits } from './finite-logits';
import { getSession, MAX_WEIGHTS_BYTES, restoreProblems, SupersededError, type WeightsSource } from './session';
import { forgetWeights, keepWeights, storedWeights } from './weights-store';
import { sha256Hex } from './sha256';

const loaded = new Map<ModelId, Promise<Record<string, tf.Tensor>>>();

async function load(id: ModelId): Promise<Record<string, tf.Tensor>> {
  const definition = getModel(id);
  const response = await fetchOk(`${import.meta.env.BASE_URL}pretrained/${definition.weightsFile}`, `the ${definition.label} weights`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  let plain;
  try {
    plain = loadModelWeights(definition, bytes, { others: Object.values(MODEL_REGISTRY) }).params;
  } catch (error) {
    throw new Error(`The ${definition.weightsFile} on this site is damaged: ${error instanceof Error ? error.message : String(error)}`);
  }
  return toTensorParams(id, plain);
}

/**
 * A file lab 2 kept for this model in this tab ("Use in all widgets" on a trained variant), checked
 * again like an upload; the committed weights when there is none or it fails its checks (then it is
 * dropped and the problem listed in restoreProblems).
 */
async function restoreOrLoad(id: ModelId): Promise<Record<string, tf.Tensor>> {
  const kept = storedWeights(id);
  if (kept) {
    try {
      await useLabWeights(id, new File([kept.bytes as Uint8Array<ArrayBuffer>], kept.name), false);
      const own = custom.get(id);
      // Not cached as this model's committed load: "back to the committed weights" must fetch those.
      loaded.delete(id);
      if (own) return own.params;
    } catch (error) {
      forgetWeights(id);
      restoreProblems.push(
        `${kept.name}, kept from another lesson, was not used here (${error instanceof Error ? error.message : String(error)}); the ${getModel(id).label} uses its committed weights.`,
      );
    }
  }
  return load(id);
}

/** The reader's files in use, by model; the committed weights for every other model. */
const custom = new Map<ModelId, { params: Record<string, tf.Tensor>; source: WeightsSource }>();
const events = new EventTarget();
const tickets = new Map<ModelId, number>();
let version = 0;

/** Bumps on every lab weights change, so widgets can tell which weights a result was made with. */
export function labWeightsVersion(): number {
  return version;
}

/** The weights a lab model runs with now (loaded once per page; a failed load may be retried). */
export function labModel(id: ModelId): Promise<Record<string, tf.Tensor>> {
  const own = custom.get(id);
  if (own) return Promise.resolve(own.params);
  let pending = loaded.get(id);
  if (!pending) {
    pending = restoreOrLoad(id).catch((error: unknown) => {
      loaded.delete(id);
      throw error;
    });
    loaded.set(id, pending);
  }
  return pending;
}

let fashion: Promise<LabelledImages> | null = null;

/** The 10,000 Fashion-MNIST test images of lab 1's split (7.8 MB, checked against the manifest). */
export function loadFashionTestSet(): Promise<LabelledImages> {
  fashion ??= fetchTestSet(`${import.meta.env.BASE_URL}data/`, fetch, FASHION_TEST_SET_FILES.manifest).catch((error: unknown) => {
    fashion = null;
    if (error instanceof TypeError)
      throw new Error('Could not load the Fashion-MNIST test set: the network request failed (are you offline?)');
    throw error;
  });
  return fashion;
}

let quality: Promise<AttentionQuality> | null = null;

/** Lab 1's attention-quality study, precomputed at build (generated/attention-quality.json). */
export function loadAttentionQuality(): Promise<AttentionQuality> {
  quality ??= fetchOk(`${import.meta.env.BASE_URL}generated/${QUALITY_FILE}`, `the attention-quality study (generated/${QUALITY_FILE})`)
    .then((response) => response.json() as Promise<unknown>)
    .then((json) => attentionQualitySchema.parse(json))
    .catch((error: unknown) => {
      quality = null;
      throw error;
    });
  return quality;
}

/** The reader's file for `id`, or null when the committed weights are in use. */
export function labWeightsSource(id: ModelId): WeightsSource | null {
  return custom.get(id)?.source ?? null;
}

/** Calls `listener` with the model whose weights changed; returns an unsubscribe. */
export function onLabWeightsChange(listener: (id: ModelId) => void): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<ModelId>).detail);
  events.addEventListener('change', handler);
  return () => events.removeEventListener('change', handler);
}

function replace(id: ModelId, next: { params: Record<string, tf.Tensor>; source: WeightsSource } | null): void {
  const old = custom.get(id);
  if (next) custom.set(id, next);
  else custom.delete(id);
  if (old) tf.dispose(Object.values(old.params));
  version++;
  events.dispatchEvent(new CustomEvent('change', { detail: id }));
}

/**
 * Validates a .safetensors file for lab model `id` (size, header, keys, shapes, dtype, finite
 * values, finite logits on a test image) and, only if all is well, makes every lab widget on this
 * page use it. Throws with the problems listed otherwise; nothing changes then. The latest choice
 * per model wins: an earlier file still being checked is dropped (SupersededError).
 */
export async function useLabWeights(id: ModelId, file: File, keep = false): Promise<WeightsSource & { notKept?: string | null }> {
  const ticket = (tickets.get(id) ?? 0) + 1;
  tickets.set(id, ticket);
  const definition = getModel(id);
  if (file.size > MAX_WEIGHTS_BYTES)
    throw new Error(
      `${file.name} is ${(file.size / 1048576).toFixed(1)} MB; a ${definition.label} weights file is under ${MAX_WEIGHTS_BYTES / 1048576} MB`,
    );
  const session = await getSession();
  const bytes = new Uint8Array(await file.arrayBuffer());
  let loaded;
  try {
    loaded = loadModelWeights(definition, bytes, { others: Object.values(MODEL_REGISTRY) });
  } catch (error) {
    throw new Error(`${file.name} was not loaded: ${error instanceof Error ? error.message : String(error)}`);
  }
  const params = toTensorParams(id, loaded.params);
  await checkFiniteLogits(id, params, session.pageData.selfTest.attention.pixels, `${file.name}: the ${definition.label}`);
  const sha256 = await sha256Hex(bytes);
  // Checked after the last await: a later file or "back to the committed weights" wins.
  if (tickets.get(id) !== ticket) {
    tf.dispose(Object.values(params));
    throw new SupersededError(`${file.name} was not used: a later choice of weights replaced it`);
  }
  const source: WeightsSource = { kind: 'custom', name: file.name, bytes: bytes.length, sha256, metadata: loaded.metadata };
  replace(id, { params, source });
  // keep: the file also follows the reader to the other lessons of this tab (lab 2's "Use in all widgets").
  return keep ? { ...source, notKept: keepWeights(id, file.name, bytes) } : source;
}

/** Back to the committed weights for every lab model the reader replaced. */
export function useCommittedLabWeights(): void {
  forgetWeights(LAB_MODEL_IDS);
  for (const id of [...custom.keys()]) {
    tickets.set(id, (tickets.get(id) ?? 0) + 1);
    replace(id, null);
  }
}
