// Lesson structure on the built site: deep dives are closed, marked and printable, and a link to
// anything inside one opens it; every check question has an answer; the lesson header states the
// core path; on a phone the table of contents starts collapsed and wide equations say they scroll.
import { expect, test } from '@playwright/test';

const LESSONS = ['check-in', 'interpretability-theory', 'attention-cnn', 'attention-cam', 'grad-cam', 'wrap-up'];

for (const lesson of LESSONS) {
  test(`${lesson}: core path in the header, deep dives closed, every check question answered`, async ({ page }) => {
    await page.goto(`/lessons/${lesson}/`);
    await expect(page.locator('.core-time')).toContainText(/Core path: about \d+ min of reading/);
    const dives = page.locator('details.deep-dive');
    const count = await dives.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      await expect(dives.nth(i)).not.toHaveAttribute('open', /.*/);
      await expect(dives.nth(i).locator('summary')).toContainText('Deep dive');
    }
    const questions = page.locator('#check ~ .activity ol > li, #check + .activity ol > li');
    const n = await questions.count();
    for (let i = 0; i < n; i++) {
      await expect(questions.nth(i).locator('details.check-answer')).toHaveCount(1);
    }
  });
}

test('28 check questions across the lessons, each with an answer', async ({ page }) => {
  let total = 0;
  for (const lesson of LESSONS) {
    await page.goto(`/lessons/${lesson}/`);
    total += await page.locator('.activity ol > li:has(details.check-answer)').count();
  }
  expect(total).toBe(28);
});

test('a link to a heading inside a closed deep dive opens it', async ({ page }) => {
  await page.goto('/lessons/attention-cnn/#why-sigmoid');
  const heading = page.locator('[id="why-sigmoid"]');
  await expect(heading).toBeVisible();
  await expect(page.locator('#design-decisions-in-depth')).toHaveAttribute('open', '');

  // In-page navigation too: the table of contents entry of another closed deep dive.
  await page
    .getByRole('navigation', { name: 'On this page' })
    .getByRole('link', { name: /Pitfalls|Training dynamics/ })
    .first()
    .click();
  await expect(page.locator('#training-dynamics-in-depth')).toHaveAttribute('open', '');
});

test('a link to a deep dive itself opens it', async ({ page }) => {
  await page.goto('/lessons/grad-cam/#comparison-listing');
  await expect(page.locator('#comparison-listing')).toHaveAttribute('open', '');
  await expect(page.getByText('session4_compare.py: attention vs attention-CAM').first()).toBeVisible();
});

test('deep dives print open', async ({ page }) => {
  await page.goto('/lessons/grad-cam/');
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('#hook-pitfalls .deep-dive-body')).toBeVisible();
});

test.describe('on a 360 px phone', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('the table of contents starts collapsed and opens on demand', async ({ page }) => {
    await page.goto('/lessons/grad-cam/');
    const toc = page.locator('details.toc-collapse');
    await expect(toc).not.toHaveAttribute('open', /.*/);
    await toc.locator('summary').click();
    await expect(page.getByRole('navigation', { name: 'On this page' }).getByRole('link').first()).toBeVisible();
  });

  test('a display equation that overflows says that it scrolls', async ({ page }) => {
    await page.goto('/lessons/attention-cam/');
    const overflowing = page.locator('.lesson-body .katex-display[data-scroll-region]').first();
    await expect(overflowing).toBeAttached();
    const cue = await overflowing.evaluate((el) => getComputedStyle(el, '::after').content);
    expect(cue).toContain('Scroll sideways');
  });
});

test('on a wide screen the table of contents is open', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/lessons/grad-cam/');
  await expect(page.locator('details.toc-collapse')).toHaveAttribute('open', '');
  await expect(page.getByRole('navigation', { name: 'On this page' }).getByRole('link').first()).toBeVisible();
});
