// One lab 2 training run, start to finish, on whatever tfjs backend is active: the shared training
// loop (trainer.ts) on the first N class-interleaved training images, a "film" of the strip's
// attention maps and CAMs every few steps, live curves (training averages between frames, the
// held-out 1,000 now and then), the test accuracy on the full test set, and the safetensors file.
// The browser's worker and `npm run train -- --lab` both run exactly this.
import * as tf from '@tensorflow/tfjs-core';
import { NUM_CLASSES, PIXELS_PER_IMAGE } from '../contract/constants';
import { fromRows, heatmap, type Heatmap } from '../contract/heatmap';
import { FASHION_MEAN, FASHION_STD } from '../data/fashion-mnist';
import { MNIST_NORMALIZATION, normalizePixels, type Normalization } from '../data/preprocess';
import type { LabDataset } from '../data/train-set-asset';
import { combineGradientCam, layerGradients } from '../explain/gradient-cams';
import { predictionFromLogits } from '../explain/predict';
import { explainVariants } from '../explain/variant-explanation';
import type { PlainParams } from '../models/params';
import { getModel } from '../models/registry';
import { saveModelWeights } from '../weights/model-weights';
import { labRunSteps, labTrainConfig, trainedModelId, type LabTrainingSettings } from './lab-training';
import { evaluate, train, type EpochRecord, type TrainProgress } from './trainer';

const PIXELS = PIXELS_PER_IMAGE;
export const STRIP_IMAGES = 8;
/** Frames a run aims for: enough for a smooth film, few enough to stay cheap. */
const FILM_FRAMES = 40;
const FRAME_STEPS = [5, 10, 25, 50, 100, 200, 500, 1000];
/** The held-out set is scored at most this often (steps) — 1,000 images cost about 3 % of that many steps. */
const VALIDATION_EVERY_MIN = 100;
const TEST_SLICE = 1000;

export function datasetNormalization(dataset: LabDataset): Normalization {
  return dataset === 'fashion-mnist' ? { mean: FASHION_MEAN, std: FASHION_STD } : MNIST_NORMALIZATION;
}

/** Steps between film frames: a round number giving about 40 frames ("step 0, 50, 100, …"). */
export function frameInterval(totalSteps: number): number {
  return FRAME_STEPS.find((n) => totalSteps / n <= FILM_FRAMES) ?? Math.ceil(totalSteps / FILM_FRAMES);
}

export function validationInterval(totalSteps: number): number {
  const frame = frameInterval(totalSteps);
  return frame * Math.max(1, Math.ceil(VALIDATION_EVERY_MIN / frame));
}

export interface LabRunData {
  /** The training split in class-interleaved order; the run uses the first settings.trainImages. */
  trainPixels: Uint8Array;
  trainLabels: Uint8Array;
  /** The held-out images scored for the live curve (and after every epoch). */
  validationPixels: Uint8Array;
  validationLabels: Uint8Array;
  testPixels: Uint8Array;
  testLabels: Uint8Array;
}

export interface StripImage {
  /** Index in the test set. */
  index: number;
  label: number;
  pixels: Uint8Array;
}

export interface FrameMaps {
  predicted: number;
  probability: number;
  /** Spatial attention (the mean over heads for multi-head models); null for networks without one (SE, traditional). */
  attention: Heatmap | null;
  /** Heads averaged into `attention` (0 without spatial attention). */
  attentionHeads: number;
  /** Attention-CAM of the true class (signed), or Grad-CAM at conv3 for the traditional CNN. */
  cam: Heatmap;
}

export interface FilmFrame {
  step: number;
  /** Epochs done, fractional. */
  epochs: number;
  maps: FrameMaps[];
}

export interface CurvePoint {
  step: number;
  epochs: number;
  /** Averages over the steps since the last point. */
  trainLoss: number;
  trainAccuracy: number;
}

export interface ValidationPoint {
  step: number;
  epochs: number;
  loss: number;
  accuracy: number;
}

export interface LabRunCallbacks {
  /** Awaited before every batch (pause: don't settle yet; cancel: throw). */
  beforeBatch?: () => Promise<void>;
  onProgress?: (p: TrainProgress) => void;
  onCurve?: (p: CurvePoint) => void;
  onValidation?: (p: ValidationPoint) => void;
  onFrame?: (f: FilmFrame) => void;
  onEpoch?: (e: EpochRecord) => void;
  onTestProgress?: (done: number, total: number) => void;
  /** Film and held-out scoring can be turned off (the benchmark measures what they cost). */
  watch?: boolean;
}

export interface LabRunResult {
  /** tfjs layout. */
  params: PlainParams;
  history: EpochRecord[];
  test: { count: number; loss: number; accuracy: number };
  /** PyTorch-layout safetensors, as a reader downloads it. */
  safetensors: Uint8Array;
  trainSeconds: number;
  /** What watching cost inside trainSeconds, timed where it runs (not a difference of two noisy runs). */
  watching: WatchingCost;
  backend: string;
  steps: number;
  frameEvery: number;
}

