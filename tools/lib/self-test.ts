// The browser verifies a freshly initialised backend by running one fixed test digit and
// comparing its logits with the ones recorded here at training time.
import * as tf from '@tensorflow/tfjs-core';
import { normalizedBatch } from '../../src/lib/data/preprocess';
import { modelLogits } from '../../src/lib/models/index';
import type { ModelName } from '../../src/lib/models/specs';

export const SELF_TEST_INDEX = 0;

export function selfTestLogits(model: ModelName, params: Readonly<Record<string, tf.Tensor>>, testPixels: Uint8Array): number[] {
  return tf.tidy(() => {
    const x = tf.tensor4d(normalizedBatch(testPixels, SELF_TEST_INDEX, 1), [1, 28, 28, 1]);
    return Array.from(modelLogits(model, params, x).dataSync());
  });
}
