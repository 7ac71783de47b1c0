// Messages between lab 2's training widget (src/runtime/training-runner.ts) and its Web Worker
// (src/runtime/training-worker.ts). Every message names the run it belongs to; the page drops
// messages of runs it no longer shows.
import type { EpochRecord, TrainProgress } from '../lib/train/trainer';
import type { CurvePoint, FilmFrame, StripImage, ValidationPoint } from '../lib/train/lab-training-run';
import type { LabTrainingSettings } from '../lib/train/lab-training';

/** Where to train: WebAssembly is bit-exact across runs and with Node; WebGPU is faster on a real GPU. */
export type TrainingBackendChoice = 'auto' | 'wasm' | 'webgpu';
export const TRAINING_BACKEND_CHOICES: readonly TrainingBackendChoice[] = ['auto', 'wasm', 'webgpu'];

export type ToTrainingWorker =
  | {
      type: 'start';
      run: number;
      settings: LabTrainingSettings;
      backend: TrainingBackendChoice;
      /** Absolute URLs of the site's folders. */
      urls: { trainSet: string; testSet: string; wasm: string };
    }
  | { type: 'pause' | 'resume' | 'cancel'; run: number };

export interface TrainingOutcome {
  safetensors: Uint8Array;
  sha256: string;
  history: EpochRecord[];
  test: { count: number; loss: number; accuracy: number };
  trainSeconds: number;
  backend: string;
  steps: number;
  frameEvery: number;
  /** Sources of the data trained on, for the model card. */
  data: { package: string; files: Record<string, string>; trainSetManifestSha256: string };
}

export type FromTrainingWorker =
  | {
      type: 'status';
      run: number;
      phase: 'starting' | 'loading data' | 'training' | 'testing';
      done: number;
      total: number;
      backend?: string;
    }
  | { type: 'strip'; run: number; images: StripImage[] }
  | { type: 'progress'; run: number; progress: TrainProgress }
  | { type: 'curve'; run: number; point: CurvePoint }
  | { type: 'validation'; run: number; point: ValidationPoint }
  | { type: 'frame'; run: number; frame: FilmFrame }
  | { type: 'epoch'; run: number; record: EpochRecord }
  | { type: 'paused' | 'resumed'; run: number }
  | { type: 'done'; run: number; outcome: TrainingOutcome; tensors: number }
  | { type: 'cancelled'; run: number; tensors: number }
  | { type: 'diverged'; run: number; message: string; step: number; tensors: number }
  | { type: 'error'; run: number; message: string; tensors: number };
