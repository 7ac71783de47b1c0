// One model of `npm run evaluate`, checked against its model-card entry: the file's sha256, the
// test accuracy (its bar, and the recorded count), the self-test logits; optionally its test
// logits dumped for the PyTorch cross-check. Runs on whichever thread calls it (evaluate.ts
// spreads the models over two worker threads).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { normalizePixels } from '../../src/lib/data/preprocess';
import { logitsBatch } from '../../src/lib/explain/predict';
import { toTensorParams } from '../../src/lib/models/params';
import { getModel, isModelName, MODEL_REGISTRY, type ModelId } from '../../src/lib/models/registry';
import { evaluate } from '../../src/lib/train/trainer';
import { loadModelWeights } from '../../src/lib/weights/model-weights';
import { loadFashionMnist } from './fashion-node';
import { loadMnistSplit, sha256Hex } from './mnist-node';
import { readModelCard } from './package-model';
import { selfTestLogits } from './self-test';

/** The course's two networks: 99.2 %; lab 1's MNIST variants: 99.0 %; its Fashion-MNIST model: 90 %. */
export function requiredAccuracy(model: ModelId): number {
  if (isModelName(model)) return 0.992;
  return getModel(model).dataset === 'fashion-mnist' ? 0.9 : 0.99;
}

/** Logits may differ by float rounding between backends; predictions may not. */
const LOGIT_TOLERANCE = 1e-4;

export interface EvaluateRequest {
  dir: string;
  model: ModelId;
  /** for the report line */
  backend: string;
  dumpDir: string | null;
}

export interface EvaluateResult {
  line: string;
  failures: string[];
}

export async function evaluateModel({ dir, model, backend, dumpDir }: EvaluateRequest): Promise<EvaluateResult> {
  const failures: string[] = [];
  const entry = readModelCard(dir)?.models[model];
  if (!entry) return { line: `${model.padEnd(19)} no entry in the model card`, failures: [`${model}: no entry in the model card`] };
  const definition = getModel(model);
  const set =
    definition.dataset === 'fashion-mnist'
      ? loadFashionMnist().test
      : (() => {
          const test = loadMnistSplit('test');
          return { pixels: test.images.pixels, labels: test.labels, count: test.images.count };
        })();
  const lut = normalizePixels(
    Uint8Array.from({ length: 256 }, (_, i) => i),
    undefined,
    definition.normalization,
  );
  const indices = Uint32Array.from({ length: set.count }, (_, i) => i);
  const bytes = new Uint8Array(readFileSync(path.join(dir, entry.file)));
  const sha = sha256Hex(bytes);
  if (sha !== entry.sha256) failures.push(`${model}: ${entry.file} has sha256 ${sha}, the model card records ${entry.sha256}`);
  const params = toTensorParams(model, loadModelWeights(definition, bytes, { others: Object.values(MODEL_REGISTRY) }).params);
  try {
    const started = performance.now();
    const result = await evaluate(model, params, set.pixels, set.labels, indices, lut);
    const seconds = (performance.now() - started) / 1000;
    const correct = Math.round(result.accuracy * indices.length);
    const recorded = Math.round(entry.test.accuracy * entry.test.count);
    const line =
      `${model.padEnd(19)} ${entry.file.padEnd(33)} test accuracy ${(100 * result.accuracy).toFixed(2)}% ` +
      `(${correct}/${indices.length}, card ${recorded}) loss ${result.loss.toFixed(4)} sha256 ${sha === entry.sha256 ? 'ok' : 'MISMATCH'} [${seconds.toFixed(1)} s on ${backend}]`;
    if (result.accuracy < requiredAccuracy(model)) {
      failures.push(`${model}: test accuracy ${(100 * result.accuracy).toFixed(2)}% is below ${100 * requiredAccuracy(model)}%`);
    }
    if (correct !== recorded) failures.push(`${model}: ${correct} test digits correct, the model card records ${recorded}`);
    if (dumpDir) {
      const images = Array.from(indices, (i) => set.pixels.subarray(i * 784, (i + 1) * 784));
      const all = Float32Array.from((await logitsBatch(model, params, images)).flat());
      mkdirSync(dumpDir, { recursive: true });
      writeFileSync(path.join(dumpDir, `${model}-test-logits.f32`), new Uint8Array(all.buffer));
    }
    const logits = await selfTestLogits(model, params, set.pixels);
    const worst = Math.max(...logits.map((v, i) => Math.abs(v - entry.selfTest.logits[i])));
    if (!(worst <= LOGIT_TOLERANCE * Math.max(1, ...entry.selfTest.logits.map(Math.abs)))) {
      failures.push(`${model}: self-test logits differ from the model card by ${worst}`);
    }
    return { line, failures };
  } finally {
    tf.dispose(Object.values(params));
  }
}
