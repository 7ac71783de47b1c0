// A Web Worker that runs a slice of lab 1's attention-quality study for one model on its own
// WebAssembly backend (src/lib/report/quality-protocol.ts, the loop the build runs too).
import { runQualityWorker, type QualityWorkerMessage, type QualityWorkerRequest } from '../lib/report/quality-protocol';
import { startWorkerWasm } from './worker-wasm';

const post = (message: QualityWorkerMessage) => (self as unknown as Worker).postMessage(message);

self.addEventListener('message', (event: MessageEvent<QualityWorkerRequest>) => {
  void run(event.data).catch((error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
});

async function run(request: QualityWorkerRequest): Promise<void> {
  await startWorkerWasm(request.wasmBase);
  await runQualityWorker(request, post);
}
