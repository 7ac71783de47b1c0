// Writes dist/_headers (Netlify / Cloudflare Pages format) from src/security/csp.ts, the same
// module BaseLayout.astro takes its <meta> Content-Security-Policy from: one source, two outputs.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { headersFile } from '../security/csp';

export function securityHeaders(): AstroIntegration {
  return {
    name: 'security-headers',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        writeFileSync(path.join(fileURLToPath(dir), '_headers'), headersFile());
        logger.info('wrote _headers (Content-Security-Policy and security headers)');
      },
    },
  };
}
