// The one place that converts parameters between the PyTorch layout of the weights files and
// the tfjs layout the models compute in. All functions are pure and return fresh arrays.
//
//   PyTorch (files)                     tfjs (NHWC activations)
//   conv weight   [O, I, H, W] (OIHW)   [H, W, I, O] (HWIO)
//   linear weight [out, in]             dense kernel [in, out]
//   fc1 weight    [128, C·H·W]          [H·W·C, 128]: also re-ordered, see linearChwToKernelHwc
//   biases        unchanged             unchanged
import { BASE_CHANNELS, BASE_HEIGHT, BASE_WIDTH } from '../contract/constants';
import type { FeatureGrid, ParamContract, ParamSpec } from '../contract/param-spec';

export type { FeatureGrid } from '../contract/param-spec';

export interface PlainTensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export interface OwnedTensor {
  shape: number[];
  data: Float32Array;
}

/** The conv3 output that fc1 reads: 64 channels of 7×7. */
export const BASE_GRID: FeatureGrid = { channels: BASE_CHANNELS, height: BASE_HEIGHT, width: BASE_WIDTH };

const show = (shape: readonly number[]) => `[${shape.join(', ')}]`;
const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

function checkTensor(what: string, t: PlainTensor, rank: number): void {
  if (t.shape.length !== rank) throw new RangeError(`${what}: expected a rank-${rank} shape, got ${show(t.shape)}`);
  const size = t.shape.reduce((n, d) => n * d, 1);
  if (t.data.length !== size) {
    throw new RangeError(`${what}: shape ${show(t.shape)} needs ${size} values, got ${t.data.length}`);
  }
}

/** Conv weight [O, I, H, W] → [H, W, I, O]. */
export function oihwToHwio(t: PlainTensor): OwnedTensor {
  checkTensor('oihwToHwio', t, 4);
  const [O, I, H, W] = t.shape;
  const out = new Float32Array(t.data.length);
  for (let o = 0; o < O; o++)
    for (let i = 0; i < I; i++)
      for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) out[((h * W + w) * I + i) * O + o] = t.data[((o * I + i) * H + h) * W + w];
  return { shape: [H, W, I, O], data: out };
}

/** Conv kernel [H, W, I, O] → [O, I, H, W]. */
export function hwioToOihw(t: PlainTensor): OwnedTensor {
  checkTensor('hwioToOihw', t, 4);
  const [H, W, I, O] = t.shape;
  const out = new Float32Array(t.data.length);
  for (let o = 0; o < O; o++)
    for (let i = 0; i < I; i++)
      for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) out[((o * I + i) * H + h) * W + w] = t.data[((h * W + w) * I + i) * O + o];
  return { shape: [O, I, H, W], data: out };
}

