// The page's one model session: picks the backend (ladder + self-test), loads both networks'
// weights once, and lets the reader swap in their own. Every widget on the page shares it.
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone ships no gradients; the union package registers them the same way.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { loadModelWeights } from '../lib/weights/model-weights';
import { logitsBatch } from '../lib/explain/predict';
import { toTensorParams } from '../lib/models/params';
import { getModel, MODEL_LABELS, MODEL_NAMES, MODEL_REGISTRY, type ModelName } from '../lib/models/registry';
import type { ModelSet } from '../lib/report/explanation-report';
import { BACKEND_LADDER, compareSelfTest, parseBackendParam, type BackendName } from './backend-choice';
import { startBackend, type BackendReport } from './backends';
import { loadPageData, type PageData } from './page-data';
import { readParam, rejectParam } from './url-state';
import { fetchOk } from './fetch-ok';
import { forgetWeights, keepWeights, storedWeights } from './weights-store';
import type { OwnedTensor } from '../lib/weights/layout';
import { checkFiniteLogits } from './finite-logits';
import { sha256Hex } from './sha256';

export interface WeightsSource {
  kind: 'course' | 'custom';
  /** file name */
  name: string;
  bytes: number;
  /** SHA-256 of the file, hex: names the exact weights in every export. */
  sha256: string;
  metadata: Record<string, string>;
}

export interface ModelSession {
  backend: BackendReport;
  models: ModelSet;
  weights: Record<ModelName, WeightsSource>;
  pageData: PageData;
  /** bumps on every weights change, so widgets can drop cached results */
  version: number;
}

/** Uploaded weights files larger than this are refused before reading (ours are 0.24 and 1.8 MB). */
export const MAX_WEIGHTS_BYTES = 16 * 1024 * 1024;

const MODELS = MODEL_NAMES;
const ALL_MODELS = Object.values(MODEL_REGISTRY);
const events = new EventTarget();
let current: ModelSession | null = null;
let starting: Promise<ModelSession> | null = null;

async function fetchBytes(url: string, what: string): Promise<Uint8Array> {
  const response = await fetchOk(url, what);
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch {
    throw new Error(`Could not load ${what}: the download was cut off (are you offline?)`);
  }
}

type PlainWeights = Record<string, OwnedTensor>;

