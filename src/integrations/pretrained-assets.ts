// Publishes the pretrained weights and model card at /pretrained/ on the site, straight from the
// repository's pretrained/ folder (the one copy `npm run train` writes and `evaluate` checks), so
// readers can download exactly the files the lessons load in PyTorch.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

const PUBLISHED = /\.(safetensors|json)$/;

export function pretrainedAssets(sourceDir = 'pretrained'): AstroIntegration {
  return {
    name: 'pretrained-assets',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const target = path.join(fileURLToPath(dir), 'pretrained');
        mkdirSync(target, { recursive: true });
        const files = readdirSync(sourceDir).filter((f) => PUBLISHED.test(f));
        for (const file of files) copyFileSync(path.join(sourceDir, file), path.join(target, file));
        logger.info(`published ${files.join(', ')} under /pretrained/`);
      },
    },
  };
}
