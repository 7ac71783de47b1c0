// Model-randomisation sanity check (Adebayo et al. 2018): re-initialise the network from the top
// down, one stage at a time, and see whether the explanation changes. A method whose maps
// survive a randomised classifier is showing the image, not the model's reasoning.
import * as tf from '@tensorflow/tfjs-core';
import { cascadingRandomization, type RandomizationStep } from '../metrics/sanity';
import { toTensorParams, type PlainParams, type TensorParams } from '../models/params';
import type { ModelName } from '../models/specs';
import { createRng } from '../rng';
import { initParams } from '../train/init';
import type { Heatmap } from '../explain/heatmap';

/** Top-down stages; each lists the parameter prefixes it re-initialises. */
export const RANDOMIZATION_STAGES: Readonly<Record<ModelName, ReadonlyArray<{ stage: string; layers: readonly string[] }>>> = {
  attention: [
    { stage: 'classifier', layers: ['classifier'] },
    { stage: 'feature_conv + attention_conv', layers: ['feature_conv', 'attention_conv'] },
    { stage: 'conv3', layers: ['conv3'] },
    { stage: 'conv2', layers: ['conv2'] },
    { stage: 'conv1', layers: ['conv1'] },
  ],
  traditional: [
    { stage: 'fc2', layers: ['fc2'] },
    { stage: 'fc1', layers: ['fc1'] },
    { stage: 'conv3', layers: ['conv3'] },
    { stage: 'conv2', layers: ['conv2'] },
    { stage: 'conv1', layers: ['conv1'] },
  ],
};

export async function randomizationSanityCheck(
  model: ModelName,
  params: TensorParams,
  explain: (params: TensorParams) => Heatmap,
  seed = 0,
): Promise<RandomizationStep[]> {
  const stages = RANDOMIZATION_STAGES[model];
  const fresh: PlainParams = initParams(model, createRng(seed));
  return cascadingRandomization(
    stages.map((s) => s.stage),
    async (upTo) => {
      if (upTo === 0) return explain(params);
      const reset = new Set(stages.slice(0, upTo).flatMap((s) => s.layers));
      const replaced = toTensorParams(model, fresh);
      const mixed: Record<string, tf.Tensor> = {};
      for (const key of Object.keys(replaced)) mixed[key] = reset.has(key.split('.')[0]) ? replaced[key] : params[key];
      try {
        return explain(mixed);
      } finally {
        tf.dispose(Object.values(replaced));
      }
    },
  );
}
