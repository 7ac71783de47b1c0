// The training loop shared by `npm run train` and its smoke test: Adam on softmax cross-entropy,
// seeded init / shuffling / augmentation, a warm-up + cosine schedule, and a validation pass
// after every epoch. Backend-agnostic; on wasm register the gradient kernels first.
import * as tf from '@tensorflow/tfjs-core';
import type { EpochHistory } from '../models/model-card';
import { getModel } from '../models/registry';
import { readTensors } from '../tensor-read';
import { toPlainParams, type PlainParam, type PlainParams } from '../models/params';
import type { ModelId } from '../models/registry';
import { fillBatch } from './augment';
import { initParams } from '../models/init';
import { createRng, shuffledIndices } from '../rng';
import { learningRateAt, type ScheduleConfig } from './schedule';

export interface TrainConfig {
  model: ModelId;
  epochs: number;
  batchSize: number;
  seed: number;
  schedule: ScheduleConfig;
  /** Random shift augmentation in pixels (0 disables it). */
  maxShift: number;
  /** Stop after this many batches per epoch (smoke tests); undefined = full epochs. */
  maxBatchesPerEpoch?: number;
  /** λ of the attention penalty: loss = cross-entropy + λ·mean(A) (models with spatial attention). */
  attentionPenalty?: number;
  /** Parameters to start from instead of the seeded initialisation (e.g. a trained backbone). */
  initialParams?: Readonly<Record<string, PlainParam>>;
  /** Only parameters whose names start with one of these prefixes learn; the others stay frozen. Default: all learn. */
  trainablePrefixes?: readonly string[];
}

export interface TrainData {
  /** All images, uint8, 784 per image. */
  pixels: Uint8Array;
  labels: Uint8Array;
  trainIndices: Uint32Array;
  validationIndices: Uint32Array;
  /** Normalised value for each uint8 pixel value (the project's one preprocessing function). */
  normalizedLut: Float32Array;
}

/** One epoch's figures; the model card stores exactly these. */
export type EpochRecord = EpochHistory;

export interface TrainProgress {
  /** Steps (batches) done in the whole run. */
  step: number;
  /** This batch's own loss and accuracy (the others are epoch averages so far). */
  batchLoss: number;
  batchAccuracy: number;
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  loss: number;
  accuracy: number;
  imagesPerSecond: number;
  etaSeconds: number;
}

export interface TrainResult {
  params: PlainParams;
  history: EpochRecord[];
  seconds: number;
}

/** A run's loss stopped being a number: the weights after this step are useless. */
export class TrainingDivergedError extends Error {
  override name = 'TrainingDivergedError';
  constructor(
    readonly step: number,
    readonly loss: number,
  ) {
    super(`training diverged at step ${step}: the loss became ${loss} (try a smaller learning rate)`);
  }
}

/** Where a caller steps in between batches (lab 2's worker: pause, cancel, snapshots, live validation). */
export interface TrainHooks {
  /** Awaited before every batch, with the steps done so far and the live parameters: pause by not settling yet, cancel by throwing. */
  beforeBatch?: (step: number, params: Readonly<Record<string, tf.Tensor>>) => Promise<void>;
  /** Awaited after every batch, with the steps done so far and the live parameters (read them; never keep or dispose them). */
  afterBatch?: (step: number, params: Readonly<Record<string, tf.Tensor>>) => Promise<void>;
}

export interface EvaluationResult {
  loss: number;
  accuracy: number;
  predictions: Uint8Array;
}

const IMAGE_PIXELS = 784;

/** Loss, accuracy and predictions of a model over the given images, in batches (no gradients). */
export async function evaluate(
  model: ModelId,
  params: Readonly<Record<string, tf.Tensor>>,
  pixels: Uint8Array,
  labels: Uint8Array,
  indices: ArrayLike<number>,
  normalizedLut: Float32Array,
  batchSize = 1000,
): Promise<EvaluationResult> {
  const definition = getModel(model);
  const predictions = new Uint8Array(indices.length);
  const buffer = new Float32Array(batchSize * IMAGE_PIXELS);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < indices.length; start += batchSize) {
    const n = Math.min(batchSize, indices.length - start);
    fillBatch(pixels, indices, start, n, buffer, normalizedLut, null);
    const batchLabels = new Int32Array(n);
    for (let i = 0; i < n; i++) batchLabels[i] = labels[indices[start + i]];
    const [loss, predicted] = await readTensors(() => {
      const x = tf.tensor4d(buffer.subarray(0, n * IMAGE_PIXELS), [n, 28, 28, 1]);
      const logits = definition.logits(params, x);
      const onehot = tf.oneHot(tf.tensor1d(batchLabels, 'int32'), 10);
      const l = tf.losses.softmaxCrossEntropy(onehot, logits, undefined, undefined, tf.Reduction.SUM);
      return [l, tf.argMax(logits, 1)];
    });
    lossSum += loss[0];
    for (let i = 0; i < n; i++) {
      predictions[start + i] = predicted[i];
      if (predicted[i] === batchLabels[i]) correct++;
    }
  }
  return { loss: lossSum / indices.length, accuracy: correct / indices.length, predictions };
}

