// MNIST_Softmax_Attention_CNN (lab 1): the attention logits of the 49 cells go through a softmax,
// so A sums to 1 over each image and the cells compete for it; pooling is the A-weighted *sum*
// of F. Then logit_c = Σ_hw CAM_c + b_c with CAM_c = A ⊙ Σ_k w_ck F_k.
import * as tf from '@tensorflow/tfjs-core';
import { MAP_CELLS, MNIST_MEAN, MNIST_STD } from '../contract/constants';
import { conv } from './backbone';
import { attentionHeadModel } from './attention-head-model';

export const softmaxAttentionCnn = attentionHeadModel({
  id: 'attention-softmax',
  label: 'softmax attention-CNN',
  title: 'softmax attention-CNN (MNIST_Softmax_Attention_CNN)',
  pytorchClass: 'MNIST_Softmax_Attention_CNN',
  reportKey: 'attention_softmax',
  weightsFile: 'attention-softmax.safetensors',
  dataset: 'mnist',
  normalization: { mean: MNIST_MEAN, std: MNIST_STD },
  headParams: [
    { key: 'attention_conv.weight', shape: [1, 64, 1, 1], kind: 'conv-weight' },
    { key: 'attention_conv.bias', shape: [1], kind: 'bias' },
    { key: 'feature_conv.weight', shape: [64, 64, 1, 1], kind: 'conv-weight' },
    { key: 'feature_conv.bias', shape: [64], kind: 'bias' },
  ],
  cellReduction: 'sum',
  heads: 1,
  randomizationStages: [
    { stage: 'classifier', layers: ['classifier'] },
    { stage: 'feature_conv + attention_conv', layers: ['feature_conv', 'attention_conv'] },
    { stage: 'conv3', layers: ['conv3'] },
    { stage: 'conv2', layers: ['conv2'] },
    { stage: 'conv1', layers: ['conv1'] },
  ],
  head(params, base) {
    const n = base.shape[0];
    const scores = conv(base, params, 'attention_conv', 'linear');
    const attention = tf.reshape(tf.softmax(tf.reshape(scores, [n, MAP_CELLS])), [n, 7, 7, 1]) as tf.Tensor4D;
    const features = conv(base, params, 'feature_conv', 'linear');
    const attended = tf.mul(features, attention) as tf.Tensor4D;
    return {
      attention,
      channelAttention: null,
      features,
      attended,
      trace: [
        { id: 'attention', title: 'attention_conv 1×1 + softmax over the 49 cells = A', tensor: attention, owns: ['attention_conv'] },
        { id: 'features', title: 'feature_conv 1×1 = F', tensor: features, owns: ['feature_conv'] },
        { id: 'attended', title: 'F ⊙ A', tensor: attended, owns: [] },
      ],
    };
  },
});
