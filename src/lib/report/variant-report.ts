// Lab 1's report of one attention model on one image (see src/lib/artifacts/variant-report.ts).
import type { TensorParams } from '../models/model-definition';
import { getModel, type ModelId } from '../models/registry';
import { explainVariants } from '../explain/variant-explanation';
import type { VariantReport } from '../artifacts/variant-report';
import type { PixelImage } from '../models/input';

export interface VariantReportOptions {
  /** Which classes' CAMs: the predicted one, all ten, or a list. */
  classes: 'predicted' | 'all' | readonly number[];
  input: VariantReport['input'];
}

export async function variantReport(
  model: ModelId,
  params: TensorParams,
  image: PixelImage,
  options: VariantReportOptions,
): Promise<VariantReport> {
  const definition = getModel(model);
  const [e] = await explainVariants(model, params, [image]);
  const classes =
    options.classes === 'predicted'
      ? [e.predicted]
      : options.classes === 'all'
        ? Array.from({ length: 10 }, (_, c) => c)
        : [...options.classes];
  const byClass = <T>(pick: (c: number) => T) => Object.fromEntries(classes.map((c) => [String(c), pick(c)]));
  return {
    input: options.input,
    preprocessing: { mean: definition.normalization.mean, std: definition.normalization.std },
    model: {
      id: model,
      pytorch_class: definition.pytorchClass,
      logits: e.logits,
      probabilities: e.probabilities,
      predicted: e.predicted,
      attention: e.attention.length === 0 ? null : e.attention.length === 1 ? e.attention[0] : e.attention,
      channel_attention: e.channelAttention,
      cam: byClass((c) => e.cams[c]),
      cam_reduction: e.cellReduction,
      ...(e.headCams.length > 0 ? { head_cams: byClass((c) => e.headCams.map((head) => head[c])) } : {}),
    },
  };
}
