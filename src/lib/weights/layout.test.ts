import { describe, expect, it } from 'vitest';
import { getModel, MODEL_REGISTRY as M, type ModelName } from '../models/registry';
import { createRng } from '../rng';
import {
  hwioToOihw,
  kernelHwcToLinearChw,
  linearChwToKernelHwc,
  linearInOutToOutIn,
  linearOutInToInOut,
  oihwToHwio,
  pytorchToTfjs,
  tfjsShape,
  tfjsToPytorch,
  type PlainTensor,
} from './layout';

/** Deterministic values in [−1, 1) from the project's seeded PRNG, so failures reproduce. */
function random(seed: number): () => number {
  const next = createRng(seed);
  return () => next() * 2 - 1;
}
const randomTensor = (shape: number[], next: () => number): PlainTensor => ({
  shape,
  data: Float32Array.from({ length: shape.reduce((n, d) => n * d, 1) }, next),
});
const iota = (shape: number[]): PlainTensor => ({
  shape,
  data: Float32Array.from({ length: shape.reduce((n, d) => n * d, 1) }, (_, i) => i),
});
/** Exact (bitwise) equality; vitest's deep equality is very slow on 400k-element arrays. */
const sameData = (a: Float32Array, b: Float32Array) =>
  a.length === b.length &&
  Buffer.compare(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), new Uint8Array(b.buffer, b.byteOffset, b.byteLength)) === 0;
function expectSameTensors(actual: Record<string, PlainTensor>, expected: Record<string, PlainTensor>): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const key of Object.keys(expected)) {
    expect(actual[key].shape, key).toEqual(expected[key].shape);
    expect(sameData(actual[key].data, expected[key].data), key).toBe(true);
  }
}
const randomModel = (model: ModelName, seed: number) => {
  const next = random(seed);
  return Object.fromEntries(getModel(model).params.map((s) => [s.key, randomTensor([...s.shape], next)]));
};

describe('conv weights OIHW ↔ HWIO', () => {
  it('moves each element where the index formulas say (hand-computed)', () => {
    // O=2, I=3, H=1, W=2; value = its OIHW flat index o·6 + i·2 + w.
    const hwio = oihwToHwio(iota([2, 3, 1, 2]));
    expect(hwio.shape).toEqual([1, 2, 3, 2]);
    expect(Array.from(hwio.data)).toEqual([0, 6, 2, 8, 4, 10, 1, 7, 3, 9, 5, 11]);
  });

  it('round-trips both ways', () => {
    const next = random(1);
    const oihw = randomTensor([4, 3, 3, 2], next);
    expect(hwioToOihw(oihwToHwio(oihw))).toEqual(oihw);
    const hwio = randomTensor([3, 2, 5, 4], next);
    expect(oihwToHwio(hwioToOihw(hwio))).toEqual(hwio);
  });

  it('rejects a shape that is not rank 4 or does not match the data', () => {
    expect(() => oihwToHwio(iota([2, 3]))).toThrow(/expected a rank-4 shape, got \[2, 3\]/);
    expect(() => hwioToOihw({ shape: [1, 1, 1, 2], data: new Float32Array(3) })).toThrow(/needs 2 values, got 3/);
  });
});

describe('linear weights [out, in] ↔ [in, out]', () => {
  it('transposes (hand-computed)', () => {
    const kernel = linearOutInToInOut({ shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) });
    expect(kernel).toEqual({ shape: [3, 2], data: new Float32Array([1, 4, 2, 5, 3, 6]) });
    expect(linearInOutToOutIn(kernel)).toEqual({ shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) });
  });
});

