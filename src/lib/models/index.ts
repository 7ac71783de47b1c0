import * as tf from '@tensorflow/tfjs-core';
import { attentionCnnForward } from './attention-cnn';
import { traditionalCnnForward } from './traditional-cnn';
import type { TensorParams } from './params';
import type { ModelName } from './specs';

/** Logits of either model, [N, 10]. Live tensor: call inside tf.tidy. */
export function modelLogits(model: ModelName, params: TensorParams, x: tf.Tensor4D): tf.Tensor2D {
  return model === 'attention' ? attentionCnnForward(params, x).logits : traditionalCnnForward(params, x).logits;
}

export const MODEL_TITLES: Readonly<Record<ModelName, string>> = {
  attention: 'attention-CNN (MNIST_CAM_Attention_CNN)',
  traditional: 'traditional CNN (Traditional_MNIST_CNN)',
};