export interface WatchingCost {
  /** Film frames taken, and the seconds spent computing them (the strip's maps). */
  frames: number;
  frameSeconds: number;
  /** Held-out scorings between epochs (the live validation curve), and their seconds. */
  validations: number;
  validationSeconds: number;
}

/** When a run of these settings takes film frames and scores the held-out set (one rule, for the loop and for estimates). */
export function watchPlan(settings: LabTrainingSettings) {
  const steps = labRunSteps(settings);
  const stepsPerEpoch = steps / settings.epochs;
  const frameEvery = frameInterval(steps);
  const validateEvery = validationInterval(steps);
  /** After batch `step` (1-based); step 0's frame is taken before the first batch. */
  const isFrameStep = (step: number) => step === 0 || step % frameEvery === 0 || step === steps;
  const isValidationStep = (step: number) => step % validateEvery === 0 && step % stepsPerEpoch !== 0;
  let frames = 0;
  let validations = 0;
  for (let step = 0; step <= steps; step++) {
    if (isFrameStep(step)) frames++;
    if (step > 0 && isValidationStep(step)) validations++;
  }
  return { steps, stepsPerEpoch, frameEvery, validateEvery, isFrameStep, isValidationStep, frames, validations };
}

/** The strip: the first 8 test images in class order (one each of classes 0–7). */
export function stripIndices(testLabels: Uint8Array): number[] {
  const picked: number[] = [];
  for (let c = 0; c < STRIP_IMAGES; c++) {
    const i = testLabels.indexOf(c);
    if (i < 0) throw new RangeError(`the test set has no image of class ${c}`);
    picked.push(i);
  }
  return picked;
}

/** The strip's maps for the current parameters: lab 1's explanation of attention models (any head design), Grad-CAM otherwise. */
async function filmMaps(
  settings: LabTrainingSettings,
  params: Readonly<Record<string, tf.Tensor>>,
  strip: StripImage[],
): Promise<FrameMaps[]> {
  const model = trainedModelId(settings);
  const definition = getModel(model);
  // The data's own normalisation: an SE network trained on Fashion-MNIST sees clothing as it trained.
  const normalization = datasetNormalization(settings.dataset);
  const images = strip.map((s) => s.pixels);
  if (definition.cam) {
    const explained = await explainVariants(model, params, images, normalization);
    return explained.map((e, i) => {
      const heads = e.attention.map((rows) => fromRows(rows));
      const attention = heads.length === 0 ? null : heads.length === 1 ? heads[0] : meanMap(heads);
      return {
        predicted: e.predicted,
        probability: e.probabilities[e.predicted],
        attention,
        attentionHeads: heads.length,
        cam: fromRows(e.cams[strip[i].label]),
      };
    });
  }
  const targets = strip.map((s) => ({ classIndex: s.label }));
  const g = await layerGradients(model, params, images, 'conv3', targets, normalization);
  return strip.map((_, i) => {
    const prediction = predictionFromLogits(Array.from(g.logits.subarray(i * NUM_CLASSES, (i + 1) * NUM_CLASSES)));
    return {
      predicted: prediction.predicted,
      probability: prediction.probabilities[prediction.predicted],
      attention: null,
      attentionHeads: 0,
      cam: combineGradientCam('gradcam', g, i).map,
    };
  });
}

function meanMap(maps: readonly Heatmap[]): Heatmap {
  const data = new Float32Array(maps[0].data.length);
  for (const m of maps) m.data.forEach((v, k) => (data[k] += v / maps.length));
  return heatmap(maps[0].height, maps[0].width, data);
}

/** What the downloaded file says about itself (the same in the browser and in Node). */
export function labWeightsMetadata(settings: LabTrainingSettings, testAccuracy: number, backend: string): Record<string, string> {
  const model = getModel(trainedModelId(settings));
  return {
    model: model.pytorchClass,
    dataset: settings.dataset,
    seed: String(settings.seed),
    settings: JSON.stringify(settings),
    test_accuracy: testAccuracy.toFixed(4),
    trained_with: `tfjs ${tf.version_core} (${backend}), homework lab 2`,
  };
}

