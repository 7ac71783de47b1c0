// The site's service worker: after one visit, every lesson, its widgets (tfjs, the WASM binaries,
// the weights, the test set) and search work with the network off.
//
// This is a template. At build, src/integrations/offline.ts prepends
//   const PRECACHE = { version, bytes, files: [{ url, bytes, sha256 }] };
// listing what the build wrote, and saves the result as dist/sw.js. A new deploy therefore gives
// a byte-different sw.js, which is how the browser notices the update.
//
// - install: fetch every listed file into the cache "course-<version>" (all or nothing; non-HTML
//   files are checked against their sha256 with fetch's `integrity`). Files whose bytes an older
//   version's cache already holds (same sha256) are copied from there instead of downloaded.
// - activate: delete the caches of older versions.
// - fetch: same-origin GETs only. Pages: network first (a new deploy shows at once), the cached
//   copy when the network fails or takes over NETWORK_TIMEOUT_MS. Listed files: cache first
//   (network first, same fallback, when the URL has a query string: a request for a fresh copy).
//   Anything else (other origins, POST, unlisted URLs, range requests) is left to the browser.
// No skip-waiting: a new version takes over once no tab runs the old one, so an open page never
// finds the files it still lazily loads (old hashed chunks) deleted under it.
// @ts-nocheck -- plain script for the service worker global scope; PRECACHE comes from the build.
/* global PRECACHE */
'use strict';

const CACHE_PREFIX = 'course-';
const CACHE = CACHE_PREFIX + PRECACHE.version;
const NETWORK_TIMEOUT_MS = 5000;
const PARALLEL_FETCHES = 4;
const LISTED = new Set(PRECACHE.files.map((file) => file.url));

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
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((key) => key.startsWith(CACHE_PREFIX) && key !== CACHE).map((key) => caches.delete(key)))),
  );
});

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

async function networkFirst(request, key) {
  const network = fetch(request);
  const timeout = new Promise((resolve) => setTimeout(resolve, NETWORK_TIMEOUT_MS, null));
  const first = await Promise.race([network.catch(() => null), timeout]);
  if (first) return first;
  const cached = key ? await fromCache(key) : undefined;
  return cached ?? network;
}

async function cacheFirst(request, key) {
  return (await fromCache(key)) ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || request.headers.has('range')) return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, pageKey(url)));
  } else if (LISTED.has(url.pathname) && !isPage(url.pathname)) {
    // A query string asks for a fresh copy (Pagefind fetches pagefind-entry.json?ts=<now>).
    event.respondWith(url.search ? networkFirst(request, url.pathname) : cacheFirst(request, url.pathname));
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
      .then((keys) => port.postMessage({ version: PRECACHE.version, files: PRECACHE.files.length, bytes: PRECACHE.bytes, cached: keys.length })),
  );
});
