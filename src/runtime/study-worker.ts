// A Web Worker that runs a slice of the test-set study — both networks on its digits — on its own
// WebAssembly backend, with the protocol and loop Node's worker threads use too
// (src/lib/report/study-protocol.ts). tfjs-wasm is single-threaded, so two workers with half
// the digits each keep both cores busy, and equally long.
import { runStudyWorker, type StudyWorkerMessage, type StudyWorkerRequest } from '../lib/report/study-protocol';
import { startWorkerWasm } from './worker-wasm';

const post = (message: StudyWorkerMessage) => (self as unknown as Worker).postMessage(message);

self.addEventListener('message', (event: MessageEvent<StudyWorkerRequest>) => {
  void run(event.data).catch((error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
});

async function run(request: StudyWorkerRequest): Promise<void> {
  const started = performance.now();
  await startWorkerWasm(request.wasmBase);
  await runStudyWorker(request, post, performance.now() - started);
}
