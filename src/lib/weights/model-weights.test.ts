import { describe, expect, it } from 'vitest';
import { getModel, MODEL_REGISTRY as M, type ModelName } from '../models/registry';
import { createRng } from '../rng';
import { pytorchToTfjs, tfjsShape, type PlainTensor } from './layout';
import { loadModelWeights, ModelWeightsError, saveModelWeights, validateModelTensors } from './model-weights';
import { readSafetensors } from './safetensors';

function randomValues(length: number, seed: number): Float32Array {
  const next = createRng(seed);
  return Float32Array.from({ length }, () => next() - 0.5);
}
const size = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);

/** Random parameters of `model` in PyTorch layout (as in a safetensors file). */
const pytorchParams = (model: ModelName, seed = 1): Record<string, PlainTensor> =>
  Object.fromEntries(getModel(model).params.map((s, i) => [s.key, { shape: [...s.shape], data: randomValues(size(s.shape), seed + i) }]));

/** Random parameters of `model` in tfjs layout (as the trainer holds them). */
const tfjsParams = (model: ModelName, seed = 1): Record<string, PlainTensor> =>
  Object.fromEntries(getModel(model).params.map((s, i) => [s.key, { shape: tfjsShape(s), data: randomValues(size(s.shape), seed + i) }]));

const sameData = (a: Float32Array, b: Float32Array) =>
  Buffer.compare(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), new Uint8Array(b.buffer, b.byteOffset, b.byteLength)) === 0;

describe('validateModelTensors', () => {
  it('accepts a complete set in PyTorch layout, and in tfjs layout when asked', () => {
    expect(() => validateModelTensors(M.attention, pytorchParams('attention'))).not.toThrow();
    expect(() => validateModelTensors(M.traditional, tfjsParams('traditional'), 'tfjs')).not.toThrow();
  });

  it('names a missing tensor', () => {
    const { ['classifier.bias']: _, ...tensors } = pytorchParams('attention');
    expect(() => validateModelTensors(M.attention, tensors)).toThrow('attention-CNN weights: missing tensor classifier.bias');
  });

  it("names an unexpected tensor and recognises the other model's file", () => {
    const tensors = { ...pytorchParams('attention'), 'fc1.weight': { shape: [128, 3136], data: new Float32Array(128 * 3136) } };
    expect(() => validateModelTensors(M.attention, tensors, 'pytorch', Object.values(M))).toThrow(
      "attention-CNN weights: unexpected tensor fc1.weight (is this the traditional-CNN's file?)",
    );
    expect(() =>
      validateModelTensors(M.attention, { ...pytorchParams('attention'), extra: { shape: [1], data: new Float32Array(1) } }),
    ).toThrow(/unexpected tensor extra$/);
  });

  it("lists every problem when given the other model's file", () => {
    try {
      validateModelTensors(M.traditional, pytorchParams('attention'), 'pytorch', Object.values(M));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ModelWeightsError);
      expect((error as ModelWeightsError).problems).toEqual([
        'missing tensor fc1.weight',
        'missing tensor fc1.bias',
        'missing tensor fc2.weight',
        'missing tensor fc2.bias',
        ...[
          'attention_conv.weight',
          'attention_conv.bias',
          'feature_conv.weight',
          'feature_conv.bias',
          'classifier.weight',
          'classifier.bias',
        ].map((k) => `unexpected tensor ${k} (is this the attention-CNN's file?)`),
      ]);
    }
  });

  it('says to strip the `module.` prefix that DataParallel adds', () => {
    const wrapped = Object.fromEntries(Object.entries(pytorchParams('attention')).map(([k, v]) => [`module.${k}`, v]));
    expect(() => validateModelTensors(M.attention, wrapped)).toThrow(
      /unexpected tensor module\.classifier\.bias \(strip the `module\.` prefix/,
    );
  });

  it('names a wrong shape, e.g. an RGB first layer', () => {
    const tensors = { ...pytorchParams('attention'), 'conv1.weight': { shape: [32, 3, 3, 3], data: new Float32Array(864) } };
    expect(() => validateModelTensors(M.attention, tensors)).toThrow(
      'attention-CNN weights: conv1.weight has shape [32,3,3,3], expected [32,1,3,3]',
    );
    expect(() => validateModelTensors(M.attention, pytorchParams('attention'), 'tfjs')).toThrow(
      /conv1.weight has shape \[32,1,3,3\], expected \[3,3,1,32\]/,
    );
  });

  it('names a dtype other than F32', () => {
    const tensors = { ...pytorchParams('traditional'), 'fc2.bias': { dtype: 'F16', shape: [10], data: new Float32Array(10) } };
    expect(() => validateModelTensors(M.traditional, tensors)).toThrow('traditional-CNN weights: fc2.bias has dtype F16, expected F32');
  });

  it('names data that does not fill the shape', () => {
    const tensors = { ...pytorchParams('traditional'), 'fc2.bias': { shape: [10], data: new Float32Array(9) } };
    expect(() => validateModelTensors(M.traditional, tensors)).toThrow('fc2.bias has 9 values, its shape [10] needs 10');
  });

  it('names a non-finite value', () => {
    const bias = new Float32Array(64);
    bias[5] = Number.NEGATIVE_INFINITY;
    const tensors = { ...pytorchParams('attention'), 'conv3.bias': { shape: [64], data: bias } };
    expect(() => validateModelTensors(M.attention, tensors)).toThrow('conv3.bias has a non-finite value -Infinity at index 5');
  });
});

