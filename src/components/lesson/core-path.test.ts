// Every lesson's core path (words outside deep dives and answers at 200 per minute, plus the
// stated minutes of its activities) fits its time slot. The layout enforces the same at build time.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureCorePath } from './core-path';

const LESSONS = path.join(process.cwd(), 'content/lessons');

describe('measureCorePath', () => {
  it('counts prose, skips deep dives, answers and markup, and adds activity minutes', () => {
    const mdx = [
      '---\ntitle: "x"\nduration: { minutes: 5 }\n---',
      "import Stat from './Stat.astro';",
      '## Heading words [#heading-id]',
      'one two three <Stat name="a.b" /> four',
      '<DeepDive id="d" title="t">\n\nhidden hidden hidden\n\n</DeepDive>',
      '<Answer>\n\nsecret answer\n\n</Answer>',
      '<Activity minutes={3} title="Try">\n\nnot counted either\n\n</Activity>',
      '[link text](/lessons/x/#y)',
    ].join('\n\n');
    expect(measureCorePath(mdx)).toEqual({ words: 8, readingMinutes: 1, activityMinutes: 3, activities: 1, totalMinutes: 4 });
  });
  it('rejects an activity without stated minutes', () => {
    expect(() => measureCorePath('<Activity title="x">\n\ntext\n\n</Activity>')).toThrow(/minutes/);
  });
});

describe('lesson core paths fit their slots', () => {
  for (const file of readdirSync(LESSONS).filter((f) => f.endsWith('.mdx'))) {
    it(file, () => {
      const source = readFileSync(path.join(LESSONS, file), 'utf8');
      const slot = Number(/minutes:\s*(\d+)/.exec(source)?.[1]);
      const core = measureCorePath(source);
      expect(core.totalMinutes, `${file}: ${JSON.stringify(core)}`).toBeLessThanOrEqual(slot);
    });
  }
});