export async function train(
  config: TrainConfig,
  data: TrainData,
  onProgress?: (p: TrainProgress) => void,
  onEpoch?: (r: EpochRecord) => void,
  hooks: TrainHooks = {},
): Promise<TrainResult> {
  const { model, batchSize } = config;
  const definition = getModel(model);
  const rng = createRng(config.seed);
  // The seeded initialisation always runs, so the rng sequence (shuffles, shifts) does not depend on initialParams.
  const initial = { ...initParams(model, rng), ...config.initialParams };
  const penalty = config.attentionPenalty ?? 0;
  const cam = definition.cam;
  if (penalty > 0 && !cam) throw new Error(`the ${definition.label} has no spatial attention to penalise`);
  const variables: Record<string, tf.Variable> = {};
  const learns = (key: string) => !config.trainablePrefixes || config.trainablePrefixes.some((prefix) => key.startsWith(`${prefix}.`));
  for (const [key, p] of Object.entries(initial)) {
    // tidy frees the initial value tensor; the variable keeps its own reference.
    variables[key] = tf.tidy(() => tf.variable(tf.tensor(p.data, [...p.shape], 'float32'), learns(key), `${model}/${key}`));
  }
  const varList = Object.entries(variables)
    .filter(([key]) => learns(key))
    .map(([, v]) => v);
  if (varList.length === 0) throw new Error(`no parameter of the ${definition.label} matches ${config.trainablePrefixes?.join(', ')}`);
  const optimizer = tf.train.adam(config.schedule.peak, 0.9, 0.999, 1e-7);
  const fullBatches = Math.floor(data.trainIndices.length / batchSize); // drop the ragged last batch
  const batches = Math.min(fullBatches, config.maxBatchesPerEpoch ?? fullBatches);
  const totalSteps = batches * config.epochs;
  const buffer = new Float32Array(batchSize * IMAGE_PIXELS);
  const batchLabels = new Int32Array(batchSize);
  const history: EpochRecord[] = [];
  const started = performance.now();
  let step = 0;

  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const order = shuffledIndices(data.trainIndices.length, rng);
      for (let i = 0; i < order.length; i++) order[i] = data.trainIndices[order[i]];
      const epochStart = performance.now();
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      let lr = config.schedule.peak;
      for (let b = 0; b < batches; b++) {
        await hooks.beforeBatch?.(step, variables);
        lr = learningRateAt(step, totalSteps, config.schedule);
        (optimizer as unknown as { learningRate: number }).learningRate = lr;
        fillBatch(data.pixels, order, b * batchSize, batchSize, buffer, data.normalizedLut, {
          rng,
          maxShift: config.maxShift,
        });
        for (let i = 0; i < batchSize; i++) batchLabels[i] = data.labels[order[b * batchSize + i]];
        const [lossValue, hitCount] = await readTensors(() => {
          const x = tf.tensor4d(buffer, [batchSize, 28, 28, 1]);
          const labels = tf.tensor1d(batchLabels, 'int32');
          const onehot = tf.oneHot(labels, 10);
          let logits: tf.Tensor2D | null = null;
          const { value, grads } = tf.variableGrads(() => {
            if (penalty > 0 && cam) {
              const out = cam(variables, x);
              if (!out.attention) throw new Error(`the ${definition.label} has no spatial attention to penalise`);
              logits = tf.keep(out.logits);
              return tf.add(tf.losses.softmaxCrossEntropy(onehot, logits), tf.mul(penalty, tf.mean(out.attention))) as tf.Scalar;
            }
            logits = tf.keep(definition.logits(variables, x));
            return tf.losses.softmaxCrossEntropy(onehot, logits) as tf.Scalar;
          }, varList);
          optimizer.applyGradients(grads as tf.NamedTensorMap & Record<string, tf.Variable>);
          const kept = logits as unknown as tf.Tensor2D;
          const hit = tf.sum(tf.cast(tf.equal(tf.argMax(kept, 1), labels), 'int32'));
          tf.dispose(kept); // kept past variableGrads' own tidy; this tidy would not free it
          return [value, hit];
        });
        const loss = lossValue[0];
        const hits = hitCount[0];
        step++;
        if (!Number.isFinite(loss)) throw new TrainingDivergedError(step, loss);
        lossSum += loss * batchSize;
        correct += hits;
        seen += batchSize;
        if (onProgress) {
          const elapsed = (performance.now() - epochStart) / 1000;
          const rate = seen / Math.max(elapsed, 1e-9);
          const remainingImages = (totalSteps - step) * batchSize;
          onProgress({
            step,
            batchLoss: loss,
            batchAccuracy: hits / batchSize,
            epoch,
            epochs: config.epochs,
            batch: b + 1,
            batches,
            loss: lossSum / seen,
            accuracy: correct / seen,
            imagesPerSecond: rate,
            etaSeconds: remainingImages / rate,
          });
        }
        await hooks.afterBatch?.(step, variables);
        // Let the event loop breathe (progress output, signals).
        if (b % 20 === 0) await new Promise((r) => setTimeout(r, 0));
      }
      const trainSeconds = (performance.now() - epochStart) / 1000;
      const validation = await evaluate(model, variables, data.pixels, data.labels, data.validationIndices, data.normalizedLut);
      const record: EpochRecord = {
        epoch,
        trainLoss: lossSum / seen,
        trainAccuracy: correct / seen,
        validationLoss: validation.loss,
        validationAccuracy: validation.accuracy,
        learningRateEnd: lr,
        seconds: (performance.now() - epochStart) / 1000,
        imagesPerSecond: seen / trainSeconds,
      };
      history.push(record);
      onEpoch?.(record);
    }
    return { params: await toPlainParams(model, variables), history, seconds: (performance.now() - started) / 1000 };
  } finally {
    optimizer.dispose();
    tf.dispose(Object.values(variables));
  }
}
