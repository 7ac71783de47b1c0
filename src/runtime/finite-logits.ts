// Weights whose every value is finite can still overflow in a forward pass: before a reader's file
// replaces any weights, one image goes through it and every logit must be finite.
import * as tf from '@tensorflow/tfjs-core';
import { logitsBatch } from '../lib/explain/predict';
import type { ModelId } from '../lib/models/registry';
import type { TensorParams } from '../lib/models/model-definition';
import type { PixelImage } from '../lib/models/input';

/**
 * Throws (after disposing `params`) when `model` with `params` gives a non-finite logit on `image`.
 * `what` names the file and model in the message, e.g. "my.safetensors: the SE attention-CNN".
 */
export async function checkFiniteLogits(model: ModelId, params: TensorParams, image: PixelImage, what: string): Promise<void> {
  try {
    const [logits] = await logitsBatch(model, params, [image]);
    const bad = logits.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      throw new Error(
        `${what} gives a non-finite logit (${logits[bad]} for class ${bad}) on a test image with these weights, so they were not loaded; your previous weights stay in use`,
      );
  } catch (error) {
    tf.dispose(Object.values(params));
    throw error;
  }
}