async function courseWeights(): Promise<Record<ModelName, { plain: PlainWeights; source: WeightsSource }>> {
  const base = `${import.meta.env.BASE_URL}pretrained/`;
  const entries = await Promise.all(
    MODELS.map(async (model) => {
      const name = getModel(model).weightsFile;
      const bytes = await fetchBytes(base + name, `the ${MODEL_LABELS[model]} weights`);
      let loaded;
      try {
        loaded = loadModelWeights(getModel(model), bytes, { others: ALL_MODELS });
      } catch (error) {
        throw new Error(
          `The course's ${name} on this site is damaged, so the live widgets cannot run: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      return [
        model,
        {
          plain: loaded.params,
          source: { kind: 'course', name, bytes: bytes.length, sha256: await sha256Hex(bytes), metadata: loaded.metadata } as WeightsSource,
        },
      ] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<ModelName, { plain: PlainWeights; source: WeightsSource }>;
}

function upload(plain: Record<ModelName, PlainWeights>): ModelSet {
  return Object.fromEntries(MODELS.map((m) => [m, toTensorParams(m, plain[m])])) as ModelSet;
}

function disposeModels(models: ModelSet): void {
  tf.dispose(MODELS.flatMap((m) => Object.values(models[m])));
}

/** ?backend= as asked, or the normal ladder (with a notice) when the value names no backend. */
function forcedBackend(): BackendName | null {
  const value = readParam('backend');
  try {
    return parseBackendParam(value);
  } catch {
    rejectParam('backend', value ?? '', `the usual backend order (${BACKEND_LADDER.join(', ')})`);
    return null;
  }
}

async function start(): Promise<ModelSession> {
  const forced = forcedBackend();
  const [weights, pageData] = await Promise.all([courseWeights(), loadPageData()]);
  const plain = Object.fromEntries(MODELS.map((m) => [m, weights[m].plain])) as Record<ModelName, PlainWeights>;
  let models: ModelSet | null = null;
  const selfTest = async (backend: BackendName) => {
    if (models) disposeModels(models);
    models = upload(plain);
    for (const model of MODELS) {
      const expected = pageData.selfTest[model];
      // Read asynchronously: WebGPU's synchronous reads return zeros.
      const [logits] = await logitsBatch(model, models[model], [expected.pixels]);
      const result = compareSelfTest(`${MODEL_LABELS[model]} self-test on ${backend}`, expected.logits, logits);
      if (!result.ok) {
        disposeModels(models);
        models = null;
        throw new Error(result.message);
      }
    }
  };
  const backend = await startBackend(forced, selfTest);
  // ?debug=memory lets the leak test read tf.memory() of this page's bundled tfjs.
  if (readParam('debug') === 'memory')
    (globalThis as { courseRuntime?: unknown }).courseRuntime = { memory: () => tf.memory(), backend: () => tf.getBackend() };
  if (!models) throw new Error('the self-test left no models loaded');
  current = {
    backend,
    models,
    weights: Object.fromEntries(MODELS.map((m) => [m, weights[m].source])) as Record<ModelName, WeightsSource>,
    pageData,
    version: 0,
  };
  await restoreKeptWeights(pageData);
  return current;
}

/** The session, started on first call (backend, weights, self-test); later calls share it. */
export function getSession(): Promise<ModelSession> {
  starting ??= start().catch((error: unknown) => {
    starting = null; // let a later widget try again (e.g. after the network came back)
    throw error;
  });
  // The session as it is now: a widget that starts after the reader changed the weights must not
  // get the first session, whose tensors that change disposed.
  return starting.then(() => current as ModelSession);
}

export function currentSession(): ModelSession | null {
  return current;
}

/** Calls `listener` whenever the weights change; returns an unsubscribe. */
export function onWeightsChange(listener: (session: ModelSession) => void): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<ModelSession>).detail);
  events.addEventListener('weights', handler);
  return () => events.removeEventListener('weights', handler);
}

function replace(model: ModelName, params: ModelSet[ModelName], source: WeightsSource): ModelSession {
  if (!current) throw new Error('the models are not loaded yet');
  const old = current.models[model];
  current = {
    ...current,
    models: { ...current.models, [model]: params },
    weights: { ...current.weights, [model]: source },
    version: current.version + 1,
  };
  tf.dispose(Object.values(old));
  events.dispatchEvent(new CustomEvent('weights', { detail: current }));
  return current;
}

/** Thrown when a later weights change overtook this one: nothing was changed by it. */
export class SupersededError extends Error {
  override name = 'SupersededError';
}

/** Latest-wins for weights: each change takes a ticket per model; only the newest may apply. */
const weightsTicket: Record<string, number> = {};
const takeTicket = (model: ModelName) => (weightsTicket[model] = (weightsTicket[model] ?? 0) + 1);
const isLatest = (model: ModelName, ticket: number) => weightsTicket[model] === ticket;

/**
 * The one check a reader's weights pass, uploaded or restored on another lesson: size, header,
 * keys, shapes, dtype, finite values, then one forward pass of the self-test digit whose logits
 * must be finite. Returns the tensors (owned by the caller) or throws with the problems listed.
 */
async function checkedWeights(
  model: ModelName,
  name: string,
  bytes: Uint8Array,
  pageData: PageData,
): Promise<{ params: ModelSet[ModelName]; source: WeightsSource }> {
  if (bytes.length > MAX_WEIGHTS_BYTES) {
    throw new Error(
      `${name} is ${(bytes.length / 1048576).toFixed(1)} MB; a ${MODEL_LABELS[model]} weights file is under ${MAX_WEIGHTS_BYTES / 1048576} MB`,
    );
  }
  const loaded = loadModelWeights(getModel(model), bytes, { others: ALL_MODELS });
  const params = toTensorParams(model, loaded.params);
  await checkFiniteLogits(model, params, pageData.selfTest[model].pixels, `${name}: the ${MODEL_LABELS[model]}`);
  return { params, source: { kind: 'custom', name, bytes: bytes.length, sha256: await sha256Hex(bytes), metadata: loaded.metadata } };
}

/** The reader's weights kept from another lesson of this tab, checked again like an upload. */
async function restoreKeptWeights(pageData: PageData): Promise<void> {
  for (const model of MODELS) {
    const kept = storedWeights(model);
    if (!kept) continue;
    const ticket = takeTicket(model);
    try {
      const { params, source } = await checkedWeights(model, kept.name, kept.bytes, pageData);
      if (isLatest(model, ticket)) replace(model, params, source);
      else tf.dispose(Object.values(params));
    } catch (error) {
      forgetWeights(model);
      restoreProblems.push(
        `${kept.name}, kept from another lesson, was not used here (${error instanceof Error ? error.message : String(error)}); the ${MODEL_LABELS[model]} uses the course weights.`,
      );
    }
  }
}

/** What went wrong bringing kept weights to this page (the weights loader shows it). */
export const restoreProblems: string[] = [];

export interface CustomWeightsResult {
  session: ModelSession;
  /** null when the file follows the reader to the other lessons of this tab; otherwise why not */
  notKept: string | null;
}

/**
 * Validates a .safetensors file (size, header, keys, shapes, dtype, finite values and finite
 * outputs) and, only if all is well, makes it the weights every widget uses, here and on the
 * other lessons of this tab. Throws with the problems listed otherwise; nothing changes then.
 */
export async function useCustomWeights(model: ModelName, file: File): Promise<CustomWeightsResult> {
  const ticket = takeTicket(model);
  const session = await getSession();
  if (file.size > MAX_WEIGHTS_BYTES) {
    throw new Error(
      `${file.name} is ${(file.size / 1048576).toFixed(1)} MB; a ${MODEL_LABELS[model]} weights file is under ${MAX_WEIGHTS_BYTES / 1048576} MB`,
    );
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const { params, source } = await checkedWeights(model, file.name, bytes, session.pageData);
  if (!isLatest(model, ticket)) {
    tf.dispose(Object.values(params));
    throw new SupersededError(`${file.name} was not used: a later choice of weights replaced it`);
  }
  const notKept = keepWeights(model, file.name, bytes);
  return { session: replace(model, params, source), notKept };
}

/** Back to the course's pretrained weights for both models, on this page and the next ones. */
export async function useCourseWeights(): Promise<ModelSession> {
  const tickets = Object.fromEntries(MODELS.map((m) => [m, takeTicket(m)]));
  forgetWeights();
  await getSession();
  const weights = await courseWeights();
  let result = current as ModelSession;
  for (const model of MODELS) {
    if (result.weights[model].kind === 'course' || !isLatest(model, tickets[model])) continue;
    result = replace(model, toTensorParams(model, weights[model].plain), weights[model].source);
  }
  return result;
}
