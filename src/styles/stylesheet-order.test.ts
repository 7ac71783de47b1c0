// Two builds of one commit must list a page's stylesheets in the same order (else the site version
// and the service worker change on every rebuild). Astro placed component-scoped <style> blocks and
// component-imported CSS at varying places among the <link> tags, so all CSS comes from the layouts'
// imports, in their fixed order. `npm run check:deterministic-build` tests the outcome on two real
// builds; this catches the cause in any new component without one.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

function astroFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) return astroFiles(rel);
    return name.endsWith('.astro') ? [rel] : [];
  });
}

const FILES = astroFiles('src');

describe('stylesheets come from the layouts only', () => {
  it('finds the components and layouts', () => {
    expect(FILES).toContain('src/layouts/LessonLayout.astro');
    expect(FILES).toContain('src/components/lesson/ArchitectureDiagram.astro');
  });

  it('no .astro file has a <style> block', () => {
    const withStyle = FILES.filter((f) => /<style[\s>]/.test(readFileSync(path.join(ROOT, f), 'utf8').replace(/\/\/.*$/gm, '')));
    expect(withStyle).toEqual([]);
  });

  it('only src/layouts imports CSS', () => {
    const importers = FILES.filter((f) => !f.startsWith('src/layouts/')).filter((f) =>
      /^\s*import\s+['"][^'"]+\.css['"]/m.test(readFileSync(path.join(ROOT, f), 'utf8')),
    );
    expect(importers).toEqual([]);
  });
});
