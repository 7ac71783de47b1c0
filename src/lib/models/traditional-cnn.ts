// Traditional_MNIST_CNN: the same backbone, then flatten → fc1 (3136→128) → ReLU → fc2.
// fc1's rows are stored in NHWC-flatten order (see src/lib/weights/layout.ts), so flattening
// the NHWC activations here matches PyTorch's C,H,W flatten with the original weights.
// (Dropout, active only in training, is the identity here.)
import * as tf from '@tensorflow/tfjs-core';
import { MNIST_MEAN, MNIST_STD } from '../contract/constants';
import { BASE_GRID } from '../weights/layout';
import { BACKBONE_PARAMS, backbone, backboneLayer, conv3From, traceBackbone, type BackboneActivations } from './backbone';
import type { ModelDefinition, TensorParams } from './model-definition';

export interface TraditionalCnnOutputs extends BackboneActivations {
  /** ReLU(fc1), [N, 128]. */
  hidden: tf.Tensor2D;
  /** Pre-softmax class scores, [N, 10]. */
  logits: tf.Tensor2D;
}

/** Logits from ReLU(conv3) [N, 7, 7, 64]; Grad-CAM differentiates this with respect to its input. */
export function traditionalHead(params: TensorParams, conv3: tf.Tensor4D): { flat: tf.Tensor2D; hidden: tf.Tensor2D; logits: tf.Tensor2D } {
  const flat = tf.reshape(conv3, [conv3.shape[0], -1]) as tf.Tensor2D;
  const hidden = tf.relu(tf.add(tf.matMul(flat, params['fc1.weight'] as tf.Tensor2D), params['fc1.bias'])) as tf.Tensor2D;
  const logits = tf.add(tf.matMul(hidden, params['fc2.weight'] as tf.Tensor2D), params['fc2.bias']) as tf.Tensor2D;
  return { flat, hidden, logits };
}

/** x: normalised images [N, 28, 28, 1]. Returns live tensors: call inside tf.tidy. */
export function traditionalCnnForward(params: TensorParams, x: tf.Tensor4D): TraditionalCnnOutputs {
  const base = backbone(params, x);
  const { hidden, logits } = traditionalHead(params, base.conv3);
  return { ...base, hidden, logits };
}

export const traditionalCnn: ModelDefinition = {
  id: 'traditional',
  label: 'traditional-CNN',
  title: 'traditional CNN (Traditional_MNIST_CNN)',
  pytorchClass: 'Traditional_MNIST_CNN',
  reportKey: 'traditional_cnn',
  weightsFile: 'traditional-cnn.safetensors',
  dataset: 'mnist',
  normalization: { mean: MNIST_MEAN, std: MNIST_STD },
  spatialAttentionHeads: 0,
  params: [
    ...BACKBONE_PARAMS,
    { key: 'fc1.weight', shape: [128, 3136], kind: 'linear-weight', flattenFrom: BASE_GRID },
    { key: 'fc1.bias', shape: [128], kind: 'bias' },
    { key: 'fc2.weight', shape: [10, 128], kind: 'linear-weight' },
    { key: 'fc2.bias', shape: [10], kind: 'bias' },
  ],
  layers: ['conv1', 'conv2', 'conv3'],
  camLayer: 'conv3',
  randomizationStages: [
    { stage: 'fc2', layers: ['fc2'] },
    { stage: 'fc1', layers: ['fc1'] },
    { stage: 'conv3', layers: ['conv3'] },
    { stage: 'conv2', layers: ['conv2'] },
    { stage: 'conv1', layers: ['conv1'] },
  ],
  logits: (params, x) => traditionalCnnForward(params, x).logits,
  layerActivation: (params, x, layer) => {
    if (layer === 'attended') throw new Error('the traditional-CNN has no layer "attended" (choose conv1, conv2, conv3)');
    return backboneLayer(params, x, layer);
  },
  logitsFromLayer: (params, layer, activation) => traditionalHead(params, conv3From(params, layer, activation)).logits,
  trace(params, x) {
    const { layers, conv3 } = traceBackbone(params, x);
    const head = traditionalHead(params, conv3);
    return [
      ...layers,
      { id: 'flatten', title: 'flatten', tensor: head.flat, owns: [] },
      { id: 'fc1', title: 'fc1 + ReLU', tensor: head.hidden, owns: ['fc1'] },
      { id: 'logits', title: 'fc2 = logits', tensor: head.logits, owns: ['fc2'] },
    ];
  },
};
