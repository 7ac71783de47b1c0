// MNIST_CAM_Attention_CNN: a single-channel sigmoid attention map A gates 64 feature maps F,
// then global average pooling and a linear classifier. Because pooling and the classifier are
// linear, logit_c = mean_hw(Σ_k w_k^c F_k A) + b_c — the identity that makes CAM exact here.
import * as tf from '@tensorflow/tfjs-core';
import { BASE_CHANNELS, MAP_CELLS, MNIST_MEAN, MNIST_STD } from '../contract/constants';
import { BACKBONE_PARAMS, backbone, backboneLayer, conv, conv3From, traceBackbone, type BackboneActivations } from './backbone';
import type { ModelDefinition, TensorParams } from './model-definition';

export interface AttentionCnnOutputs extends BackboneActivations {
  /** A = σ(attention_conv(base)), [N, 7, 7, 1]. */
  attention: tf.Tensor4D;
  /** F_feat = feature_conv(base), no activation, [N, 7, 7, 64]. */
  features: tf.Tensor4D;
  /** F_feat ⊙ A, [N, 7, 7, 64]. */
  attended: tf.Tensor4D;
  /** Pre-softmax class scores, [N, 10]. */
  logits: tf.Tensor2D;
}

/** Logits from the attended features: global average pool, then the classifier. */
export function attentionHead(params: TensorParams, attended: tf.Tensor4D): tf.Tensor2D {
  const pooled = tf.mean(attended, [1, 2]) as tf.Tensor2D;
  return tf.add(tf.matMul(pooled, params['classifier.weight'] as tf.Tensor2D), params['classifier.bias']);
}

/** The two 1×1 branches on the base features and their product. */
export function attentionBranches(
  params: TensorParams,
  base: tf.Tensor4D,
): Pick<AttentionCnnOutputs, 'attention' | 'features' | 'attended'> {
  const attention = tf.sigmoid(conv(base, params, 'attention_conv', 'linear')) as tf.Tensor4D;
  const features = conv(base, params, 'feature_conv', 'linear');
  const attended = tf.mul(features, attention) as tf.Tensor4D;
  return { attention, features, attended };
}

/** x: normalised images [N, 28, 28, 1]. Returns live tensors: call inside tf.tidy. */
export function attentionCnnForward(params: TensorParams, x: tf.Tensor4D): AttentionCnnOutputs {
  const base = backbone(params, x);
  const branches = attentionBranches(params, base.conv3);
  return { ...base, ...branches, logits: attentionHead(params, branches.attended) };
}

export const attentionCnn: ModelDefinition = {
  id: 'attention',
  label: 'attention-CNN',
  title: 'attention-CNN (MNIST_CAM_Attention_CNN)',
  pytorchClass: 'MNIST_CAM_Attention_CNN',
  reportKey: 'attention_cnn',
  weightsFile: 'attention-cnn.safetensors',
  dataset: 'mnist',
  normalization: { mean: MNIST_MEAN, std: MNIST_STD },
  params: [
    ...BACKBONE_PARAMS,
    { key: 'attention_conv.weight', shape: [1, 64, 1, 1], kind: 'conv-weight' },
    { key: 'attention_conv.bias', shape: [1], kind: 'bias' },
    { key: 'feature_conv.weight', shape: [64, 64, 1, 1], kind: 'conv-weight' },
    { key: 'feature_conv.bias', shape: [64], kind: 'bias' },
    { key: 'classifier.weight', shape: [10, 64], kind: 'linear-weight' },
    { key: 'classifier.bias', shape: [10], kind: 'bias' },
  ],
  layers: ['conv1', 'conv2', 'conv3', 'attended'],
  camLayer: 'conv3',
  randomizationStages: [
    { stage: 'classifier', layers: ['classifier'] },
    { stage: 'feature_conv + attention_conv', layers: ['feature_conv', 'attention_conv'] },
    { stage: 'conv3', layers: ['conv3'] },
    { stage: 'conv2', layers: ['conv2'] },
    { stage: 'conv1', layers: ['conv1'] },
  ],
  logits: (params, x) => attentionCnnForward(params, x).logits,
  layerActivation: (params, x, layer) =>
    layer === 'attended' ? attentionBranches(params, backboneLayer(params, x, 'conv3')).attended : backboneLayer(params, x, layer),
  logitsFromLayer: (params, layer, activation) =>
    attentionHead(params, layer === 'attended' ? activation : attentionBranches(params, conv3From(params, layer, activation)).attended),
  trace(params, x) {
    const { layers, conv3 } = traceBackbone(params, x);
    const b = attentionBranches(params, conv3);
    return [
      ...layers,
      { id: 'attention', title: 'attention_conv 1×1 + sigmoid = A', tensor: b.attention, owns: ['attention_conv'] },
      { id: 'features', title: 'feature_conv 1×1 = F', tensor: b.features, owns: ['feature_conv'] },
      { id: 'attended', title: 'F ⊙ A', tensor: b.attended, owns: [] },
      { id: 'pooled', title: 'global average pool', tensor: tf.mean(b.attended, [1, 2]), owns: [] },
      { id: 'logits', title: 'classifier (linear) = logits', tensor: attentionHead(params, b.attended), owns: ['classifier'] },
    ];
  },
  cam(params, x) {
    const out = attentionCnnForward(params, x);
    const n = x.shape[0];
    // [N·49, 64] × [64, 10] → per-cell class contributions Σ_k w_k^c F_k A
    const perCell = tf.matMul(tf.reshape(out.attended, [n * MAP_CELLS, BASE_CHANNELS]), params['classifier.weight'] as tf.Tensor2D);
    return { logits: out.logits, attention: out.attention, perCell: perCell as tf.Tensor2D };
  },
};
