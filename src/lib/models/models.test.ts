import * as tf from '@tensorflow/tfjs-core';
import '../testing/tfjs-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../tools/lib/backend-node';
import { initParams } from './init';
import { createRng } from '../rng';
import { attentionCnnForward } from './attention-cnn';
import { tfjsShape } from '../weights/layout';
import { toPlainParams, toTensorParams } from './params';
import { parameterCount } from '../contract/param-spec';
import { getModel } from './registry';
import { readTensors } from '../tensor-read';
import { traditionalCnnForward } from './traditional-cnn';

describe('model definitions', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('have the parameter counts of the lesson’s PyTorch classes', () => {
    expect(parameterCount(getModel('attention').params)).toBe(60_619);
    expect(parameterCount(getModel('traditional').params)).toBe(458_570);
  });

  it('map PyTorch shapes to tfjs layouts', () => {
    const byKey = Object.fromEntries(getModel('traditional').params.map((s) => [s.key, tfjsShape(s)]));
    expect(byKey['conv2.weight']).toEqual([3, 3, 32, 64]);
    expect(byKey['fc1.weight']).toEqual([3136, 128]);
    expect(byKey['fc2.bias']).toEqual([10]);
  });

  it('attention-CNN returns logits and the intermediates explanations need', async () => {
    const params = toTensorParams('attention', initParams('attention', createRng(1)));
    let shapes: number[][] = [];
    // logits must equal mean_hw(attended) · W + b, recomputed by hand
    const [attention, attended, logits, w, b] = await readTensors(() => {
      const o = attentionCnnForward(params, tf.randomNormal([2, 28, 28, 1], 0, 1, 'float32', 3) as tf.Tensor4D);
      shapes = [o.conv1.shape, o.conv2.shape, o.conv3.shape, o.attention.shape, o.features.shape, o.logits.shape];
      return [o.attention, o.attended, o.logits, params['classifier.weight'], params['classifier.bias']];
    });
    const out = { shapes, attention, attended, logits };
    expect(out.shapes).toEqual([
      [2, 28, 28, 32],
      [2, 14, 14, 64],
      [2, 7, 7, 64],
      [2, 7, 7, 1],
      [2, 7, 7, 64],
      [2, 10],
    ]);
    for (const a of out.attention) expect(a > 0 && a < 1).toBe(true);
    for (let n = 0; n < 2; n++) {
      for (let c = 0; c < 10; c++) {
        let logit = b[c];
        for (let k = 0; k < 64; k++) {
          let mean = 0;
          for (let cell = 0; cell < 49; cell++) mean += out.attended[(n * 49 + cell) * 64 + k];
          logit += (mean / 49) * w[k * 10 + c];
        }
        expect(out.logits[n * 10 + c]).toBeCloseTo(logit, 5);
      }
    }
    tf.dispose(Object.values(params));
  });

  it('traditional CNN returns logits and ReLU(conv3)', async () => {
    const params = toTensorParams('traditional', initParams('traditional', createRng(2)));
    let shapes: number[][] = [];
    const [min] = await readTensors(() => {
      const o = traditionalCnnForward(params, tf.zeros([3, 28, 28, 1]) as tf.Tensor4D);
      shapes = [o.conv3.shape, o.hidden.shape, o.logits.shape];
      return [o.conv3.min()];
    });
    expect(min[0]).toBeGreaterThanOrEqual(0);
    expect(shapes).toEqual([
      [3, 7, 7, 64],
      [3, 128],
      [3, 10],
    ]);
    tf.dispose(Object.values(params));
  });

  it('round-trips parameters between plain arrays and tensors', async () => {
    const plain = initParams('attention', createRng(5));
    const tensors = toTensorParams('attention', plain);
    const back = await toPlainParams('attention', tensors);
    for (const key of Object.keys(plain)) expect(back[key].data).toEqual(plain[key].data);
    tf.dispose(Object.values(tensors));
  });

  it('rejects parameters of the wrong shape', () => {
    const plain = { ...initParams('attention', createRng(5)) };
    plain['conv1.weight'] = { shape: [32, 1, 3, 3], data: new Float32Array(288) };
    expect(() => toTensorParams('attention', plain)).toThrow(/conv1.weight has tfjs shape \[32,1,3,3\], expected \[3,3,1,32\]/);
  });

  it('leave tf.memory() flat over 100 forward passes', () => {
    const a = toTensorParams('attention', initParams('attention', createRng(1)));
    const t = toTensorParams('traditional', initParams('traditional', createRng(1)));
    const x = tf.randomNormal([1, 28, 28, 1]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 100; i++) {
      tf.tidy(() => {
        attentionCnnForward(a, x);
        traditionalCnnForward(t, x);
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([...Object.values(a), ...Object.values(t), x]);
  });
});
