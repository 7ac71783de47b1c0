// Offline support, written at build from what the build produced (nothing hand-kept):
//   1. the Pagefind search index (dist/pagefind/), so the precache list can include it;
//   2. the site version: a hash over every precached file (pages read with their version mark
//      blanked) and the worker's own source, stamped into each page's
//      <meta name="site-version"> so a page, and the worker serving it, know which build it is;
//   3. dist/sw-manifest.json: every file the service worker precaches, with size and sha256, the
//      base path and that version;
//   4. dist/sw.js: src/offline/service-worker.js with that manifest prepended.
// Registered by src/components/site/register-sw.ts. Must come after published-files in the
// integrations list (it lists the /pretrained/ and /tfjs-wasm/ files that one copies).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
// Imported up front: by astro:build:done the config's module loader is closed to new imports.
// (Importing starts nothing; the pagefind binary only runs when an index is created.)
import * as pagefind from 'pagefind';

export interface PrecacheFile {
  /** URL path under the base: "/lessons/grad-cam/" for lessons/grad-cam/index.html, else the file's path. */
  url: string;
  bytes: number;
  /** base64 sha256 of the file, as fetch's `integrity` wants it */
  sha256: string;
}

export interface PrecacheManifest {
  version: string;
  /** The base path the site is served from ("/" or e.g. "/course/"); every url starts with it. */
  base: string;
  bytes: number;
  files: PrecacheFile[];
}

export const SW_TEMPLATE = fileURLToPath(new URL('../offline/service-worker.js', import.meta.url));
export const SW_FILE = 'sw.js';
export const MANIFEST_FILE = 'sw-manifest.json';

/**
 * Which built files the service worker precaches (by URL path). Pages, their hashed assets, the
 * models' weights and WASM binaries, the build-time figures, the test set (7.5 MB: precached too,
 * so the test-set study and "pick test digit N" work offline without having been used online)
 * and the search index. Left out: KaTeX's .woff/.ttf fallbacks (every browser with service
 * workers takes the .woff2) and files for crawlers and hosts (robots.txt, sitemaps, _headers), dotfiles.
 */
export function shouldPrecache(url: string): boolean {
  if (url.includes('/.')) return false; // build bookkeeping such as generated/.cache-key.json
  if (url.endsWith('/') || url.endsWith('.html')) return true;
  if (url.startsWith('/_astro/')) return !/\.(woff|ttf)$/.test(url);
  // Lab 2's training images (33 MB) are fetched only by a reader who trains, a chunk at a time.
  if (url.startsWith('/generated/lab-train/')) return false;
  if (/^\/(pretrained|generated|data)\//.test(url)) return true;
  if (url.startsWith('/tfjs-wasm/')) return url.endsWith('.wasm');
  if (url.startsWith('/pagefind/')) return true;
  return url === '/favicon.svg' || url === '/theme-init.js';
}

function walk(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full, base);
    return entry.isFile() ? [path.relative(base, full).split(path.sep).join('/')] : [];
  });
}

function urlOf(file: string): string {
  if (file === 'index.html') return '/';
  if (file.endsWith('/index.html')) return `/${file.slice(0, -'index.html'.length)}`;
  return `/${file}`;
}

