// Lab 3's robustness curves recomputed in the browser, for the weights the page uses now (the
// reader's): the test set's fixed subset attacked in two Web Workers on WebAssembly, one per
// attacked network (one per core), with progress and cancel; without workers, on the page's own
// backend, yielding between points. The same loop and document as the build's, so the course
// weights give the build's curves.
import type { RobustnessFile, RobustnessPoint } from '../lib/artifacts/robustness';
import type { AttackModels } from '../lib/attack/attack-report';
import { cleanAccuracy, robustnessCurves, ROBUSTNESS_SETTINGS } from '../lib/attack/robustness';
import {
  robustnessDigits,
  robustnessDocument,
  type RobustnessWorkerMessage,
  type RobustnessWorkerRequest,
} from '../lib/attack/robustness-protocol';
import type { LabelledImages } from '../lib/data/idx';
import { toPlainParams } from '../lib/models/params';
import { MODEL_NAMES } from '../lib/models/registry';
import { aborted, workerTask } from './worker-task';

const WHAT = 'The robustness curves';

export interface RobustnessRunResult {
  file: RobustnessFile;
  seconds: number;
  where: string;
}

export async function runRobustness(
  models: AttackModels,
  weights: Record<string, string>,
  set: LabelledImages,
  options: { signal?: AbortSignal; onProgress?: (p: { done: number; total: number; where: string }) => void } = {},
): Promise<RobustnessRunResult> {
  const started = performance.now();
  const digits = robustnessDigits(set.pixels, set.labels);
  const total = MODEL_NAMES.length * ROBUSTNESS_SETTINGS.methods.length * ROBUSTNESS_SETTINGS.eps.length;
  let where = 'two Web Workers on WebAssembly';
  let done = 0;
  const progress = (n: number) => {
    done += n;
    options.onProgress?.({ done, total, where });
  };
  const workers = new AbortController();
  const cancel = () => workers.abort();
  options.signal?.addEventListener('abort', cancel, { once: true });
  let points: RobustnessPoint[];
  try {
    if (options.signal?.aborted) throw aborted(WHAT);
    if (typeof Worker === 'undefined') throw new Error('no Web Workers');
    const params = Object.fromEntries(
      await Promise.all(MODEL_NAMES.map(async (m) => [m, await toPlainParams(m, models[m])])),
    ) as RobustnessWorkerRequest['params'];
    const wasmBase = new URL(`${import.meta.env.BASE_URL}tfjs-wasm/`, location.href).href;
    const parts = await Promise.all(
      MODEL_NAMES.map(async (attacked) => {
        const request: RobustnessWorkerRequest = { params, digits, attacked: [attacked], wasmBase };
        const message = await workerTask<RobustnessWorkerMessage>({
          create: () => new Worker(new URL('./robustness-worker.ts', import.meta.url), { type: 'module', name: `robustness-${attacked}` }),
          request,
          transfer: [],
          signal: workers.signal,
          what: WHAT,
          onMessage: (m) => {
            if (m.type === 'progress') progress(m.points);
          },
        });
        return message.points;
      }),
    );
    points = parts.flat();
  } catch (error) {
    workers.abort();
    if (options.signal?.aborted) throw aborted(WHAT);
    where = `this page's backend (workers unavailable: ${error instanceof Error ? error.message : String(error)})`;
    done = 0;
    points = await robustnessCurves(models, digits, {
      eps: ROBUSTNESS_SETTINGS.eps,
      methods: ROBUSTNESS_SETTINGS.methods,
      onPoint: async () => {
        if (options.signal?.aborted) throw aborted(WHAT);
        progress(1);
        await new Promise((resolve) => setTimeout(resolve, 0));
      },
    });
  } finally {
    options.signal?.removeEventListener('abort', cancel);
  }
  const file = robustnessDocument(digits, await cleanAccuracy(models, digits), points, weights);
  return { file, seconds: (performance.now() - started) / 1000, where };
}
