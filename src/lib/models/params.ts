// Model parameters as the forward functions consume them: tfjs layout (conv HWIO, dense [in, out],
// fc1 rows in NHWC-flatten order), keyed by the PyTorch state_dict names of the model's specs.
// The conversion from and to the PyTorch files lives in src/lib/weights/layout.ts.
import * as tf from '@tensorflow/tfjs-core';
import { readTensors } from '../tensor-read';
import { tfjsShape } from '../weights/layout';
import type { TensorParams } from './model-definition';
import { getModel, type ModelId } from './registry';

export type { TensorParams } from './model-definition';

/** Plain (tensor-free) parameters in tfjs layout. */
export interface PlainParam {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}
export type PlainParams = Readonly<Record<string, PlainParam>>;

/** Uploads plain parameters as tensors; the caller owns (and disposes) them. */
export function toTensorParams(model: ModelId, plain: PlainParams): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const spec of getModel(model).params) {
    const p = plain[spec.key];
    if (!p) throw new Error(`${model} parameters: missing ${spec.key}`);
    const expected = tfjsShape(spec);
    if (p.shape.length !== expected.length || p.shape.some((d, i) => d !== expected[i])) {
      throw new Error(`${model} parameters: ${spec.key} has tfjs shape [${p.shape}], expected [${expected}]`);
    }
    out[spec.key] = tf.tensor(p.data, expected, 'float32');
  }
  return out;
}

/** Downloads tensor parameters into fresh Float32Arrays. */
export async function toPlainParams(model: ModelId, params: TensorParams): Promise<Record<string, PlainParam>> {
  const specs = getModel(model).params;
  const values = await readTensors(() => specs.map((spec) => tf.clone(params[spec.key])));
  return Object.fromEntries(specs.map((spec, i) => [spec.key, { shape: [...params[spec.key].shape], data: new Float32Array(values[i]) }]));
}
