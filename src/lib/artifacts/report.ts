// The explanation report — the JSON the `explain` CLI prints and every widget exports (same
// function, src/lib/report/explanation-report.ts). Maps are raw 7×7 (or layer-sized) rows.
import { array, boolean, nullable, number, object, optional, record, string, type Infer, type Schema } from './schema';

const rows = array(array(number()));
const byClass = <T>(s: Schema<T>) => record(s, /^\d(-\d)?$/);
const probability = number({ min: 0, max: 1 });

const agreement = object({ pearson: nullable(number()), spearman: nullable(number()) });
const peak = object({ value: number(), cells: array(array(number({ integer: true }), 2)) });
const peakDistance = object({ pixels: number({ min: 0 }), from: array(number(), 2), to: array(number(), 2), ties: array(number(), 2) });
const topClass = object({ class: number({ integer: true }), logit: number(), probability });

const integratedGradients = object({
  map: rows,
  steps: number({ integer: true, min: 1 }),
  score_input: number(),
  score_baseline: number(),
  attribution_sum: number(),
  completeness_error: number(),
  relative_completeness_error: nullable(number()),
});

const faithfulness = object({
  class: number({ integer: true }),
  deletion_auc: object({ background: number(), blur: number() }),
  insertion_auc: object({ background: number(), blur: number() }),
  ink_energy: nullable(number()),
  pointing_game: object({ hit: boolean(), peak: object({ row: number(), col: number() }), distance: nullable(number()) }),
  average_drop_percent: number(),
  increase_in_confidence: boolean(),
});

const randomizationStep = object({
  stage: string(),
  randomizedUpTo: number({ integer: true }),
  spearman: nullable(number()),
  pearson: nullable(number()),
  ssim: nullable(number()),
});

/** Maps of the optional methods (present only when asked for). */
const optionalMaps = {
  hirescam: optional(byClass(rows)),
  gradcam_pp: optional(byClass(rows)),
  xgradcam: optional(byClass(rows)),
  layercam: optional(record(byClass(rows))),
  scorecam: optional(byClass(rows)),
  occlusion: optional(byClass(rows)),
  saliency: optional(byClass(rows)),
  smoothgrad: optional(byClass(rows)),
  integrated_gradients: optional(byClass(integratedGradients)),
  contrastive_cam: optional(byClass(rows)),
  contrastive_gradcam: optional(byClass(rows)),
};

const scores = { logits: array(number(), 10), probabilities: array(probability, 10), predicted: number({ integer: true, min: 0, max: 9 }) };

export const attentionCnnReportSchema = object({
  ...scores,
  attention: rows,
  cam: byClass(rows),
  top_k_cams: array(object({ class: number({ integer: true }), probability, cam: rows })),
  logit_ledger: array(
    object({ class: number({ integer: true }), mean_cam: number(), bias: number(), mean_cam_plus_bias: number(), logit: number() }),
    10,
  ),
  gradcam: optional(byClass(rows)),
  ...optionalMaps,
});

export const traditionalCnnReportSchema = object({ ...scores, gradcam: byClass(rows), ...optionalMaps });

const classComparison = object({
  attention_vs_cam: agreement,
  attention_vs_gradcam: agreement,
  cam_vs_gradcam: agreement,
  peaks: object({ attention: peak, cam: peak, gradcam: peak }),
  peak_distance_pixels: object({ attention_cam: peakDistance, attention_gradcam: peakDistance, cam_gradcam: peakDistance }),
});

export const comparisonSchema = object({
  maps: string(),
  by_class: byClass(classComparison),
  attention_spread: object({
    std: number(),
    entropy: nullable(number()),
    effectiveArea: nullable(number()),
    effectiveAreaFraction: nullable(number()),
  }),
  confidence: object({ attention_cnn: probability, traditional_cnn: probability }),
  top_k: object({ attention_cnn: array(topClass), traditional_cnn: array(topClass) }),
  faithfulness: optional(object({ attention_cnn_cam: faithfulness, traditional_cnn_gradcam: faithfulness })),
  sanity_check: optional(object({ attention_cnn_cam: array(randomizationStep), traditional_cnn_gradcam: array(randomizationStep) })),
});

export const reportInputSchema = object({
  source: optional(string()),
  label: optional(nullable(number({ integer: true }))),
  width: optional(number({ integer: true, min: 1 })),
  height: optional(number({ integer: true, min: 1 })),
  preprocessing: optional(string()),
});

export const explanationReportSchema = object({
  input: reportInputSchema,
  preprocessing: object({ mean: number(), std: number() }),
  classes: array(number({ integer: true, min: 0, max: 9 })),
  attention_cnn: attentionCnnReportSchema,
  traditional_cnn: traditionalCnnReportSchema,
  comparison: comparisonSchema,
});

export type ExplanationReportJson = Infer<typeof explanationReportSchema>;
export type AttentionCnnJson = Infer<typeof attentionCnnReportSchema>;
export type TraditionalCnnJson = Infer<typeof traditionalCnnReportSchema>;
export type ComparisonJson = Infer<typeof comparisonSchema>;
export type ReportInput = Infer<typeof reportInputSchema> & Record<string, unknown>;
export type IntegratedGradientsJson = Infer<typeof integratedGradients>;
export type FaithfulnessJson = Infer<typeof faithfulness>;
export type ClassComparison = Infer<typeof classComparison>;
