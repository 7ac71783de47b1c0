// Every layer of either network for one image: its output shape and values, and the parameters
// it owns with their shapes as loaded (shown in PyTorch's layout) — what the architecture
// explorer lists. Computed with the same building blocks as the forward passes; plain data out.
import * as tf from '@tensorflow/tfjs-core';
import { imagesTensor, type PixelImage } from '../explain/input';
import { attentionBranches, attentionHead } from './attention-cnn';
import { conv } from './backbone';
import type { TensorParams } from './params';
import type { ModelName } from './specs';
import { traditionalHead } from './traditional-cnn';

export interface LayerParam {
  key: string;
  /** PyTorch layout: conv [out, in, kh, kw], linear [out, in] */
  shape: number[];
  count: number;
}

export interface LayerActivation {
  id: string;
  title: string;
  /** Output shape for one image, PyTorch order: [C, H, W] or [units]. */
  shape: number[];
  params: LayerParam[];
  /** Values, NHWC order for maps ([H, W, C] flattened), or the vector. */
  values: Float32Array;
}

function pytorchShape(t: tf.Tensor): number[] {
  const s = t.shape;
  if (s.length === 4) return [s[3], s[2], s[0], s[1]]; // HWIO → OIHW
  if (s.length === 2) return [s[1], s[0]]; // [in, out] → [out, in]
  return [...s];
}

function paramsOf(params: TensorParams, ...names: string[]): LayerParam[] {
  return names.flatMap((name) =>
    ['weight', 'bias'].map((kind) => {
      const key = `${name}.${kind}`;
      const t = params[key];
      return { key, shape: pytorchShape(t), count: t.size };
    }),
  );
}

export function modelActivations(model: ModelName, params: TensorParams, image: PixelImage): LayerActivation[] {
  const layers: Array<{ id: string; title: string; tensor: tf.Tensor; params: LayerParam[] }> = [];
  const out: LayerActivation[] = [];
  tf.tidy(() => {
    const x = imagesTensor([image]);
    const add = (id: string, title: string, tensor: tf.Tensor, owned: LayerParam[] = []) => layers.push({ id, title, tensor, params: owned });
    add('input', 'Input (normalised)', x);
    const c1 = conv(x, params, 'conv1', 'relu');
    add('conv1', 'conv1 3×3 + ReLU', c1, paramsOf(params, 'conv1'));
    const p1 = tf.maxPool(c1, 2, 2, 'valid');
    add('pool1', 'max-pool 2×2', p1);
    const c2 = conv(p1, params, 'conv2', 'relu');
    add('conv2', 'conv2 3×3 + ReLU', c2, paramsOf(params, 'conv2'));
    const p2 = tf.maxPool(c2, 2, 2, 'valid');
    add('pool2', 'max-pool 2×2', p2);
    const c3 = conv(p2, params, 'conv3', 'relu');
    add('conv3', 'conv3 3×3 + ReLU (base features)', c3, paramsOf(params, 'conv3'));
    if (model === 'attention') {
      const b = attentionBranches(params, c3);
      add('attention', 'attention_conv 1×1 + sigmoid = A', b.attention, paramsOf(params, 'attention_conv'));
      add('features', 'feature_conv 1×1 = F', b.features, paramsOf(params, 'feature_conv'));
      add('attended', 'F ⊙ A', b.attended);
      add('pooled', 'global average pool', tf.mean(b.attended, [1, 2]));
      add('logits', 'classifier (linear) = logits', attentionHead(params, b.attended), paramsOf(params, 'classifier'));
    } else {
      const flat = tf.reshape(c3, [1, -1]);
      add('flatten', 'flatten', flat);
      const head = traditionalHead(params, c3);
      add('fc1', 'fc1 + ReLU', head.hidden, paramsOf(params, 'fc1'));
      add('logits', 'fc2 = logits', head.logits, paramsOf(params, 'fc2'));
    }
    for (const l of layers) {
      const s = l.tensor.shape.slice(1);
      out.push({
        id: l.id,
        title: l.title,
        shape: s.length === 3 ? [s[2], s[0], s[1]] : s,
        params: l.params,
        values: Float32Array.from(l.tensor.dataSync()),
      });
    }
  });
  return out;
}
