// Model-randomisation sanity check (Adebayo et al. 2018): re-initialise the network from the top
// down, one stage at a time, and see whether the explanation changes. A method whose maps
// survive a randomised classifier is showing the image, not the model's reasoning.
import * as tf from '@tensorflow/tfjs-core';
import type { Heatmap } from '../contract/heatmap';
import { cascadingRandomization, type RandomizationStep } from '../metrics/sanity';
import type { TensorParams } from '../models/model-definition';
import { toTensorParams, type PlainParams } from '../models/params';
import { getModel, type ModelName } from '../models/registry';
import { createRng } from '../rng';
import { initParams } from '../models/init';

export async function randomizationSanityCheck(
  model: ModelName,
  params: TensorParams,
  explain: (params: TensorParams) => Promise<Heatmap>,
  seed = 0,
): Promise<RandomizationStep[]> {
  const stages = getModel(model).randomizationStages;
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
        return await explain(mixed);
      } finally {
        tf.dispose(Object.values(replaced));
      }
    },
  );
}
