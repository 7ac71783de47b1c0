// MNIST_CAM_Attention_CNN: a single-channel sigmoid attention map A gates 64 feature maps F,
// then global average pooling and a linear classifier. Because pooling and the classifier are
// linear, logit_c = mean_hw(Σ_k w_k^c F_k A) + b_c — the identity that makes CAM exact here.
// Lab 1 trains the same class twice more: with a sparsity penalty on A, and on Fashion-MNIST.
import * as tf from '@tensorflow/tfjs-core';
import { MNIST_MEAN, MNIST_STD } from '../contract/constants';
import { FASHION_MEAN, FASHION_STD } from '../data/fashion-mnist';
import { conv } from './backbone';
import {
  attentionConvParams,
  attentionHeadModel,
  attentionModelForward,
  FEATURE_CONV_PARAMS,
  gatedFeatures,
  headRandomizationStages,
  type AttentionHeadDesign,
  type AttentionHeadOutputs,
} from './attention-head-model';
import type { TensorParams } from './model-definition';

/** A = σ(attention_conv(B)), F = feature_conv(B), T = F ⊙ A. */
function sigmoidAttentionHead(params: TensorParams, base: tf.Tensor4D): AttentionHeadOutputs {
  const attention = tf.sigmoid(conv(base, params, 'attention_conv', 'linear')) as tf.Tensor4D;
  return {
    ...gatedFeatures(params, base, attention, attention, { attention: 'attention_conv 1×1 + sigmoid = A', attended: 'F ⊙ A' }),
    channelAttention: null,
  };
}

const COURSE_CLASS = {
  pytorchClass: 'MNIST_CAM_Attention_CNN',
  headParams: [...attentionConvParams(1), ...FEATURE_CONV_PARAMS],
  cellReduction: 'mean',
  heads: 1,
  randomizationStages: headRandomizationStages(['feature_conv', 'attention_conv']),
  head: sigmoidAttentionHead,
} as const satisfies Partial<AttentionHeadDesign>;

const COURSE_DESIGN: AttentionHeadDesign = {
  ...COURSE_CLASS,
  id: 'attention',
  label: 'attention-CNN',
  title: 'attention-CNN (MNIST_CAM_Attention_CNN)',
  reportKey: 'attention_cnn',
  weightsFile: 'attention-cnn.safetensors',
  dataset: 'mnist',
  normalization: { mean: MNIST_MEAN, std: MNIST_STD },
};

/** x: normalised images [N, 28, 28, 1]. Returns live tensors: call inside tf.tidy. */
export function attentionCnnForward(params: TensorParams, x: tf.Tensor4D) {
  const out = attentionModelForward(COURSE_DESIGN, params, x);
  return { ...out, attention: out.attention as tf.Tensor4D };
}

export const attentionCnn = attentionHeadModel(COURSE_DESIGN);

/** The course class trained with loss = cross-entropy + λ·mean(A) (lab 1). */
export const sparseAttentionCnn = attentionHeadModel({
  ...COURSE_CLASS,
  id: 'attention-sparse',
  label: 'sparse attention-CNN',
  title: 'sparse attention-CNN (MNIST_CAM_Attention_CNN trained with an attention penalty)',
  reportKey: 'attention_sparse',
  weightsFile: 'attention-sparse.safetensors',
  dataset: 'mnist',
  normalization: { mean: MNIST_MEAN, std: MNIST_STD },
});

/** The course class trained on Fashion-MNIST (lab 1). */
export const fashionAttentionCnn = attentionHeadModel({
  ...COURSE_CLASS,
  id: 'fashion-attention',
  label: 'Fashion attention-CNN',
  title: 'attention-CNN on Fashion-MNIST (MNIST_CAM_Attention_CNN)',
  reportKey: 'fashion_attention',
  weightsFile: 'fashion-attention-cnn.safetensors',
  dataset: 'fashion-mnist',
  normalization: { mean: FASHION_MEAN, std: FASHION_STD },
});
