// Lab 1's models in the page: each one's committed weights, fetched from /pretrained/ the first
// time a widget needs it (they are not part of the course session), validated like an upload and
// kept as tensors for the page's lifetime. Also the Fashion-MNIST test set for the clothing picker.
import type * as tf from '@tensorflow/tfjs-core';
import { fetchTestSet, FASHION_TEST_SET_FILES } from '../lib/data/test-set-asset';
import type { LabelledImages } from '../lib/data/idx';
import { toTensorParams } from '../lib/models/params';
import { getModel, MODEL_REGISTRY, type ModelId } from '../lib/models/registry';
import { loadModelWeights } from '../lib/weights/model-weights';
import { fetchOk } from './fetch-ok';
import { attentionQualitySchema, type AttentionQuality } from '../lib/artifacts/attention-quality';
import { QUALITY_FILE } from '../lib/report/defaults';

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

/** The model's weights as tensors (loaded once per page; a failed load may be retried). */
export function labModel(id: ModelId): Promise<Record<string, tf.Tensor>> {
  let pending = loaded.get(id);
  if (!pending) {
    pending = load(id).catch((error: unknown) => {
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
