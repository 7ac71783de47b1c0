import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';

// One entry per outline section; `duration` mirrors the session timeline of the outline.
const lessons = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './content/lessons' }),
  schema: z.object({
    title: z.string().min(3),
    /** The activity name in the session timeline. */
    activity: z.string().min(3),
    order: z.number().int().min(1),
    /** A homework lab after the session: its duration is its own, not a slot in the session's timeline. */
    homework: z.boolean().default(false),
    duration: z.object({
      start: z.string().regex(/^\d:\d\d$/),
      end: z.string().regex(/^\d:\d\d$/),
      minutes: z.number().int().positive(),
    }),
    goals: z.array(z.string().min(3)).min(1),
    summary: z.string().min(20),
  }),
});

export const collections = { lessons };