function transpose2d(what: string, t: PlainTensor): OwnedTensor {
  checkTensor(what, t, 2);
  const [rows, cols] = t.shape;
  const out = new Float32Array(t.data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = t.data[r * cols + c];
  return { shape: [cols, rows], data: out };
}

/** Linear weight [out, in] → dense kernel [in, out]. */
export const linearOutInToInOut = (t: PlainTensor): OwnedTensor => transpose2d('linearOutInToInOut', t);

/** Dense kernel [in, out] → linear weight [out, in]. */
export const linearInOutToOutIn = (t: PlainTensor): OwnedTensor => transpose2d('linearInOutToOutIn', t);

function checkGrid(what: string, inputs: number, grid: FeatureGrid): void {
  const { channels: C, height: H, width: W } = grid;
  if (inputs !== C * H * W) {
    throw new RangeError(`${what}: ${inputs} inputs do not match a ${C}×${H}×${W} feature map (${C * H * W})`);
  }
}

/**
 * Linear weight [out, C·H·W] that reads PyTorch's flatten of a CHW map (input c·H·W + h·W + w)
 * → dense kernel [H·W·C, out] that reads tfjs's flatten of the same map in NHWC
 * (input (h·W + w)·C + c): kernel[(h·W + w)·C + c][o] = weight[o][c·H·W + h·W + w].
 * Same function of the feature map, so the two models give identical logits.
 */
export function linearChwToKernelHwc(t: PlainTensor, grid: FeatureGrid = BASE_GRID): OwnedTensor {
  checkTensor('linearChwToKernelHwc', t, 2);
  const [outputs, inputs] = t.shape;
  checkGrid('linearChwToKernelHwc', inputs, grid);
  const { channels: C, height: H, width: W } = grid;
  const out = new Float32Array(t.data.length);
  for (let o = 0; o < outputs; o++)
    for (let c = 0; c < C; c++)
      for (let h = 0; h < H; h++)
        for (let w = 0; w < W; w++) out[((h * W + w) * C + c) * outputs + o] = t.data[o * inputs + (c * H + h) * W + w];
  return { shape: [inputs, outputs], data: out };
}

/** Inverse of linearChwToKernelHwc: dense kernel [H·W·C, out] → linear weight [out, C·H·W]. */
export function kernelHwcToLinearChw(t: PlainTensor, grid: FeatureGrid = BASE_GRID): OwnedTensor {
  checkTensor('kernelHwcToLinearChw', t, 2);
  const [inputs, outputs] = t.shape;
  checkGrid('kernelHwcToLinearChw', inputs, grid);
  const { channels: C, height: H, width: W } = grid;
  const out = new Float32Array(t.data.length);
  for (let o = 0; o < outputs; o++)
    for (let c = 0; c < C; c++)
      for (let h = 0; h < H; h++)
        for (let w = 0; w < W; w++) out[o * inputs + (c * H + h) * W + w] = t.data[((h * W + w) * C + c) * outputs + o];
  return { shape: [outputs, inputs], data: out };
}

/** The shape a parameter has in tfjs layout. */
export function tfjsShape(spec: ParamSpec): number[] {
  const s = spec.shape;
  switch (spec.kind) {
    case 'conv-weight':
      return [s[2], s[3], s[1], s[0]];
    case 'linear-weight':
      return [s[1], s[0]];
    case 'bias':
      return [...s];
  }
}

/** Looks up every parameter of `model`, in its spec order, checking names and shapes. */
function eachParam(
  { label: model, params: specs }: ParamContract,
  tensors: Readonly<Record<string, PlainTensor>>,
  side: 'PyTorch' | 'tfjs',
): [ParamSpec, PlainTensor][] {
  const unexpected = Object.keys(tensors).filter((key) => !specs.some((s) => s.key === key));
  if (unexpected.length > 0) throw new RangeError(`${model} ${side} parameters: unexpected ${unexpected.join(', ')}`);
  return specs.map((spec) => {
    const t = tensors[spec.key];
    if (t === undefined) throw new RangeError(`${model} ${side} parameters: missing ${spec.key}`);
    const expected = side === 'PyTorch' ? spec.shape : tfjsShape(spec);
    if (!sameShape(t.shape, expected)) {
      throw new RangeError(`${model} ${side} parameters: ${spec.key} has shape ${show(t.shape)}, expected ${show(expected)}`);
    }
    return [spec, t];
  });
}

const copy = (t: PlainTensor): OwnedTensor => ({ shape: [...t.shape], data: t.data.slice() });

/** PyTorch state_dict tensors → tfjs-layout parameters under the same keys. */
export function pytorchToTfjs(model: ParamContract, tensors: Readonly<Record<string, PlainTensor>>): Record<string, OwnedTensor> {
  const out: Record<string, OwnedTensor> = {};
  for (const [spec, t] of eachParam(model, tensors, 'PyTorch')) {
    if (spec.kind === 'conv-weight') out[spec.key] = oihwToHwio(t);
    else if (spec.flattenFrom) out[spec.key] = linearChwToKernelHwc(t, spec.flattenFrom);
    else if (spec.kind === 'linear-weight') out[spec.key] = linearOutInToInOut(t);
    else out[spec.key] = copy(t);
  }
  return out;
}

/** tfjs-layout parameters → PyTorch state_dict tensors under the same keys. */
export function tfjsToPytorch(model: ParamContract, params: Readonly<Record<string, PlainTensor>>): Record<string, OwnedTensor> {
  const out: Record<string, OwnedTensor> = {};
  for (const [spec, t] of eachParam(model, params, 'tfjs')) {
    if (spec.kind === 'conv-weight') out[spec.key] = hwioToOihw(t);
    else if (spec.flattenFrom) out[spec.key] = kernelHwcToLinearChw(t, spec.flattenFrom);
    else if (spec.kind === 'linear-weight') out[spec.key] = linearInOutToOutIn(t);
    else out[spec.key] = copy(t);
  }
  return out;
}
