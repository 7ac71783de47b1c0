// One worker thread doing one job of the engine's worker protocols (tools/lib/job-worker.ts): the
// test-set study, the attention-quality study or the robustness curves, each on its own tfjs wasm
// backend, as the browser does with Web Workers. Resolves with the job's 'done' message; every
// other message goes to `onMessage`.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerJob } from './job-worker';

// Workers do not inherit tsx's loader: register it in the worker before importing the .ts file,
// both hooks: the TS sources load as CommonJS, and require() of tfjs-core's ESM gradient files
// needs tsx's extension resolution too.
export function runNodeWorker<M extends { type: string }>(
  job: WorkerJob,
  name: string,
  onMessage: (message: M) => void = () => {},
): Promise<Extract<M, { type: 'done' }>> {
  const require = createRequire(import.meta.url);
  const esmApi = pathToFileURL(require.resolve('tsx/esm/api')).href;
  const cjsApi = pathToFileURL(require.resolve('tsx/cjs/api')).href;
  const script = new URL('./job-worker.ts', import.meta.url).href;
  const bootstrap = `Promise.all([import(${JSON.stringify(esmApi)}), import(${JSON.stringify(cjsApi)})]).then(([esm, cjs]) => { esm.register(); cjs.register(); return import(${JSON.stringify(script)}); });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrap, { eval: true, workerData: job });
    let settled = false;
    worker.on('message', (m: M) => {
      if (m.type !== 'done' && m.type !== 'error') {
        onMessage(m);
        return;
      }
      settled = true;
      void worker.terminate();
      if (m.type === 'done') resolve(m as Extract<M, { type: 'done' }>);
      else reject(new Error(`${name}: ${(m as unknown as { message: string }).message}`));
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
