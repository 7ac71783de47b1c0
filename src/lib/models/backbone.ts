// The convolutional backbone both networks share: conv1 → ReLU → maxpool 2 → conv2 → ReLU →
// maxpool 2 → conv3 → ReLU, giving the 64×7×7 "base features" (NHWC here: [N, 7, 7, 64]).
import * as tf from '@tensorflow/tfjs-core';
import type { ParamSpec } from '../contract/param-spec';
import type { TargetLayer, TensorParams, TracedLayer } from './model-definition';

export const BACKBONE_PARAMS: readonly ParamSpec[] = [
  { key: 'conv1.weight', shape: [32, 1, 3, 3], kind: 'conv-weight' },
  { key: 'conv1.bias', shape: [32], kind: 'bias' },
  { key: 'conv2.weight', shape: [64, 32, 3, 3], kind: 'conv-weight' },
  { key: 'conv2.bias', shape: [64], kind: 'bias' },
  { key: 'conv3.weight', shape: [64, 64, 3, 3], kind: 'conv-weight' },
  { key: 'conv3.bias', shape: [64], kind: 'bias' },
];

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

/** The activation of a backbone layer (conv1, conv2 or conv3). */
export function backboneLayer(params: TensorParams, x: tf.Tensor4D, layer: 'conv1' | 'conv2' | 'conv3'): tf.Tensor4D {
  const conv1 = conv(x, params, 'conv1', 'relu');
  if (layer === 'conv1') return conv1;
  const conv2 = conv2FromConv1(params, conv1);
  return layer === 'conv2' ? conv2 : conv3FromConv2(params, conv2);
}

/** ReLU(conv3) from the activation of a backbone layer. */
export function conv3From(params: TensorParams, layer: TargetLayer, activation: tf.Tensor4D): tf.Tensor4D {
  if (layer === 'conv3') return activation;
  if (layer === 'conv2') return conv3FromConv2(params, activation);
  if (layer === 'conv1') return conv3FromConv2(params, conv2FromConv1(params, activation));
  throw new Error(`"${layer}" is not a backbone layer`);
}

/** The backbone's layers for the architecture explorer, ending with ReLU(conv3). */
export function traceBackbone(params: TensorParams, x: tf.Tensor4D): { layers: TracedLayer[]; conv3: tf.Tensor4D } {
  const c1 = conv(x, params, 'conv1', 'relu');
  const p1 = tf.maxPool(c1, 2, 2, 'valid');
  const c2 = conv(p1, params, 'conv2', 'relu');
  const p2 = tf.maxPool(c2, 2, 2, 'valid');
  const c3 = conv(p2, params, 'conv3', 'relu');
  return {
    conv3: c3,
    layers: [
      { id: 'input', title: 'Input (normalised)', tensor: x, owns: [] },
      { id: 'conv1', title: 'conv1 3×3 + ReLU', tensor: c1, owns: ['conv1'] },
      { id: 'pool1', title: 'max-pool 2×2', tensor: p1, owns: [] },
      { id: 'conv2', title: 'conv2 3×3 + ReLU', tensor: c2, owns: ['conv2'] },
      { id: 'pool2', title: 'max-pool 2×2', tensor: p2, owns: [] },
      { id: 'conv3', title: 'conv3 3×3 + ReLU (base features)', tensor: c3, owns: ['conv3'] },
    ],
  };
}
