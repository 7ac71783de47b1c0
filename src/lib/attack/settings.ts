// What an attack is asked to do, checked once and with its defaults filled in. The definitions
// (issue 16, and the lab's lesson) are exact so the CLI, the widget and the PyTorch listing agree:
//   FGSM: one step of size ε.
//   PGD:  `steps` steps (default 10) of size α (default 2.5·ε/steps), no random start.
// Untargeted attacks (target null) push away from the attacked model's own clean prediction.
import { NUM_CLASSES } from '../contract/constants';

export const ATTACK_METHODS = ['fgsm', 'pgd'] as const;
export type AttackMethod = (typeof ATTACK_METHODS)[number];

/** PGD's defaults: 10 steps of α = 2.5·ε/steps, enough to walk to the edge of the ε-ball and along it. */
export const PGD_DEFAULTS = { steps: 10, stepFactor: 2.5 } as const;
/** Perturbations are measured on pixels in [0, 1]: an ε above 1 means nothing more. */
export const MAX_EPS = 1;

export interface AttackRequest {
  method: AttackMethod;
  /** L∞ budget on pixels in [0, 1]. */
  eps: number;
  /** PGD only. */
  steps?: number;
  /** PGD only: α. */
  stepSize?: number;
  /** A class 0–9 for a targeted attack; null or absent = untargeted. */
  target?: number | null;
}

export interface AttackSettings {
  method: AttackMethod;
  eps: number;
  steps: number;
  stepSize: number;
  target: number | null;
}

export function isAttackMethod(name: string): name is AttackMethod {
  return (ATTACK_METHODS as readonly string[]).includes(name);
}

/** The request with defaults filled in; a RangeError with one line for anything out of range. */
export function attackSettings(request: AttackRequest): AttackSettings {
  const { method, eps } = request;
  if (!isAttackMethod(method)) throw new RangeError(`unknown attack "${String(method)}" (choose ${ATTACK_METHODS.join(', ')})`);
  if (!(Number.isFinite(eps) && eps >= 0 && eps <= MAX_EPS)) throw new RangeError(`ε must be a number in [0, ${MAX_EPS}], got ${eps}`);
  const target = request.target ?? null;
  if (target !== null && !(Number.isInteger(target) && target >= 0 && target < NUM_CLASSES))
    throw new RangeError(`target must be a digit 0–9, got ${target}`);
  if (method === 'fgsm') {
    if (request.steps !== undefined || request.stepSize !== undefined)
      throw new RangeError('FGSM is one step of size ε: steps and step size are for PGD');
    return { method, eps, steps: 1, stepSize: eps, target };
  }
  const steps = request.steps ?? PGD_DEFAULTS.steps;
  if (!(Number.isInteger(steps) && steps >= 1)) throw new RangeError(`PGD steps must be an integer ≥ 1, got ${steps}`);
  const stepSize = request.stepSize ?? (PGD_DEFAULTS.stepFactor * eps) / steps;
  if (!(Number.isFinite(stepSize) && stepSize >= 0)) throw new RangeError(`PGD step size must be a number ≥ 0, got ${stepSize}`);
  return { method, eps, steps, stepSize, target };
}

/** The lab's widget (and its static figure) start here: the lesson's worked example. */
export const LAB_ATTACK_DEFAULTS = { model: 'attention', method: 'fgsm', eps: 0.1, steps: PGD_DEFAULTS.steps } as const;
/** The widget's ε slider ends here: beyond it the perturbation is plainly visible on MNIST. */
export const LAB_MAX_EPS = 0.3;
