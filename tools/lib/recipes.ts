// The training recipe for each model, chosen from short probes on this machine:
// - both: Adam (β 0.9/0.999), batch 128, ±2 px random shifts, warm-up then cosine decay.
// - the attention-CNN learns slowly at first (its only path to the classifier is a 64-number
//   average of gated features, and the sigmoid gate starts near 0.5 everywhere), so it gets a
//   higher peak rate and about twice the epochs of the traditional CNN, whose 3136→128 dense
//   layer fits MNIST quickly.
import type { ModelName } from '../../src/lib/models/registry';
import type { TrainConfig } from '../../src/lib/train/trainer';

export const DEFAULT_SEED = 2026;

export function defaultRecipe(model: ModelName, seed = DEFAULT_SEED): TrainConfig {
  return model === 'attention'
    ? { model, epochs: 14, batchSize: 128, seed, maxShift: 2, schedule: { peak: 3e-3, warmupFraction: 0.03, floorFraction: 0.01 } }
    : { model, epochs: 7, batchSize: 128, seed, maxShift: 2, schedule: { peak: 1.5e-3, warmupFraction: 0.03, floorFraction: 0.01 } };
}

export const AUGMENTATION_TEXT = 'random integer shift of up to ±2 pixels in x and y (zero background), training only';
export const LOSS_TEXT = 'softmax cross-entropy on the pre-softmax logits (mean over the batch)';
