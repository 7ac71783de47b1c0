// The page's side of lab 2's training worker: one worker, kept between runs (its backend and
// downloaded images stay ready), one run at a time. Latest wins: starting a run supersedes the
// one before, and messages of a superseded run never reach the widget.
import type { LabTrainingSettings } from '../lib/train/lab-training';
import type { FromTrainingWorker, ToTrainingWorker, TrainingBackendChoice } from './training-protocol';

export class TrainingRunner {
  private worker: Worker | null = null;
  private run = 0;
  private handler: ((m: FromTrainingWorker) => void) | null = null;

  /** Starts a run; `onMessage` gets only this run's messages, until the next start or dispose. */
  start(settings: LabTrainingSettings, backend: TrainingBackendChoice, onMessage: (m: FromTrainingWorker) => void): number {
    const run = ++this.run;
    this.handler = onMessage;
    const site = new URL(import.meta.env.BASE_URL, location.href);
    const message: ToTrainingWorker = {
      type: 'start',
      run,
      settings,
      backend,
      urls: {
        trainSet: new URL('generated/lab-train/', site).href,
        testSet: new URL('data/', site).href,
        wasm: new URL('tfjs-wasm/', site).href,
      },
    };
    try {
      this.ensureWorker().postMessage(message);
    } catch (error) {
      queueMicrotask(() => this.deliver({ type: 'error', run, message: startFailure(error), tensors: 0 }));
    }
    return run;
  }

  pause(): void {
    this.send('pause');
  }

  resume(): void {
    this.send('resume');
  }

  cancel(): void {
    this.send('cancel');
  }

  /** Ends the worker (and any run): the widget left the page. */
  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.handler = null;
    this.run++;
  }

  private send(type: 'pause' | 'resume' | 'cancel'): void {
    this.worker?.postMessage({ type, run: this.run } satisfies ToTrainingWorker);
  }

  private deliver(message: FromTrainingWorker): void {
    if (message.run === this.run) this.handler?.(message);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    if (typeof Worker === 'undefined') throw new Error('this browser has no Web Workers');
    const worker = new Worker(new URL('./training-worker.ts', import.meta.url), { type: 'module', name: 'training' });
    worker.addEventListener('message', (event: MessageEvent<FromTrainingWorker>) => this.deliver(event.data));
    const fail = (text: string) => {
      // The worker is gone (crashed or never started): the next run starts a fresh one.
      if (this.worker === worker) this.worker = null;
      worker.terminate();
      this.deliver({ type: 'error', run: this.run, message: text, tensors: 0 });
    };
    worker.addEventListener('error', (event) => fail(event.message || 'the training worker failed to start'));
    worker.addEventListener('messageerror', () => fail('a message from the training worker could not be read'));
    this.worker = worker;
    return worker;
  }
}

function startFailure(error: unknown): string {
  return `Training needs a Web Worker, and it could not start: ${error instanceof Error ? error.message : String(error)}`;
}
