// Inside a Web Worker: the WebAssembly backend, started the same way for every worker the page
// runs (the test-set study, the attention-quality study). One wasm backend per worker uses one
// core (tfjs-wasm 4.22 is single-threaded), so the page runs one worker per core.
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone ships no gradients; the union package registers them the same way.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmGradientKernels } from '../lib/train/wasm-gradient-kernels';

/** Starts tfjs-wasm with its binaries from `wasmBase` (the site's tfjs-wasm/ folder). */
export async function startWorkerWasm(wasmBase: string | undefined): Promise<void> {
  if (wasmBase) setWasmPaths(wasmBase);
  registerWasmGradientKernels();
  if (!(await tf.setBackend('wasm'))) throw new Error('the WebAssembly backend did not start in the worker');
  await tf.ready();
}
