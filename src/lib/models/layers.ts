// Named points inside the networks where explanations look: the ReLU outputs of the three
// convolutions (both models) and the attended features F ⊙ A (attention-CNN only). For each,
// the activation and the rest of the network from there to the logits, so gradient methods can
// differentiate the logits with respect to any of them.
import * as tf from '@tensorflow/tfjs-core';
import { attentionBranches, attentionHead } from './attention-cnn';
import { conv, conv2FromConv1, conv3FromConv2 } from './backbone';
import type { TensorParams } from './params';
import type { ModelName } from './specs';
import { traditionalHead } from './traditional-cnn';

export type TargetLayer = 'conv1' | 'conv2' | 'conv3' | 'attended';

export const TARGET_LAYERS: Readonly<Record<ModelName, readonly TargetLayer[]>> = {
  attention: ['conv1', 'conv2', 'conv3', 'attended'],
  traditional: ['conv1', 'conv2', 'conv3'],
};

export function checkTargetLayer(model: ModelName, layer: TargetLayer): void {
  if (!TARGET_LAYERS[model].includes(layer)) {
    throw new Error(`the ${model} CNN has no layer "${layer}" (choose ${TARGET_LAYERS[model].join(', ')})`);
  }
}

/** Activation of `layer` for normalised images x [N, 28, 28, 1]. Live tensor: call inside tf.tidy. */
export function layerActivation(model: ModelName, params: TensorParams, x: tf.Tensor4D, layer: TargetLayer): tf.Tensor4D {
  checkTargetLayer(model, layer);
  const conv1 = conv(x, params, 'conv1', 'relu');
  if (layer === 'conv1') return conv1;
  const conv2 = conv2FromConv1(params, conv1);
  if (layer === 'conv2') return conv2;
  const conv3 = conv3FromConv2(params, conv2);
  if (layer === 'conv3') return conv3;
  return attentionBranches(params, conv3).attended;
}

function headFromConv3(model: ModelName, params: TensorParams, conv3: tf.Tensor4D): tf.Tensor2D {
  if (model === 'traditional') return traditionalHead(params, conv3).logits;
  return attentionHead(params, attentionBranches(params, conv3).attended);
}

/** The logits as a function of `layer`'s activation. Live tensor: call inside tf.tidy. */
export function logitsFromLayer(model: ModelName, params: TensorParams, layer: TargetLayer, activation: tf.Tensor4D): tf.Tensor2D {
  checkTargetLayer(model, layer);
  switch (layer) {
    case 'attended':
      return attentionHead(params, activation);
    case 'conv3':
      return headFromConv3(model, params, activation);
    case 'conv2':
      return headFromConv3(model, params, conv3FromConv2(params, activation));
    case 'conv1':
      return headFromConv3(model, params, conv3FromConv2(params, conv2FromConv1(params, activation)));
  }
}
