// The one protocol between the test-set study and its workers — Web Workers in the browser,
// worker_threads in Node: the same request, the same messages, the same loop. Each worker gets a
// contiguous slice of the digits (both networks), so two workers finish together.
import type { PlainParams } from '../models/params';
import { toTensorParams } from '../models/params';
import { MODEL_NAMES, type ModelName } from '../models/registry';
import { digitAt, studyBatch, studyBatches, type StudyRow } from './test-set-study';
import type { ModelSet } from './explanation-report';

export interface StudyWorkerRequest {
  params: Record<ModelName, PlainParams>;
  /** count × 784 gray bytes: this worker's digits */
  pixels: Uint8Array;
  labels: Uint8Array;
  /** Test-set index of the first digit. */
  firstIndex: number;
  batchSize: number;
  /** Browser only: where the tfjs-wasm binaries are served. */
  wasmBase?: string;
}

export type StudyWorkerMessage =
  | { type: 'rows'; rows: StudyRow[]; batchMs: number }
  | { type: 'done'; seconds: number; setupMs: number }
  | { type: 'error'; message: string };

/** Splits `count` digits from 0 into `workers` contiguous slices of near-equal size. */
export function studySlices(count: number, workers: number): Array<{ first: number; count: number }> {
  const slices: Array<{ first: number; count: number }> = [];
  let first = 0;
  for (let w = 0; w < workers; w++) {
    const n = Math.floor(count / workers) + (w < count % workers ? 1 : 0);
    if (n > 0) slices.push({ first, count: n });
    first += n;
  }
  return slices;
}

/**
 * A worker's whole job, after its backend is ready: upload the weights, run the batches, post
 * rows as they come, dispose everything. `post` is postMessage of the environment.
 */
export async function runStudyWorker(request: StudyWorkerRequest, post: (m: StudyWorkerMessage) => void, setupMs = 0): Promise<void> {
  const started = performance.now();
  const models = Object.fromEntries(MODEL_NAMES.map((m) => [m, toTensorParams(m, request.params[m])])) as ModelSet;
  const count = request.labels.length;
  try {
    for (const batch of studyBatches(0, count, request.batchSize)) {
      const t = performance.now();
      const images = Array.from({ length: batch.count }, (_, i) => digitAt(request.pixels, batch.start + i));
      const rows = await studyBatch(
        models,
        images,
        request.labels.subarray(batch.start, batch.start + batch.count),
        request.firstIndex + batch.start,
      );
      post({ type: 'rows', rows, batchMs: performance.now() - t });
    }
  } finally {
    for (const m of MODEL_NAMES) for (const t of Object.values(models[m])) t.dispose();
  }
  post({ type: 'done', seconds: (performance.now() - started) / 1000, setupMs });
}

/** Rows from several workers, in test-set order. */
export function mergeStudyRows(parts: readonly StudyRow[][]): StudyRow[] {
  return parts.flat().sort((a, b) => a.index - b.index);
}
