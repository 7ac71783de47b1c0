// public/generated/attention-quality.json — lab 1's attention-quality study, one entry per
// attention model (src/lib/report/attention-quality.ts), computed at build from the committed
// weights; read by the attention-quality table and the class-average maps.
import { array, literal, nullable, number, object, oneOf, string, type Infer } from './schema';

const grid = array(array(number(), 7), 7);
const share = number({ min: 0, max: 1 });

export const qualityEntrySchema = object({
  id: string(),
  label: string(),
  pytorchClass: string(),
  dataset: oneOf(['mnist', 'fashion-mnist']),
  weightsSha256: string(/^[0-9a-f]{64}$/),
  count: number({ integer: true, min: 1 }),
  /** How CAM cells add up to the logit: the class-average CAMs are drawn per cell in logit units. */
  cellReduction: oneOf(['mean', 'sum']),
  accuracy: share,
  medianSelectivity: nullable(share),
  medianInkMassRatio: nullable(number({ min: 0 })),
  medianPearsonAttentionCam: nullable(number({ min: -1, max: 1 })),
  pointingGame: share,
  meanDeletionAuc: nullable(share),
  deletionCount: number({ integer: true, min: 0 }),
  classNames: array(string(), 10),
  classAverages: array(
    object({
      class: number({ integer: true, min: 0, max: 9 }),
      count: number({ integer: true, min: 0 }),
      attention: nullable(grid),
      cam: grid,
    }),
    10,
  ),
});

export const attentionQualitySchema = object({
  format: literal('attention-quality/1'),
  /** How the deletion subset was chosen, for captions. */
  deletionSubset: string(),
  selectiveAbove: number(),
  inkThreshold: number(),
  deletionStep: number({ integer: true, min: 1 }),
  models: array(qualityEntrySchema),
});

export type AttentionQuality = Infer<typeof attentionQualitySchema>;
export type QualityEntry = Infer<typeof qualityEntrySchema>;
