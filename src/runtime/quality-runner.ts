// Lab 1's attention-quality study for one model in the browser, on the reader's weights: its test
// set in two Web Workers on WebAssembly (half each, one per core), with progress and cancel; where
// workers or WASM are unavailable, on the page's own backend in small batches that yield between
// them. The same loop as the build's (src/lib/report/quality-protocol.ts), so the committed
// weights give the build's row.
import type { QualityEntry } from '../lib/artifacts/attention-quality';
import type { LabelledImages } from '../lib/data/idx';
import { firstPerClass } from '../lib/data/per-class';
import type { TensorParams } from '../lib/models/model-definition';
import { toPlainParams } from '../lib/models/params';
import type { ModelId } from '../lib/models/registry';
import {
  DELETION_PER_CLASS,
  mergeQualitySlices,
  qualityEntry,
  qualitySlice,
  type QualitySlice,
  type QualityWorkerMessage,
  type QualityWorkerRequest,
} from '../lib/report/quality-protocol';
import { studySlices } from '../lib/report/study-protocol';
import { aborted, workerTask } from './worker-task';

export interface QualityRunOptions {
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; where: string }) => void;
}

export interface QualityRunResult {
  entry: QualityEntry;
  seconds: number;
  where: string;
}

const WORKER_BATCH = 250;
/** On the page a batch must stay short, so the page answers (and Cancel acts) between batches. */
const PAGE_BATCH = 16;
const WHAT = 'The attention-quality study';

export async function runQualityStudy(
  model: ModelId,
  params: TensorParams,
  weightsSha256: string,
  set: LabelledImages,
  options: QualityRunOptions = {},
): Promise<QualityRunResult> {
  const started = performance.now();
  const deletion = firstPerClass(set.labels, DELETION_PER_CLASS);
  let where = 'two Web Workers on WebAssembly';
  let done = 0;
  const progress = (n: number) => {
    done += n;
    options.onProgress?.({ done, total: set.count, where });
  };
  const workers = new AbortController();
  const cancel = () => workers.abort();
  options.signal?.addEventListener('abort', cancel, { once: true });
  let study: QualitySlice;
  try {
    if (options.signal?.aborted) throw aborted(WHAT);
    if (typeof Worker === 'undefined') throw new Error('no Web Workers');
    const plain = await toPlainParams(model, params);
    const wasmBase = new URL(`${import.meta.env.BASE_URL}tfjs-wasm/`, location.href).href;
    const parts = await Promise.all(
      studySlices(set.count, 2).map(async (slice, w) => {
        const end = slice.first + slice.count;
        const request: QualityWorkerRequest = {
          model,
          params: plain,
          pixels: set.pixels.slice(slice.first * 784, end * 784),
          labels: set.labels.slice(slice.first, end),
          deletion: deletion.filter((i) => i >= slice.first && i < end).map((i) => i - slice.first),
          batchSize: WORKER_BATCH,
          wasmBase,
        };
        const message = await workerTask<QualityWorkerMessage>({
          create: () => new Worker(new URL('./quality-worker.ts', import.meta.url), { type: 'module', name: `quality-${w}` }),
          request,
          transfer: [request.pixels.buffer, request.labels.buffer],
          signal: workers.signal,
          what: WHAT,
          onMessage: (m) => {
            if (m.type === 'progress') progress(m.images);
          },
        });
        return message.slice;
      }),
    );
    study = mergeQualitySlices(parts);
  } catch (error) {
    workers.abort();
    if (options.signal?.aborted) throw aborted(WHAT);
    where = `this page's backend (workers unavailable: ${error instanceof Error ? error.message : String(error)})`;
    done = 0;
    study = await qualitySlice(model, params, set.pixels, set.labels, deletion, PAGE_BATCH, (n) => {
      if (options.signal?.aborted) throw aborted(WHAT);
      progress(n);
      return new Promise<void>((resolve) => setTimeout(resolve, 0));
    });
  } finally {
    options.signal?.removeEventListener('abort', cancel);
  }
  return { entry: qualityEntry(model, weightsSha256, study), seconds: (performance.now() - started) / 1000, where };
}
