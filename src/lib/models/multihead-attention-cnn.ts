// MNIST_MultiHead_Attention_CNN (lab 1): four sigmoid attention maps; head h gates feature
// channels 16h … 16h+15 (G_k = A_⌊k/16⌋). CAM_c = Σ_k w_ck F_k G_k is the sum of the four heads'
// CAMs (each over its own channels); logit_c = mean_hw CAM_c + b_c.
import * as tf from '@tensorflow/tfjs-core';
import { BASE_CHANNELS, MNIST_MEAN, MNIST_STD } from '../contract/constants';
import { conv } from './backbone';
import { attentionHeadModel } from './attention-head-model';

export const ATTENTION_HEADS = 4;

const HEAD_OF_CHANNEL = Float32Array.from({ length: ATTENTION_HEADS * BASE_CHANNELS }, (_, i) =>
  Math.floor((i % BASE_CHANNELS) / (BASE_CHANNELS / ATTENTION_HEADS)) === Math.floor(i / BASE_CHANNELS) ? 1 : 0,
);

export const multiheadAttentionCnn = attentionHeadModel({
  id: 'attention-multihead',
  label: 'multi-head attention-CNN',
  title: 'multi-head attention-CNN (MNIST_MultiHead_Attention_CNN)',
  pytorchClass: 'MNIST_MultiHead_Attention_CNN',
  reportKey: 'attention_multihead',
  weightsFile: 'attention-multihead.safetensors',
  dataset: 'mnist',
  normalization: { mean: MNIST_MEAN, std: MNIST_STD },
  headParams: [
    { key: 'attention_conv.weight', shape: [ATTENTION_HEADS, 64, 1, 1], kind: 'conv-weight' },
    { key: 'attention_conv.bias', shape: [ATTENTION_HEADS], kind: 'bias' },
    { key: 'feature_conv.weight', shape: [64, 64, 1, 1], kind: 'conv-weight' },
    { key: 'feature_conv.bias', shape: [64], kind: 'bias' },
  ],
  cellReduction: 'mean',
  heads: ATTENTION_HEADS,
  randomizationStages: [
    { stage: 'classifier', layers: ['classifier'] },
    { stage: 'feature_conv + attention_conv', layers: ['feature_conv', 'attention_conv'] },
    { stage: 'conv3', layers: ['conv3'] },
    { stage: 'conv2', layers: ['conv2'] },
    { stage: 'conv1', layers: ['conv1'] },
  ],
  head(params, base) {
    const [n, h, w] = base.shape;
    const attention = tf.sigmoid(conv(base, params, 'attention_conv', 'linear')) as tf.Tensor4D;
    // [N·49, 4] × [4, 64] with a 0/1 expansion matrix: channel k reads head ⌊k/16⌋
    const expand = tf.tensor2d(HEAD_OF_CHANNEL, [ATTENTION_HEADS, BASE_CHANNELS]);
    const gates = tf.reshape(tf.matMul(tf.reshape(attention, [n * h * w, ATTENTION_HEADS]), expand), [n, h, w, BASE_CHANNELS]);
    const features = conv(base, params, 'feature_conv', 'linear');
    const attended = tf.mul(features, gates) as tf.Tensor4D;
    return {
      attention,
      channelAttention: null,
      features,
      attended,
      trace: [
        { id: 'attention', title: 'attention_conv 1×1 (4 heads) + sigmoid = A', tensor: attention, owns: ['attention_conv'] },
        { id: 'features', title: 'feature_conv 1×1 = F', tensor: features, owns: ['feature_conv'] },
        { id: 'attended', title: 'F ⊙ G (head h gates channels 16h…16h+15)', tensor: attended, owns: [] },
      ],
    };
  },
});
