// The counterfactual "make it a t": the smallest budget ε at which targeted PGD turns the
// prediction into t, found by bisection. The attack itself is the one of adversarial.ts.
//
// The search runs over the multiples of `step` in [0, maxEps] (the widget passes its slider's step,
// so the answer is a slider position and a URL value), which is also its tolerance. Bisection
// assumes success is monotone in ε. For PGD it usually is but need not be (the step size
// α = 2.5·ε/steps changes with ε), so the answer is what bisection can promise: an ε at which the
// attack succeeds, with a failing ε one `step` below it (`lower`). The attack at ε = 0 leaves the
// digit unchanged, so a digit already read as t gives ε = 0 without a search.
import type { TensorParams } from '../models/model-definition';
import type { PixelImage } from '../models/input';
import type { ModelName } from '../models/registry';
import { attackImages, type AdversarialExample, type AttackProgress } from './adversarial';
import { PGD_DEFAULTS } from './settings';

/** Default resolution (and tolerance) of the search: half a step of the lab's ε slider, well below what the eye sees. */
export const SMALLEST_EPS_STEP = 0.0025;

export interface SmallestEpsOptions {
  /** Largest ε tried (the search fails above it); a multiple of `step`. */
  maxEps: number;
  /** ε is searched on the multiples of this; the answer is within one step of a failing ε. Default SMALLEST_EPS_STEP. */
  step?: number;
  /** Called after each attack tried, e.g. for a progress bar. */
  onTry?: (tried: { eps: number; succeeded: boolean }, count: number) => void | Promise<void>;
}

export interface SmallestEps {
  /** The smallest succeeding ε found, or null when even maxEps does not succeed. */
  eps: number | null;
  /** The failing ε one step below `eps` (or maxEps when none succeeds); null when ε = 0 already succeeds. */
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
  const step = options.step ?? SMALLEST_EPS_STEP;
  if (!(options.maxEps > 0 && options.maxEps <= 1)) throw new RangeError(`maxEps must be in (0, 1], got ${options.maxEps}`);
  if (!(step > 0 && step <= options.maxEps)) throw new RangeError(`step must be in (0, maxEps], got ${step}`);
  const positions = Math.round(options.maxEps / step);
  if (Math.abs(positions * step - options.maxEps) > 1e-9)
    throw new RangeError(`maxEps ${options.maxEps} is not a multiple of step ${step}`);
  // k·step without float noise (0.005·7 is 0.035000000000000003): the ε a slider or URL would say.
  const epsAt = (k: number) => Number((k * step).toFixed(12));
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
  // Invariant: the attack fails at lo·step and succeeds at hi·step.
  let lo = 0;
  let hi = positions;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const example = await attempt(epsAt(mid));
    if (example.succeeded) {
      hi = mid;
      best = example;
    } else {
      lo = mid;
    }
  }
  return { eps: epsAt(hi), lower: epsAt(lo), example: best, tries };
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