describe('fc1: PyTorch CHW flatten ↔ tfjs NHWC flatten', () => {
  const grid = { channels: 2, height: 1, width: 2 };

  it('reorders inputs and transposes (hand-computed)', () => {
    // Output o reads inputs in CHW order: (c0,w0) (c0,w1) (c1,w0) (c1,w1); values name them as o·100 + c·10 + w.
    const weight = { shape: [2, 4], data: new Float32Array([0, 1, 10, 11, 100, 101, 110, 111]) };
    const kernel = linearChwToKernelHwc(weight, grid);
    // Kernel rows in HWC order: (w0,c0) (w0,c1) (w1,c0) (w1,c1); columns are outputs.
    expect(kernel).toEqual({ shape: [4, 2], data: new Float32Array([0, 100, 10, 110, 1, 101, 11, 111]) });
    expect(kernelHwcToLinearChw(kernel, grid)).toEqual(weight);
  });

  it('computes the same outputs from the same feature map (64×7×7 → 128)', () => {
    const next = random(7);
    const [C, H, W, O] = [64, 7, 7, 128];
    const weight = randomTensor([O, C * H * W], next);
    const x = Float32Array.from({ length: C * H * W }, next); // x[c][h][w], CHW
    const kernel = linearChwToKernelHwc(weight);

    const flatChw = x; // PyTorch's x.flatten(1) of an NCHW map
    const flatHwc = new Float32Array(C * H * W); // tf.reshape of the same map held as NHWC
    for (let c = 0; c < C; c++)
      for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) flatHwc[(h * W + w) * C + c] = x[(c * H + h) * W + w];

    for (let o = 0; o < O; o++) {
      let yPt = 0;
      let yTf = 0;
      for (let i = 0; i < C * H * W; i++) {
        yPt += weight.data[o * C * H * W + i] * flatChw[i];
        yTf += flatHwc[i] * kernel.data[i * O + o];
      }
      expect(yTf).toBeCloseTo(yPt, 4);
    }
  });

  it('round-trips at full size and rejects a mismatched input count', () => {
    const weight = randomTensor([128, 3136], random(3));
    expectSameTensors({ fc1: kernelHwcToLinearChw(linearChwToKernelHwc(weight)) }, { fc1: weight });
    expect(() => linearChwToKernelHwc(iota([2, 5]), grid)).toThrow(/5 inputs do not match a 2×1×2 feature map \(4\)/);
  });
});

describe('pytorchToTfjs / tfjsToPytorch', () => {
  for (const model of ['attention', 'traditional'] as const) {
    it(`converts every ${model} parameter to its tfjs shape and back exactly`, () => {
      const pt = randomModel(model, model.length);
      const tf = pytorchToTfjs(M[model], pt);
      expect(Object.keys(tf)).toEqual(getModel(model).params.map((s) => s.key));
      for (const spec of getModel(model).params) expect(tf[spec.key].shape).toEqual(tfjsShape(spec));
      expectSameTensors(tfjsToPytorch(M[model], tf), pt);
    });
  }

  it('uses the right conversion per kind: conv, fc1 permutation, plain linear, bias', () => {
    const pt = randomModel('traditional', 11);
    const tf = pytorchToTfjs(M.traditional, pt);
    expectSameTensors(
      { conv: tf['conv2.weight'], fc1: tf['fc1.weight'], fc2: tf['fc2.weight'], bias: tf['fc2.bias'] },
      {
        conv: oihwToHwio(pt['conv2.weight']),
        fc1: linearChwToKernelHwc(pt['fc1.weight']),
        fc2: linearOutInToInOut(pt['fc2.weight']),
        bias: pt['fc2.bias'],
      },
    );
    expect(tf['fc2.bias'].data).not.toBe(pt['fc2.bias'].data);
  });

  it('gives tfjs shapes HWIO for conv and [in, out] for linear', () => {
    const tf = pytorchToTfjs(M.attention, randomModel('attention', 5));
    expect(tf['conv1.weight'].shape).toEqual([3, 3, 1, 32]);
    expect(tf['feature_conv.weight'].shape).toEqual([1, 1, 64, 64]);
    expect(tf['classifier.weight'].shape).toEqual([64, 10]);
  });

  it('does not modify its input', () => {
    const pt = randomModel('traditional', 2);
    const before = structuredClone(pt);
    tfjsToPytorch(M.traditional, pytorchToTfjs(M.traditional, pt));
    expectSameTensors(pt, before);
  });

  it('rejects missing, unexpected and wrongly shaped parameters', () => {
    const pt = randomModel('attention', 4);
    const { ['classifier.bias']: _dropped, ...missing } = pt;
    expect(() => pytorchToTfjs(M.attention, missing)).toThrow(/missing classifier.bias/);
    expect(() => pytorchToTfjs(M.attention, { ...pt, 'fc1.weight': iota([1]) })).toThrow(/unexpected fc1.weight/);
    // PyTorch layout handed to the tfjs → PyTorch direction:
    expect(() => tfjsToPytorch(M.attention, pt)).toThrow(/conv1.weight has shape \[32, 1, 3, 3\], expected \[3, 3, 1, 32\]/);
  });
});
