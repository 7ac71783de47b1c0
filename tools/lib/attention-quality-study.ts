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
  const entries: QualityEntry[] = [];
  for (const model of models) {
    const started = performance.now();
    const set = testSet(model);
    const params = loadPretrainedPlain(weightsDir, model);
    const deletion = firstPerClass(set.labels, DELETION_PER_CLASS);
    const parts = await Promise.all(
      studySlices(set.count, 2).map(async (slice, w) => {
        const end = slice.first + slice.count;
        const request = {
          model,
          params,
          pixels: set.pixels.slice(slice.first * 784, end * 784),
          labels: set.labels.slice(slice.first, end),
          deletion: deletion.filter((i) => i >= slice.first && i < end).map((i) => i - slice.first),
          batchSize: BATCH,
        };
        return (await runNodeWorker<QualityWorkerMessage>({ kind: 'quality', request }, `quality worker ${w} (${model})`)).slice;
      }),
    );
    const sha = sha256Hex(new Uint8Array(readFileSync(path.join(weightsDir, getModel(model).weightsFile))));
    entries.push(qualityEntry(model, sha, mergeQualitySlices(parts)));
    log(
      `attention quality: ${model} over ${set.count} test images in ${((performance.now() - started) / 1000).toFixed(1)} s (2 worker threads)`,
    );
  }
  return {
    format: 'attention-quality/1',
    deletionSubset: DELETION_SUBSET_TEXT,
    selectiveAbove: SELECTIVE_ABOVE,
    inkThreshold: INK_THRESHOLD,
    deletionStep: DELETION_STEP,
    models: entries,
  };
}
