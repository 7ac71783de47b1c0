// MNIST_Softmax_Attention_CNN (lab 1): the attention logits of the 49 cells go through a softmax,
// so A sums to 1 over each image and the cells compete for it; pooling is the A-weighted *sum*
// of F. Then logit_c = Σ_hw CAM_c + b_c with CAM_c = A ⊙ Σ_k w_ck F_k.
import * as tf from '@tensorflow/tfjs-core';
import { MAP_CELLS, MNIST_MEAN, MNIST_STD } from '../contract/constants';
import { conv } from './backbone';
import {
  attentionConvParams,
  attentionHeadModel,
  FEATURE_CONV_PARAMS,
  gatedFeatures,
  headRandomizationStages,
} from './attention-head-model';

export const softmaxAttentionCnn = attentionHeadModel({
  id: 'attention-softmax',
  label: 'softmax attention-CNN',
  title: 'softmax attention-CNN (MNIST_Softmax_Attention_CNN)',
  pytorchClass: 'MNIST_Softmax_Attention_CNN',
  reportKey: 'attention_softmax',
  weightsFile: 'attention-softmax.safetensors',
  dataset: 'mnist',
  normalization: { mean: MNIST_MEAN, std: MNIST_STD },
  headParams: [...attentionConvParams(1), ...FEATURE_CONV_PARAMS],
  cellReduction: 'sum',
  heads: 1,
  randomizationStages: headRandomizationStages(['feature_conv', 'attention_conv']),
  head(params, base) {
    const n = base.shape[0];
    const scores = conv(base, params, 'attention_conv', 'linear');
    const attention = tf.reshape(tf.softmax(tf.reshape(scores, [n, MAP_CELLS])), [n, 7, 7, 1]) as tf.Tensor4D;
    return {
      ...gatedFeatures(params, base, attention, attention, {
        attention: 'attention_conv 1×1 + softmax over the 49 cells = A',
        attended: 'F ⊙ A',
      }),
      channelAttention: null,
    };
  },
});
