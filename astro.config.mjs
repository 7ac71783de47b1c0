// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { remarkHeadingIds } from './src/markdown/remark-heading-ids.ts';
import { rehypeHeadingAnchors } from './src/markdown/rehype-heading-anchors.ts';
import { rehypeTableScroll } from './src/markdown/rehype-table-scroll.ts';
import { publishedFiles } from './src/integrations/published-files.ts';
import { offline } from './src/integrations/offline.ts';
import { securityHeaders } from './src/integrations/security-headers.ts';
import { rehypeBaseLinks } from './src/markdown/rehype-base-links.ts';
import { shikiNoTimeLimit } from './src/markdown/shiki-no-time-limit.ts';
import { basePath, siteUrl } from './src/site-config.ts';

// SITE_URL (canonical links, sitemap) and BASE_PATH (e.g. /course/) come from the environment;
// defaults and rules in src/site-config.ts, recipes in README.md ("Deploying").
const base = basePath();

export default defineConfig({
  site: siteUrl(),
  base,
  trailingSlash: 'always',
  // offline() lists what the others wrote (published files, sitemap pages), so it comes last.
  integrations: [mdx(), sitemap(), publishedFiles(), securityHeaders(), offline()],
  markdown: {
    remarkPlugins: [remarkMath, remarkHeadingIds],
    // KaTeX renders at build time; the reader gets HTML + our own copy of its CSS and fonts.
    rehypePlugins: [
      [rehypeKatex, { output: 'htmlAndMathml', throwOnError: true, strict: 'error' }],
      // After KaTeX so the anchor's accessible name can skip the rendered math's hidden HTML twin.
      rehypeHeadingAnchors,
      rehypeTableScroll,
      [rehypeBaseLinks, { base }],
    ],
    // The "-default" GitHub themes: github-light's variables (#e36209 on #fff, 3.5:1) and
    // github-dark's comments (#6a737d on #24292e, 3.0:1) fail WCAG AA; every token colour of
    // github-light-default / github-dark-default used for code is >= 4.5:1 on its background.
    // shikiNoTimeLimit: highlighting independent of machine load (deterministic builds).
    shikiConfig: { themes: { light: 'github-light-default', dark: 'github-dark-default' }, transformers: [shikiNoTimeLimit] },
  },
  build: { inlineStylesheets: 'never' },
  vite: {
    // Never inline small scripts or assets (Astro inlines scripts < 4 KB by default): a strict
    // Content-Security-Policy (script-src 'self', font-src 'self') must hold for every page.
    build: { assetsInlineLimit: 0 },
    // Module workers (every worker is started with { type: 'module' }): lab 2's training worker
    // imports the WebGPU backend only when it trains there, which needs code-splitting.
    worker: { format: 'es' },
  },
});
