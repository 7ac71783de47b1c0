// Lab 2's run on wasm, small: the film, the curves, the test pass and the file are what the page
// shows and downloads; the same settings give the same bytes; cancel, divergence and tensors.
import * as tf from '@tensorflow/tfjs-core';
import '../testing/tfjs-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../tools/lib/backend-node';
import { labRunData } from '../../../tools/lib/lab-train-data';
import { ATTENTION_HEADS } from '../models/multihead-attention-cnn';
import { getModel } from '../models/registry';
import { loadModelWeights } from '../weights/model-weights';
import { readSafetensors } from '../weights/safetensors';
import { LAB_TRAINING_DEFAULTS, type LabTrainingSettings } from './lab-training';
import { runLabTraining, watchPlan, type FilmFrame, type LabRunData } from './lab-training-run';
import { TrainingDivergedError } from './trainer';

let data: LabRunData;
// Smaller than the page allows (1,000 images at least): the loop does not care, and CI time does.
const settings: LabTrainingSettings = { ...LAB_TRAINING_DEFAULTS, trainImages: 400, epochs: 1, batchSize: 40, seed: 5 };

describe('a lab 2 training run', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    await useBackend('wasm');
    const all = labRunData('mnist');
    // Short held-out and test sets keep the passes short; the run scores whatever it is given.
    data = {
      ...all,
      validationPixels: all.validationPixels.subarray(0, 200 * 784),
      validationLabels: all.validationLabels.subarray(0, 200),
      testPixels: all.testPixels.subarray(0, 300 * 784),
      testLabels: all.testLabels.subarray(0, 300),
    };
  });

  it('films the strip, draws the curves, scores the test set and writes a file PyTorch-layout readers accept', async () => {
    const frames: FilmFrame[] = [];
    const curve: number[] = [];
    const testProgress: number[] = [];
    const before = tf.memory().numTensors;
    const result = await runLabTraining(settings, data, {
      onFrame: (f) => frames.push(f),
      onCurve: (p) => curve.push(p.step),
      onTestProgress: (done) => testProgress.push(done),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(result.steps).toBe(10);
    expect(frames.map((f) => f.step)).toEqual([0, 5, 10]);
    // The loop times what it films and scores, and the plan the benchmark projects from counts the same.
    const plan = watchPlan(settings);
    expect(result.watching).toMatchObject({ frames: plan.frames, validations: plan.validations });
    expect(result.watching.frames).toBe(3);
    expect(result.watching.frameSeconds).toBeGreaterThan(0);
    expect(curve).toEqual([5, 10]);
    expect(testProgress).toEqual([300]);
    for (const f of frames) {
      expect(f.maps).toHaveLength(8);
      expect(f.maps[0].attention?.data.length).toBe(49);
      expect(f.maps[0].cam.data.length).toBe(49);
    }
    // The attention gate starts uninformative: sigmoid of small logits, near 0.5.
    const a0 = Array.from(frames[0].maps[0].attention!.data);
    expect(Math.min(...a0)).toBeGreaterThan(0.3);
    expect(Math.max(...a0)).toBeLessThan(0.7);
    expect(result.test.count).toBe(300);
    expect(Number.isInteger(result.test.accuracy * 300)).toBe(true);
    expect(result.history[0].validationAccuracy * 200).toBeCloseTo(Math.round(result.history[0].validationAccuracy * 200), 6);
    const file = readSafetensors(result.safetensors);
    expect(file.metadata).toMatchObject({
      model: getModel('attention').pytorchClass,
      dataset: 'mnist',
      seed: '5',
      test_accuracy: result.test.accuracy.toFixed(4),
    });
    const loaded = loadModelWeights(getModel('attention'), result.safetensors);
    expect(Array.from(loaded.params['classifier.bias'].data)).toEqual(Array.from(result.params['classifier.bias'].data));
  });

  it('films Grad-CAM at conv3 for the traditional CNN, and every head design of lab 1', async () => {
    const traditional: FilmFrame[] = [];
    await runLabTraining({ ...settings, model: 'traditional', trainImages: 80 }, data, { onFrame: (f) => traditional.push(f) });
    expect(traditional.map((f) => f.step)).toEqual([0, 2]); // 2 steps: the first and the last
    expect(traditional[1].maps[0]).toMatchObject({ attention: null, attentionHeads: 0 });
    expect(Math.min(...traditional[1].maps.flatMap((m) => Array.from(m.cam.data)))).toBeGreaterThanOrEqual(0);
    for (const [model, heads] of [
      ['attention-softmax', 1],
      ['attention-se', 0],
      ['attention-multihead', ATTENTION_HEADS],
    ] as const) {
      const frames: FilmFrame[] = [];
      await runLabTraining({ ...settings, model, trainImages: 40 }, data, { onFrame: (f) => frames.push(f), watch: true });
      expect(frames[0].maps[0].attentionHeads).toBe(heads);
      expect(frames[0].maps[0].attention?.data.length ?? 0).toBe(heads ? 49 : 0);
    }
  });

  it('gives the same bytes for the same settings, and others for another seed', async () => {
    const a = await runLabTraining(settings, data, { watch: false });
    const b = await runLabTraining(settings, data);
    const c = await runLabTraining({ ...settings, seed: 6 }, data, { watch: false });
    expect(Buffer.from(a.safetensors).equals(Buffer.from(b.safetensors))).toBe(true);
    expect(Buffer.from(a.safetensors).equals(Buffer.from(c.safetensors))).toBe(false);
  });

  it('stops where beforeBatch throws, and when the loss stops being a number, leaving no tensor behind', async () => {
    const before = tf.memory().numTensors;
    let batches = 0;
    await expect(
      runLabTraining(settings, data, {
        beforeBatch: async () => {
          if (++batches === 4) throw new Error('cancelled by the reader');
        },
      }),
    ).rejects.toThrow('cancelled by the reader');
    expect(batches).toBe(4);
    expect(tf.memory().numTensors).toBe(before);
    const diverging = runLabTraining(settings, data, {
      watch: false,
      beforeBatch: async () => {
        // Poison the weights through the public hook's view: the next loss is NaN.
        const v = tf.engine().registeredVariables['attention/classifier.bias'];
        if (v) tf.tidy(() => v.assign(tf.fill(v.shape, Number.NaN)));
      },
    });
    await expect(diverging).rejects.toBeInstanceOf(TrainingDivergedError);
    expect(tf.memory().numTensors).toBe(before);
  });
});
