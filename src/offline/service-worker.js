// The site's service worker: after one visit, every lesson, its widgets (tfjs, the WASM binaries,
// the weights, the test set) and search work with the network off.
//
// This is a template. At build, src/integrations/offline.ts prepends
//   const PRECACHE = { version, base, bytes, files: [{ url, bytes, sha256 }] };
// listing what the build wrote, and saves the result as dist/sw.js. A new deploy therefore gives
// a byte-different sw.js, which is how the browser notices the update. Every page carries the
// same version in <meta name="site-version">.
//
// - install: fetch every listed file into the cache "course-<version>" (all or nothing; non-HTML
//   files are checked against their sha256 with fetch's `integrity`). Files whose bytes an older
//   version's cache already holds (same sha256) are copied from there instead of downloaded.
//   Then take over at once (skipWaiting): a reload must never leave the reader on old data.
// - activate: delete the caches of older versions, control every open tab, and tell each one
//   (message { type: 'activated', version }): register-sw.ts shows "updated" on a page of this
//   version, and "a new version is available — reload" on an older page.
// - fetch: same-origin GETs only. Pages: network first (a new deploy shows at once), the cached
//   copy when the network fails or takes over NETWORK_TIMEOUT_MS, the site's 404 page for an
//   unknown URL offline. Listed files (weights, data, figures, search index, assets) are served
//   from the cache only to a page of this worker's version; a page of another version (a new
//   deploy fetched while this worker still runs, or an old tab) gets them from the network
//   first, so no page ever mixes its code with another version's data. A query string also
//   asks for a fresh copy (Pagefind's pagefind-entry.json?ts=…). Anything else (other origins,
//   POST, unlisted URLs, range requests) is left to the browser.
// @ts-nocheck -- plain script for the service worker global scope; PRECACHE comes from the build.
/* global PRECACHE */
'use strict';

const CACHE_PREFIX = 'course-';
const CACHE = CACHE_PREFIX + PRECACHE.version;
const NETWORK_TIMEOUT_MS = 5000;
const PARALLEL_FETCHES = 4;
const ASK_TIMEOUT_MS = 1000;
const LISTED = new Set(PRECACHE.files.map((file) => file.url));
const NOT_FOUND_PAGE = `${PRECACHE.base}404.html`;
const VERSION_MARK = /<meta name="site-version" content="([^"]*)"/;

/** clientId → Promise<version of the page in that tab | null>, filled when this worker serves a navigation. */
const clientVersions = new Map();

function isPage(url) {
  return url.endsWith('/') || url.endsWith('.html');
}

