// Runs the whole test-set study in the browser: both networks through all 10,000 digits, two Web
// Workers on WebAssembly with half the digits each (two cores), with progress and cancel. Where
// workers or WASM are unavailable it falls back to the page's own backend, in small batches,
// yielding to the page between them so it stays responsive and Cancel acts at once.
import type { LabelledImages } from '../lib/data/idx';
import { toPlainParams } from '../lib/models/params';
import { MODEL_NAMES } from '../lib/models/registry';
import type { ModelSet } from '../lib/report/explanation-report';
import { mergeStudyRows, studySlices, type StudyWorkerMessage, type StudyWorkerRequest } from '../lib/report/study-protocol';
import { digitAt, studyBatch, studyBatches, type StudyRow } from '../lib/report/test-set-study';
import { aborted, workerTask } from './worker-task';

export interface StudyProgress {
  done: number;
  total: number;
  where: string;
}

export interface StudyRunOptions {
  count?: number;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (p: StudyProgress) => void;
}

export interface StudyRunResult {
  rows: StudyRow[];
  seconds: number;
  where: string;
}

/** On the page a batch must stay short, so the page answers (and Cancel acts) between batches. */
const PAGE_BATCH = 16;

/** One worker's slice of the digits: its rows, in digit order. */
async function inWorker(
  slice: number,
  request: StudyWorkerRequest,
  signal: AbortSignal | undefined,
  onBatch: (n: number) => void,
): Promise<StudyRow[]> {
  const rows: StudyRow[][] = [];
  await workerTask<StudyWorkerMessage>({
    create: () => new Worker(new URL('./study-worker.ts', import.meta.url), { type: 'module', name: `study-${slice}` }),
    request,
    transfer: [request.pixels.buffer, request.labels.buffer],
    signal,
    what: 'The study',
    onMessage: (m) => {
      if (m.type !== 'rows') return;
      rows.push(m.rows);
      onBatch(m.rows.length);
    },
  });
  return rows.flat();
}

async function onPage(
  models: ModelSet,
  set: LabelledImages,
  count: number,
  signal: AbortSignal | undefined,
  onBatch: (n: number) => void,
): Promise<StudyRow[]> {
  const rows: StudyRow[] = [];
  for (const batch of studyBatches(0, count, PAGE_BATCH)) {
    if (signal?.aborted) throw aborted('The study');
    const images = Array.from({ length: batch.count }, (_, i) => digitAt(set.pixels, batch.start + i));
    rows.push(...(await studyBatch(models, images, set.labels.subarray(batch.start, batch.start + batch.count), batch.start)));
    onBatch(batch.count);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  if (signal?.aborted) throw aborted('The study');
  return rows;
}

export async function runStudy(models: ModelSet, set: LabelledImages, options: StudyRunOptions = {}): Promise<StudyRunResult> {
  const count = Math.min(options.count ?? set.count, set.count);
  const batchSize = options.batchSize ?? 250;
  const started = performance.now();
  let done = 0;
  let where = 'two Web Workers on WebAssembly';
  const progress = (n: number) => {
    done += n;
    options.onProgress?.({ done, total: count, where });
  };
  let rows: StudyRow[];
  // Stops both workers on Cancel, and the sibling of a worker that failed before the page takes
  // over: one run at a time.
  const workers = new AbortController();
  const cancel = () => workers.abort();
  options.signal?.addEventListener('abort', cancel, { once: true });
  try {
    if (options.signal?.aborted) throw aborted('The study');
    if (typeof Worker === 'undefined') throw new Error('no Web Workers');
    const params = Object.fromEntries(
      await Promise.all(MODEL_NAMES.map(async (m) => [m, await toPlainParams(m, models[m])])),
    ) as StudyWorkerRequest['params'];
    const wasmBase = new URL(`${import.meta.env.BASE_URL}tfjs-wasm/`, location.href).href;
    const parts = await Promise.all(
      studySlices(count, 2).map((slice, w) =>
        inWorker(
          w,
          {
            params,
            pixels: set.pixels.slice(slice.first * 784, (slice.first + slice.count) * 784),
            labels: set.labels.slice(slice.first, slice.first + slice.count),
            firstIndex: slice.first,
            batchSize,
            wasmBase,
          },
          workers.signal,
          progress,
        ),
      ),
    );
    rows = mergeStudyRows(parts);
  } catch (error) {
    workers.abort();
    if (options.signal?.aborted) throw aborted('The study');
    where = `this page's backend (workers unavailable: ${error instanceof Error ? error.message : String(error)})`;
    done = 0;
    rows = await onPage(models, set, count, options.signal, progress);
  } finally {
    options.signal?.removeEventListener('abort', cancel);
  }
  return { rows, seconds: (performance.now() - started) / 1000, where };
}
