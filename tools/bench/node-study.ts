// Child process of `npm run bench` (one per measurement, so each starts with a fresh tfjs):
//   --mode workers: the whole test-set study as tools/build-assets.ts runs it — two worker
//                   threads, one model each, tfjs wasm (tools/lib/study-workers.ts);
//   --mode serial --backend wasm|cpu: both study parts on this thread, each timed.
// Prints one JSON line on stdout.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { intOption, parseArgs, stringOption } from '../lib/cli-args';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WEIGHTS = path.join(ROOT, 'pretrained');
const BATCH = 250;

export interface NodeStudyResult {
  mode: 'workers' | 'serial';
  backend: 'wasm' | 'cpu';
  count: number;
  wallMs: number;
  /** per model: the study part's compute time (sum of its batches) and, in a worker, its set-up */
  parts: Record<'attention' | 'traditional', { computeMs: number; setupMs: number }>;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['mode', 'backend', 'count']);
  const mode = stringOption(args, 'mode') ?? 'workers';
  const backend = stringOption(args, 'backend') ?? 'wasm';
  const count = intOption(args, 'count', 1) ?? 10_000;
  const { loadMnistSplit } = await import('../lib/mnist-node');
  const test = loadMnistSplit('test');
  const n = Math.min(count, test.images.count);
  let result: NodeStudyResult;
  if (mode === 'workers') {
    if (backend !== 'wasm') throw new Error('--mode workers runs on wasm only (as tools/build-assets.ts does)');
    const { runStudyInWorkers } = await import('../lib/study-workers');
    const started = performance.now();
    const run = await runStudyInWorkers(WEIGHTS, test.labels, n, BATCH);
    const wallMs = performance.now() - started;
    if (run.rows.length !== n) throw new Error(`the study returned ${run.rows.length} rows for ${n} digits`);
    const part = (m: 'attention' | 'traditional') => ({ computeMs: run.timings[m].batchMs.reduce((s, v) => s + v, 0), setupMs: run.timings[m].setupMs });
    result = { mode: 'workers', backend: 'wasm', count: n, wallMs, parts: { attention: part('attention'), traditional: part('traditional') } };
  } else if (mode === 'serial') {
    if (backend !== 'wasm' && backend !== 'cpu') throw new Error('--backend must be wasm or cpu');
    const { useBackend } = await import('../lib/backend-node');
    const { loadPretrained } = await import('../lib/load-pretrained');
    const { attentionStudyPart, traditionalStudyPart, combineStudyRows } = await import('../../src/lib/report/test-set-study');
    const setupStart = performance.now();
    await useBackend(backend);
    const models = loadPretrained(WEIGHTS);
    const setupMs = performance.now() - setupStart;
    const started = performance.now();
    let attentionMs = 0;
    let traditionalMs = 0;
    let rows = 0;
    for (let start = 0; start < n; start += BATCH) {
      const k = Math.min(BATCH, n - start);
      const images = Array.from({ length: k }, (_, i) => test.images.pixels.subarray((start + i) * 784, (start + i + 1) * 784));
      let t = performance.now();
      const a = attentionStudyPart(models.attention, images);
      attentionMs += performance.now() - t;
      t = performance.now();
      const g = traditionalStudyPart(models.traditional, images);
      traditionalMs += performance.now() - t;
      rows += combineStudyRows(a, g, test.labels.subarray(start, start + k), start).length;
    }
    const wallMs = performance.now() - started;
    if (rows !== n) throw new Error(`the study returned ${rows} rows for ${n} digits`);
    result = { mode: 'serial', backend, count: n, wallMs, parts: { attention: { computeMs: attentionMs, setupMs }, traditional: { computeMs: traditionalMs, setupMs } } };
  } else {
    throw new Error('--mode must be workers or serial');
  }
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(`bench study: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
