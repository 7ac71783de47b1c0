// Runs the whole test-set study in the browser: both networks through all 10,000 digits, two Web
// Workers on WebAssembly with half the digits each (two cores), with progress and cancel. Where workers or
// WASM are unavailable it falls back to the page's own backend, batch by batch, yielding to the
// page between batches so it stays responsive.
import type { LabelledImages } from '../lib/data/idx';
import { toPlainParams } from '../lib/models/params';
import {
  attentionStudyPart,
  combineStudyRows,
  concatParts,
  traditionalStudyPart,
  type AttentionPart,
  type StudyRow,
  type TraditionalPart,
} from '../lib/report/test-set-study';
import type { ModelPair } from '../lib/report/explanation-report';
import type { StudyWorkerMessage, StudyWorkerRequest } from './study-worker';

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


function aborted(): DOMException {
  return new DOMException('The study was cancelled', 'AbortError');
}

/** One worker's slice [first, first + count): both networks' parts, in digit order. */
function inWorker(slice: number, models: ModelPair, set: LabelledImages, first: number, count: number, batchSize: number, signal: AbortSignal | undefined, onBatch: (n: number) => void): Promise<[AttentionPart, TraditionalPart]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./study-worker.ts', import.meta.url), { type: 'module', name: `study-${slice}` });
    const a: AttentionPart[] = [];
    const t: TraditionalPart[] = [];
    const stop = () => {
      worker.terminate();
      reject(aborted());
    };
    signal?.addEventListener('abort', stop, { once: true });
    const finish = () => {
      signal?.removeEventListener('abort', stop);
      worker.terminate();
    };
    worker.addEventListener('message', (event: MessageEvent<StudyWorkerMessage>) => {
      const m = event.data;
      if (m.type === 'part') {
        a.push(m.attention);
        t.push(m.traditional);
        onBatch(2 * m.attention.count);
      } else if (m.type === 'done') {
        finish();
        resolve([concatParts(a), concatParts(t)]);
      } else {
        finish();
        reject(new Error(m.message));
      }
    });
    worker.addEventListener('error', (event) => {
      finish();
      reject(new Error(event.message || 'the study worker failed to start'));
    });
    const request: StudyWorkerRequest = {
      params: { attention: toPlainParams('attention', models.attention), traditional: toPlainParams('traditional', models.traditional) },
      pixels: set.pixels.slice(first * 784, (first + count) * 784),
      count,
      batchSize,
      wasmBase: new URL(`${import.meta.env.BASE_URL}tfjs-wasm/`, location.href).href,
    };
    worker.postMessage(request, [request.pixels.buffer]);
  });
}

async function onPage(models: ModelPair, set: LabelledImages, count: number, batchSize: number, signal: AbortSignal | undefined, onBatch: (n: number) => void): Promise<[AttentionPart, TraditionalPart]> {
  const a: AttentionPart[] = [];
  const t: TraditionalPart[] = [];
  for (let start = 0; start < count; start += batchSize) {
    if (signal?.aborted) throw aborted();
    const n = Math.min(batchSize, count - start);
    const images = Array.from({ length: n }, (_, i) => set.pixels.subarray((start + i) * 784, (start + i + 1) * 784));
    a.push(attentionStudyPart(models.attention, images));
    t.push(traditionalStudyPart(models.traditional, images));
    onBatch(2 * n);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return [concatParts(a), concatParts(t)];
}

export async function runStudy(models: ModelPair, set: LabelledImages, options: StudyRunOptions = {}): Promise<StudyRunResult> {
  const count = Math.min(options.count ?? set.count, set.count);
  const batchSize = options.batchSize ?? 250;
  const started = performance.now();
  let done = 0;
  let where = 'two Web Workers on WebAssembly';
  const progress = (n: number) => {
    done += n;
    options.onProgress?.({ done, total: 2 * count, where });
  };
  let attention: AttentionPart;
  let traditional: TraditionalPart;
  try {
    if (typeof Worker === 'undefined') throw new Error('no Web Workers');
    const half = Math.ceil(count / 2);
    const slices = await Promise.all([inWorker(0, models, set, 0, half, batchSize, options.signal, progress), inWorker(1, models, set, half, count - half, batchSize, options.signal, progress)]);
    attention = concatParts(slices.map((s) => s[0]));
    traditional = concatParts(slices.map((s) => s[1]));
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    where = `this page's backend (workers unavailable: ${error instanceof Error ? error.message : String(error)})`;
    done = 0;
    [attention, traditional] = await onPage(models, set, count, batchSize, options.signal, progress);
  }
  const rows = combineStudyRows(attention, traditional, set.labels.subarray(0, count), 0);
  return { rows, seconds: (performance.now() - started) / 1000, where };
}
