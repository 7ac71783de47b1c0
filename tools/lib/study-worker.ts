// A worker thread that runs one slice of the test-set study on its own tfjs wasm backend, with
// the same protocol and loop as the browser's Web Workers (src/lib/report/study-protocol.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { runStudyWorker, type StudyWorkerMessage, type StudyWorkerRequest } from '../../src/lib/report/study-protocol';
import { useBackend } from './backend-node';

const post = (m: StudyWorkerMessage) => parentPort!.postMessage(m);

async function run(request: StudyWorkerRequest): Promise<void> {
  const started = performance.now();
  await useBackend('wasm');
  await runStudyWorker(request, post, performance.now() - started);
}

run(workerData as StudyWorkerRequest).catch((error: unknown) =>
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
);
