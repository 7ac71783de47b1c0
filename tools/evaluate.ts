// npm run evaluate [-- --backend wasm|cpu] [--dir pretrained] [--dump-logits DIR]
// Re-measures the committed weights of every registry model on its test set (MNIST's 10,000, or
// lab 1's Fashion-MNIST split) and checks them against pretrained/model-card.json: file sha256,
// test accuracy (at least the model's bar, and as recorded) and the self-test logits. Any mismatch
// is an error: the weights are a public interface.
// --dump-logits writes each model's 10,000×10 test logits (float32, little-endian) for the
// PyTorch cross-check in tools/pytorch/check_weights.py.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { normalizePixels } from '../src/lib/data/preprocess';
import { toTensorParams } from '../src/lib/models/params';
import { getModel, isModelName, MODEL_IDS, MODEL_REGISTRY, type ModelId } from '../src/lib/models/registry';
import { logitsBatch } from '../src/lib/explain/predict';
import { evaluate } from '../src/lib/train/trainer';
import { loadModelWeights } from '../src/lib/weights/model-weights';
import { parseBackend, useBackend } from './lib/backend-node';
import { parseArgs, runCli, stringOption, UsageError } from './lib/cli-args';
import { loadMnistSplit, sha256Hex } from './lib/mnist-node';
import { loadFashionMnist } from './lib/fashion-node';
import { MODEL_CARD_FILE, readModelCard } from './lib/package-model';
import { selfTestLogits } from './lib/self-test';

/** The course's two networks: 99.2 %; lab 1's MNIST variants: 99.0 %; its Fashion-MNIST model: 90 %. */
export function requiredAccuracy(model: ModelId): number {
  if (isModelName(model)) return 0.992;
  return getModel(model).dataset === 'fashion-mnist' ? 0.9 : 0.99;
}
/** Logits may differ by float rounding between backends; predictions may not. */
const LOGIT_TOLERANCE = 1e-4;

const USAGE = `
usage: npm run evaluate [-- options]
  --dir DIR            weights folder with model-card.json (default pretrained)
  --backend wasm|cpu   tfjs backend (default wasm)
  --dump-logits DIR    also write each model's 10,000×10 test logits (float32) into DIR
  --help               this text
Checks every model against the model card: file sha256, test accuracy (≥ 99.2 % for the course's
networks, ≥ 99 % for lab 1's MNIST variants, ≥ 90 % on Fashion-MNIST; as recorded) and the
self-test logits; exits 1 on any mismatch.
`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['backend', 'dir', 'dump-logits']);
  if (args.positional.length > 0) throw new UsageError(`unexpected argument "${args.positional[0]}" (see --help)`);
  const dumpDir = stringOption(args, 'dump-logits');
  const backend = parseBackend(stringOption(args, 'backend'));
  const dir = path.resolve(stringOption(args, 'dir') ?? 'pretrained');
  await useBackend(backend);
  const card = readModelCard(dir);
  if (!card) throw new Error(`${path.join(dir, MODEL_CARD_FILE)} is missing`);
  const test = loadMnistSplit('test');
  for (const [name, sha] of Object.entries(card.data.files)) {
    const actual = [test.files.images, test.files.labels].find((f) => f.name === name);
    if (actual && actual.sha256 !== sha) throw new Error(`MNIST file ${name} has sha256 ${actual.sha256}, model card says ${sha}`);
  }
  const mnist = { pixels: test.images.pixels, labels: test.labels, count: test.images.count };
  const failures: string[] = [];

  for (const model of MODEL_IDS) {
    const definition = getModel(model);
    const set = definition.dataset === 'fashion-mnist' ? loadFashionMnist().test : mnist;
    const lut = normalizePixels(
      Uint8Array.from({ length: 256 }, (_, i) => i),
      undefined,
      definition.normalization,
    );
    const indices = Uint32Array.from({ length: set.count }, (_, i) => i);
    const entry = card.models[model];
    if (!entry) {
      failures.push(`${model}: no entry in the model card`);
      continue;
    }
    const bytes = new Uint8Array(readFileSync(path.join(dir, entry.file)));
    const sha = sha256Hex(bytes);
    if (sha !== entry.sha256) failures.push(`${model}: ${entry.file} has sha256 ${sha}, the model card records ${entry.sha256}`);
    const params = toTensorParams(model, loadModelWeights(getModel(model), bytes, { others: Object.values(MODEL_REGISTRY) }).params);
    try {
      const started = performance.now();
      const result = await evaluate(model, params, set.pixels, set.labels, indices, lut);
      const seconds = (performance.now() - started) / 1000;
      const correct = Math.round(result.accuracy * indices.length);
      const recorded = Math.round(entry.test.accuracy * entry.test.count);
      console.log(
        `${model.padEnd(19)} ${entry.file.padEnd(33)} test accuracy ${(100 * result.accuracy).toFixed(2)}% ` +
          `(${correct}/${indices.length}, card ${recorded}) loss ${result.loss.toFixed(4)} sha256 ${sha === entry.sha256 ? 'ok' : 'MISMATCH'} [${seconds.toFixed(1)} s on ${backend}]`,
      );
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
    } finally {
      tf.dispose(Object.values(params));
    }
  }
  if (failures.length > 0) throw new Error(`evaluation failed:\n  ${failures.join('\n  ')}`);
  console.log(`evaluate: all ${MODEL_IDS.length} models match the model card and reach their accuracy targets`);
}

runCli('evaluate', USAGE, main);
