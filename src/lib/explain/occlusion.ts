// Occlusion (Zeiler & Fergus 2014): cover a patch with background (black) and record how much
// the target score (a logit, or a difference of two) drops. Positive = the patch mattered.
// With the default 4×4 patch and stride 4 the map lands on the same 7×7 grid as CAM.
import type { TensorParams } from '../models/model-definition';
import type { ModelId } from '../models/registry';
import { heatmap, type Heatmap } from '../contract/heatmap';
import { checkImage, type PixelImage } from '../models/input';
import { logitsBatch } from './predict';
import { scoreWeights, type ScoreTarget } from './score-target';

export interface OcclusionOptions {
  patch?: number;
  stride?: number;
  /** Gray value that replaces the patch (0 = MNIST background). */
  fill?: number;
}

export async function occlusion(
  model: ModelId,
  params: TensorParams,
  image: PixelImage,
  target: ScoreTarget,
  options: OcclusionOptions = {},
): Promise<Heatmap> {
  checkImage(image);
  const patch = options.patch ?? 4;
  const stride = options.stride ?? 4;
  const fill = options.fill ?? 0;
  if (!(patch >= 1 && stride >= 1 && patch <= 28)) throw new RangeError(`occlusion: bad patch ${patch} / stride ${stride}`);
  const steps = Math.floor((28 - patch) / stride) + 1;
  const weights = scoreWeights(target);
  const occluded: Float32Array[] = [];
  for (let r = 0; r < steps; r++) {
    for (let c = 0; c < steps; c++) {
      const copy = Float32Array.from(image);
      for (let y = r * stride; y < r * stride + patch; y++) for (let x = c * stride; x < c * stride + patch; x++) copy[y * 28 + x] = fill;
      occluded.push(copy);
    }
  }
  const score = (l: number[]) => l.reduce((s, v, i) => s + v * weights[i], 0);
  const logits = await logitsBatch(model, params, [Float32Array.from(image), ...occluded]);
  const base = score(logits[0]);
  return heatmap(
    steps,
    steps,
    logits.slice(1).map((l) => base - score(l)),
  );
}
