// A Web Worker that computes the robustness curves of one attacked network on its own WebAssembly
// backend (src/lib/attack/robustness-protocol.ts, the loop the build runs too).
import { runRobustnessWorker, type RobustnessWorkerMessage, type RobustnessWorkerRequest } from '../lib/attack/robustness-protocol';
import { startWorkerWasm } from './worker-wasm';

const post = (message: RobustnessWorkerMessage) => (self as unknown as Worker).postMessage(message);

self.addEventListener('message', (event: MessageEvent<RobustnessWorkerRequest>) => {
  void run(event.data).catch((error: unknown) => post({ type: 'error', message: error instanceof Error ? error.message : String(error) }));
});

async function run(request: RobustnessWorkerRequest): Promise<void> {
  await startWorkerWasm(request.wasmBase);
  await runRobustnessWorker(request, post);
}
