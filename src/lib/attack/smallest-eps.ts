// The counterfactual "make it a t": the smallest budget ε at which targeted PGD turns the
// prediction into t, found by bisection. The attack itself is the one of adversarial.ts.
//
// Bisection assumes success is monotone in ε. For PGD it usually is but need not be (the step size
// α = 2.5·ε/steps changes with ε), so the answer is what bisection can promise: an ε at which the
// attack succeeds, with a failing ε at most `tolerance` below it (`lower`). The attack at ε = 0
// leaves the digit unchanged, so a digit already read as t gives ε = 0 without a search.
import type { TensorParams } from '../models/model-definition';
import type { PixelImage } from '../models/input';
import type { ModelName } from '../models/registry';
import { attackImages, type AdversarialExample, type AttackProgress } from './adversarial';
import { PGD_DEFAULTS } from './settings';

/** Default bisection tolerance on ε: half a step of the lab's ε slider (0.005), well below what the eye sees. */
export const SMALLEST_EPS_TOLERANCE = 0.0025;

export interface SmallestEpsOptions {
  /** Largest ε tried (the search fails above it). */
  maxEps: number;
  /** Stop when the failing and succeeding ε are this close. Default SMALLEST_EPS_TOLERANCE. */
  tolerance?: number;
  /** Called after each attack tried, e.g. for a progress bar. */
  onTry?: (tried: { eps: number; succeeded: boolean }, count: number) => void | Promise<void>;
}

export interface SmallestEps {
  /** The smallest succeeding ε found, or null when even maxEps does not succeed. */
  eps: number | null;
  /** The largest ε tried that failed (0 … eps − tolerance), or null when ε = 0 already succeeds. */
  lower: number | null;
  /** The adversarial example at `eps` (at maxEps when the search failed). */
  example: AdversarialExample;
  /** Every ε tried, in order. */
  tries: Array<{ eps: number; succeeded: boolean }>;
}

/** Bisection over any attack-at-ε (tests pass a model whose answer is known in closed form). */
export async function smallestSucceedingEps(
  attackAt: (eps: number) => Promise<AdversarialExample>,
  options: SmallestEpsOptions,
): Promise<SmallestEps> {
  const tolerance = options.tolerance ?? SMALLEST_EPS_TOLERANCE;
  if (!(options.maxEps > 0 && options.maxEps <= 1)) throw new RangeError(`maxEps must be in (0, 1], got ${options.maxEps}`);
  if (!(tolerance > 0)) throw new RangeError(`tolerance must be > 0, got ${tolerance}`);
  const tries: SmallestEps['tries'] = [];
  const attempt = async (eps: number) => {
    const example = await attackAt(eps);
    tries.push({ eps, succeeded: example.succeeded });
    await options.onTry?.(tries[tries.length - 1], tries.length);
    return example;
  };
  const atZero = await attempt(0);
  if (atZero.succeeded) return { eps: 0, lower: null, example: atZero, tries };
  let best = await attempt(options.maxEps);
  if (!best.succeeded) return { eps: null, lower: options.maxEps, example: best, tries };
  let lo = 0;
  let hi = options.maxEps;
  while (hi - lo > tolerance) {
    const mid = (lo + hi) / 2;
    const example = await attempt(mid);
    if (example.succeeded) {
      hi = mid;
      best = example;
    } else {
      lo = mid;
    }
  }
  return { eps: hi, lower: lo, example: best, tries };
}

/** The smallest ε at which targeted PGD (default steps and step size) makes `model` read `target`. */
export function smallestTargetedEps(
  model: ModelName,
  params: TensorParams,
  image: PixelImage,
  target: number,
  options: SmallestEpsOptions & { steps?: number; progress?: AttackProgress },
): Promise<SmallestEps> {
  const steps = options.steps ?? PGD_DEFAULTS.steps;
  return smallestSucceedingEps(
    async (eps) => (await attackImages(model, params, [image], { method: 'pgd', eps, steps, target }, options.progress))[0],
    options,
  );
}
