// Turns a training result into the published artefacts: the PyTorch-layout safetensors file,
// the final test-set evaluation (run once, here) and the model's entry in model-card.json.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { MNIST_MEAN, MNIST_STD, normalizePixels } from '../../src/lib/data/preprocess';
import type { ModelCard, ModelCardEntry } from '../../src/lib/models/model-card';
import { toTensorParams, type PlainParam } from '../../src/lib/models/params';
import { getModel, type ModelId } from '../../src/lib/models/registry';
import { evaluate, type EpochRecord, type TrainConfig } from '../../src/lib/train/trainer';
import { saveModelWeights } from '../../src/lib/weights/model-weights';
import { loadMnistSplit, mnistDataPackage, sha256Hex } from './mnist-node';
import { AUGMENTATION_TEXT, LOSS_TEXT, PENALTY_LOSS_TEXT, type RecipeInit } from './recipes';
import { fashionDataPackage, loadFashionMnist } from './fashion-node';
import { FASHION_CLASS_NAMES } from '../../src/lib/data/fashion-mnist';
import { selfTestLogits, SELF_TEST_INDEX } from './self-test';

export interface TrainedModel {
  model: ModelId;
  config: Omit<TrainConfig, 'initialParams'>;
  /** Where the starting parameters came from (null: the seeded initialisation). */
  init?: RecipeInit | null;
  backend: string;
  history: EpochRecord[];
  seconds: number;
  params: Readonly<Record<string, PlainParam>>;
}

export const MODEL_CARD_FILE = 'model-card.json';

/** Provenance of a recipe's starting weights: the committed file and its hash. */
function initRecord(init: RecipeInit): NonNullable<ModelCardEntry['training']['init']> {
  const file = path.join(process.cwd(), 'pretrained', getModel(init.from).weightsFile);
  return {
    from: `pretrained/${getModel(init.from).weightsFile}`,
    sha256: sha256Hex(new Uint8Array(readFileSync(file))),
    prefixes: [...init.prefixes],
  };
}

function emptyCard(): ModelCard {
  const train = loadMnistSplit('train');
  const test = loadMnistSplit('test');
  const files: Record<string, string> = {};
  for (const f of [train.files.images, train.files.labels, test.files.images, test.files.labels]) files[f.name] = f.sha256;
  return {
    format: 'model-card/1',
    title: 'Deep Learning with PyTorch — Session 4: pretrained MNIST models',
    preprocessing: {
      scale: 'pixels / 255',
      mean: MNIST_MEAN,
      std: MNIST_STD,
      layout: 'input 1×28×28 (PyTorch NCHW); white digit on black background',
    },
    data: {
      package: mnistDataPackage(),
      files,
      split: {
        train: 'training file images 0–54999 (55,000)',
        validation: 'training file images 55000–59999 (5,000), never trained on',
        test: 't10k file, all 10,000 images, used only for the final evaluation',
      },
    },
    environment: { tfjs: tf.version_core, node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, date: '' },
    models: {},
  };
}

export function readModelCard(outDir: string): ModelCard | null {
  const file = path.join(outDir, MODEL_CARD_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ModelCard) : null;
}

/** The test set a model is judged on, with its provenance for the card. */
function testSetOf(model: ModelId): {
  pixels: Uint8Array;
  labels: Uint8Array;
  count: number;
  inputPrefix: string;
  dataset?: ModelCardEntry['dataset'];
} {
  const definition = getModel(model);
  if (definition.dataset === 'fashion-mnist') {
    const fashion = loadFashionMnist();
    return {
      ...fashion.test,
      inputPrefix: 'fashion-test',
      dataset: {
        name: 'Fashion-MNIST (our split, not the official one)',
        package: fashionDataPackage(),
        files: fashion.files,
        split: {
          train: `per class in file order, empty rows and exact duplicates removed (${fashion.skipped.duplicates} duplicates): all but the last 1,500 (${fashion.train.count})`,
          validation: `the 500 before each class's last 1,000 (${fashion.validation.count}), never trained on`,
          test: `each class's last 1,000 (${fashion.test.count}), used only for the final evaluation`,
        },
        normalization: { ...definition.normalization },
        classes: [...FASHION_CLASS_NAMES],
      },
    };
  }
  const test = loadMnistSplit('test');
  return { pixels: test.images.pixels, labels: test.labels, count: test.images.count, inputPrefix: 'mnist-test' };
}

