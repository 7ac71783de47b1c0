// Publishes files that live outside public/ at fixed URLs, straight from their one source:
//   /pretrained/  the weights and model card (what `npm run train` writes and `evaluate` checks),
//                 so readers download exactly the files the lessons load in PyTorch;
//   /tfjs-wasm/   tfjs-backend-wasm's binaries, served from this origin (no CDN).
// Copied into dist/ at build, served from the source folders by the dev server.
import { copyFileSync, createReadStream, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

export interface PublishedFolder {
  /** URL folder, e.g. "pretrained" */
  url: string;
  /** source folder, relative to the project root */
  from: string;
  include: RegExp;
}

export const PUBLISHED_FOLDERS: readonly PublishedFolder[] = [
  { url: 'pretrained', from: 'pretrained', include: /\.(safetensors|json)$/ },
  { url: 'tfjs-wasm', from: 'node_modules/@tensorflow/tfjs-backend-wasm/dist', include: /\.wasm$/ },
];

const CONTENT_TYPES: Record<string, string> = { '.wasm': 'application/wasm', '.json': 'application/json' };

export function publishedFiles(folders: readonly PublishedFolder[] = PUBLISHED_FOLDERS): AstroIntegration {
  return {
    name: 'published-files',
    hooks: {
      'astro:server:setup': ({ server }) => {
        server.middlewares.use((req, res, next) => {
          const url = new URL(req.url ?? '/', 'http://localhost');
          for (const folder of folders) {
            const prefix = `/${folder.url}/`;
            if (!url.pathname.startsWith(prefix)) continue;
            const name = path.basename(decodeURIComponent(url.pathname.slice(prefix.length)));
            const file = path.join(folder.from, name);
            if (!folder.include.test(name) || !existsSync(file)) break;
            res.setHeader('Content-Type', CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream');
            createReadStream(file).pipe(res);
            return;
          }
          next();
        });
      },
      'astro:build:done': ({ dir, logger }) => {
        for (const folder of folders) {
          const target = path.join(fileURLToPath(dir), folder.url);
          mkdirSync(target, { recursive: true });
          const files = readdirSync(folder.from).filter((f) => folder.include.test(f));
          if (files.length === 0) throw new Error(`published-files: nothing in ${folder.from} matches ${folder.include}`);
          for (const file of files) copyFileSync(path.join(folder.from, file), path.join(target, file));
          logger.info(`published ${files.join(', ')} under /${folder.url}/`);
        }
      },
    },
  };
}
