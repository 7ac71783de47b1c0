// Registers the service worker (dist/sw.js, written at build by src/integrations/offline.ts) so
// that lessons, widgets and search work offline after one visit. Production builds only: the dev
// server has no sw.js. Registration waits for the page's load, so precaching never competes with
// the page's own first requests.
const SW_URL = '/sw.js';

function register(): void {
  navigator.serviceWorker.register(SW_URL, { scope: '/' }).catch((error: unknown) => {
    // Offline support is an extra: the page works the same without it.
    console.warn(`offline support unavailable: ${error instanceof Error ? error.message : String(error)}`);
  });
}

if (import.meta.env.PROD && 'serviceWorker' in navigator && window.isSecureContext) {
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
