// MNIST_CBAM_Attention_CNN (lab 1): CBAM's channel gate, then its spatial gate. A shared MLP
// (cbam_fc2 ∘ ReLU ∘ cbam_fc1) reads the cell-mean and the cell-max of B: Mc = σ(MLP(mean) +
// MLP(max)); B1 = B ⊙ Mc. The spatial map Ms = σ(spatial_conv 7×7 of [channel-mean, channel-max]
// of B1) gates F = feature_conv(B1). CAM_c = Ms ⊙ Σ_k w_ck F_k; logit_c = mean_hw CAM_c + b_c.
import * as tf from '@tensorflow/tfjs-core';
import { MNIST_MEAN, MNIST_STD } from '../contract/constants';
import type { TensorParams } from './model-definition';
import { conv } from './backbone';
import { attentionHeadModel, FEATURE_CONV_PARAMS, headRandomizationStages, linear, linearParams } from './attention-head-model';

function sharedMlp(params: TensorParams, x: tf.Tensor2D): tf.Tensor2D {
  return linear(params, 'cbam_fc2', tf.relu(linear(params, 'cbam_fc1', x)));
}

export const cbamAttentionCnn = attentionHeadModel({
  id: 'attention-cbam',
  label: 'CBAM attention-CNN',
  title: 'channel + spatial (CBAM) attention-CNN (MNIST_CBAM_Attention_CNN)',
  pytorchClass: 'MNIST_CBAM_Attention_CNN',
  reportKey: 'attention_cbam',
  weightsFile: 'attention-cbam.safetensors',
  dataset: 'mnist',
  normalization: { mean: MNIST_MEAN, std: MNIST_STD },
  headParams: [
    ...linearParams('cbam_fc1', 64, 16),
    ...linearParams('cbam_fc2', 16, 64),
    { key: 'spatial_conv.weight', shape: [1, 2, 7, 7], kind: 'conv-weight' },
    { key: 'spatial_conv.bias', shape: [1], kind: 'bias' },
    ...FEATURE_CONV_PARAMS,
  ],
  cellReduction: 'mean',
  heads: 1,
  randomizationStages: headRandomizationStages(['feature_conv', 'spatial_conv', 'cbam_fc1', 'cbam_fc2']),
  head(params, base) {
    const channels = base.shape[3];
    const channelAttention = tf.sigmoid(
      tf.add(sharedMlp(params, tf.mean(base, [1, 2]) as tf.Tensor2D), sharedMlp(params, tf.max(base, [1, 2]) as tf.Tensor2D)),
    ) as tf.Tensor2D;
    const refined = tf.mul(base, tf.reshape(channelAttention, [-1, 1, 1, channels])) as tf.Tensor4D;
    const pooledChannels = tf.concat([tf.mean(refined, 3, true), tf.max(refined, 3, true)], 3) as tf.Tensor4D;
    const attention = tf.sigmoid(conv(pooledChannels, params, 'spatial_conv', 'linear')) as tf.Tensor4D;
    const features = conv(refined, params, 'feature_conv', 'linear');
    const attended = tf.mul(features, attention) as tf.Tensor4D;
    return {
      attention,
      channelAttention,
      features,
      attended,
      trace: [
        {
          id: 'channel-attention',
          title: 'shared MLP of cell-mean and cell-max + sigmoid = Mc',
          tensor: channelAttention,
          owns: ['cbam_fc1', 'cbam_fc2'],
        },
        { id: 'refined', title: 'B ⊙ Mc', tensor: refined, owns: [] },
        { id: 'channel-pools', title: 'channel mean and channel max', tensor: pooledChannels, owns: [] },
        { id: 'attention', title: 'spatial_conv 7×7 + sigmoid = Ms', tensor: attention, owns: ['spatial_conv'] },
        { id: 'features', title: 'feature_conv 1×1 of B ⊙ Mc = F', tensor: features, owns: ['feature_conv'] },
        { id: 'attended', title: 'F ⊙ Ms', tensor: attended, owns: [] },
      ],
    };
  },
});
