// A worker thread that runs one job of the engine's worker protocols on its own tfjs wasm
// backend, with the loop the browser's Web Workers run: a slice of the test-set study
// (study-protocol.ts), of lab 1's attention-quality study (quality-protocol.ts), or lab 3's
// robustness curves for one attacked network (robustness-protocol.ts); or one model of
// `npm run evaluate` (evaluate-model.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { runRobustnessWorker, type RobustnessWorkerRequest } from '../../src/lib/attack/robustness-protocol';
import { runQualityWorker, type QualitySlice, type QualityWorkerRequest } from '../../src/lib/report/quality-protocol';
import { runStudyWorker, type StudyWorkerRequest } from '../../src/lib/report/study-protocol';
import { useBackend, type NodeBackend } from './backend-node';
import { evaluateModel, type EvaluateRequest } from './evaluate-model';

export type WorkerJob =
  | { kind: 'study'; request: StudyWorkerRequest }
  /** Several slices (one per model): starting a thread costs seconds, so one thread takes them all. */
  | { kind: 'quality'; requests: QualityWorkerRequest[] }
  | { kind: 'robustness'; request: RobustnessWorkerRequest }
  | { kind: 'evaluate'; requests: EvaluateRequest[]; backend: NodeBackend };

const post = (m: unknown) => parentPort!.postMessage(m);

async function run(job: WorkerJob): Promise<void> {
  const started = performance.now();
  await useBackend(job.kind === 'evaluate' ? job.backend : 'wasm');
  if (job.kind === 'evaluate') {
    const results = [];
    for (const request of job.requests) results.push(await evaluateModel(request));
    post({ type: 'done', results });
  } else if (job.kind === 'study') await runStudyWorker(job.request, post, performance.now() - started);
  else if (job.kind === 'quality') {
    const slices: QualitySlice[] = [];
    for (const request of job.requests) {
      await runQualityWorker(request, (m) => {
        if (m.type === 'done') slices.push(m.slice);
        else post(m);
      });
    }
    post({ type: 'done', slices });
  } else await runRobustnessWorker(job.request, post);
}

// Only as a worker (the type above is imported by the main thread too).
if (parentPort)
  run(workerData as WorkerJob).catch((error: unknown) =>
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  );
