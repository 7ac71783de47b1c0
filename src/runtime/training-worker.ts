// Lab 2's training Web Worker: it loads the training images it needs, trains with the shared loop
// (src/lib/train/lab-training-run.ts) on WebAssembly (or WebGPU on a real GPU), and reports
// progress, curves and film frames to the page. The page never waits on it: pause, resume and
// cancel arrive as messages, read between batches. The worker lives on between runs (the backend
// and the downloaded chunks stay ready); tf.memory() after each run proves nothing is left behind.
import * as tf from '@tensorflow/tfjs-core';
import { fetchTestSet, FASHION_TEST_SET_FILES, TEST_SET_FILES } from '../lib/data/test-set-asset';
import { runLabTraining, stripIndices } from '../lib/train/lab-training-run';
import { TrainingDivergedError } from '../lib/train/trainer';
import { isSoftwareRenderer } from './backend-choice';
import { sha256Hex } from './sha256';
import { loadTrainSet } from './train-set';
import type { FromTrainingWorker, ToTrainingWorker, TrainingBackendChoice } from './training-protocol';
import { startWorkerWasm } from './worker-wasm';

const post = (message: FromTrainingWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(message, transfer);

class Cancelled extends Error {}

interface RunControl {
  run: number;
  paused: boolean;
  cancelled: boolean;
  wake: (() => void) | null;
}

let current: RunControl | null = null;
let queue: Promise<void> = Promise.resolve();
let started: 'wasm' | 'webgpu' | null = null;

/** A macrotask (not a clamped timer): lets pause/cancel messages in between batches. */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

async function realGpu(): Promise<boolean> {
  const gpu = (
    navigator as unknown as { gpu?: { requestAdapter(): Promise<{ isFallbackAdapter?: boolean; info?: Record<string, string> } | null> } }
  ).gpu;
  const adapter = await gpu?.requestAdapter().catch(() => null);
  if (!adapter) return false;
  const info = adapter.info ?? {};
  const description = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
  return !adapter.isFallbackAdapter && !isSoftwareRenderer(description);
}

async function startBackend(choice: TrainingBackendChoice, wasmBase: string): Promise<string> {
  const want = choice === 'auto' ? ((await realGpu()) ? 'webgpu' : 'wasm') : choice;
  if (started === want) return tf.getBackend();
  if (want === 'webgpu') {
    await import('@tensorflow/tfjs-backend-webgpu');
    const { registerFirstMaxPoolGradient } = await import('../lib/train/max-pool-ties');
    registerFirstMaxPoolGradient();
    if (!(await tf.setBackend('webgpu'))) throw new Error('WebGPU did not start in the training worker: choose WebAssembly');
    await tf.ready();
  } else {
    await startWorkerWasm(wasmBase);
  }
  started = want;
  return tf.getBackend();
}

async function checkpoint(control: RunControl): Promise<void> {
  await yieldToMessages();
  while (control.paused && !control.cancelled) await new Promise<void>((resolve) => (control.wake = resolve));
  if (control.cancelled) throw new Cancelled();
}

async function train(message: Extract<ToTrainingWorker, { type: 'start' }>): Promise<void> {
  const control: RunControl = { run: message.run, paused: false, cancelled: false, wake: null };
  current = control;
  const { run, settings, urls } = message;
  try {
    post({ type: 'status', run, phase: 'starting', done: 0, total: 1 });
    const backend = await startBackend(message.backend, urls.wasm);
    post({ type: 'status', run, phase: 'loading data', done: 0, total: 1, backend });
    const [trainSet, testSet] = await Promise.all([
      loadTrainSet(urls.trainSet, settings.dataset, settings.trainImages, (done, total) => {
        post({ type: 'status', run, phase: 'loading data', done, total, backend });
      }),
      fetchTestSet(urls.testSet, fetch, settings.dataset === 'fashion-mnist' ? FASHION_TEST_SET_FILES.manifest : TEST_SET_FILES.manifest),
    ]);
    // The film's test images, so the page draws them without loading the test set itself.
    const strip = stripIndices(testSet.labels).map((index) => ({
      index,
      label: testSet.labels[index],
      pixels: testSet.pixels.slice(index * 784, (index + 1) * 784),
    }));
    post({ type: 'strip', run, images: strip });
    await checkpoint(control);
    post({ type: 'status', run, phase: 'training', done: 0, total: 1, backend });
    let lastProgress = 0;
    const result = await runLabTraining(
      settings,
      {
        trainPixels: trainSet.pixels,
        trainLabels: trainSet.labels,
        validationPixels: trainSet.validationPixels,
        validationLabels: trainSet.validationLabels,
        testPixels: testSet.pixels,
        testLabels: testSet.labels,
      },
      {
        beforeBatch: () => checkpoint(control),
        onProgress: (progress) => {
          // At most ~8 messages a second: the page redraws on each.
          const now = performance.now();
          if (now - lastProgress < 120 && progress.batch !== progress.batches) return;
          lastProgress = now;
          post({ type: 'progress', run, progress });
        },
        onCurve: (point) => post({ type: 'curve', run, point }),
        onValidation: (point) => post({ type: 'validation', run, point }),
        onFrame: (frame) => post({ type: 'frame', run, frame }),
        onEpoch: (record) => post({ type: 'epoch', run, record }),
        onTestProgress: (done, total) => post({ type: 'status', run, phase: 'testing', done, total, backend }),
      },
    );
    const sha256 = await sha256Hex(result.safetensors);
    post(
      {
        type: 'done',
        run,
        outcome: {
          safetensors: result.safetensors,
          sha256,
          history: result.history,
          test: result.test,
          trainSeconds: result.trainSeconds,
          backend: result.backend,
          steps: result.steps,
          frameEvery: result.frameEvery,
          data: { ...trainSet.manifest.source, trainSetManifestSha256: trainSet.manifestSha256 },
        },
        tensors: tf.memory().numTensors,
      },
      [result.safetensors.buffer],
    );
  } catch (error) {
    const tensors = tf.memory().numTensors;
    if (error instanceof Cancelled) post({ type: 'cancelled', run, tensors });
    else if (error instanceof TrainingDivergedError) post({ type: 'diverged', run, message: error.message, step: error.step, tensors });
    else post({ type: 'error', run, message: error instanceof Error ? error.message : String(error), tensors });
  } finally {
    if (current === control) current = null;
  }
}

self.addEventListener('message', (event: MessageEvent<ToTrainingWorker>) => {
  const message = event.data;
  if (message.type === 'start') {
    // One run at a time: a new start cancels the one before and waits for it to let go.
    if (current) current.cancelled = true;
    current?.wake?.();
    queue = queue.then(() => train(message));
    return;
  }
  const control = current;
  if (!control || control.run !== message.run) return;
  if (message.type === 'cancel') control.cancelled = true;
  else control.paused = message.type === 'pause';
  control.wake?.();
  control.wake = null;
  // A cancelled run answers once it has let go (with its tensor count), from train() above.
  if (message.type !== 'cancel') post({ type: message.type === 'pause' ? 'paused' : 'resumed', run: control.run });
});