describe('saveModelWeights / loadModelWeights', () => {
  for (const model of ['attention', 'traditional'] as const) {
    it(`round-trips random ${model} weights exactly, keeping the metadata`, () => {
      const params = tfjsParams(model, 42);
      const bytes = saveModelWeights(M[model], params, { model: 'demo', seed: '42' });
      const loaded = loadModelWeights(M[model], bytes);
      expect(loaded.metadata).toEqual({ format: 'pt', model: 'demo', seed: '42' });
      expect(Object.keys(loaded.params)).toEqual(getModel(model).params.map((s) => s.key));
      for (const [key, p] of Object.entries(params)) {
        expect(loaded.params[key].shape).toEqual(p.shape);
        expect(sameData(loaded.params[key].data, p.data), key).toBe(true);
      }
    });
  }

  it('stores PyTorch layout in the file', () => {
    const pt = pytorchParams('traditional', 9);
    const tf = pytorchToTfjs(M.traditional, pt);
    const file = readSafetensors(saveModelWeights(M.traditional, tf));
    for (const spec of getModel('traditional').params) {
      expect(file.tensors[spec.key].shape).toEqual([...spec.shape]);
      expect(sameData(file.tensors[spec.key].data, pt[spec.key].data), spec.key).toBe(true);
    }
  });

  it('does not modify the parameters it saves', () => {
    const params = tfjsParams('attention', 3);
    const before = structuredClone(params);
    saveModelWeights(M.attention, params);
    for (const [key, p] of Object.entries(before)) {
      expect(params[key].shape).toEqual(p.shape);
      expect(sameData(params[key].data, p.data), key).toBe(true);
    }
  });

  it("rejects the other model's file with the validation message", () => {
    const bytes = saveModelWeights(M.attention, tfjsParams('attention'));
    expect(() => loadModelWeights(M.traditional, bytes)).toThrow(/^traditional-CNN weights: missing tensor fc1.weight;/);
  });

  it('reports a broken file as a weights error naming the model', () => {
    const bytes = saveModelWeights(M.attention, tfjsParams('attention'));
    expect(() => loadModelWeights(M.attention, bytes.subarray(0, bytes.length - 4))).toThrow(
      /^attention-CNN weights: the file is truncated or damaged: tensor "[\w.]+" \[\d+, \d+\] goes beyond the data buffer/,
    );
    expect(() => loadModelWeights(M.attention, bytes, { maxBytes: 100 })).toThrow(ModelWeightsError);
  });

  it('refuses to save parameters with the wrong layout or non-finite values', () => {
    expect(() => saveModelWeights(M.attention, pytorchParams('attention'))).toThrow(
      /conv1.weight has shape \[32,1,3,3\], expected \[3,3,1,32\]/,
    );
    const params = tfjsParams('attention');
    params['classifier.bias'] = { shape: [10], data: new Float32Array(10).fill(Number.NaN) };
    expect(() => saveModelWeights(M.attention, params)).toThrow('classifier.bias has a non-finite value NaN at index 0');
  });
});
