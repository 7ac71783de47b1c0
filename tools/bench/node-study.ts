// Child process of `npm run bench` (one per measurement, so each starts with a fresh tfjs):
//   --mode workers: the whole test-set study as tools/build-assets.ts runs it — two worker
//                   threads with half the digits each, tfjs wasm (tools/lib/study-workers.ts);
//   --mode serial --backend wasm|cpu: the workers' loop on this thread.
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
  /** per worker (or the one thread): the sum of its batches and its backend set-up */
  parts: Array<{ computeMs: number; setupMs: number }>;
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
    const run = await runStudyInWorkers(WEIGHTS, test.images.pixels, test.labels, n, BATCH);
    const wallMs = performance.now() - started;
    if (run.rows.length !== n) throw new Error(`the study returned ${run.rows.length} rows for ${n} digits`);
    result = {
      mode: 'workers',
      backend: 'wasm',
      count: n,
      wallMs,
      parts: run.timings.map((t) => ({ computeMs: t.batchMs.reduce((s, v) => s + v, 0), setupMs: t.setupMs })),
    };
  } else if (mode === 'serial') {
    if (backend !== 'wasm' && backend !== 'cpu') throw new Error('--backend must be wasm or cpu');
    const { useBackend } = await import('../lib/backend-node');
    const { loadPretrained } = await import('../lib/load-pretrained');
    const { toPlainParams } = await import('../../src/lib/models/params');
    const { MODEL_NAMES } = await import('../../src/lib/models/registry');
    const { runStudyWorker } = await import('../../src/lib/report/study-protocol');
    const setupStart = performance.now();
    await useBackend(backend);
    const models = loadPretrained(WEIGHTS);
    const params = Object.fromEntries(await Promise.all(MODEL_NAMES.map(async (m) => [m, await toPlainParams(m, models[m])])));
    const setupMs = performance.now() - setupStart;
    const started = performance.now();
    let computeMs = 0;
    let rows = 0;
    await runStudyWorker(
      { params, pixels: test.images.pixels.subarray(0, n * 784), labels: test.labels.subarray(0, n), firstIndex: 0, batchSize: BATCH },
      (m) => {
        if (m.type === 'rows') {
          rows += m.rows.length;
          computeMs += m.batchMs;
        }
      },
    );
    const wallMs = performance.now() - started;
    if (rows !== n) throw new Error(`the study returned ${rows} rows for ${n} digits`);
    result = { mode: 'serial', backend, count: n, wallMs, parts: [{ computeMs, setupMs }] };
  } else {
    throw new Error('--mode must be workers or serial');
  }
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(`bench study: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