/** Every page carries <meta name="site-version" content="…"> (BaseLayout.astro); the build fills it in. */
export const VERSION_MARK = /(<meta name="site-version" content=")([^"]*)(")/;
export const UNSTAMPED = 'unstamped';

const sha256 = (bytes: Buffer | string, encoding: 'hex' | 'base64') => createHash('sha256').update(bytes).digest(encoding);

function precachedFiles(distDir: string): Array<{ file: string; url: string }> {
  return walk(distDir)
    .map((file) => ({ file, url: urlOf(file) }))
    .filter(({ url }) => shouldPrecache(url))
    .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
}

/**
 * The site version: a hash of the worker's source and every precached file, pages read with
 * their version mark blanked (so stamping it in does not change it, and restamping a copy of
 * the site after editing a page or a data file gives the edit its own version).
 */
export function siteVersion(distDir: string, template: string): string {
  const hash = createHash('sha256').update(template);
  for (const { file, url } of precachedFiles(distDir)) {
    let bytes: Buffer | string = readFileSync(path.join(distDir, file));
    if (file.endsWith('.html')) bytes = bytes.toString('utf8').replace(VERSION_MARK, `$1${UNSTAMPED}$3`);
    hash.update(`${url}\0${sha256(bytes, 'hex')}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** Writes the version into every page's mark. */
export function stampVersion(distDir: string, version: string): void {
  for (const file of walk(distDir).filter((f) => f.endsWith('.html'))) {
    const full = path.join(distDir, file);
    const html = readFileSync(full, 'utf8');
    if (VERSION_MARK.test(html)) writeFileSync(full, html.replace(VERSION_MARK, `$1${version}$3`));
  }
}

/** The precache list of an already stamped dist/: urls under `base`, exact bytes and sha256. */
export function precacheManifest(distDir: string, version: string, base = '/'): PrecacheManifest {
  const files = precachedFiles(distDir).map(({ file, url }) => {
    const bytes = readFileSync(path.join(distDir, file));
    return { url: base + url.slice(1), bytes: bytes.length, sha256: sha256(bytes, 'base64') };
  });
  return { version, base, bytes: files.reduce((sum, f) => sum + f.bytes, 0), files };
}

/**
 * Steps 2–4 above on a built site. The build calls it once; the e2e update test calls it again on
 * an edited copy of dist/ to make a "next deploy" the same way.
 */
export function writeOfflineFiles(distDir: string, base = '/'): PrecacheManifest {
  const template = readFileSync(SW_TEMPLATE, 'utf8');
  const version = siteVersion(distDir, template);
  stampVersion(distDir, version);
  const manifest = precacheManifest(distDir, version, base);
  writeFileSync(path.join(distDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 1)}\n`);
  const header = `// Written by src/integrations/offline.ts from src/offline/service-worker.js; do not edit.\nconst PRECACHE = ${JSON.stringify(manifest)};\n`;
  writeFileSync(path.join(distDir, SW_FILE), header + template);
  return manifest;
}

/**
 * Pagefind's own UI bundles: the site has its own search UI, so they are not published. (Also
 * the file CI once saw differ between two builds of one commit, see indexSearch.)
 */
export function isUnusedPagefindFile(file: string): boolean {
  return /^pagefind-(ui|modular-ui|highlight)\./.test(file);
}

async function indexSearch(distDir: string): Promise<string[]> {
  // The index `pagefind --site dist --output-subdir pagefind` would write; building it here, before
  // the precache list is made, is the build's only Pagefind step. The files are taken in memory
  // and written here, not by Pagefind's writeFiles: its binary writes in the background and
  // close() may stop it before a large file is complete (a clean-clone CI run found
  // pagefind-ui.js differing between two builds of one commit, which no local rerun reproduced).
  try {
    const { index, errors } = await pagefind.createIndex({});
    if (!index) throw new Error(errors.join('; '));
    const added = await index.addDirectory({ path: distDir });
    if (added.errors.length > 0) throw new Error(added.errors.join('; '));
    const got = await index.getFiles();
    if (got.errors.length > 0) throw new Error(got.errors.join('; '));
    const outDir = path.join(distDir, 'pagefind');
    rmSync(outDir, { recursive: true, force: true });
    const kept = got.files.filter((f) => !isUnusedPagefindFile(f.path));
    for (const file of kept) {
      const target = path.join(outDir, file.path);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.content);
    }
    return [`${added.page_count} pages`, `${kept.length} files`];
  } finally {
    await pagefind.close();
  }
}

export function offline(): AstroIntegration {
  let base = '/';
  return {
    name: 'offline',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const distDir = fileURLToPath(dir);
        const indexed = await indexSearch(distDir);
        logger.info(`search index: ${indexed.join(', ')}`);
        const manifest = writeOfflineFiles(distDir, base);
        logger.info(
          `service worker ${manifest.version}: ${manifest.files.length} files, ${(manifest.bytes / 1048576).toFixed(1)} MB precached`,
        );
      },
    },
  };
}
