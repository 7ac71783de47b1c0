// Lab 2's trained models, kept in this browser (IndexedDB) so a finished run survives a reload:
// each one's summary (name, date, model, dataset, test accuracy, seed) in one object store, its
// safetensors bytes and model card in another (listing reads no weights). At most
// TRAINED_MODELS_CAP.count models or .bytes bytes: saving past either removes the oldest first.
// Where IndexedDB is refused (some private modes), openTrainedModels says why and nothing is kept.
import type { LabDataset } from '../lib/data/train-set-asset';
import type { TrainableModel } from '../lib/train/lab-training';

export const TRAINED_MODELS_CAP = { count: 10, bytes: 40 * 1024 * 1024 } as const;

const DB_VERSION = 1;
const SUMMARIES = 'summaries';
const FILES = 'files';

export interface TrainedModelSummary {
  /** Assigned on save, increasing: a larger id was saved later. */
  id: number;
  /** File name of the weights, e.g. attention-lab-seed1.safetensors. */
  name: string;
  /** ISO date-time the run finished. */
  date: string;
  model: TrainableModel;
  dataset: LabDataset;
  testAccuracy: number;
  seed: number;
  sha256: string;
  /** Bytes kept for this model: the safetensors file and the card together. */
  bytes: number;
}

export interface TrainedModelFiles {
  id: number;
  safetensors: Uint8Array;
  /** The model card, as downloaded (JSON text). */
  card: string;
}

export type NewTrainedModel = Omit<TrainedModelSummary, 'id' | 'bytes'> & { safetensors: Uint8Array; card: string };

export interface SaveResult {
  saved: TrainedModelSummary;
  /** Older models removed to stay within the cap, oldest first. */
  removed: TrainedModelSummary[];
}

/**
 * The models to remove, oldest first, so that `kept` plus one more of `adding` bytes stays within
 * `cap`. A model larger than the whole cap cannot be kept at all (the caller refuses it).
 */
export function evictionsFor(
  kept: readonly TrainedModelSummary[],
  adding: number,
  cap: { count: number; bytes: number } = TRAINED_MODELS_CAP,
): TrainedModelSummary[] {
  const oldestFirst = [...kept].sort((a, b) => a.id - b.id);
  let count = oldestFirst.length + 1;
  let bytes = oldestFirst.reduce((sum, m) => sum + m.bytes, adding);
  const removed: TrainedModelSummary[] = [];
  for (const m of oldestFirst) {
    if (count <= cap.count && bytes <= cap.bytes) break;
    removed.push(m);
    count--;
    bytes -= m.bytes;
  }
  return removed;
}

const done = <T>(request: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('the browser refused the request'));
  });

const finished = (tx: IDBTransaction): Promise<void> =>
  new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('the browser refused to store it'));
    tx.onabort = () => reject(tx.error ?? new Error('the browser gave up storing it (no room left?)'));
  });

export class TrainedModelsStore {
  constructor(private readonly db: IDBDatabase) {}

  /** Every kept model, newest first. */
  async list(): Promise<TrainedModelSummary[]> {
    const tx = this.db.transaction(SUMMARIES, 'readonly');
    const all = await done(tx.objectStore(SUMMARIES).getAll() as IDBRequest<TrainedModelSummary[]>);
    return all.sort((a, b) => b.id - a.id);
  }

  async files(id: number): Promise<TrainedModelFiles | null> {
    const tx = this.db.transaction(FILES, 'readonly');
    return ((await done(tx.objectStore(FILES).get(id))) as TrainedModelFiles | undefined) ?? null;
  }

  /** Keeps a model, removing the oldest ones first where the cap requires; one transaction. */
  async save(model: NewTrainedModel): Promise<SaveResult> {
    const { safetensors, card, ...summary } = model;
    const bytes = safetensors.byteLength + new TextEncoder().encode(card).byteLength;
    if (bytes > TRAINED_MODELS_CAP.bytes) {
      throw new Error(
        `${summary.name} is ${(bytes / 1048576).toFixed(1)} MB; this browser keeps at most ${TRAINED_MODELS_CAP.bytes / 1048576} MB of trained models`,
      );
    }
    const removed = evictionsFor(await this.list(), bytes);
    const tx = this.db.transaction([SUMMARIES, FILES], 'readwrite');
    const summaries = tx.objectStore(SUMMARIES);
    const files = tx.objectStore(FILES);
    for (const old of removed) {
      summaries.delete(old.id);
      files.delete(old.id);
    }
    const stored = { ...summary, bytes } as Omit<TrainedModelSummary, 'id'>;
    let id = 0;
    const added = summaries.add(stored);
    // In the success callback: the transaction is still active there, so both writes commit together.
    added.onsuccess = () => {
      id = Number(added.result);
      files.put({ id, safetensors, card } satisfies TrainedModelFiles);
    };
    await finished(tx);
    return { saved: { ...stored, id }, removed };
  }

  async delete(id: number): Promise<void> {
    const tx = this.db.transaction([SUMMARIES, FILES], 'readwrite');
    tx.objectStore(SUMMARIES).delete(id);
    tx.objectStore(FILES).delete(id);
    await finished(tx);
  }
}

export type OpenedStore = { store: TrainedModelsStore; problem: null } | { store: null; problem: string };

let opening: Promise<OpenedStore> | null = null;

async function open(): Promise<OpenedStore> {
  let factory: IDBFactory | undefined;
  try {
    factory = globalThis.indexedDB;
  } catch {
    factory = undefined; // some sandboxed frames throw on access
  }
  if (!factory) return { store: null, problem: 'this browser offers no IndexedDB here' };
  try {
    const request = factory.open(`${import.meta.env.BASE_URL}:trained-models`, DB_VERSION);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(SUMMARIES)) db.createObjectStore(SUMMARIES, { keyPath: 'id', autoIncrement: true });
      if (!db.objectStoreNames.contains(FILES)) db.createObjectStore(FILES, { keyPath: 'id' });
    };
    const db = await done(request);
    // Another tab's newer version of the site may upgrade the database: let it, and reopen later.
    db.onversionchange = () => {
      db.close();
      opening = null;
    };
    return { store: new TrainedModelsStore(db), problem: null };
  } catch (error) {
    return { store: null, problem: `the browser refused IndexedDB (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** The page's store (opened once), or why this browser keeps no trained models. */
export function openTrainedModels(): Promise<OpenedStore> {
  opening ??= open();
  return opening;
}
