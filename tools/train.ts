// npm run train -- --model attention|traditional|all [--epochs N] [--seed S] [--out DIR]
//                  [--backend wasm|cpu] [--batch-size N] [--max-batches N] [--package-from FILE]
// Trains the lesson's models on MNIST in Node with tfjs and writes PyTorch-layout safetensors
// plus pretrained/model-card.json. Same seed + same backend → same weights, bit for bit.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { normalizePixels } from '../src/lib/data/preprocess';
import { trainValidationSplit } from '../src/lib/data/split';
import type { ModelName } from '../src/lib/models/registry';
import type { PlainParam } from '../src/lib/models/params';
import { train, type EpochRecord, type TrainConfig } from '../src/lib/train/trainer';
import { parseBackend, useBackend } from './lib/backend-node';
import { intOption, parseArgs, stringOption } from './lib/cli-args';
import { loadMnistSplit } from './lib/mnist-node';
import { formatDuration, progressLine } from './lib/progress';
import { defaultRecipe, DEFAULT_SEED } from './lib/recipes';
import type { TrainedModel } from './lib/package-model';

function rangeIndices(start: number, end: number): Uint32Array {
  return Uint32Array.from({ length: end - start }, (_, i) => start + i);
}

function encodeParams(params: Readonly<Record<string, PlainParam>>): Record<string, { shape: number[]; base64: string }> {
  const out: Record<string, { shape: number[]; base64: string }> = {};
  for (const [key, p] of Object.entries(params)) {
    out[key] = { shape: [...p.shape], base64: Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength).toString('base64') };
  }
  return out;
}

function decodeParams(encoded: Record<string, { shape: number[]; base64: string }>): Record<string, PlainParam> {
  const out: Record<string, PlainParam> = {};
  for (const [key, p] of Object.entries(encoded)) {
    const bytes = Buffer.from(p.base64, 'base64');
    out[key] = { shape: p.shape, data: new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) };
  }
  return out;
}

// Imported when needed: packaging pulls in the weights writer, which training itself never uses.
async function packageTrainedModel(trained: TrainedModel, outDir: string): Promise<void> {
  const { packageTrainedModel: run } = await import('./lib/package-model');
  await run(trained, outDir);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['model', 'epochs', 'seed', 'out', 'backend', 'batch-size', 'max-batches', 'package-from']);
  const which = stringOption(args, 'model') ?? 'all';
  if (!['attention', 'traditional', 'all'].includes(which)) throw new Error(`--model must be attention, traditional or all, got "${which}"`);
  const models: ModelName[] = which === 'all' ? ['traditional', 'attention'] : [which as ModelName];
  const seed = intOption(args, 'seed', 0) ?? DEFAULT_SEED;
  const outDir = path.resolve(stringOption(args, 'out') ?? 'pretrained');
  const backend = parseBackend(stringOption(args, 'backend'));
  mkdirSync(outDir, { recursive: true });
  await useBackend(backend);

  const packageFrom = stringOption(args, 'package-from');
  if (packageFrom) {
    const saved = JSON.parse(readFileSync(packageFrom, 'utf8')) as Omit<TrainedModel, 'params'> & { params: Record<string, { shape: number[]; base64: string }> };
    await packageTrainedModel({ ...saved, params: decodeParams(saved.params) }, outDir);
    return;
  }

  const trainSet = loadMnistSplit('train');
  const split = trainValidationSplit(trainSet.images.count);
  const normalizedLut = normalizePixels(Uint8Array.from({ length: 256 }, (_, i) => i));
  const data = {
    pixels: trainSet.images.pixels,
    labels: trainSet.labels,
    trainIndices: rangeIndices(split.train.start, split.train.end),
    validationIndices: rangeIndices(split.validation.start, split.validation.end),
    normalizedLut,
  };

  for (const model of models) {
    const recipe = defaultRecipe(model, seed);
    const config: TrainConfig = {
      ...recipe,
      epochs: intOption(args, 'epochs', 1) ?? recipe.epochs,
      batchSize: intOption(args, 'batch-size', 1) ?? recipe.batchSize,
      maxBatchesPerEpoch: intOption(args, 'max-batches', 1),
    };
    const line = progressLine();
    console.error(`training ${model} CNN on ${backend}: ${config.epochs} epochs, batch ${config.batchSize}, seed ${seed}`);
    const result = await train(
      config,
      data,
      (p) =>
        line.update(
          `${model} epoch ${p.epoch}/${p.epochs} batch ${p.batch}/${p.batches} loss ${p.loss.toFixed(4)} acc ${(100 * p.accuracy).toFixed(2)}% ` +
            `${p.imagesPerSecond.toFixed(0)} img/s ETA ${formatDuration(p.etaSeconds)}`,
          p.batch / p.batches,
        ),
      (e: EpochRecord) =>
        line.done(
          `${model} epoch ${e.epoch}: train loss ${e.trainLoss.toFixed(4)} acc ${(100 * e.trainAccuracy).toFixed(2)}% | ` +
            `validation loss ${e.validationLoss.toFixed(4)} acc ${(100 * e.validationAccuracy).toFixed(2)}% | ${e.imagesPerSecond.toFixed(0)} img/s, ${formatDuration(e.seconds)}`,
        ),
    );
    const trained: TrainedModel = { model, config, backend, history: result.history, seconds: result.seconds, params: result.params };
    // Keep the raw result first, so a failure while packaging never costs a training run.
    const checkpointDir = path.join(os.tmpdir(), 'cnn-course-train');
    mkdirSync(checkpointDir, { recursive: true });
    const checkpoint = path.join(checkpointDir, `${model}-seed${seed}.json`);
    writeFileSync(checkpoint, JSON.stringify({ ...trained, params: encodeParams(result.params) }));
    console.error(`raw result saved to ${checkpoint} (repackage with --package-from)`);
    await packageTrainedModel(trained, outDir);
  }
  if (tf.memory().numTensors > 0) console.error(`note: ${tf.memory().numTensors} tensors still allocated`);
}

main().catch((error: unknown) => {
  console.error(`train: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
