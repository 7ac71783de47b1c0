// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { remarkHeadingIds } from './src/markdown/remark-heading-ids.ts';

export default defineConfig({
  site: 'https://course.example.org',
  trailingSlash: 'always',
  integrations: [mdx(), sitemap()],
  markdown: {
    remarkPlugins: [remarkMath, remarkHeadingIds],
    // KaTeX renders at build time; the reader gets HTML + our own copy of its CSS and fonts.
    rehypePlugins: [[rehypeKatex, { output: 'htmlAndMathml', throwOnError: true, strict: 'error' }]],
    shikiConfig: { themes: { light: 'github-light', dark: 'github-dark' } },
  },
  build: { inlineStylesheets: 'never' },
});
