// The shape of pretrained/model-card.json: what was trained, how, and how well. Written by
// `npm run train`, checked by `npm run evaluate`, drawn by the training-curve widget, and its
// self-test logits let the browser verify a backend before trusting it.
import type { ModelName } from './registry';

export interface EpochHistory {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  validationLoss: number;
  validationAccuracy: number;
  learningRateEnd: number;
  seconds: number;
  imagesPerSecond: number;
}

export interface ModelCardEntry {
  pytorchClass: string;
  file: string;
  bytes: number;
  sha256: string;
  parameters: { total: number; tensors: Record<string, { shape: number[]; count: number }> };
  training: {
    seed: number;
    epochs: number;
    batchSize: number;
    optimizer: { name: 'Adam'; beta1: number; beta2: number; epsilon: number };
    schedule: { kind: 'linear warm-up + cosine decay'; peak: number; warmupFraction: number; floorFraction: number };
    augmentation: string;
    loss: string;
    backend: string;
    wallSeconds: number;
    imagesPerSecond: number;
    history: EpochHistory[];
  };
  test: {
    count: number;
    loss: number;
    accuracy: number;
    /** confusion[true][predicted] */
    confusion: number[][];
    perClassAccuracy: number[];
  };
  /** Logits of a fixed test digit, for the browser's start-up self-test of a backend. */
  selfTest: { input: string; label: number; logits: number[] };
}

export interface ModelCard {
  format: 'model-card/1';
  title: string;
  preprocessing: { scale: string; mean: number; std: number; layout: string };
  data: {
    package: string;
    files: Record<string, string>;
    split: { train: string; validation: string; test: string };
  };
  environment: { tfjs: string; node: string; cpu: string; cores: number; date: string };
  models: Partial<Record<ModelName, ModelCardEntry>>;
}
