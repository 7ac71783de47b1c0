// A statistic in a lesson is rendered from the build's data by <Stat>/<Params>, never typed. This
// test scans every lesson's MDX source for a number that equals one of those statistics at any
// usual rounding (60,619 / 60619; 0.35 / 0.354; 99.27 % / 99.3 %) and fails, naming file and line.
// Integers below 100 are not checked: 7, 14 or 49 occur everywhere for other reasons.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lessonStats, STUDY_PATH, type Stat } from './lesson-stats';
import { layersOf, parameterCountOf } from './model-specs';

const LESSONS = path.join(process.cwd(), 'content/lessons');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Text forms in which a value could have been typed. */
export function typedForms(value: number, kind: 'count' | 'fraction' | 'real'): string[] {
  const forms = new Set<string>();
  if (kind === 'count') {
    if (Math.abs(value) >= 100) {
      forms.add(Math.round(value).toLocaleString('en-US'));
      forms.add(String(Math.round(value)));
    }
    return [...forms];
  }
  for (const digits of [2, 3]) forms.add(Math.abs(value).toFixed(digits));
  if (kind === 'real') forms.add(Math.abs(value).toFixed(1));
  if (kind === 'fraction') for (const digits of [0, 1, 2]) forms.add(`${(value * 100).toFixed(digits)}%`);
  // Forms that say nothing specific (0.00, 1.0, 100%) would match harmless text.
  return [...forms].filter((f) => !/^(0|1|100)(\.0+)?%?$/.test(f) && f.replace(/[^0-9]/g, '').replace(/^0+/, '').length >= 2);
}

/** Regex for one form: not part of a longer number; a percent sign may follow a space. */
export function formPattern(form: string): RegExp {
  const body = form.endsWith('%') ? `${escape(form.slice(0, -1))}[\\s\\u00a0\\u202f]?%` : escape(form);
  return new RegExp(`(?<![\\d.,])${body}(?![\\d]|[.,]\\d)`, 'g');
}

/** Lesson source with the components that render numbers (and the import lines) removed. */
export function scannable(source: string): string {
  return source
    .split('\n')
    .map((line) =>
      /^(import|export) /.test(line) ? '' : line.replace(/<(Stat|Params)\b[^>]*\/>/g, '').replace(/statText\('[^']*'\)/g, ''),
    )
    .join('\n');
}

function kindOf(stat: Stat): 'count' | 'fraction' | 'real' {
  if (stat.format === 'integer') return 'count';
  return stat.format.startsWith('percent') ? 'fraction' : 'real';
}

export function typedStatistics(source: string, stats: Record<string, { value: number; kind: 'count' | 'fraction' | 'real' }>): string[] {
  const text = scannable(source);
  const hits: string[] = [];
  for (const [name, { value, kind }] of Object.entries(stats)) {
    for (const form of typedForms(value, kind)) {
      for (const m of text.matchAll(formPattern(form))) {
        const line = text.slice(0, m.index).split('\n').length;
        hits.push(`line ${line}: "${m[0]}" equals ${name}`);
      }
    }
  }
  return hits;
}

function allStatistics(): Record<string, { value: number; kind: 'count' | 'fraction' | 'real' }> {
  const out: Record<string, { value: number; kind: 'count' | 'fraction' | 'real' }> = {};
  for (const [name, stat] of Object.entries(lessonStats())) out[name] = { value: stat.value, kind: kindOf(stat) };
  for (const model of ['attention', 'traditional'] as const) {
    for (const layer of layersOf(model)) out[`params.${model}.${layer}`] = { value: parameterCountOf(model, layer), kind: 'count' };
  }
  return out;
}

describe('typedStatistics (the detector itself)', () => {
  const stats = {
    'x.count': { value: 60619, kind: 'count' as const },
    'x.frac': { value: 0.9927, kind: 'fraction' as const },
    'x.r': { value: 0.3533, kind: 'real' as const },
  };
  it('finds numbers typed in the usual roundings', () => {
    const hits = typedStatistics('It has 60,619 weights, 99.27 % accuracy and r = 0.35.\nAlso 60619 and 99.3% and 0.353.', stats);
    expect(hits).toHaveLength(6);
  });
  it('ignores numbers rendered by components, longer numbers and code-like near misses', () => {
    const text = 'It has <Stat name="params.attention" /> weights, 160,6190 and 0.3512 and 1.35 and 99.271.';
    expect(typedStatistics(text, stats)).toEqual([]);
  });
});

// npm test builds the assets before the unit tests, so the study is always there; without it this
// fails (with the command to run) rather than skipping, so it can never pass by not running.
describe('lesson MDX files', () => {
  it('have the build data to compare against (public/generated/study.json: npm run assets)', () => {
    expect(existsSync(STUDY_PATH)).toBe(true);
  });
  const stats = existsSync(STUDY_PATH) ? allStatistics() : {};
  for (const file of readdirSync(LESSONS).filter((f) => f.endsWith('.mdx'))) {
    it(`${file} types no statistic by hand`, () => {
      expect(typedStatistics(readFileSync(path.join(LESSONS, file), 'utf8'), stats)).toEqual([]);
    });
  }
});
