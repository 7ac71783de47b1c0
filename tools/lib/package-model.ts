// Turns a training result into the published artefacts: the PyTorch-layout safetensors file,
// the final test-set evaluation (run once, here) and the model's entry in model-card.json.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { MNIST_MEAN, MNIST_STD, normalizePixels } from '../../src/lib/data/preprocess';
import type { ModelCard, ModelCardEntry } from '../../src/lib/models/model-card';
import { toTensorParams, type PlainParam } from '../../src/lib/models/params';
import { getModel, type ModelName } from '../../src/lib/models/registry';
import { evaluate, type EpochRecord, type TrainConfig } from '../../src/lib/train/trainer';
import { saveModelWeights } from '../../src/lib/weights/model-weights';
import { loadMnistSplit, mnistDataPackage, sha256Hex } from './mnist-node';
import { AUGMENTATION_TEXT, LOSS_TEXT } from './recipes';
import { selfTestLogits, SELF_TEST_INDEX } from './self-test';
import { PYTORCH_CLASSES, WEIGHT_FILES } from './weight-files';

export interface TrainedModel {
  model: ModelName;
  config: TrainConfig;
  backend: string;
  history: EpochRecord[];
  seconds: number;
  params: Readonly<Record<string, PlainParam>>;
}

export const MODEL_CARD_FILE = 'model-card.json';

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

export async function packageTrainedModel(trained: TrainedModel, outDir: string): Promise<ModelCardEntry> {
  const { model, config } = trained;
  const test = loadMnistSplit('test');
  const lut = normalizePixels(Uint8Array.from({ length: 256 }, (_, i) => i));
  const params = toTensorParams(model, trained.params);
  let entry: ModelCardEntry;
  try {
    const indices = Uint32Array.from({ length: test.images.count }, (_, i) => i);
    const result = await evaluate(model, params, test.images.pixels, test.labels, indices, lut);
    const confusion = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
    for (let i = 0; i < indices.length; i++) confusion[test.labels[i]][result.predictions[i]]++;
    const perClassAccuracy = confusion.map((row, c) => row[c] / row.reduce((a, b) => a + b, 0));

    const bytes = saveModelWeights(getModel(model), trained.params as Record<string, { shape: number[]; data: Float32Array }>, {
      model: PYTORCH_CLASSES[model],
      seed: String(config.seed),
      test_accuracy: result.accuracy.toFixed(4),
      trained_with: `tfjs ${tf.version_core} (${trained.backend}) by npm run train`,
    });
    const file = WEIGHT_FILES[model];
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
      pytorchClass: PYTORCH_CLASSES[model],
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
        loss: LOSS_TEXT,
        backend: trained.backend,
        wallSeconds: Math.round(trained.seconds),
        imagesPerSecond: Math.round(meanImagesPerSecond),
        history: trained.history,
      },
      test: { count: indices.length, loss: result.loss, accuracy: result.accuracy, confusion, perClassAccuracy },
      selfTest: {
        input: `mnist-test:${SELF_TEST_INDEX}`,
        label: test.labels[SELF_TEST_INDEX],
        logits: await selfTestLogits(model, params, test.images.pixels),
      },
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
