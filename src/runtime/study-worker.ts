// A Web Worker that runs a slice of the test-set study — both networks on its digits — on its own
// WebAssembly backend, with the protocol and loop Node's worker threads use too
// (src/lib/report/study-protocol.ts). tfjs-wasm is single-threaded, so two workers with half
// the digits each keep both cores busy, and equally long.
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone ships no gradients; the union package registers them the same way.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmGradientKernels } from '../lib/train/wasm-gradient-kernels';
import { runStudyWorker, type StudyWorkerMessage, type StudyWorkerRequest } from '../lib/report/study-protocol';

const post = (message: StudyWorkerMessage) => (self as unknown as Worker).postMessage(message);

self.addEventListener('message', (event: MessageEvent<StudyWorkerRequest>) => {
  void run(event.data).catch((error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
});

async function run(request: StudyWorkerRequest): Promise<void> {
  const started = performance.now();
  if (request.wasmBase) setWasmPaths(request.wasmBase);
  registerWasmGradientKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('the WebAssembly backend did not start in the worker');
  await tf.ready();
  await runStudyWorker(request, post, performance.now() - started);
}
