// The convolutional backbone both networks share: conv1 → ReLU → maxpool 2 → conv2 → ReLU →
// maxpool 2 → conv3 → ReLU, giving the 64×7×7 "base features" (NHWC here: [N, 7, 7, 64]).
import * as tf from '@tensorflow/tfjs-core';
import type { TensorParams } from './params';

export function conv(x: tf.Tensor4D, params: TensorParams, name: string, activation: 'relu' | 'linear'): tf.Tensor4D {
  return tf.fused.conv2d({
    x,
    filter: params[`${name}.weight`] as tf.Tensor4D,
    strides: 1,
    pad: 'same',
    bias: params[`${name}.bias`],
    activation,
  });
}

export interface BackboneActivations {
  /** ReLU(conv1), [N, 28, 28, 32]. */
  conv1: tf.Tensor4D;
  /** ReLU(conv2), [N, 14, 14, 64]. */
  conv2: tf.Tensor4D;
  /** ReLU(conv3), [N, 7, 7, 64] — the base features and the Grad-CAM target. */
  conv3: tf.Tensor4D;
}

/** ReLU(conv2) from ReLU(conv1): pool, then conv2. */
export function conv2FromConv1(params: TensorParams, conv1: tf.Tensor4D): tf.Tensor4D {
  return conv(tf.maxPool(conv1, 2, 2, 'valid'), params, 'conv2', 'relu');
}

/** ReLU(conv3) from ReLU(conv2): pool, then conv3. */
export function conv3FromConv2(params: TensorParams, conv2: tf.Tensor4D): tf.Tensor4D {
  return conv(tf.maxPool(conv2, 2, 2, 'valid'), params, 'conv3', 'relu');
}

/** x: normalised images [N, 28, 28, 1]. */
export function backbone(params: TensorParams, x: tf.Tensor4D): BackboneActivations {
  const conv1 = conv(x, params, 'conv1', 'relu');
  const conv2 = conv2FromConv1(params, conv1);
  const conv3 = conv3FromConv2(params, conv2);
  return { conv1, conv2, conv3 };
}
