// Writes dist/_headers (Netlify / Cloudflare Pages format) from src/security/csp.ts, the same
// module BaseLayout.astro takes its <meta> Content-Security-Policy from: one source, two outputs.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { headersFile } from '../security/csp';

export function securityHeaders(): AstroIntegration {
  let base = '/';
  return {
    name: 'security-headers',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:done': ({ dir, logger }) => {
        writeFileSync(path.join(fileURLToPath(dir), '_headers'), headersFile(undefined, base));
        logger.info('wrote _headers (Content-Security-Policy and security headers)');
      },
    },
  };
}
