// A Web Worker that runs one network's half of the test-set study on its own WebAssembly
// backend: tfjs-wasm is single-threaded, so one worker per network uses two cores.
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone ships no gradients; the union package registers them the same way.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmGradientKernels } from '../lib/train/wasm-gradient-kernels';
import { attentionStudyPart, partBuffers, traditionalStudyPart } from '../lib/report/test-set-study';
import { toTensorParams, type PlainParams } from '../lib/models/params';
import type { ModelName } from '../lib/models/specs';

export interface StudyWorkerRequest {
  model: ModelName;
  params: PlainParams;
  /** count × 784 gray bytes */
  pixels: Uint8Array;
  count: number;
  batchSize: number;
  wasmBase: string;
}

export type StudyWorkerMessage =
  | { type: 'ready'; backend: string }
  | { type: 'part'; start: number; part: ReturnType<typeof attentionStudyPart> | ReturnType<typeof traditionalStudyPart> }
  | { type: 'done' }
  | { type: 'error'; message: string };

const post = (message: StudyWorkerMessage, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(message, transfer);

self.addEventListener('message', (event: MessageEvent<StudyWorkerRequest>) => {
  void run(event.data).catch((error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
});

async function run(request: StudyWorkerRequest): Promise<void> {
  setWasmPaths(request.wasmBase);
  registerWasmGradientKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('the WebAssembly backend did not start in the worker');
  await tf.ready();
  post({ type: 'ready', backend: tf.getBackend() });
  const params = toTensorParams(request.model, request.params);
  try {
    for (let start = 0; start < request.count; start += request.batchSize) {
      const n = Math.min(request.batchSize, request.count - start);
      const images = Array.from({ length: n }, (_, i) => request.pixels.subarray((start + i) * 784, (start + i + 1) * 784));
      const part = request.model === 'attention' ? attentionStudyPart(params, images) : traditionalStudyPart(params, images);
      post({ type: 'part', start, part }, partBuffers(part));
    }
  } finally {
    tf.dispose(Object.values(params));
  }
  post({ type: 'done' });
}