export async function runLabTraining(
  settings: LabTrainingSettings,
  data: LabRunData,
  callbacks: LabRunCallbacks = {},
): Promise<LabRunResult> {
  const n = settings.trainImages;
  if (data.trainLabels.length < n) throw new RangeError(`${n} training images asked for, ${data.trainLabels.length} loaded`);
  const validationCount = data.validationLabels.length;
  const pixels = new Uint8Array((n + validationCount) * PIXELS);
  pixels.set(data.trainPixels.subarray(0, n * PIXELS));
  pixels.set(data.validationPixels, n * PIXELS);
  const labels = new Uint8Array(n + validationCount);
  labels.set(data.trainLabels.subarray(0, n));
  labels.set(data.validationLabels, n);
  const range = (from: number, count: number) => Uint32Array.from({ length: count }, (_, i) => from + i);
  const normalizedLut = normalizePixels(
    Uint8Array.from({ length: 256 }, (_, i) => i),
    undefined,
    datasetNormalization(settings.dataset),
  );
  const trainIndices = range(0, n);
  const validationIndices = range(n, validationCount);
  const config = labTrainConfig(settings);
  const { steps, stepsPerEpoch, frameEvery, isFrameStep, isValidationStep } = watchPlan(settings);
  const watch = callbacks.watch ?? true;
  const strip = stripIndices(data.testLabels).map((index) => ({
    index,
    label: data.testLabels[index],
    pixels: data.testPixels.slice(index * PIXELS, (index + 1) * PIXELS),
  }));
  let lossSum = 0;
  let hitSum = 0;
  let since = 0;
  let lastFrame = -1;
  const watching: WatchingCost = { frames: 0, frameSeconds: 0, validations: 0, validationSeconds: 0 };

  const frame = async (step: number, params: Readonly<Record<string, tf.Tensor>>) => {
    if (!watch || step === lastFrame) return;
    lastFrame = step;
    const from = performance.now();
    const maps = await filmMaps(settings, params, strip);
    watching.frames++;
    watching.frameSeconds += (performance.now() - from) / 1000;
    callbacks.onFrame?.({ step, epochs: step / stepsPerEpoch, maps });
  };
  const started = performance.now();
  const result = await train(
    config,
    { pixels, labels, trainIndices, validationIndices, normalizedLut },
    (p) => {
      lossSum += p.batchLoss;
      hitSum += p.batchAccuracy;
      since++;
      callbacks.onProgress?.(p);
    },
    (e) => callbacks.onEpoch?.(e),
    {
      beforeBatch: async (step, params) => {
        await callbacks.beforeBatch?.();
        if (step === 0) await frame(0, params);
      },
      afterBatch: async (step, params) => {
        if (isFrameStep(step)) {
          callbacks.onCurve?.({ step, epochs: step / stepsPerEpoch, trainLoss: lossSum / since, trainAccuracy: hitSum / since });
          lossSum = 0;
          hitSum = 0;
          since = 0;
          await frame(step, params);
        }
        if (watch && isValidationStep(step)) {
          const from = performance.now();
          const v = await evaluate(config.model, params, pixels, labels, validationIndices, normalizedLut);
          watching.validations++;
          watching.validationSeconds += (performance.now() - from) / 1000;
          callbacks.onValidation?.({ step, epochs: step / stepsPerEpoch, loss: v.loss, accuracy: v.accuracy });
        }
      },
    },
  );
  const trainSeconds = (performance.now() - started) / 1000;
  result.history.forEach((e) => {
    // The trainer scores the held-out set after every epoch: those are points of the validation curve too.
    callbacks.onValidation?.({ step: e.epoch * stepsPerEpoch, epochs: e.epoch, loss: e.validationLoss, accuracy: e.validationAccuracy });
  });

  const test = await testAccuracy(settings, result.params, data, callbacks);
  const backend = tf.getBackend();
  const safetensors = saveModelWeights(
    getModel(config.model),
    result.params as Record<string, { shape: number[]; data: Float32Array }>,
    labWeightsMetadata(settings, test.accuracy, backend),
  );
  return { params: result.params, history: result.history, test, safetensors, trainSeconds, watching, backend, steps, frameEvery };
}

/** Loss and accuracy on the whole test set, a slice at a time (progress and cancel between slices). */
async function testAccuracy(
  settings: LabTrainingSettings,
  plain: PlainParams,
  data: LabRunData,
  callbacks: LabRunCallbacks,
): Promise<LabRunResult['test']> {
  const model = trainedModelId(settings);
  const lut = normalizePixels(
    Uint8Array.from({ length: 256 }, (_, i) => i),
    undefined,
    datasetNormalization(settings.dataset),
  );
  const params = Object.fromEntries(Object.entries(plain).map(([k, p]) => [k, tf.tensor(p.data, [...p.shape], 'float32')]));
  const count = data.testLabels.length;
  let lossSum = 0;
  let correct = 0;
  try {
    for (let start = 0; start < count; start += TEST_SLICE) {
      await callbacks.beforeBatch?.();
      const indices = Uint32Array.from({ length: Math.min(TEST_SLICE, count - start) }, (_, i) => start + i);
      const r = await evaluate(model, params, data.testPixels, data.testLabels, indices, lut);
      lossSum += r.loss * indices.length;
      correct += Math.round(r.accuracy * indices.length);
      callbacks.onTestProgress?.(start + indices.length, count);
    }
  } finally {
    tf.dispose(Object.values(params));
  }
  return { count, loss: lossSum / count, accuracy: correct / count };
}
