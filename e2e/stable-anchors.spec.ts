// Instructors link to sections: every heading id recorded in stable-anchors.json must still exist
// on its page. Ids may be added freely; removing or renaming one must be a deliberate edit of the
// JSON file (regenerate it with `npx tsx e2e/list-anchors.ts`), never an accident.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { builtHtml, sitemapPaths } from './support/site';
import { headingIds } from './support/anchors';

const recorded = JSON.parse(readFileSync(path.join(import.meta.dirname, 'stable-anchors.json'), 'utf8')) as Record<string, string[]>;

test('stable-anchors.json covers every lesson page', () => {
  const lessons = sitemapPaths().filter((p) => p.startsWith('/lessons/'));
  expect(Object.keys(recorded).sort()).toEqual(expect.arrayContaining(lessons));
});

for (const [pagePath, ids] of Object.entries(recorded)) {
  test(`stable anchors on ${pagePath}`, async ({ page }) => {
    // Static HTML first (what a link opens before any script runs), then the live page.
    const present = new Set(headingIds(builtHtml(pagePath)));
    const missing = ids.filter((id) => !present.has(id));
    expect(missing, `heading ids that disappeared from ${pagePath}`).toEqual([]);

    await page.goto(pagePath);
    const missingLive = await page.evaluate(
      (list) => list.filter((id) => document.querySelectorAll(`[id="${CSS.escape(id)}"]`).length !== 1),
      ids,
    );
    expect(missingLive, `ids missing (or not unique) in the live page ${pagePath}`).toEqual([]);
  });
}
