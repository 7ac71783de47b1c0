// Every layer of a network for one image: its output shape and values, and the parameters it
// owns with their shapes as loaded (shown in PyTorch's layout) — what the architecture explorer
// lists. The layers come from the model's own trace in the registry; plain data out.
import type * as tf from '@tensorflow/tfjs-core';
import { imagesTensor, type PixelImage } from './input';
import { readTensors } from '../tensor-read';
import type { TensorParams } from './model-definition';
import { getModel, type ModelName } from './registry';

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

function paramsOf(params: TensorParams, names: readonly string[]): LayerParam[] {
  return names.flatMap((name) =>
    ['weight', 'bias'].map((kind) => {
      const key = `${name}.${kind}`;
      const t = params[key];
      return { key, shape: pytorchShape(t), count: t.size };
    }),
  );
}

export async function modelActivations(model: ModelName, params: TensorParams, image: PixelImage): Promise<LayerActivation[]> {
  let layers: Array<{ id: string; title: string; shape: number[]; owns: readonly string[] }> = [];
  const values = await readTensors(() => {
    const traced = getModel(model).trace(params, imagesTensor([image], getModel(model).normalization));
    layers = traced.map((l) => ({ id: l.id, title: l.title, shape: l.tensor.shape.slice(1), owns: l.owns }));
    return traced.map((l) => l.tensor);
  });
  return layers.map((l, i) => ({
    id: l.id,
    title: l.title,
    shape: l.shape.length === 3 ? [l.shape[2], l.shape[0], l.shape[1]] : l.shape,
    params: paramsOf(params, l.owns),
    values: values[i],
  }));
}
