// A Web Worker that runs a slice of the test-set study — both networks on its digits — on its own
// WebAssembly backend. tfjs-wasm is single-threaded, so two workers with half the digits each
// keep both cores busy, and equally long (each network's half would not: Grad-CAM costs more).
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone ships no gradients; the union package registers them the same way.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmGradientKernels } from '../lib/train/wasm-gradient-kernels';
import { attentionStudyPart, partBuffers, traditionalStudyPart, type AttentionPart, type TraditionalPart } from '../lib/report/test-set-study';
import { toTensorParams, type PlainParams } from '../lib/models/params';

export interface StudyWorkerRequest {
  params: { attention: PlainParams; traditional: PlainParams };
  /** count × 784 gray bytes: this worker's digits */
  pixels: Uint8Array;
  count: number;
  batchSize: number;
  wasmBase: string;
}

export type StudyWorkerMessage =
  | { type: 'part'; start: number; attention: AttentionPart; traditional: TraditionalPart }
  | { type: 'done'; seconds: number }
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
  const started = performance.now();
  const attention = toTensorParams('attention', request.params.attention);
  const traditional = toTensorParams('traditional', request.params.traditional);
  try {
    for (let start = 0; start < request.count; start += request.batchSize) {
      const n = Math.min(request.batchSize, request.count - start);
      const images = Array.from({ length: n }, (_, i) => request.pixels.subarray((start + i) * 784, (start + i + 1) * 784));
      const a = attentionStudyPart(attention, images);
      const t = traditionalStudyPart(traditional, images);
      post({ type: 'part', start, attention: a, traditional: t }, [...partBuffers(a), ...partBuffers(t)]);
    }
  } finally {
    tf.dispose([...Object.values(attention), ...Object.values(traditional)]);
  }
  post({ type: 'done', seconds: (performance.now() - started) / 1000 });
}
