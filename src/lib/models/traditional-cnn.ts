// Traditional_MNIST_CNN: the same backbone, then flatten → fc1 (3136→128) → ReLU → fc2.
// fc1's rows are stored in NHWC-flatten order (see src/lib/weights/layout.ts), so flattening
// the NHWC activations here matches PyTorch's C,H,W flatten with the original weights.
import * as tf from '@tensorflow/tfjs-core';
import { backbone, type BackboneActivations } from './backbone';
import type { TensorParams } from './params';

export interface TraditionalCnnOutputs extends BackboneActivations {
  /** ReLU(fc1), [N, 128]. */
  hidden: tf.Tensor2D;
  /** Pre-softmax class scores, [N, 10]. */
  logits: tf.Tensor2D;
}

/** Logits from ReLU(conv3) [N, 7, 7, 64]; Grad-CAM differentiates this with respect to its input. */
export function traditionalHead(params: TensorParams, conv3: tf.Tensor4D): { hidden: tf.Tensor2D; logits: tf.Tensor2D } {
  const flat = tf.reshape(conv3, [conv3.shape[0], -1]) as tf.Tensor2D;
  const hidden = tf.relu(tf.add(tf.matMul(flat, params['fc1.weight'] as tf.Tensor2D), params['fc1.bias'])) as tf.Tensor2D;
  const logits = tf.add(tf.matMul(hidden, params['fc2.weight'] as tf.Tensor2D), params['fc2.bias']) as tf.Tensor2D;
  return { hidden, logits };
}

/** x: normalised images [N, 28, 28, 1]. Returns live tensors: call inside tf.tidy. */
export function traditionalCnnForward(params: TensorParams, x: tf.Tensor4D): TraditionalCnnOutputs {
  const base = backbone(params, x);
  return { ...base, ...traditionalHead(params, base.conv3) };
}