/** A redirected response cannot answer a navigation; copy it into a plain one. */
async function plain(response) {
  if (!response.redirected) return response;
  const body = await response.blob();
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

function base64(buffer) {
  return btoa(String.fromCharCode(...new Uint8Array(buffer)));
}

/** The file from an older version's cache when its bytes are unchanged (no download after a deploy). */
async function reusable(file, oldCaches) {
  if (isPage(file.url)) return null;
  for (const old of oldCaches) {
    const response = await old.match(file.url);
    if (!response) continue;
    const digest = await crypto.subtle.digest('SHA-256', await response.clone().arrayBuffer());
    if (base64(digest) === file.sha256) return response;
  }
  return null;
}

async function precache() {
  const cache = await caches.open(CACHE);
  const oldKeys = (await caches.keys()).filter((key) => key.startsWith(CACHE_PREFIX) && key !== CACHE);
  const oldCaches = await Promise.all(oldKeys.map((key) => caches.open(key)));
  const queue = PRECACHE.files.slice();
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const reused = await reusable(file, oldCaches);
      if (reused) {
        await cache.put(file.url, reused);
        continue;
      }
      const request = new Request(file.url, {
        cache: 'no-cache',
        credentials: 'same-origin',
        // Hosts may rewrite HTML (injected snippets); every other file must be exactly the build's.
        integrity: isPage(file.url) ? '' : `sha256-${file.sha256}`,
      });
      const response = await fetch(request);
      if (!response.ok) throw new Error(`precaching ${file.url}: ${response.status} ${response.statusText}`);
      await cache.put(file.url, await plain(response));
    }
  };
  try {
    await Promise.all(Array.from({ length: PARALLEL_FETCHES }, worker));
  } catch (error) {
    queue.length = 0;
    await caches.delete(CACHE);
    throw error;
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

async function activate() {
  const keys = await caches.keys();
  await Promise.all(keys.filter((key) => key.startsWith(CACHE_PREFIX) && key !== CACHE).map((key) => caches.delete(key)));
  await self.clients.claim();
  for (const client of await self.clients.matchAll({ type: 'window' }))
    client.postMessage({ type: 'activated', version: PRECACHE.version });
}

self.addEventListener('activate', (event) => {
  event.waitUntil(activate());
});

/** The version a tab's page was built with: known from its navigation, else asked (register-sw.ts answers). */
async function versionOf(clientId) {
  if (!clientId) return null;
  if (!clientVersions.has(clientId)) {
    const asked = self.clients.get(clientId).then((client) => {
      if (!client || client.type !== 'window') return null;
      const channel = new MessageChannel();
      const answer = new Promise((resolve) => (channel.port1.onmessage = (event) => resolve(event.data && event.data.version)));
      client.postMessage({ type: 'site-version?' }, [channel.port2]);
      return Promise.race([answer, new Promise((resolve) => setTimeout(resolve, ASK_TIMEOUT_MS, null))]);
    });
    clientVersions.set(clientId, asked);
  }
  return clientVersions.get(clientId);
}

/** Notes which version a navigation response is; a newer one also prompts an update check. */
function recordNavigation(clientId, response, fromCache) {
  if (!clientId || !response) return;
  const version = fromCache
    ? Promise.resolve(PRECACHE.version)
    : response
        .clone()
        .text()
        .then(
          (html) => (VERSION_MARK.exec(html) || [])[1] || null,
          () => null,
        );
  clientVersions.set(clientId, version);
  // Forget closed tabs, so the map stays as small as the set of open ones.
  self.clients.matchAll({ includeUncontrolled: true }).then((open) => {
    const ids = new Set(open.map((client) => client.id));
    for (const id of clientVersions.keys()) if (id !== clientId && !ids.has(id)) clientVersions.delete(id);
  });
  version.then((v) => {
    if (v && v !== PRECACHE.version) self.registration.update().catch(() => {});
  });
}

async function fromCache(key) {
  const cache = await caches.open(CACHE);
  return cache.match(key);
}

/** The cache key of a page URL: "/lessons/x/" for "/lessons/x", "/lessons/x/index.html", "/lessons/x/?digit=3". */
function pageKey(url) {
  let path = url.pathname;
  if (path.endsWith('/index.html')) path = path.slice(0, -'index.html'.length);
  if (LISTED.has(path)) return path;
  if (LISTED.has(`${path}/`)) return `${path}/`;
  return null;
}

/** { response, fromCache }: the network's answer unless it fails or is slow, then the cached copy. */
async function networkFirst(request, key) {
  const network = fetch(request);
  const timeout = new Promise((resolve) => setTimeout(resolve, NETWORK_TIMEOUT_MS, null));
  const first = await Promise.race([network.catch(() => null), timeout]);
  if (first) return { response: first, fromCache: false };
  const cached = key ? await fromCache(key) : undefined;
  if (cached) return { response: cached, fromCache: true };
  return { response: await network, fromCache: false };
}

async function cacheFirst(request, key) {
  return (await fromCache(key)) ?? fetch(request);
}

/** Offline and not a page we have: the site's own 404 page, with its status. */
async function notFound(error) {
  const page = await fromCache(NOT_FOUND_PAGE);
  if (!page) throw error;
  return new Response(page.body, { status: 404, statusText: 'Not Found', headers: page.headers });
}

async function navigate(event, url) {
  // A listed file opened directly (a link to /pretrained/attention-cnn.safetensors) is a navigation too.
  const key = pageKey(url) ?? (LISTED.has(url.pathname) ? url.pathname : null);
  try {
    const { response, fromCache } = await networkFirst(event.request, key);
    recordNavigation(event.resultingClientId, response, fromCache);
    return response;
  } catch (error) {
    return notFound(error);
  }
}

/** For a request from a worker (the test-set study's): the version all open pages share, if they do. */
async function sharedPageVersion() {
  const windows = await self.clients.matchAll({ type: 'window' });
  const versions = new Set(await Promise.all(windows.map((client) => versionOf(client.id))));
  return versions.size === 1 ? [...versions][0] : null;
}

async function listedFile(event, url) {
  const version = (await versionOf(event.clientId)) ?? (await sharedPageVersion());
  // A query string asks for a fresh copy (Pagefind fetches pagefind-entry.json?ts=<now>).
  if (!url.search && version === PRECACHE.version) return cacheFirst(event.request, url.pathname);
  return (await networkFirst(event.request, url.pathname)).response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || request.headers.has('range')) return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(event, url));
  } else if (LISTED.has(url.pathname) && !isPage(url.pathname)) {
    event.respondWith(listedFile(event, url));
  }
});

// Readiness for pages and tests: post { type: 'status' } with a MessagePort; the answer says
// which version this worker serves and how many of its files are cached.
self.addEventListener('message', (event) => {
  const port = event.ports && event.ports[0];
  if (!port || !event.data || event.data.type !== 'status') return;
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.keys())
      .then((keys) =>
        port.postMessage({ version: PRECACHE.version, files: PRECACHE.files.length, bytes: PRECACHE.bytes, cached: keys.length }),
      ),
  );
});