export async function packageTrainedModel(trained: TrainedModel, outDir: string): Promise<ModelCardEntry> {
  const { model, config } = trained;
  const definition = getModel(model);
  const test = testSetOf(model);
  const lut = normalizePixels(
    Uint8Array.from({ length: 256 }, (_, i) => i),
    undefined,
    definition.normalization,
  );
  const params = toTensorParams(model, trained.params);
  let entry: ModelCardEntry;
  try {
    const indices = Uint32Array.from({ length: test.count }, (_, i) => i);
    const result = await evaluate(model, params, test.pixels, test.labels, indices, lut);
    const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
    for (let i = 0; i < indices.length; i++) confusion[test.labels[i]][result.predictions[i]]++;
    const perClassAccuracy = confusion.map((row, c) => row[c] / row.reduce((a, b) => a + b, 0));

    const bytes = saveModelWeights(definition, trained.params as Record<string, { shape: number[]; data: Float32Array }>, {
      model: definition.pytorchClass,
      seed: String(config.seed),
      test_accuracy: result.accuracy.toFixed(4),
      trained_with: `tfjs ${tf.version_core} (${trained.backend}) by npm run train`,
    });
    const file = definition.weightsFile;
    writeFileSync(path.join(outDir, file), bytes);

    const tensors: ModelCardEntry['parameters']['tensors'] = {};
    let total = 0;
    for (const spec of getModel(model).params) {
      const count = spec.shape.reduce((a, b) => a * b, 1);
      tensors[spec.key] = { shape: [...spec.shape], count };
      total += count;
    }
    const meanImagesPerSecond = trained.history.reduce((n, e) => n + e.imagesPerSecond, 0) / Math.max(1, trained.history.length);
    entry = {
      pytorchClass: definition.pytorchClass,
      file,
      bytes: bytes.length,
      sha256: sha256Hex(bytes),
      parameters: { total, tensors },
      training: {
        seed: config.seed,
        epochs: config.epochs,
        batchSize: config.batchSize,
        optimizer: { name: 'Adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
        schedule: { kind: 'linear warm-up + cosine decay', ...config.schedule },
        augmentation: config.maxShift > 0 ? AUGMENTATION_TEXT : 'none',
        loss: config.attentionPenalty ? PENALTY_LOSS_TEXT : LOSS_TEXT,
        backend: trained.backend,
        wallSeconds: Math.round(trained.seconds),
        imagesPerSecond: Math.round(meanImagesPerSecond),
        history: trained.history,
        ...(config.attentionPenalty ? { attentionPenalty: config.attentionPenalty } : {}),
        ...(trained.init ? { init: initRecord(trained.init) } : {}),
        ...(config.trainablePrefixes ? { trainable: [...config.trainablePrefixes] } : {}),
      },
      test: { count: indices.length, loss: result.loss, accuracy: result.accuracy, confusion, perClassAccuracy },
      selfTest: {
        input: `${test.inputPrefix}:${SELF_TEST_INDEX}`,
        label: test.labels[SELF_TEST_INDEX],
        logits: await selfTestLogits(model, params, test.pixels),
      },
      ...(test.dataset ? { dataset: test.dataset } : {}),
    };
  } finally {
    tf.dispose(Object.values(params));
  }

  const card = readModelCard(outDir) ?? emptyCard();
  card.environment = {
    ...card.environment,
    tfjs: tf.version_core,
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    date: new Date().toISOString().slice(0, 10),
  };
  card.models = { ...card.models, [model]: entry };
  writeFileSync(path.join(outDir, MODEL_CARD_FILE), `${JSON.stringify(card, null, 2)}\n`);
  console.error(
    `${model}: test accuracy ${(100 * entry.test.accuracy).toFixed(2)}% (loss ${entry.test.loss.toFixed(4)}), ` +
      `packaged ${entry.file} (${entry.bytes} bytes, sha256 ${entry.sha256.slice(0, 12)}…)`,
  );
  return entry;
}
