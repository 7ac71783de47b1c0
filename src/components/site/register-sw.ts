// Registers the service worker (dist/sw.js, written at build by src/integrations/offline.ts) so
// that lessons, widgets and search work offline after one visit. Production builds only: the dev
// server has no sw.js. Registration waits for the page's load, so precaching never competes with
// the page's own first requests.
//
// Also the page's side of updates: the worker asks which build this page is (so it never serves
// the page another version's data), and when a new version takes over it says so here: "updated"
// on a page of that version, "a new version is available — reload" on an older one.
import { sitePath } from './site-path';

const SW_URL = sitePath('/sw.js');

/** This page's build, stamped into <meta name="site-version"> by the build. */
function pageVersion(): string | null {
  return document.querySelector<HTMLMetaElement>('meta[name="site-version"]')?.content ?? null;
}

function showNotice(text: string, reload: boolean): void {
  let notice = document.querySelector<HTMLElement>('.update-notice');
  if (!notice) {
    notice = document.createElement('div');
    notice.className = 'update-notice';
    notice.setAttribute('role', 'status');
    document.body.append(notice);
  }
  const message = document.createElement('p');
  message.textContent = text;
  const parts: HTMLElement[] = [message];
  if (reload) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Reload';
    button.addEventListener('click', () => location.reload());
    parts.push(button);
  }
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'update-notice__close';
  close.textContent = 'Dismiss';
  close.addEventListener('click', () => notice?.remove());
  parts.push(close);
  notice.replaceChildren(...parts);
}

function listen(): void {
  // A worker already controlled this page: a later activation is an update, not the first install.
  const hadWorker = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { type?: string; version?: string } | null;
    if (data?.type === 'site-version?') {
      event.ports[0]?.postMessage({ version: pageVersion() });
    } else if (data?.type === 'activated' && hadWorker) {
      if (data.version === pageVersion()) {
        document.documentElement.dataset.siteUpdated = data.version;
        showNotice('The course was updated: you are seeing the latest version, and it is saved for offline use.', false);
      } else {
        showNotice('A new version of the course is available.', true);
      }
    }
  });
  navigator.serviceWorker.startMessages();
}

function register(): void {
  navigator.serviceWorker.register(SW_URL, { scope: sitePath('/') }).catch((error: unknown) => {
    // Offline support is an extra: the page works the same without it.
    console.warn(`offline support unavailable: ${error instanceof Error ? error.message : String(error)}`);
  });
}

if (import.meta.env.PROD && 'serviceWorker' in navigator && window.isSecureContext) {
  listen();
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
