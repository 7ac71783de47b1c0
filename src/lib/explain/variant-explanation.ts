// What lab 1 shows of any attention model: its prediction, its spatial attention (one map, or
// one per head), its channel attention, and the CAM of each class — raw maps, rows = height — with
// how the cells add up to the logit (mean or sum). One forward pass per batch, read asynchronously.
import { BASE_CHANNELS, MAP_CELLS, NUM_CLASSES } from '../contract/constants';
import { heatmap, toRows } from '../contract/heatmap';
import type { TensorParams } from '../models/model-definition';
import { imagesTensor, type PixelImage } from '../models/input';
import { getModel, type ModelId } from '../models/registry';
import { readTensors } from '../tensor-read';
import * as tf from '@tensorflow/tfjs-core';
import type { Normalization } from '../data/preprocess';
import { predictionFromLogits, type Prediction } from './predict';

export interface VariantExplanation extends Prediction {
  id: ModelId;
  pytorchClass: string;
  /** Spatial attention per head, 7×7 each ([] for a model without one). */
  attention: number[][][];
  /** Channel attention, 64 values; null without one. */
  channelAttention: number[] | null;
  /** CAM_c for c = 0..9, 7×7 each. */
  cams: number[][][];
  /** Multi-head models: headCams[h][c], 7×7 each; [] otherwise. */
  headCams: number[][][][];
  cellReduction: 'mean' | 'sum';
  bias: number[];
}

function grid(values: Float32Array, offset: number, stride = 1): number[][] {
  const cells = Float32Array.from({ length: MAP_CELLS }, (_, i) => values[offset + i * stride]);
  return toRows(heatmap(7, 7, cells));
}

export async function explainVariants(
  model: ModelId,
  params: TensorParams,
  images: readonly PixelImage[],
  /** The data's normalisation, when it is not the registry entry's (lab 2: a network trained on another dataset). */
  normalization?: Normalization,
): Promise<VariantExplanation[]> {
  const definition = getModel(model);
  const cam = definition.cam;
  if (!cam) throw new Error(`the ${definition.label} has no attention-based CAM`);
  let heads = 0;
  let hasChannel = false;
  let reduction: 'mean' | 'sum' = 'mean';
  let multiHead = false;
  const [logits, perCell, bias, attention, channel, headPerCell] = await readTensors(() => {
    const out = cam(params, imagesTensor(images, normalization ?? definition.normalization));
    heads = out.attention?.shape[3] ?? 0;
    hasChannel = out.channelAttention !== null;
    reduction = out.cellReduction;
    multiHead = out.headPerCell !== null;
    return [
      out.logits,
      out.perCell,
      params['classifier.bias'],
      out.attention ?? tf.zeros([0]),
      out.channelAttention ?? tf.zeros([0]),
      out.headPerCell ?? tf.zeros([0]),
    ];
  });
  return images.map((_, i) => {
    const cell0 = i * MAP_CELLS;
    return {
      id: model,
      pytorchClass: definition.pytorchClass,
      ...predictionFromLogits(Array.from(logits.subarray(i * NUM_CLASSES, (i + 1) * NUM_CLASSES))),
      attention: Array.from({ length: heads }, (_, h) => grid(attention, cell0 * heads + h, heads)),
      channelAttention: hasChannel ? Array.from(channel.subarray(i * BASE_CHANNELS, (i + 1) * BASE_CHANNELS)) : null,
      cams: Array.from({ length: NUM_CLASSES }, (_, c) => grid(perCell, cell0 * NUM_CLASSES + c, NUM_CLASSES)),
      headCams: multiHead
        ? Array.from({ length: heads }, (_, h) =>
            Array.from({ length: NUM_CLASSES }, (_, c) => grid(headPerCell, (cell0 * heads + h) * NUM_CLASSES + c, heads * NUM_CLASSES)),
          )
        : [],
      cellReduction: reduction,
      bias: Array.from(bias),
    };
  });
}
