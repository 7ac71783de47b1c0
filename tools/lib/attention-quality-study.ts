// Runs lab 1's attention-quality study (src/lib/report/attention-quality.ts) over every attention
// model with committed weights: the full test set of its dataset for the per-image measures, and
// the first DELETION_PER_CLASS test images of each class for the deletion AUC.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { AttentionQuality, QualityEntry } from '../../src/lib/artifacts/attention-quality';
import { FASHION_CLASS_NAMES } from '../../src/lib/data/fashion-mnist';
import {
  DELETION_STEP,
  deletionAucs,
  emptyClassSums,
  INK_THRESHOLD,
  qualityBatch,
  SELECTIVE_ABOVE,
  summarizeQuality,
  type QualityRow,
} from '../../src/lib/report/attention-quality';
import { digitAt, studyBatches } from '../../src/lib/report/test-set-study';
import { getModel, type ModelId } from '../../src/lib/models/registry';
import { loadFashionMnist } from './fashion-node';
import { loadPretrainedModel } from './load-pretrained';
import { loadMnistSplit, sha256Hex } from './mnist-node';

export const DELETION_PER_CLASS = 20;
const BATCH = 500;

function testSet(model: ModelId): { pixels: Uint8Array; labels: Uint8Array; count: number } {
  if (getModel(model).dataset === 'fashion-mnist') return loadFashionMnist().test;
  const test = loadMnistSplit('test');
  return { pixels: test.images.pixels, labels: test.labels, count: test.images.count };
}

/** Indices of the first `perClass` images of each class, in test-set order. */
export function firstPerClass(labels: Uint8Array, perClass: number): number[] {
  const taken = new Array<number>(10).fill(0);
  const out: number[] = [];
  labels.forEach((label, i) => {
    if (taken[label] < perClass) {
      taken[label]++;
      out.push(i);
    }
  });
  return out;
}

export async function attentionQualityStudy(
  weightsDir: string,
  models: readonly ModelId[],
  log: (line: string) => void,
): Promise<AttentionQuality> {
  const entries: QualityEntry[] = [];
  for (const model of models) {
    const started = performance.now();
    const definition = getModel(model);
    const set = testSet(model);
    const params = loadPretrainedModel(weightsDir, model);
    try {
      const sums = emptyClassSums();
      const rows: QualityRow[] = [];
      for (const { start, count } of studyBatches(0, set.count, BATCH)) {
        const images = Array.from({ length: count }, (_, i) => digitAt(set.pixels, start + i));
        rows.push(...(await qualityBatch(model, params, images, set.labels.subarray(start, start + count), sums)));
      }
      const subset = firstPerClass(set.labels, DELETION_PER_CLASS);
      const deletion = await deletionAucs(
        model,
        params,
        subset.map((i) => digitAt(set.pixels, i)),
      );
      const summary = summarizeQuality(rows, sums, deletion);
      entries.push({
        id: model,
        label: definition.label,
        pytorchClass: definition.pytorchClass,
        dataset: definition.dataset,
        weightsSha256: sha256Hex(new Uint8Array(readFileSync(path.join(weightsDir, definition.weightsFile)))),
        classNames: definition.dataset === 'fashion-mnist' ? [...FASHION_CLASS_NAMES] : Array.from({ length: 10 }, (_, c) => String(c)),
        ...summary,
      });
      log(`attention quality: ${model} over ${set.count} test images in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } finally {
      tf.dispose(Object.values(params));
    }
  }
  return {
    format: 'attention-quality/1',
    deletionSubset: `the first ${DELETION_PER_CLASS} test images of each class (${DELETION_PER_CLASS * 10} per model)`,
    selectiveAbove: SELECTIVE_ABOVE,
    inkThreshold: INK_THRESHOLD,
    deletionStep: DELETION_STEP,
    models: entries,
  };
}
