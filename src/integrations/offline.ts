// Offline support, written at build from what the build produced (nothing hand-kept):
//   1. the Pagefind search index (dist/pagefind/), so the precache list can include it;
//   2. dist/sw-manifest.json: every file the service worker precaches, with size and sha256, and
//      a version hash over all of them and the worker's own source;
//   3. dist/sw.js: src/offline/service-worker.js with that manifest prepended.
// Registered by src/components/site/register-sw.ts. Must come after published-files in the
// integrations list (it lists the /pretrained/ and /tfjs-wasm/ files that one copies).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
// Imported up front: by astro:build:done the config's module loader is closed to new imports.
// (Importing starts nothing; the pagefind binary only runs when an index is created.)
import * as pagefind from 'pagefind';

export interface PrecacheFile {
  /** URL path: "/lessons/grad-cam/" for lessons/grad-cam/index.html, else the file's path. */
  url: string;
  bytes: number;
  /** base64 sha256 of the file, as fetch's `integrity` wants it */
  sha256: string;
}

export interface PrecacheManifest {
  version: string;
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
 * workers takes the .woff2), Pagefind's own UI bundles (the site has its own search UI), and
 * files for crawlers and hosts (robots.txt, sitemaps, _headers), dotfiles.
 */
export function shouldPrecache(url: string): boolean {
  if (url.includes('/.')) return false; // build bookkeeping such as generated/.cache-key.json
  if (url.endsWith('/') || url.endsWith('.html')) return true;
  if (url.startsWith('/_astro/')) return !/\.(woff|ttf)$/.test(url);
  if (/^\/(pretrained|generated|data)\//.test(url)) return true;
  if (url.startsWith('/tfjs-wasm/')) return url.endsWith('.wasm');
  if (url.startsWith('/pagefind/')) return !/^\/pagefind\/pagefind-(ui|modular-ui|highlight)\./.test(url);
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

export function precacheManifest(distDir: string, template: string): PrecacheManifest {
  const files = walk(distDir)
    .map((file) => ({ file, url: urlOf(file) }))
    .filter(({ url }) => shouldPrecache(url))
    .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0))
    .map(({ file, url }) => {
      const bytes = readFileSync(path.join(distDir, file));
      return { url, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('base64') };
    });
  const version = createHash('sha256')
    .update(template)
    .update(JSON.stringify(files.map((f) => [f.url, f.sha256])))
    .digest('hex')
    .slice(0, 16);
  return { version, bytes: files.reduce((sum, f) => sum + f.bytes, 0), files };
}

async function indexSearch(distDir: string): Promise<string[]> {
  // The index `pagefind --site dist --output-subdir pagefind` would write; building it here, before
  // the precache list is made, is the build's only Pagefind step.
  try {
    const { index, errors } = await pagefind.createIndex({});
    if (!index) throw new Error(errors.join('; '));
    const added = await index.addDirectory({ path: distDir });
    if (added.errors.length > 0) throw new Error(added.errors.join('; '));
    const written = await index.writeFiles({ outputPath: path.join(distDir, 'pagefind') });
    if (written.errors.length > 0) throw new Error(written.errors.join('; '));
    return [`${added.page_count} pages`];
  } finally {
    await pagefind.close();
  }
}

export function offline(): AstroIntegration {
  return {
    name: 'offline',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const distDir = fileURLToPath(dir);
        const indexed = await indexSearch(distDir);
        logger.info(`search index: ${indexed.join(', ')}`);
        const template = readFileSync(SW_TEMPLATE, 'utf8');
        const manifest = precacheManifest(distDir, template);
        writeFileSync(path.join(distDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 1)}\n`);
        const header = `// Written by src/integrations/offline.ts from src/offline/service-worker.js; do not edit.\nconst PRECACHE = ${JSON.stringify(manifest)};\n`;
        writeFileSync(path.join(distDir, SW_FILE), header + template);
        logger.info(`service worker ${manifest.version}: ${manifest.files.length} files, ${(manifest.bytes / 1048576).toFixed(1)} MB precached`);
      },
    },
  };
}
