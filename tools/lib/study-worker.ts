// One model's half of the test-set study, in a worker thread with its own tfjs wasm backend
// (tools/lib/study-workers.ts starts two, one per model, so both cores work). Loads its model and
// the MNIST test set itself, runs attentionStudyPart or traditionalStudyPart in batches, and
// posts the whole part back with its buffers transferred.
import { parentPort, workerData } from 'node:worker_threads';
import type { ModelName } from '../../src/lib/models/specs';
import { attentionStudyPart, concatParts, partBuffers, traditionalStudyPart, type AttentionPart, type TraditionalPart } from '../../src/lib/report/test-set-study';
import { useBackend } from './backend-node';
import { loadPretrainedModel } from './load-pretrained';
import { loadMnistSplit } from './mnist-node';

export interface StudyWorkerRequest {
  model: ModelName;
  weightsDir: string;
  /** Test digits 0 … count − 1. */
  count: number;
  batch: number;
}

export type StudyWorkerMessage =
  | { type: 'done'; model: ModelName; part: AttentionPart | TraditionalPart; batchMs: number[]; setupMs: number }
  | { type: 'error'; message: string };

async function run(request: StudyWorkerRequest): Promise<void> {
  const started = performance.now();
  await useBackend('wasm');
  const params = loadPretrainedModel(request.weightsDir, request.model);
  const test = loadMnistSplit('test');
  const setupMs = performance.now() - started;
  const parts: Array<AttentionPart | TraditionalPart> = [];
  const batchMs: number[] = [];
  for (let start = 0; start < request.count; start += request.batch) {
    const n = Math.min(request.batch, request.count - start);
    const images = Array.from({ length: n }, (_, i) => test.images.pixels.subarray((start + i) * 784, (start + i + 1) * 784));
    const t = performance.now();
    parts.push(request.model === 'attention' ? attentionStudyPart(params, images) : traditionalStudyPart(params, images));
    batchMs.push(performance.now() - t);
  }
  const part = concatParts(parts);
  const message: StudyWorkerMessage = { type: 'done', model: request.model, part, batchMs, setupMs };
  parentPort!.postMessage(message, partBuffers(part));
}

run(workerData as StudyWorkerRequest).catch((error: unknown) => {
  const message: StudyWorkerMessage = { type: 'error', message: error instanceof Error ? error.message : String(error) };
  parentPort!.postMessage(message);
});
