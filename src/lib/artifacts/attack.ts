// The attack report — the JSON the `attack` CLI prints and the lab's widget exports
// (src/lib/attack/attack-report.ts). Pixels are in [0, 1]; maps are raw 7×7 rows of each
// network's predicted class, before the attack and after it.
import { array, boolean, nullable, number, object, oneOf, type Infer } from './schema';
import { reportInputSchema } from './report';

const grid = (min: number, max: number) => array(array(number({ min, max }), 28), 28);
const rows = array(array(number()));
const probability = number({ min: 0, max: 1 });

const scores = {
  logits: array(number(), 10),
  probabilities: array(probability, 10),
  predicted: number({ integer: true, min: 0, max: 9 }),
};

/** How far one map moved: Pearson before~after (null when a map is constant) and the peaks' distance. */
const mapChange = object({ pearson: nullable(number({ min: -1, max: 1 })), peak_distance_pixels: number({ min: 0 }) });

const attentionCnnMaps = { attention: rows, cam: rows };
const traditionalCnnMaps = { gradcam: rows };

export const attackSettingsSchema = object({
  model: oneOf(['attention', 'traditional']),
  method: oneOf(['fgsm', 'pgd']),
  eps: number({ min: 0, max: 1 }),
  steps: number({ integer: true, min: 1 }),
  step_size: number({ min: 0 }),
  target: nullable(number({ integer: true, min: 0, max: 9 })),
});

export const attackReportSchema = object({
  input: reportInputSchema,
  preprocessing: object({ mean: number(), std: number() }),
  attack: attackSettingsSchema,
  adversarial: object({
    pixels: grid(0, 1),
    perturbation: grid(-1, 1),
    linf: number({ min: 0, max: 1 }),
    l2: number({ min: 0 }),
    /** Untargeted: the attacked network's prediction changed; targeted: it is the target. */
    succeeded: boolean(),
  }),
  attention_cnn: object({
    before: object({ ...scores, ...attentionCnnMaps }),
    after: object({ ...scores, ...attentionCnnMaps, change_from_before: object({ attention: mapChange, cam: mapChange }) }),
  }),
  traditional_cnn: object({
    before: object({ ...scores, ...traditionalCnnMaps }),
    after: object({ ...scores, ...traditionalCnnMaps, change_from_before: object({ gradcam: mapChange }) }),
  }),
});

export type AttackReportJson = Infer<typeof attackReportSchema>;
export type AttackSettingsJson = Infer<typeof attackSettingsSchema>;
