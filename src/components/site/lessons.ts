// Server-side helpers shared by the site chrome: one place decides lesson order, URLs and how a
// time slot is written, so the sidebar, the home timeline and the pager can never disagree.
import { getCollection, type CollectionEntry } from 'astro:content';
import { sitePath } from './site-path';

export type Lesson = CollectionEntry<'lessons'>;

/** All lessons in session order (frontmatter `order`, then file name for a stable tie-break). */
export async function getLessons(): Promise<Lesson[]> {
  const lessons = await getCollection('lessons');
  return lessons.sort((a, b) => a.data.order - b.data.order || a.id.localeCompare(b.id));
}

export function lessonHref(id: string): string {
  return sitePath(`/lessons/${id}/`);
}

/** "0:25–0:50" */
export function slotLabel(duration: Lesson['data']['duration']): string {
  return `${duration.start}–${duration.end}`;
}

/** Spoken form for screen readers: "0:25 to 0:50". */
export function slotSpoken(duration: Lesson['data']['duration']): string {
  return `${duration.start} to ${duration.end}`;
}

/** ISO 8601 duration for <time datetime>: 25 → "PT25M". */
export function isoMinutes(minutes: number): string {
  return `PT${minutes}M`;
}

export const COURSE = {
  course: 'Deep Learning with PyTorch',
  session: 'Session 4: CNN interpretability with attention',
  short: 'Session 4 · Deep Learning with PyTorch',
} as const;
