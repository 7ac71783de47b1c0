// MNIST_CAM_Attention_CNN: a single-channel sigmoid attention map A gates 64 feature maps F,
// then global average pooling and a linear classifier. Because pooling and the classifier are
// linear, logit_c = mean_hw(Σ_k w_k^c F_k A) + b_c — the identity that makes CAM exact here.
import * as tf from '@tensorflow/tfjs-core';
import { backbone, conv, type BackboneActivations } from './backbone';
import type { TensorParams } from './params';

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
