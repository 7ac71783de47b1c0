// Runs the test-set study in two worker threads (tools/lib/job-worker.ts), each with its own
// wasm backend and half of the digits (both networks), as the browser does with Web Workers.
import { MODEL_NAMES } from '../../src/lib/models/registry';
import { mergeStudyRows, studySlices, type StudyWorkerMessage, type StudyWorkerRequest } from '../../src/lib/report/study-protocol';
import type { StudyRow } from '../../src/lib/report/test-set-study';
import { loadPretrainedPlain } from './load-pretrained';
import { runNodeWorker } from './node-worker';

export interface StudyRun {
  rows: StudyRow[];
  /** Per worker: milliseconds of each batch, and of starting its backend. */
  timings: Array<{ batchMs: number[]; setupMs: number }>;
}

/** The study of test digits 0 … count − 1 with the weights in weightsDir, in `workers` threads. */
export async function runStudyInWorkers(
  weightsDir: string,
  pixels: Uint8Array,
  labels: Uint8Array,
  count: number,
  batchSize = 250,
  workers = 2,
): Promise<StudyRun> {
  const params = Object.fromEntries(MODEL_NAMES.map((m) => [m, loadPretrainedPlain(weightsDir, m)])) as StudyWorkerRequest['params'];
  const results = await Promise.all(
    studySlices(count, workers).map(async (slice, w) => {
      const rows: StudyRow[][] = [];
      const batchMs: number[] = [];
      const request: StudyWorkerRequest = {
        params,
        pixels: pixels.slice(slice.first * 784, (slice.first + slice.count) * 784),
        labels: labels.slice(slice.first, slice.first + slice.count),
        firstIndex: slice.first,
        batchSize,
      };
      const done = await runNodeWorker<StudyWorkerMessage>({ kind: 'study', request }, `study worker ${w}`, (m) => {
        if (m.type !== 'rows') return;
        rows.push(m.rows);
        batchMs.push(m.batchMs);
      });
      return { rows: rows.flat(), batchMs, setupMs: done.setupMs };
    }),
  );
  return { rows: mergeStudyRows(results.map((r) => r.rows)), timings: results.map((r) => ({ batchMs: r.batchMs, setupMs: r.setupMs })) };
}
