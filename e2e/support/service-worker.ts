// Service-worker helpers shared by the offline, deploy-update and base-path specs.
import type { Page } from '@playwright/test';

/**
 * Playwright routes a service worker's own fetches through its network emulation (setOffline)
 * and reports them as requests only with this flag, read when the worker starts: without it, the
 * worker would quietly keep fetching from the server while the page is "offline".
 */
const SW_NETWORK = 'PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS';

/** Sets the flag; the returned function puts the environment back as it was. */
export function routeWorkerFetches(): () => void {
  const previous = process.env[SW_NETWORK];
  process.env[SW_NETWORK] = '1';
  return () => {
    if (previous === undefined) delete process.env[SW_NETWORK];
    else process.env[SW_NETWORK] = previous;
  };
}

export interface WorkerStatus {
  version: string;
  files: number;
  bytes: number;
  cached: number;
  /** the registration's scope, as a path */
  scope: string;
}

/** Waits until a service worker controls the page's origin with its precache complete; returns its status. */
export async function workerStatus(page: Page): Promise<WorkerStatus> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active!;
    if (worker.state !== 'activated')
      await new Promise((resolve) => worker.addEventListener('statechange', () => worker.state === 'activated' && resolve(null)));
    const channel = new MessageChannel();
    const answer = new Promise<Omit<WorkerStatus, 'scope'>>(
      (resolve) => (channel.port1.onmessage = (event) => resolve(event.data as Omit<WorkerStatus, 'scope'>)),
    );
    worker.postMessage({ type: 'status' }, [channel.port2]);
    return { scope: new URL(registration.scope).pathname, ...(await answer) };
  });
}
