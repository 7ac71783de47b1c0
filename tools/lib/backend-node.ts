// Picks and initialises a tfjs backend in Node. wasm is ~20× faster than the pure-JS cpu
// backend here; it needs our gradient kernels for training.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// What the full @tensorflow/tfjs package used to register for us: gradients (training, Grad-CAM)
// and chained tensor methods.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import { registerWasmGradientKernels } from '../../src/lib/train/wasm-gradient-kernels';

export type NodeBackend = 'wasm' | 'cpu';

export function parseBackend(value: string | undefined): NodeBackend {
  const b = value ?? 'wasm';
  if (b !== 'wasm' && b !== 'cpu') throw new Error(`--backend must be wasm or cpu, got "${b}"`);
  return b;
}

export async function useBackend(backend: NodeBackend): Promise<void> {
  // tfjs prints an advert for tfjs-node on first use in Node; it cannot be installed here.
  const warn = console.warn;
  const log = console.log;
  console.warn = () => {};
  console.log = () => {};
  try {
    registerWasmGradientKernels();
    const ok = await tf.setBackend(backend);
    if (!ok) throw new Error(`tfjs backend "${backend}" failed to initialise`);
    await tf.ready();
    tf.scalar(0).dispose(); // the cpu backend prints its advert on first use: let it happen here, silenced
  } finally {
    console.warn = warn;
    console.log = log;
  }
}
