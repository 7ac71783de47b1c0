// The browser verifies a freshly initialised backend by running one fixed test digit and
// comparing its logits with the ones recorded here at training time.
import type * as tf from '@tensorflow/tfjs-core';
import { logitsBatch } from '../../src/lib/explain/predict';
import type { ModelId } from '../../src/lib/models/registry';

export const SELF_TEST_INDEX = 0;

export async function selfTestLogits(
  model: ModelId,
  params: Readonly<Record<string, tf.Tensor>>,
  testPixels: Uint8Array,
): Promise<number[]> {
  const [logits] = await logitsBatch(model, params, [testPixels.subarray(SELF_TEST_INDEX * 784, (SELF_TEST_INDEX + 1) * 784)]);
  return logits;
}
