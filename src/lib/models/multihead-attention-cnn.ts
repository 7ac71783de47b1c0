// MNIST_MultiHead_Attention_CNN (lab 1): four sigmoid attention maps; head h gates feature
// channels 16h … 16h+15 (G_k = A_⌊k/16⌋). CAM_c = Σ_k w_ck F_k G_k is the sum of the four heads'
// CAMs (each over its own channels); logit_c = mean_hw CAM_c + b_c.
import * as tf from '@tensorflow/tfjs-core';
import { BASE_CHANNELS, MNIST_MEAN, MNIST_STD } from '../contract/constants';
import { conv } from './backbone';
import {
  attentionConvParams,
  attentionHeadModel,
  FEATURE_CONV_PARAMS,
  gatedFeatures,
  headRandomizationStages,
} from './attention-head-model';

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
  headParams: [...attentionConvParams(ATTENTION_HEADS), ...FEATURE_CONV_PARAMS],
  cellReduction: 'mean',
  heads: ATTENTION_HEADS,
  randomizationStages: headRandomizationStages(['feature_conv', 'attention_conv']),
  head(params, base) {
    const [n, h, w] = base.shape;
    const attention = tf.sigmoid(conv(base, params, 'attention_conv', 'linear')) as tf.Tensor4D;
    // [N·49, 4] × [4, 64] with a 0/1 expansion matrix: channel k reads head ⌊k/16⌋
    const expand = tf.tensor2d(HEAD_OF_CHANNEL, [ATTENTION_HEADS, BASE_CHANNELS]);
    const gates = tf.reshape(tf.matMul(tf.reshape(attention, [n * h * w, ATTENTION_HEADS]), expand), [n, h, w, BASE_CHANNELS]);
    return {
      ...gatedFeatures(params, base, attention, gates as tf.Tensor4D, {
        attention: 'attention_conv 1×1 (4 heads) + sigmoid = A',
        attended: 'F ⊙ G (head h gates channels 16h…16h+15)',
      }),
      channelAttention: null,
    };
  },
});
