// Runs the test-set study's two model parts in two worker threads (tools/lib/study-worker.ts),
// one per model, each with its own wasm backend, and combines them on this thread.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ModelName } from '../../src/lib/models/specs';
import { combineStudyRows, type AttentionPart, type StudyRow, type TraditionalPart } from '../../src/lib/report/test-set-study';
import type { StudyWorkerMessage, StudyWorkerRequest } from './study-worker';

export interface StudyRun {
  rows: StudyRow[];
  /** Per model: milliseconds of each batch, and of loading backend, weights and data. */
  timings: Record<ModelName, { batchMs: number[]; setupMs: number }>;
}

// Workers do not inherit tsx's loader: register it in the worker before importing the .ts file.
function startWorker(request: StudyWorkerRequest): Promise<Extract<StudyWorkerMessage, { type: 'done' }>> {
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
  const script = new URL('./study-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script)}); });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrap, { eval: true, workerData: request });
    let settled = false;
    worker.on('message', (m: StudyWorkerMessage) => {
      settled = true;
      void worker.terminate();
      if (m.type === 'done') resolve(m);
      else reject(new Error(`${request.model} worker: ${m.message}`));
    });
    worker.on('error', (error) => {
      settled = true;
      reject(new Error(`${request.model} worker: ${error.message}`));
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`${request.model} worker exited with code ${code} before finishing`));
    });
  });
}

/** The study of test digits 0 … count − 1 with the weights in weightsDir, both models in parallel. */
export async function runStudyInWorkers(weightsDir: string, labels: Uint8Array, count: number, batch = 250): Promise<StudyRun> {
  const [attention, traditional] = await Promise.all(
    (['attention', 'traditional'] as const).map((model) => startWorker({ model, weightsDir, count, batch })),
  );
  return {
    rows: combineStudyRows(attention.part as AttentionPart, traditional.part as TraditionalPart, labels.subarray(0, count), 0),
    timings: {
      attention: { batchMs: attention.batchMs, setupMs: attention.setupMs },
      traditional: { batchMs: traditional.batchMs, setupMs: traditional.setupMs },
    },
  };
}
