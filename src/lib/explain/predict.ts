// Class scores for a batch of images, as plain numbers: logits, softmax probabilities (float64)
// and the predicted class. Also the `ClassScorer` the faithfulness metrics call.
import { NUM_CLASSES } from '../contract/constants';
import type { TensorParams } from '../models/model-definition';
import { getModel, type ModelId } from '../models/registry';
import { readTensors } from '../tensor-read';
import { softmax } from '../metrics/probabilities';
import { imagesTensor, type PixelImage } from '../models/input';

export { softmax };

export interface Prediction {
  logits: number[];
  probabilities: number[];
  predicted: number;
}

export function argMax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

export function predictionFromLogits(logits: readonly number[]): Prediction {
  return { logits: [...logits], probabilities: softmax(logits), predicted: argMax(logits) };
}

/** Logits of each image, in batches of `batchSize`. */
export async function logitsBatch(
  model: ModelId,
  params: TensorParams,
  images: readonly PixelImage[],
  batchSize = 256,
): Promise<number[][]> {
  const definition = getModel(model);
  const out: number[][] = [];
  for (let start = 0; start < images.length; start += batchSize) {
    const chunk = images.slice(start, start + batchSize);
    const [data] = await readTensors(() => [definition.logits(params, imagesTensor(chunk, definition.normalization))]);
    for (let i = 0; i < chunk.length; i++) out.push(Array.from(data.subarray(i * NUM_CLASSES, (i + 1) * NUM_CLASSES)));
  }
  return out;
}

export async function predictBatch(model: ModelId, params: TensorParams, images: readonly PixelImage[]): Promise<Prediction[]> {
  return (await logitsBatch(model, params, images)).map(predictionFromLogits);
}

/** Probability of `classIndex` for each image — the scorer deletion/insertion curves need. */
export function classProbabilityScorer(model: ModelId, params: TensorParams) {
  return async (images: Float32Array[], classIndex: number): Promise<number[]> =>
    (await logitsBatch(model, params, images)).map((l) => softmax(l)[classIndex]);
}
