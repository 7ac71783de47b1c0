// public/generated/figures.json — written by tools/build-assets.ts, read by every lesson page's
// runtime (self-test, default digit) and by the Astro pages (static figures, alt texts, summary).
import { array, literal, nullable, number, object, string, type Infer } from './schema';
import { studySummarySchema } from './study';

export const FIGURES_FORMAT = 'figures/1';

const base64Digit = string(/^[A-Za-z0-9+/]+={0,2}$/);
const digit = number({ integer: true, min: 0, max: 9 });

const figureEntry = object({
  /** Relative to the generated directory (public/generated/, served as /generated/). */
  file: string(),
  width: number({ integer: true, min: 1 }),
  height: number({ integer: true, min: 1 }),
  alt: string(),
});

const prediction = object({ predicted: digit, probability: number({ min: 0, max: 1 }) });
const peak = object({ row: number({ integer: true }), col: number({ integer: true }), ties: number({ integer: true, min: 1 }) });

export const selfTestEntrySchema = object({ input: string(), label: digit, logits: array(number(), 10) });

export const sampleFactsSchema = object({
  attention: prediction,
  traditional: prediction,
  /** First peak cell of each 7×7 map, 1-based (row, col), and how many cells tie for the peak. */
  peaks: object({ attention: peak, cam: peak, gradcam: peak }),
  /** Pearson r of the raw maps; null when one is constant. */
  pearson: object({ attentionCam: nullable(number()), attentionGradcam: nullable(number()), camGradcam: nullable(number()) }),
});

export const figuresSchema = object({
  format: literal(FIGURES_FORMAT),
  sample: object({ source: string(), index: number({ integer: true, min: 0 }), label: digit, pixelsBase64: base64Digit }),
  facts: sampleFactsSchema,
  figures: object({ input: figureEntry, fourPanel: figureEntry, comparison: figureEntry, activations: figureEntry, attack: figureEntry }),
  /**
   * The digit that models.*.selfTest of pretrained/model-card.json name, and one entry per model id
   * (selfTest.attention, selfTest.traditional, …: checked per registry model by the reader).
   */
  selfTest: object({ input: string(), label: digit, pixelsBase64: base64Digit }),
  /** summarizeStudy of public/generated/study.json. */
  summary: studySummarySchema,
});

export type FiguresManifest = Infer<typeof figuresSchema>;
export type FigureEntry = Infer<typeof figureEntry>;
export type SampleFacts = Infer<typeof sampleFactsSchema>;
export type SelfTestEntry = Infer<typeof selfTestEntrySchema>;
export type ModelPrediction = Infer<typeof prediction>;
