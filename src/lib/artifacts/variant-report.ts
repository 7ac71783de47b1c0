// The JSON `explain --model <id>` prints for a model other than the course's two (lab 1), and the
// variant gallery exports: one `model` object with raw 7×7 maps (rows = height).
import { array, either, nullable, number, object, oneOf, optional, record, string, type Infer } from './schema';
import { reportInputSchema } from './report';

const grid = array(array(number(), 7), 7);

export const variantReportSchema = object({
  input: reportInputSchema,
  preprocessing: object({ mean: number(), std: number() }),
  model: object({
    id: string(),
    pytorch_class: string(),
    logits: array(number(), 10),
    probabilities: array(number({ min: 0, max: 1 }), 10),
    predicted: number({ integer: true, min: 0, max: 9 }),
    /** 7×7 (one spatial map), one 7×7 per head (multi-head), or null (SE: no spatial attention). */
    attention: nullable(either(grid, array(grid))),
    /** SE: s; CBAM: Mc; null otherwise. */
    channel_attention: nullable(array(number({ min: 0, max: 1 }), 64)),
    /** CAM_c by class: logit_c = reduction over the 49 cells of CAM_c + b_c. */
    cam: record(grid, /^[0-9]$/),
    cam_reduction: oneOf(['mean', 'sum']),
    /** Multi-head models: each head's CAM by class (they sum to `cam`). */
    head_cams: optional(record(array(grid), /^[0-9]$/)),
  }),
});

export type VariantReport = Infer<typeof variantReportSchema>;
