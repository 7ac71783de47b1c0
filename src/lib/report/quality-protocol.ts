// The one loop behind lab 1's attention-quality study, wherever it runs: the build (Node, the
// whole test set in one slice), and the page's Web Workers when a reader's weights replace a lab
// model (two slices, one per core). Each slice returns its rows, its class sums and the deletion
// AUCs of its share of the deletion subset; merged in slice order they give what one slice over
// the whole set gives, and summarizeQuality turns them into a table row.
import { FASHION_CLASS_NAMES } from '../data/fashion-mnist';
import type { QualityEntry } from '../artifacts/attention-quality';
import type { TensorParams } from '../models/model-definition';
import { toTensorParams, type PlainParams } from '../models/params';
import { getModel, type ModelId } from '../models/registry';
import { deletionAucs, emptyClassSums, qualityBatch, summarizeQuality, type ClassSums, type QualityRow } from './attention-quality';
import { digitAt, studyBatches } from './test-set-study';

/** The deletion AUC runs on the first this-many test images of each class. */
export const DELETION_PER_CLASS = 20;

export const DELETION_SUBSET_TEXT = `the first ${DELETION_PER_CLASS} test images of each class (${DELETION_PER_CLASS * 10} per model)`;

export interface QualitySlice {
  rows: QualityRow[];
  sums: ClassSums;
  /** Deletion AUCs of the slice's deletion images, in test-set order. */
  deletion: number[];
}

/**
 * One slice of the study: `pixels`/`labels` hold its images; `deletion` lists (by position in the
 * slice) those that get a deletion AUC. `onProgress` hears how many images each batch finished;
 * it may throw to stop, or return a promise to pause (the page yields to its event loop there).
 */
export async function qualitySlice(
  model: ModelId,
  params: TensorParams,
  pixels: Uint8Array,
  labels: Uint8Array,
  deletion: readonly number[],
  batchSize: number,
  onProgress: (images: number) => void | Promise<void> = () => {},
): Promise<QualitySlice> {
  const sums = emptyClassSums();
  const rows: QualityRow[] = [];
  for (const { start, count } of studyBatches(0, labels.length, batchSize)) {
    const images = Array.from({ length: count }, (_, i) => digitAt(pixels, start + i));
    rows.push(...(await qualityBatch(model, params, images, labels.subarray(start, start + count), sums)));
    await onProgress(count);
  }
  await onProgress(0); // once more before the costly deletion AUCs, so a caller can stop there
  const aucs = await deletionAucs(
    model,
    params,
    deletion.map((i) => digitAt(pixels, i)),
  );
  return { rows, sums, deletion: aucs };
}

/** Slices merged in order: the same rows, sums and deletion AUCs as one slice over them all. */
export function mergeQualitySlices(parts: readonly QualitySlice[]): QualitySlice {
  const sums = emptyClassSums();
  for (const part of parts) {
    if (part.rows.length > 0) sums.cellReduction = part.sums.cellReduction;
    part.sums.count.forEach((n, c) => {
      sums.count[c] += n;
      part.sums.attention[c].forEach((v, cell) => (sums.attention[c][cell] += v));
      part.sums.cam[c].forEach((v, cell) => (sums.cam[c][cell] += v));
    });
  }
  return { rows: parts.flatMap((p) => p.rows), sums, deletion: parts.flatMap((p) => p.deletion) };
}

/** The table row of `model` from its merged study, for the weights with this SHA-256. */
export function qualityEntry(model: ModelId, weightsSha256: string, study: QualitySlice): QualityEntry {
  const definition = getModel(model);
  return {
    id: model,
    label: definition.label,
    pytorchClass: definition.pytorchClass,
    dataset: definition.dataset,
    weightsSha256,
    classNames: definition.dataset === 'fashion-mnist' ? [...FASHION_CLASS_NAMES] : Array.from({ length: 10 }, (_, c) => String(c)),
    ...summarizeQuality(study.rows, study.sums, study.deletion),
  };
}

export interface QualityWorkerRequest {
  model: ModelId;
  params: PlainParams;
  /** count × 784 gray bytes: this worker's images */
  pixels: Uint8Array;
  labels: Uint8Array;
  /** Positions in this slice of the images that get a deletion AUC. */
  deletion: number[];
  batchSize: number;
  /** Browser only: where the tfjs-wasm binaries are served. */
  wasmBase?: string;
}

export type QualityWorkerMessage =
  { type: 'progress'; images: number } | { type: 'done'; slice: QualitySlice } | { type: 'error'; message: string };

/** A worker's whole job once its backend is ready: upload the weights, run its slice, dispose. */
export async function runQualityWorker(request: QualityWorkerRequest, post: (m: QualityWorkerMessage) => void): Promise<void> {
  const params = toTensorParams(request.model, request.params);
  try {
    const slice = await qualitySlice(request.model, params, request.pixels, request.labels, request.deletion, request.batchSize, (images) =>
      post({ type: 'progress', images }),
    );
    post({ type: 'done', slice });
  } finally {
    for (const t of Object.values(params)) t.dispose();
  }
}
