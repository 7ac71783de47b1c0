// The project's layering, enforced: which folder may import which (see
// shared/design/architecture.md), no import cycles, one widget never imports another, and no
// synchronous tensor reads (they return zeros on WebGPU). Reads the source as text: no build.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...listSources(rel));
    else if (/\.(ts|mjs|js)$/.test(name) && !/\.(test|fuzz\.test)\.ts$/.test(name) && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

const SOURCES = [...listSources('src'), ...listSources('tools')].filter((f) => !f.startsWith('src/offline/'));

/** Relative import targets of a file, resolved to repository paths (extension added). */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const specs = [
    ...text.matchAll(
      /(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|new URL\(\s*['"](\.[^'"]+)['"]/g,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3]);
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) => {
      const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), s));
      for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
        try {
          if (statSync(path.join(ROOT, candidate)).isFile()) return candidate;
        } catch {
          // try the next form
        }
      }
      return base;
    });
}

/** Bare package imports of a file (e.g. "d3-scale", "@tensorflow/tfjs-core"). */
function packagesOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  return [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'".][^'"]*)['"]|import\(\s*['"]([^'".][^'"]*)['"]\s*\)/g),
  ].map((m) => m[1] ?? m[2]);
}

/** The room a file lives in, as the architecture names it. */
function room(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'tools') return 'tools';
  if (parts[1] === 'lib') {
    if (parts.length === 3) return `lib/${parts[2].replace(/\.ts$/, '')}`; // leaf modules at src/lib/*.ts
    return `lib/${parts[2]}`;
  }
  return parts[1];
}

/** Rooms a room may import from (besides itself). Leaves import nothing of ours. */
const LEAVES = ['lib/contract', 'lib/rng', 'lib/tensor-read'];
const MAY_IMPORT: Record<string, readonly string[]> = {
  'lib/contract': [],
  'lib/rng': [],
  'lib/tensor-read': [],
  'lib/testing': LEAVES,
  'lib/data': LEAVES,
  'lib/artifacts': LEAVES,
  'lib/weights': LEAVES,
  'lib/metrics': LEAVES,
  'lib/models': [...LEAVES, 'lib/weights', 'lib/data', 'lib/artifacts'],
  'lib/explain': [...LEAVES, 'lib/models', 'lib/data', 'lib/metrics'],
  // lib/explain: lab 2's run films the attention maps and CAMs while it trains.
  'lib/train': [...LEAVES, 'lib/models', 'lib/data', 'lib/weights', 'lib/explain'],
  'lib/attack': [...LEAVES, 'lib/models', 'lib/data', 'lib/explain', 'lib/metrics', 'lib/artifacts'],
  'lib/report': [...LEAVES, 'lib/explain', 'lib/metrics', 'lib/models', 'lib/data', 'lib/weights', 'lib/artifacts'],
  plots: [],
};
const LIB_ROOMS = Object.keys(MAY_IMPORT).filter((r) => r.startsWith('lib/'));

describe('layering', () => {
  it('knows the room of every file in src/lib', () => {
    const unknown = SOURCES.filter((f) => f.startsWith('src/lib/'))
      .map(room)
      .filter((r) => !(r in MAY_IMPORT));
    expect([...new Set(unknown)]).toEqual([]);
  });

  it('every import in src/lib and src/plots follows the architecture table', () => {
    const violations: string[] = [];
    for (const file of SOURCES) {
      const from = room(file);
      const allowed = MAY_IMPORT[from];
      if (!allowed) continue;
      for (const target of importsOf(file)) {
        const to = room(target);
        if (to !== from && !allowed.includes(to)) violations.push(`${file} (${from}) imports ${target} (${to})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('src/lib never imports the browser runtime, widgets, plots, components or tools', () => {
    const violations = SOURCES.filter((f) => f.startsWith('src/lib/')).flatMap((f) =>
      importsOf(f)
        .filter((t) => !t.startsWith('src/lib/'))
        .map((t) => `${f} imports ${t}`),
    );
    expect(violations).toEqual([]);
  });

  it('plots import d3 only: statistics come in as data', () => {
    const violations = SOURCES.filter((f) => f.startsWith('src/plots/')).flatMap((f) => [
      ...importsOf(f)
        .filter((t) => !t.startsWith('src/plots/'))
        .map((t) => `${f} imports ${t}`),
      ...packagesOf(f)
        .filter((p) => !/^d3(-[a-z-]+)?$/.test(p))
        .map((p) => `${f} imports package ${p}`),
    ]);
    expect(violations).toEqual([]);
  });

  it('the runtime imports only src/lib (never widgets, plots or tools)', () => {
    const violations = SOURCES.filter((f) => f.startsWith('src/runtime/')).flatMap((f) =>
      importsOf(f)
        .filter((t) => !t.startsWith('src/runtime/') && !t.startsWith('src/lib/'))
        .map((t) => `${f} imports ${t}`),
    );
    expect(violations).toEqual([]);
  });

  it('tools import src/lib and two pure modules only (the backend list, the site URL and base path)', () => {
    const pure = new Set(['src/runtime/backend-choice.ts', 'src/site-config.ts']);
    const violations = SOURCES.filter((f) => f.startsWith('tools/')).flatMap((f) =>
      importsOf(f)
        .filter((t) => t.startsWith('src/') && !t.startsWith('src/lib/') && !pure.has(t))
        .map((t) => `${f} imports ${t}`),
    );
    expect(violations).toEqual([]);
  });

  it('no widget module imports another widget module', () => {
    const define = readFileSync(path.join(ROOT, 'src/widgets/define.ts'), 'utf8');
    const widgets = new Set([...define.matchAll(/import\('\.\/([a-z-]+)'\)/g)].map((m) => `src/widgets/${m[1]}.ts`));
    expect(widgets.size).toBeGreaterThan(5);
    const violations = [...widgets].flatMap((w) =>
      importsOf(w)
        .filter((t) => widgets.has(t))
        .map((t) => `${w} imports ${t}`),
    );
    expect(violations).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map(SOURCES.map((f) => [f, importsOf(f).filter((t) => SOURCES.includes(t))]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'open');
      stack.push(f);
      for (const t of graph.get(f) ?? []) {
        if (state.get(t) === 'open') cycles.push([...stack.slice(stack.indexOf(t)), t].join(' → '));
        else if (!state.has(t)) visit(t);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of SOURCES) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });

  it('every lib room is listed in the table', () => {
    expect(LIB_ROOMS.length).toBeGreaterThan(8);
  });
});

describe('tensor reads', () => {
  it('src/lib, src/runtime and src/widgets never read tensors synchronously (zeros on WebGPU)', () => {
    const offenders = SOURCES.filter((f) => /^src\/(lib|runtime|widgets)\//.test(f)).flatMap((f) =>
      readFileSync(path.join(ROOT, f), 'utf8')
        .split('\n')
        .map((line, i) => ({ line, i }))
        .filter(({ line }) => /\.(dataSync|arraySync)\s*\(|\breadSync\s*\(/.test(line))
        .map(({ line, i }) => `${f}:${i + 1}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });
});

describe('shared constants', () => {
  it('28, 784, 49 and the class count are defined once (src/lib/contract/constants.ts)', () => {
    const definitions = SOURCES.filter((f) => f.startsWith('src/lib/') && f !== 'src/lib/contract/constants.ts').flatMap((f) =>
      readFileSync(path.join(ROOT, f), 'utf8')
        .split('\n')
        .filter((line) => /^export const [A-Z_]+ = (28|784|49|10);/.test(line))
        .map((line) => `${f}: ${line}`),
    );
    expect(definitions).toEqual([]);
  });
});
