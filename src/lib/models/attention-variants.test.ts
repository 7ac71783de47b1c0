// Every attention model (the course's and lab 1's) against its own definition: the CAM identity
// logit_c = reduce_hw CAM_c + b_c, the shapes and ranges of its attention, batch = single, the
// per-head split, gradients for training, and no leaks.
import * as tf from '@tensorflow/tfjs-core';
import '../testing/tfjs-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../tools/lib/backend-node';
import { registerWasmGradientKernels } from '../train/wasm-gradient-kernels';
import { createRng } from '../rng';
import { initParams } from './init';
import { toTensorParams } from './params';
import { getModel, LAB_MODEL_IDS, type ModelId } from './registry';
import { readTensors } from '../tensor-read';

const ATTENTION_MODELS: ModelId[] = ['attention', ...LAB_MODEL_IDS];
const EXPECTED: Record<string, { heads: number; channel: boolean; reduction: 'mean' | 'sum'; parameters: number }> = {
  attention: { heads: 1, channel: false, reduction: 'mean', parameters: 60_619 },
  'attention-softmax': { heads: 1, channel: false, reduction: 'sum', parameters: 60_619 },
  'attention-sparse': { heads: 1, channel: false, reduction: 'mean', parameters: 60_619 },
  'attention-se': { heads: 0, channel: true, reduction: 'mean', parameters: 60_619 - 65 + 64 * 16 + 16 + 16 * 64 + 64 },
  'attention-cbam': { heads: 1, channel: true, reduction: 'mean', parameters: 60_619 - 65 + 64 * 16 + 16 + 16 * 64 + 64 + 2 * 49 + 1 },
  'attention-multihead': { heads: 4, channel: false, reduction: 'mean', parameters: 60_619 - 65 + 4 * 64 + 4 },
  'fashion-attention': { heads: 1, channel: false, reduction: 'mean', parameters: 60_619 },
};

function images(n: number, seed: number): tf.Tensor4D {
  return tf.randomNormal([n, 28, 28, 1], 0, 1, 'float32', seed) as tf.Tensor4D;
}

describe.each(ATTENTION_MODELS)('attention model %s', (id) => {
  const definition = getModel(id);
  const expected = EXPECTED[id];
  let params: Record<string, tf.Tensor>;

  beforeAll(async () => {
    await useBackend('wasm');
    registerWasmGradientKernels();
    params = toTensorParams(id, initParams(id, createRng(7)));
  });

  it('has the parameters of its PyTorch class', () => {
    expect(definition.params.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0)).toBe(expected.parameters);
  });

  it('splits each logit exactly over the 49 cells: reduce(CAM_c) + b_c = logit_c', async () => {
    const cam = definition.cam!;
    let reduction = '';
    let attentionShape: number[] | null = null;
    let channelShape: number[] | null = null;
    const [logits, perCell, bias, attention] = await readTensors(() => {
      const out = cam(params, images(3, 1));
      reduction = out.cellReduction;
      attentionShape = out.attention?.shape ?? null;
      channelShape = out.channelAttention?.shape ?? null;
      return [out.logits, out.perCell, params['classifier.bias'], out.attention ?? tf.zeros([0])];
    });
    expect(reduction).toBe(expected.reduction);
    expect(attentionShape).toEqual(expected.heads === 0 ? null : [3, 7, 7, expected.heads]);
    expect(channelShape).toEqual(expected.channel ? [3, 64] : null);
    for (let n = 0; n < 3; n++) {
      for (let c = 0; c < 10; c++) {
        let sum = 0;
        for (let cell = 0; cell < 49; cell++) sum += perCell[(n * 49 + cell) * 10 + c];
        const reduced = reduction === 'mean' ? sum / 49 : sum;
        expect(reduced + bias[c]).toBeCloseTo(logits[n * 10 + c], 4);
      }
    }
    if (id === 'attention-softmax') {
      for (let n = 0; n < 3; n++) expect(attention.subarray(n * 49, (n + 1) * 49).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    } else {
      for (const a of attention) expect(a > 0 && a < 1).toBe(true);
    }
  });

  it('gives each image of a batch what it gives alone', async () => {
    const [batch, single] = await readTensors(() => {
      const x = images(4, 2);
      return [definition.logits(params, x), definition.logits(params, tf.slice(x, [2, 0, 0, 0], [1, -1, -1, -1]))];
    });
    for (let c = 0; c < 10; c++) expect(single[c]).toBeCloseTo(batch[20 + c], 4);
  });

  it('reaches the logits from every gradient layer', async () => {
    for (const layer of definition.layers) {
      const [direct, viaLayer] = await readTensors(() => {
        const x = images(2, 3);
        return [definition.logits(params, x), definition.logitsFromLayer(params, layer, definition.layerActivation(params, x, layer))];
      });
      for (let i = 0; i < direct.length; i++) expect(viaLayer[i]).toBeCloseTo(direct[i], 4);
    }
  });

  it('has a finite gradient for every parameter on wasm (it can be trained)', async () => {
    const names = definition.params.map((p) => p.key);
    const norms = await readTensors(() => {
      const x = images(2, 4);
      const variables = names.map((k) => tf.variable(params[k], true, `${id}-grad-test/${k}`));
      const byName = Object.fromEntries(names.map((k, i) => [k, variables[i]]));
      const { grads } = tf.variableGrads(() => tf.sum(tf.square(definition.logits(byName, x))) as tf.Scalar, variables);
      const out = names.map((k) => tf.norm(grads[`${id}-grad-test/${k}`]));
      tf.dispose(variables);
      return out;
    });
    norms.forEach((n, i) => expect(Number.isFinite(n[0]), names[i]).toBe(true));
    expect(norms.filter((n) => n[0] > 0).length).toBe(names.length);
  });

  it('traces every step and leaves tf.memory() flat', () => {
    const x = images(1, 5);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      tf.tidy(() => {
        definition.trace(params, x);
        definition.cam!(params, x);
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('multi-head attention CAM', () => {
  it('is the sum of its four heads’ CAMs', async () => {
    await useBackend('wasm');
    const definition = getModel('attention-multihead');
    const params = toTensorParams('attention-multihead', initParams('attention-multihead', createRng(3)));
    const [perCell, perHead] = await readTensors(() => {
      const out = definition.cam!(params, images(2, 6));
      return [out.perCell, out.headPerCell!];
    });
    for (let row = 0; row < 98; row++) {
      for (let c = 0; c < 10; c++) {
        let sum = 0;
        for (let h = 0; h < 4; h++) sum += perHead[(row * 4 + h) * 10 + c];
        expect(sum).toBeCloseTo(perCell[row * 10 + c], 4);
      }
    }
    tf.dispose(Object.values(params));
  });
});
