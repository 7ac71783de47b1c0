// Model parameters as the forward functions consume them: tfjs layout (conv HWIO, dense [in, out],
// fc1 rows in NHWC-flatten order), keyed by the PyTorch state_dict names of PARAM_SPECS.
// The conversion from and to the PyTorch files lives in src/lib/weights/layout.ts.
import * as tf from '@tensorflow/tfjs-core';
import { tfjsShape } from '../weights/layout';
import { PARAM_SPECS, type ModelName } from './specs';

export type TensorParams = Readonly<Record<string, tf.Tensor>>;

/** Plain (tensor-free) parameters in tfjs layout. */
export interface PlainParam {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}
export type PlainParams = Readonly<Record<string, PlainParam>>;

/** Uploads plain parameters as tensors; the caller owns (and disposes) them. */
export function toTensorParams(model: ModelName, plain: PlainParams): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const spec of PARAM_SPECS[model]) {
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
export function toPlainParams(model: ModelName, params: TensorParams): Record<string, PlainParam> {
  const out: Record<string, PlainParam> = {};
  for (const spec of PARAM_SPECS[model]) {
    const t = params[spec.key];
    out[spec.key] = { shape: [...t.shape], data: new Float32Array(t.dataSync()) };
  }
  return out;
}
