// public/generated/robustness.json — accuracy vs ε for both networks under FGSM and PGD, and how
// far the maps move (median Pearson before vs after), on a fixed subset of the test set. Written
// by tools/build-assets.ts (src/lib/attack/robustness.ts), read by the lab's attack widget.
import { array, literal, nullable, number, object, oneOf, record, string, type Infer } from './schema';

export const ROBUSTNESS_FORMAT = 'robustness/1';

const fraction = number({ min: 0, max: 1 });
const network = object({
  /** Fraction of the subset the network classifies correctly after the attack. */
  accuracy: fraction,
  /** Median over the subset of Pearson r(map before, map after), by map (attention, cam, gradcam). */
  medianPearson: record(nullable(number({ min: -1.000001, max: 1.000001 }))),
});

export const robustnessPointSchema = object({
  attacked: oneOf(['attention', 'traditional']),
  method: oneOf(['fgsm', 'pgd']),
  eps: number({ min: 0, max: 1 }),
  networks: object({ attention: network, traditional: network }),
  /** Test-set indices of digits the attack turned from right to wrong on the attacked network (a few). */
  flipped: array(number({ integer: true, min: 0, max: 9999 })),
});

export const robustnessSchema = object({
  format: literal(ROBUSTNESS_FORMAT),
  /** How the subset was chosen: the first `perClass` test digits of each class. */
  subset: object({
    perClass: number({ integer: true, min: 1 }),
    count: number({ integer: true, min: 1 }),
    indices: array(number({ integer: true, min: 0, max: 9999 })),
  }),
  /** PGD's steps (step size 2.5·ε/steps); attacks are untargeted. */
  pgdSteps: number({ integer: true, min: 1 }),
  clean: object({ attention: fraction, traditional: fraction }),
  points: array(robustnessPointSchema),
  /** SHA-256 of the weights files the curves were computed with. */
  weights: record(string(/^[0-9a-f]{64}$/)),
});

export type RobustnessPoint = Infer<typeof robustnessPointSchema>;
export type RobustnessFile = Infer<typeof robustnessSchema>;
