// npm run evaluate [-- --backend wasm|cpu] [--dir pretrained] [--dump-logits DIR]
// Re-measures the committed weights on the 10,000 MNIST test images and checks them against
// pretrained/model-card.json: file sha256, test accuracy (≥ 99.2 % and as recorded) and the
// self-test logits. Any mismatch is an error: the weights are a public interface.
// --dump-logits writes each model's 10,000×10 test logits (float32, little-endian) for the
// PyTorch cross-check in tools/pytorch/check_weights.py.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { normalizePixels } from '../src/lib/data/preprocess';
import { toTensorParams } from '../src/lib/models/params';
import { getModel, MODEL_NAMES, MODEL_REGISTRY } from '../src/lib/models/registry';
import { logitsBatch } from '../src/lib/explain/predict';
import { evaluate } from '../src/lib/train/trainer';
import { loadModelWeights } from '../src/lib/weights/model-weights';
import { parseBackend, useBackend } from './lib/backend-node';
import { parseArgs, runCli, stringOption, UsageError } from './lib/cli-args';
import { loadMnistSplit, sha256Hex } from './lib/mnist-node';
import { MODEL_CARD_FILE, readModelCard } from './lib/package-model';
import { selfTestLogits } from './lib/self-test';

export const REQUIRED_TEST_ACCURACY = 0.992;
/** Logits may differ by float rounding between backends; predictions may not. */
const LOGIT_TOLERANCE = 1e-4;

const USAGE = `
usage: npm run evaluate [-- options]
  --dir DIR            weights folder with model-card.json (default pretrained)
  --backend wasm|cpu   tfjs backend (default wasm)
  --dump-logits DIR    also write each model's 10,000×10 test logits (float32) into DIR
  --help               this text
Checks both models against the model card: file sha256, test accuracy (≥ 99.2 %, as recorded)
and the self-test logits; exits 1 on any mismatch.
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
  const lut = normalizePixels(Uint8Array.from({ length: 256 }, (_, i) => i));
  const indices = Uint32Array.from({ length: test.images.count }, (_, i) => i);
  const failures: string[] = [];

  for (const model of MODEL_NAMES) {
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
      const result = await evaluate(model, params, test.images.pixels, test.labels, indices, lut);
      const seconds = (performance.now() - started) / 1000;
      const correct = Math.round(result.accuracy * indices.length);
      const recorded = Math.round(entry.test.accuracy * entry.test.count);
      console.log(
        `${model.padEnd(11)} ${entry.file.padEnd(28)} test accuracy ${(100 * result.accuracy).toFixed(2)}% ` +
          `(${correct}/${indices.length}, card ${recorded}) loss ${result.loss.toFixed(4)} sha256 ${sha === entry.sha256 ? 'ok' : 'MISMATCH'} [${seconds.toFixed(1)} s on ${backend}]`,
      );
      if (result.accuracy < REQUIRED_TEST_ACCURACY) {
        failures.push(`${model}: test accuracy ${(100 * result.accuracy).toFixed(2)}% is below ${100 * REQUIRED_TEST_ACCURACY}%`);
      }
      if (correct !== recorded) failures.push(`${model}: ${correct} test digits correct, the model card records ${recorded}`);
      if (dumpDir) {
        const images = Array.from(indices, (i) => test.images.pixels.subarray(i * 784, (i + 1) * 784));
        const all = Float32Array.from((await logitsBatch(model, params, images)).flat());
        mkdirSync(dumpDir, { recursive: true });
        writeFileSync(path.join(dumpDir, `${model}-test-logits.f32`), new Uint8Array(all.buffer));
      }
      const logits = await selfTestLogits(model, params, test.images.pixels);
      const worst = Math.max(...logits.map((v, i) => Math.abs(v - entry.selfTest.logits[i])));
      if (!(worst <= LOGIT_TOLERANCE * Math.max(1, ...entry.selfTest.logits.map(Math.abs)))) {
        failures.push(`${model}: self-test logits differ from the model card by ${worst}`);
      }
    } finally {
      tf.dispose(Object.values(params));
    }
  }
  if (failures.length > 0) throw new Error(`evaluation failed:\n  ${failures.join('\n  ')}`);
  console.log('evaluate: both models match the model card and reach the 99.2 % target');
}

runCli('evaluate', USAGE, main);
