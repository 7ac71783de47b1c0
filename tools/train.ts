// npm run train -- --model <registry id>|all [--epochs N] [--seed S] [--out DIR | --overwrite-pretrained]
//                  [--backend wasm|cpu] [--batch-size N] [--max-batches N] [--package-from FILE]
// Trains the lesson's models (and lab 1's variants) in Node with tfjs and writes PyTorch-layout safetensors
// plus model-card.json into runs/<timestamp>/ (pretrained/ only with --overwrite-pretrained).
// Same seed + same backend → same weights, bit for bit.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { normalizePixels } from '../src/lib/data/preprocess';
import { trainValidationSplit } from '../src/lib/data/split';
import { getModel, isModelId, MODEL_IDS, MODEL_NAMES, type ModelId } from '../src/lib/models/registry';
import type { PlainParam } from '../src/lib/models/params';
import { train, type EpochRecord, type TrainConfig, type TrainData } from '../src/lib/train/trainer';
import { parseBackend, useBackend } from './lib/backend-node';
import { intOption, parseArgs, runCli, stringOption, UsageError } from './lib/cli-args';
import { loadMnistSplit } from './lib/mnist-node';
import { loadFashionMnist } from './lib/fashion-node';
import { loadPretrainedPlain } from './lib/load-pretrained';
import { formatDuration, progressLine } from './lib/progress';
import { defaultRecipe, DEFAULT_SEED, type RecipeInit } from './lib/recipes';
import type { TrainedModel } from './lib/package-model';
import { trainOutputDir, writeSetAtomically } from './lib/train-output';
import { LAB_OPTIONS, LAB_USAGE, trainLab } from './lib/lab-train-cli';

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
  --model M               all (the course's two networks, the default) or one of:
                          ${MODEL_IDS.join(', ')}
  --epochs N              epochs (default: the lesson's recipe)
  --batch-size N          batch size (default: the recipe's)
  --max-batches N         stop each epoch after N batches (smoke runs)
  --seed S                random seed (default ${DEFAULT_SEED})
  --backend wasm|cpu      tfjs backend (default wasm)
  --out DIR               output folder (default runs/<UTC timestamp>/)
  --overwrite-pretrained  write into pretrained/, replacing the published weights and model card
  --package-from FILE     package a saved raw result (see the message after training) instead of training
  --help                  this text
${LAB_USAGE}The weights and model-card.json are written together: into a staging folder first, then renamed
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

/** The model's training and validation images (MNIST's fixed split, or lab 1's Fashion-MNIST split). */
function trainingData(model: ModelId): TrainData {
  const definition = getModel(model);
  const normalizedLut = normalizePixels(
    Uint8Array.from({ length: 256 }, (_, i) => i),
    undefined,
    definition.normalization,
  );
  if (definition.dataset === 'fashion-mnist') {
    const fashion = loadFashionMnist();
    const pixels = new Uint8Array((fashion.train.count + fashion.validation.count) * 784);
    pixels.set(fashion.train.pixels);
    pixels.set(fashion.validation.pixels, fashion.train.pixels.length);
    const labels = new Uint8Array(fashion.train.count + fashion.validation.count);
    labels.set(fashion.train.labels);
    labels.set(fashion.validation.labels, fashion.train.count);
    return {
      pixels,
      labels,
      trainIndices: rangeIndices(0, fashion.train.count),
      validationIndices: rangeIndices(fashion.train.count, labels.length),
      normalizedLut,
    };
  }
  const trainSet = loadMnistSplit('train');
  const split = trainValidationSplit(trainSet.images.count);
  return {
    pixels: trainSet.images.pixels,
    labels: trainSet.labels,
    trainIndices: rangeIndices(split.train.start, split.train.end),
    validationIndices: rangeIndices(split.validation.start, split.validation.end),
    normalizedLut,
  };
}

/** The published parameters a recipe starts from (always the committed pretrained/ files). */
function initialParams(init: RecipeInit): Record<string, PlainParam> {
  const source = loadPretrainedPlain(path.join(process.cwd(), 'pretrained'), init.from);
  return Object.fromEntries(Object.entries(source).filter(([key]) => init.prefixes.some((p) => key.startsWith(`${p}.`))));
}

async function main(): Promise<void> {
  const args = parseArgs(
    process.argv.slice(2),
    ['model', 'epochs', 'seed', 'out', 'backend', 'batch-size', 'max-batches', 'package-from', ...LAB_OPTIONS],
    ['overwrite-pretrained', 'lab'],
  );
  if (args.positional.length > 0) throw new UsageError(`unexpected argument "${args.positional[0]}" (see --help)`);
  if (args.options.has('lab')) {
    if (args.options.has('overwrite-pretrained'))
      throw new UsageError('--lab runs never replace the published weights: drop --overwrite-pretrained');
    const backend = parseBackend(stringOption(args, 'backend'));
    await useBackend(backend);
    const outDir = trainOutputDir({ out: stringOption(args, 'out'), overwritePretrained: false, root: process.cwd(), now: new Date() });
    await trainLab(args, outDir, backend);
    return;
  }
  const labOnly = LAB_OPTIONS.find((o) => args.options.has(o));
  if (labOnly) throw new UsageError(`--${labOnly} needs --lab`);
  const which = stringOption(args, 'model') ?? 'all';
  if (which !== 'all' && !isModelId(which)) throw new UsageError(`--model must be all or one of ${MODEL_IDS.join(', ')}, got "${which}"`);
  const models: ModelId[] = which === 'all' ? [...MODEL_NAMES].reverse() : [which as ModelId];
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

  const trainedModels: TrainedModel[] = [];
  for (const model of models) {
    const recipe = defaultRecipe(model, seed);
    const data = trainingData(model);
    const config: TrainConfig = {
      ...recipe.config,
      epochs: epochs ?? recipe.config.epochs,
      batchSize: batchSize ?? recipe.config.batchSize,
      maxBatchesPerEpoch: maxBatches,
      initialParams: recipe.init ? initialParams(recipe.init) : undefined,
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
    const { initialParams: _initial, ...recorded } = config;
    const trained: TrainedModel = {
      model,
      config: recorded,
      init: recipe.init,
      backend,
      history: result.history,
      seconds: result.seconds,
      params: result.params,
    };
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
