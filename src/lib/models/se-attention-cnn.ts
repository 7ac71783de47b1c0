// MNIST_SE_Attention_CNN (lab 1): squeeze-and-excitation channel attention. Each image gets one
// gate per feature channel, s = σ(se_fc2(ReLU(se_fc1(mean_hw B)))) ∈ (0, 1)^64, and no spatial
// map at all; CAM_c = Σ_k w_ck s_k F_k still splits logit_c − b_c exactly over the cells (mean).
import * as tf from '@tensorflow/tfjs-core';
import { MNIST_MEAN, MNIST_STD } from '../contract/constants';
import { conv } from './backbone';
import { attentionHeadModel, FEATURE_CONV_PARAMS, headRandomizationStages, linear, linearParams } from './attention-head-model';

export const seAttentionCnn = attentionHeadModel({
  id: 'attention-se',
  label: 'SE attention-CNN',
  title: 'channel (SE) attention-CNN (MNIST_SE_Attention_CNN)',
  pytorchClass: 'MNIST_SE_Attention_CNN',
  reportKey: 'attention_se',
  weightsFile: 'attention-se.safetensors',
  dataset: 'mnist',
  normalization: { mean: MNIST_MEAN, std: MNIST_STD },
  headParams: [...linearParams('se_fc1', 64, 16), ...linearParams('se_fc2', 16, 64), ...FEATURE_CONV_PARAMS],
  cellReduction: 'mean',
  heads: 0,
  randomizationStages: headRandomizationStages(['feature_conv', 'se_fc1', 'se_fc2']),
  head(params, base) {
    const squeezed = tf.mean(base, [1, 2]) as tf.Tensor2D;
    const gates = tf.sigmoid(linear(params, 'se_fc2', tf.relu(linear(params, 'se_fc1', squeezed)))) as tf.Tensor2D;
    const features = conv(base, params, 'feature_conv', 'linear');
    const attended = tf.mul(features, tf.reshape(gates, [-1, 1, 1, gates.shape[1]])) as tf.Tensor4D;
    return {
      attention: null,
      channelAttention: gates,
      features,
      attended,
      trace: [
        { id: 'squeeze', title: 'mean over the 49 cells (squeeze)', tensor: squeezed, owns: [] },
        { id: 'channel-attention', title: 'se_fc1 → ReLU → se_fc2 → sigmoid = s', tensor: gates, owns: ['se_fc1', 'se_fc2'] },
        { id: 'features', title: 'feature_conv 1×1 = F', tensor: features, owns: ['feature_conv'] },
        { id: 'attended', title: 'F ⊙ s (per channel)', tensor: attended, owns: [] },
      ],
    };
  },
});
