import { describe, expect, it } from 'vitest';
import { END_MARKER, replaceSection, START_MARKER, table } from './markdown';

const doc = '# Benchmarks\n\nIntro.\n\n## Training\n\nold figures\n\n## Evaluation\n\nmore\n';

describe('bench markdown', () => {
  it('renders a table and escapes pipes', () => {
    expect(table(['a', 'b'], [['1', 'x | y']])).toBe('| a | b |\n|---|---|\n| 1 | x \\| y |');
    expect(() => table(['a', 'b'], [['1']])).toThrow(/1 cells, the header 2/);
  });

  it('inserts the section before the first ## heading when there are no markers', () => {
    const out = replaceSection(doc, '## Today\n\nfigures');
    expect(out).toBe(
      `# Benchmarks\n\nIntro.\n\n${START_MARKER}\n## Today\n\nfigures\n${END_MARKER}\n\n## Training\n\nold figures\n\n## Evaluation\n\nmore\n`,
    );
  });

  it('appends when the document has no ## heading', () => {
    expect(replaceSection('# T\n\ntext\n\n', 'x')).toBe(`# T\n\ntext\n\n${START_MARKER}\nx\n${END_MARKER}\n`);
  });

  it('replaces only what is between the markers, and is idempotent', () => {
    const once = replaceSection(doc, 'first run');
    const twice = replaceSection(once, 'second run\n');
    expect(twice).toBe(once.replace('first run', 'second run'));
    expect(replaceSection(twice, 'second run')).toBe(twice);
    expect(twice.startsWith('# Benchmarks\n\nIntro.\n\n')).toBe(true);
    expect(twice.endsWith('## Training\n\nold figures\n\n## Evaluation\n\nmore\n')).toBe(true);
  });

  it('refuses broken markers instead of guessing', () => {
    expect(() => replaceSection(`${START_MARKER}\nx\n`, 'y')).toThrow(/no <!-- bench:end -->/);
    expect(() => replaceSection(`${END_MARKER}\n${START_MARKER}\n`, 'y')).toThrow(/wrong order/);
    expect(() => replaceSection(`${START_MARKER}${END_MARKER}${START_MARKER}${END_MARKER}`, 'y')).toThrow(/more than one/);
  });
});
