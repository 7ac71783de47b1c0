// pretrained/model-card.json — written by `npm run train`, checked by `npm run evaluate`, read by
// the training-curves widget and the lessons: what was trained, how, and how well.
import { array, literal, number, object, optional, record, string, type Infer } from './schema';

const epoch = object({
  epoch: number({ integer: true, min: 1 }),
  trainLoss: number(),
  trainAccuracy: number({ min: 0, max: 1 }),
  validationLoss: number(),
  validationAccuracy: number({ min: 0, max: 1 }),
  learningRateEnd: number(),
  seconds: number({ min: 0 }),
  imagesPerSecond: number({ min: 0 }),
});

export const modelCardEntrySchema = object({
  pytorchClass: string(),
  file: string(),
  bytes: number({ integer: true, min: 1 }),
  sha256: string(/^[0-9a-f]{64}$/),
  parameters: object({
    total: number({ integer: true, min: 1 }),
    tensors: record(object({ shape: array(number({ integer: true, min: 1 })), count: number({ integer: true, min: 1 }) })),
  }),
  training: object({
    seed: number({ integer: true }),
    epochs: number({ integer: true, min: 1 }),
    batchSize: number({ integer: true, min: 1 }),
    optimizer: object({ name: literal('Adam'), beta1: number(), beta2: number(), epsilon: number() }),
    schedule: object({ kind: literal('linear warm-up + cosine decay'), peak: number(), warmupFraction: number(), floorFraction: number() }),
    augmentation: string(),
    loss: string(),
    backend: string(),
    wallSeconds: number({ min: 0 }),
    imagesPerSecond: number({ min: 0 }),
    history: array(epoch),
    /** λ of the attention penalty in the loss (lab 1's sparse model). */
    attentionPenalty: optional(number({ min: 0 })),
    /** Where training started, when not from the seeded initialisation. */
    init: optional(object({ from: string(), sha256: string(/^[0-9a-f]{64}$/), prefixes: array(string()) })),
    /** Only these parameter prefixes learned; the rest stayed as initialised (frozen). */
    trainable: optional(array(string())),
  }),
  /** A model trained on other data than the card's (lab 1's Fashion-MNIST model). */
  dataset: optional(
    object({
      name: string(),
      package: string(),
      files: record(string()),
      split: object({ train: string(), validation: string(), test: string() }),
      normalization: object({ mean: number(), std: number() }),
      classes: array(string(), 10),
    }),
  ),
  test: object({
    count: number({ integer: true, min: 1 }),
    loss: number(),
    accuracy: number({ min: 0, max: 1 }),
    /** confusion[true][predicted] */
    confusion: array(array(number({ integer: true, min: 0 }), 10), 10),
    perClassAccuracy: array(number({ min: 0, max: 1 }), 10),
  }),
  /** Logits of a fixed test digit, for the browser's start-up self-test of a backend. */
  selfTest: object({ input: string(), label: number({ integer: true, min: 0, max: 9 }), logits: array(number(), 10) }),
});

export const modelCardSchema = object({
  format: literal('model-card/1'),
  title: string(),
  preprocessing: object({ scale: string(), mean: number(), std: number(), layout: string() }),
  data: object({ package: string(), files: record(string()), split: object({ train: string(), validation: string(), test: string() }) }),
  environment: object({ tfjs: string(), node: string(), cpu: string(), cores: number({ integer: true }), date: string() }),
  /** One entry per registry model id that has been trained. */
  models: record(modelCardEntrySchema),
});

export type ModelCard = Infer<typeof modelCardSchema>;
export type ModelCardEntry = Infer<typeof modelCardEntrySchema>;
export type EpochHistory = Infer<typeof epoch>;
