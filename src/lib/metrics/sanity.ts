// Model-randomisation sanity check (Adebayo et al., "Sanity Checks for Saliency Maps", NeurIPS 2018):
// re-initialise the layers top-down, one more each time, and measure how similar the explanation
// stays to the original. A method that still gives the same map for a random model explains the
// input (an edge detector), not the model. The caller does the re-initialisation; this stays tfjs-free.
import type { Heatmap } from '../contract/heatmap';
import { pearsonArrays, spearmanArrays } from './correlation';
import { ssim } from './ssim';
import { assertMap, assertSameSize } from './validate';

export interface RandomizationStep {
  /** stages[i − 1]: the last stage re-initialised for this map. */
  stage: string;
  /** How many stages (from the top) are re-initialised: 1 … stages.length. */
  randomizedUpTo: number;
  /** Spearman ρ with the original map; of the absolute values unless options.absolute is false. null if a map is constant. */
  spearman: number | null;
  /** Pearson r of the raw (signed) values with the original map; null if a map is constant. */
  pearson: number | null;
  /** SSIM of the |values| (or raw, see `absolute`), each map min-max normalised to [0, 1]; null for maps under 3×3. */
  ssim: number | null;
}

export interface RandomizationOptions {
  /** Compare |values| for Spearman and SSIM, as the paper does (default true): sign flips don't count as change. */
  absolute?: boolean;
}

// Min-max to [0, 1] as the paper does before SSIM; a constant map becomes all zeros.
function normalised(values: Float64Array): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi > lo ? values.map((v) => (v - lo) / (hi - lo)) : new Float64Array(values.length);
}

function asMap(like: Heatmap, data: Float64Array): Heatmap {
  return { height: like.height, width: like.width, data: Float32Array.from(data) };
}

/**
 * Cascading randomisation. explainWith(0) must return the original model's map, explainWith(i)
 * the map with stages[0..i−1] re-initialised (top-down, e.g. ['classifier', 'feature_conv +
 * attention_conv', 'conv3', 'conv2', 'conv1']). Calls are made one at a time, in order 0, 1, …, n,
 * so the caller may randomise incrementally. Returns one entry per stage (the original is not listed).
 */
export async function cascadingRandomization(
  stages: readonly string[],
  explainWith: (randomizedUpTo: number) => Promise<Heatmap>,
  options: RandomizationOptions = {},
): Promise<RandomizationStep[]> {
  const { absolute = true } = options;
  const original = await explainWith(0);
  assertMap(original, 'cascadingRandomization original');
  const view = (m: Heatmap) => Float64Array.from(m.data, (v) => (absolute ? Math.abs(v) : v));
  const ref = view(original);
  const refNorm = asMap(original, normalised(ref));
  const canSsim = Math.min(original.height, original.width) >= 3;
  const out: RandomizationStep[] = [];
  for (let i = 1; i <= stages.length; i++) {
    const map = await explainWith(i);
    assertSameSize(original, map, `cascadingRandomization stage '${stages[i - 1]}'`);
    assertMap(map, `cascadingRandomization stage '${stages[i - 1]}'`);
    const cur = view(map);
    out.push({
      stage: stages[i - 1],
      randomizedUpTo: i,
      spearman: spearmanArrays(ref, cur),
      pearson: pearsonArrays(original.data, map.data),
      ssim: canSsim ? ssim(refNorm, asMap(map, normalised(cur))) : null,
    });
  }
  return out;
}
