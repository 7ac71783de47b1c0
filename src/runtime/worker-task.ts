// One Web Worker doing one job: post the request, pass its messages on, settle on its 'done' or
// 'error' message, and terminate it then, on a failure to start, or on abort (the job's promise
// rejects with an AbortError). The study and the attention-quality runs use it.

export function aborted(what: string): DOMException {
  return new DOMException(`${what} was cancelled`, 'AbortError');
}

export function workerTask<M extends { type: string }>(options: {
  /** `() => new Worker(new URL('./x.ts', import.meta.url), …)`: the bundler needs that literal in the caller. */
  create: () => Worker;
  request: unknown;
  transfer: Transferable[];
  signal?: AbortSignal;
  /** what the job is, for the AbortError: "The study" */
  what: string;
  /** every message before the last */
  onMessage?: (message: M) => void;
}): Promise<Extract<M, { type: 'done' }>> {
  const { signal } = options;
  return new Promise((resolve, reject) => {
    // Cancelled while the request was being prepared: an abort listener added now would never fire.
    if (signal?.aborted) {
      reject(aborted(options.what));
      return;
    }
    const worker = options.create();
    const stop = () => {
      worker.terminate();
      reject(aborted(options.what));
    };
    signal?.addEventListener('abort', stop, { once: true });
    const finish = () => {
      signal?.removeEventListener('abort', stop);
      worker.terminate();
    };
    worker.addEventListener('message', (event: MessageEvent<M>) => {
      const m = event.data;
      if (m.type === 'done') {
        finish();
        resolve(m as Extract<M, { type: 'done' }>);
      } else if (m.type === 'error') {
        finish();
        reject(new Error((m as unknown as { message: string }).message));
      } else options.onMessage?.(m);
    });
    worker.addEventListener('messageerror', () => {
      finish();
      reject(new Error(`a message from the worker for ${options.what.toLowerCase()} could not be read`));
    });
    worker.addEventListener('error', (event) => {
      finish();
      reject(new Error(event.message || `the worker for ${options.what.toLowerCase()} failed to start`));
    });
    worker.postMessage(options.request, options.transfer);
  });
}
