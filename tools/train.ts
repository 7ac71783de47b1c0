// npm run train -- --model attention|traditional|all [--epochs N] [--seed S] [--out DIR | --overwrite-pretrained]
//                  [--backend wasm|cpu] [--batch-size N] [--max-batches N] [--package-from FILE]
// Trains the lesson's models on MNIST in Node with tfjs and writes PyTorch-layout safetensors
// plus model-card.json into runs/<timestamp>/ (pretrained/ only with --overwrite-pretrained).
// Same seed + same backend → same weights, bit for bit.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { normalizePixels } from '../src/lib/data/preprocess';
import { trainValidationSplit } from '../src/lib/data/split';
import type { ModelName } from '../src/lib/models/registry';
import type { PlainParam } from '../src/lib/models/params';
import { train, type EpochRecord, type TrainConfig } from '../src/lib/train/trainer';
import { parseBackend, useBackend } from './lib/backend-node';
import { intOption, parseArgs, runCli, stringOption, UsageError } from './lib/cli-args';
import { loadMnistSplit } from './lib/mnist-node';
import { formatDuration, progressLine } from './lib/progress';
import { defaultRecipe, DEFAULT_SEED } from './lib/recipes';
import type { TrainedModel } from './lib/package-model';
import { trainOutputDir, writeSetAtomically } from './lib/train-output';

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

const USAGE = `
usage: npm run train -- [options]
  --model M               attention, traditional or all (default all)
  --epochs N              epochs (default: the lesson's recipe)
  --batch-size N          batch size (default: the recipe's)
  --max-batches N         stop each epoch after N batches (smoke runs)
  --seed S                random seed (default ${DEFAULT_SEED})
  --backend wasm|cpu      tfjs backend (default wasm)
  --out DIR               output folder (default runs/<UTC timestamp>/)
  --overwrite-pretrained  write into pretrained/, replacing the published weights and model card
  --package-from FILE     package a saved raw result (see the message after training) instead of training
  --help                  this text
The weights and model-card.json are written together: into a staging folder first, then renamed
into the output folder, so an interrupted run never leaves a half-written set.
`;

// Imported when needed: packaging pulls in the weights writer, which training itself never uses.
async function packageTrainedModels(trained: TrainedModel[], outDir: string): Promise<void> {
  const { packageTrainedModel } = await import('./lib/package-model');
  await writeSetAtomically(outDir, async (staging) => {
    for (const t of trained) await packageTrainedModel(t, staging);
  });
  console.error(`wrote ${trained.map((t) => t.model).join(' and ')} to ${path.relative(process.cwd(), outDir) || '.'}/`);
}

async function main(): Promise<void> {
  const args = parseArgs(
    process.argv.slice(2),
    ['model', 'epochs', 'seed', 'out', 'backend', 'batch-size', 'max-batches', 'package-from'],
    ['overwrite-pretrained'],
  );
  if (args.positional.length > 0) throw new UsageError(`unexpected argument "${args.positional[0]}" (see --help)`);
  const which = stringOption(args, 'model') ?? 'all';
  if (!['attention', 'traditional', 'all'].includes(which))
    throw new UsageError(`--model must be attention, traditional or all, got "${which}"`);
  const models: ModelName[] = which === 'all' ? ['traditional', 'attention'] : [which as ModelName];
  const seed = intOption(args, 'seed', 0) ?? DEFAULT_SEED;
  const epochs = intOption(args, 'epochs', 1);
  const batchSize = intOption(args, 'batch-size', 1);
  const maxBatches = intOption(args, 'max-batches', 1);
  const outDir = trainOutputDir({
    out: stringOption(args, 'out'),
    overwritePretrained: args.options.has('overwrite-pretrained'),
    root: process.cwd(),
    now: new Date(),
  });
  const backend = parseBackend(stringOption(args, 'backend'));
  await useBackend(backend);

  const packageFrom = stringOption(args, 'package-from');
  if (packageFrom) {
    const saved = JSON.parse(readFileSync(packageFrom, 'utf8')) as Omit<TrainedModel, 'params'> & {
      params: Record<string, { shape: number[]; base64: string }>;
    };
    await packageTrainedModels([{ ...saved, params: decodeParams(saved.params) }], outDir);
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

  const trainedModels: TrainedModel[] = [];
  for (const model of models) {
    const recipe = defaultRecipe(model, seed);
    const config: TrainConfig = {
      ...recipe,
      epochs: epochs ?? recipe.epochs,
      batchSize: batchSize ?? recipe.batchSize,
      maxBatchesPerEpoch: maxBatches,
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
    trainedModels.push(trained);
  }
  await packageTrainedModels(trainedModels, outDir);
  if (tf.memory().numTensors > 0) console.error(`note: ${tf.memory().numTensors} tensors still allocated`);
}

runCli('train', USAGE, main);
