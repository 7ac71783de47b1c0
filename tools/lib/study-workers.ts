// Runs the test-set study in two worker threads (tools/lib/study-worker.ts), each with its own
// wasm backend and half of the digits (both networks), as the browser does with Web Workers.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { MODEL_NAMES } from '../../src/lib/models/registry';
import { mergeStudyRows, studySlices, type StudyWorkerMessage, type StudyWorkerRequest } from '../../src/lib/report/study-protocol';
import type { StudyRow } from '../../src/lib/report/test-set-study';
import { loadPretrainedPlain } from './load-pretrained';

export interface StudyRun {
  rows: StudyRow[];
  /** Per worker: milliseconds of each batch, and of starting its backend. */
  timings: Array<{ batchMs: number[]; setupMs: number }>;
}

// Workers do not inherit tsx's loader: register it in the worker before importing the .ts file,
// both hooks: the TS sources load as CommonJS, and require() of tfjs-core's ESM gradient files
// needs tsx's extension resolution too.
function startWorker(request: StudyWorkerRequest, name: string): Promise<{ rows: StudyRow[]; batchMs: number[]; setupMs: number }> {
  const require = createRequire(import.meta.url);
  const esmApi = pathToFileURL(require.resolve('tsx/esm/api')).href;
  const cjsApi = pathToFileURL(require.resolve('tsx/cjs/api')).href;
  const script = new URL('./study-worker.ts', import.meta.url).href;
  const bootstrap = `Promise.all([import(${JSON.stringify(esmApi)}), import(${JSON.stringify(cjsApi)})]).then(([esm, cjs]) => { esm.register(); cjs.register(); return import(${JSON.stringify(script)}); });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrap, { eval: true, workerData: request });
    const rows: StudyRow[][] = [];
    const batchMs: number[] = [];
    let settled = false;
    worker.on('message', (m: StudyWorkerMessage) => {
      if (m.type === 'rows') {
        rows.push(m.rows);
        batchMs.push(m.batchMs);
        return;
      }
      settled = true;
      void worker.terminate();
      if (m.type === 'done') resolve({ rows: rows.flat(), batchMs, setupMs: m.setupMs });
      else reject(new Error(`${name}: ${m.message}`));
    });
    worker.on('error', (error) => {
      settled = true;
      reject(new Error(`${name}: ${error.message}`));
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`${name} exited with code ${code} before finishing`));
    });
  });
}

/** The study of test digits 0 … count − 1 with the weights in weightsDir, in `workers` threads. */
export async function runStudyInWorkers(
  weightsDir: string,
  pixels: Uint8Array,
  labels: Uint8Array,
  count: number,
  batchSize = 250,
  workers = 2,
): Promise<StudyRun> {
  const params = Object.fromEntries(MODEL_NAMES.map((m) => [m, loadPretrainedPlain(weightsDir, m)])) as StudyWorkerRequest['params'];
  const results = await Promise.all(
    studySlices(count, workers).map((slice, w) =>
      startWorker(
        {
          params,
          pixels: pixels.slice(slice.first * 784, (slice.first + slice.count) * 784),
          labels: labels.slice(slice.first, slice.first + slice.count),
          firstIndex: slice.first,
          batchSize,
        },
        `study worker ${w}`,
      ),
    ),
  );
  return { rows: mergeStudyRows(results.map((r) => r.rows)), timings: results.map((r) => ({ batchMs: r.batchMs, setupMs: r.setupMs })) };
}
