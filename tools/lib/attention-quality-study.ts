// Runs lab 1's attention-quality study (src/lib/report/attention-quality.ts) over every attention
// model with committed weights: the full test set of its dataset for the per-image measures, and
// the first DELETION_PER_CLASS test images of each class for the deletion AUC. Each model's test
// set is split over two worker threads (tools/lib/job-worker.ts), as the page splits it over two
// Web Workers for a reader's weights: the same slices, merged the same way.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AttentionQuality, QualityEntry } from '../../src/lib/artifacts/attention-quality';
import { DELETION_STEP, INK_THRESHOLD, SELECTIVE_ABOVE } from '../../src/lib/report/attention-quality';
import {
  DELETION_PER_CLASS,
  DELETION_SUBSET_TEXT,
  mergeQualitySlices,
  qualityEntry,
  type QualitySlice,
  type QualityWorkerMessage,
} from '../../src/lib/report/quality-protocol';
import { studySlices } from '../../src/lib/report/study-protocol';
import { firstPerClass } from '../../src/lib/data/per-class';
import { getModel, type ModelId } from '../../src/lib/models/registry';
import { loadFashionMnist } from './fashion-node';
import { loadPretrainedPlain } from './load-pretrained';
import { runNodeWorker } from './node-worker';
import { loadMnistSplit, sha256Hex } from './mnist-node';

const BATCH = 500;

function testSet(model: ModelId): { pixels: Uint8Array; labels: Uint8Array; count: number } {
  if (getModel(model).dataset === 'fashion-mnist') return loadFashionMnist().test;
  const test = loadMnistSplit('test');
  return { pixels: test.images.pixels, labels: test.labels, count: test.images.count };
}

export async function attentionQualityStudy(
  weightsDir: string,
  models: readonly ModelId[],
  log: (line: string) => void,
): Promise<AttentionQuality> {
  const started = performance.now();
  // Worker w takes slice w of every model's test set, so two threads start, not two per model.
  const requests = models.map((model) => {
    const set = testSet(model);
    const params = loadPretrainedPlain(weightsDir, model);
    const deletion = firstPerClass(set.labels, DELETION_PER_CLASS);
    return studySlices(set.count, 2).map((slice) => {
      const end = slice.first + slice.count;
      return {
        model,
        params,
        pixels: set.pixels.slice(slice.first * 784, end * 784),
        labels: set.labels.slice(slice.first, end),
        deletion: deletion.filter((i) => i >= slice.first && i < end).map((i) => i - slice.first),
        batchSize: BATCH,
      };
    });
  });
  const perWorker = await Promise.all(
    [0, 1].map(
      async (w) =>
        (
          await runNodeWorker<Exclude<QualityWorkerMessage, { type: 'done' }> | { type: 'done'; slices: QualitySlice[] }>(
            { kind: 'quality', requests: requests.map((slices) => slices[w]) },
            `quality worker ${w}`,
          )
        ).slices,
    ),
  );
  const entries: QualityEntry[] = models.map((model, k) => {
    const sha = sha256Hex(new Uint8Array(readFileSync(path.join(weightsDir, getModel(model).weightsFile))));
    return qualityEntry(model, sha, mergeQualitySlices([perWorker[0][k], perWorker[1][k]]));
  });
  log(
    `attention quality: ${models.length} models over their test sets in ${((performance.now() - started) / 1000).toFixed(1)} s (2 worker threads)`,
  );
  return {
    format: 'attention-quality/1',
    deletionSubset: DELETION_SUBSET_TEXT,
    selectiveAbove: SELECTIVE_ABOVE,
    inkThreshold: INK_THRESHOLD,
    deletionStep: DELETION_STEP,
    models: entries,
  };
}
