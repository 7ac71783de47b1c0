// public/generated/study.json (the test-set study, column-wise) and the summary of it that
// figures.json carries — written by tools/build-assets.ts, read by the study widget and the pages.
import { array, literal, nullable, number, object, record, string, type Infer } from './schema';

export const STUDY_FORMAT = 'test-set-study/1';

const sha256 = string(/^[0-9a-f]{64}$/);
const fraction = nullable(number({ min: 0, max: 1 }));
const r = nullable(number({ min: -1.000001, max: 1.000001 }));

const pairPearsons = object({ attentionCam: r, attentionGradcam: r, camGradcam: r });

export const studySummarySchema = object({
  count: number({ integer: true, min: 0 }),
  /** Fraction correct, null for no rows. */
  accuracy: object({ attention: fraction, traditional: fraction }),
  medians: object({
    pearsonAttentionCam: r,
    pearsonAttentionGradcam: r,
    pearsonCamGradcam: r,
    peakDistanceAttentionCam: nullable(number({ min: 0 })),
    peakDistanceAttentionGradcam: nullable(number({ min: 0 })),
    peakDistanceCamGradcam: nullable(number({ min: 0 })),
    attentionStd: nullable(number({ min: 0 })),
    attentionEffectiveAreaFraction: fraction,
  }),
  /** Pearson of attention std vs the attention-CNN's confidence, over the digits. */
  pearsonSpreadConfidence: r,
  perClass: array(
    object({
      digit: number({ integer: true, min: 0, max: 9 }),
      count: number({ integer: true, min: 0 }),
      accuracyAttention: fraction,
      accuracyTraditional: fraction,
      medianPearson: pairPearsons,
    }),
    10,
  ),
  /** [true label][predicted class] counts. */
  confusion: object({
    attention: array(array(number({ integer: true, min: 0 }), 10), 10),
    traditional: array(array(number({ integer: true, min: 0 }), 10), 10),
  }),
  /** Test-set indices of the digits each model gets wrong, ascending. */
  misclassified: object({ attention: array(number({ integer: true, min: 0 })), traditional: array(number({ integer: true, min: 0 })) }),
});

/** The envelope of study.json; the columns' per-value rules are checked by studyFromColumns. */
export const studyFileSchema = object({
  format: literal(STUDY_FORMAT),
  /** Lowercase hex sha256 of each model's safetensors file. */
  weights: object({ attention: sha256, traditional: sha256 }),
  count: number({ integer: true, min: 0 }),
  columns: record(array(nullable(number()))),
});

export type StudySummary = Infer<typeof studySummarySchema>;
export type StudyWeights = Infer<typeof studyFileSchema>['weights'];
export type ClassSummary = StudySummary['perClass'][number];
export type PairPearsons = Infer<typeof pairPearsons>;
