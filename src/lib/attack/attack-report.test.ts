// The attack report: valid against its schema, consistent with the attack and the explanation
// engine (the clean maps are the explain report's), and free of leaked tensors.
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '../testing/tfjs-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../tools/lib/backend-node';
import { loadPretrained } from '../../../tools/lib/load-pretrained';
import { loadMnistSplit } from '../../../tools/lib/mnist-node';
import { attackReportSchema } from '../artifacts/attack';
import { SchemaError } from '../artifacts/schema';
import type { ModelSet } from '../report/explanation-report';
import { explanationReport } from '../report/explanation-report';
import { attackReport } from './attack-report';

let models: ModelSet;
let digit: Uint8Array;

beforeAll(async () => {
  await useBackend('wasm');
  models = loadPretrained(path.resolve('pretrained'));
  digit = Uint8Array.from(loadMnistSplit('test').images.pixels.subarray(0, 784));
});

afterAll(() => tf.dispose([...Object.values(models.attention), ...Object.values(models.traditional)]));

describe('attack report', () => {
  it('matches its schema and the attack it reports', async () => {
    const { report, example } = await attackReport(
      models,
      'traditional',
      digit,
      { method: 'pgd', eps: 0.2, target: 4 },
      { source: 'mnist-test:0', label: 7 },
    );
    attackReportSchema.parse(report);
    expect(report.attack).toEqual({ model: 'traditional', method: 'pgd', eps: 0.2, steps: 10, step_size: 0.05, target: 4 });
    expect(report.adversarial.pixels.flat()).toEqual(Array.from(example.pixels));
    expect(report.adversarial.linf).toBeLessThanOrEqual(0.2 + 2 ** -24);
    expect(report.traditional_cnn.after.predicted).toBe(example.predicted);
    report.traditional_cnn.after.logits.forEach((v, i) => expect(v).toBeCloseTo(example.logits[i], 4));
    expect(report.adversarial.succeeded).toBe(report.traditional_cnn.after.predicted === 4);
    for (const side of [report.attention_cnn.after, report.traditional_cnn.after]) {
      for (const change of Object.values(side.change_from_before))
        if (change.pearson !== null) expect(Math.abs(change.pearson)).toBeLessThanOrEqual(1);
    }
  });

  it("before the attack, the maps and scores are the explain report's", async () => {
    const { report } = await attackReport(models, 'attention', digit, { method: 'fgsm', eps: 0.05 }, { source: 'mnist-test:0' });
    const explained = await explanationReport(models, digit, {
      classes: 'predicted',
      methods: new Set(),
      input: { source: 'mnist-test:0' },
    });
    const close = (a: number[][], b: number[][]) => a.flat().forEach((v, i) => expect(v).toBeCloseTo(b.flat()[i], 4));
    const c = String(explained.attention_cnn.predicted);
    expect(report.attention_cnn.before.predicted).toBe(explained.attention_cnn.predicted);
    close(report.attention_cnn.before.attention, explained.attention_cnn.attention);
    close(report.attention_cnn.before.cam, explained.attention_cnn.cam[c]);
    close(report.traditional_cnn.before.gradcam, explained.traditional_cnn.gradcam[String(explained.traditional_cnn.predicted)]);
    close([report.attention_cnn.before.logits], [explained.attention_cnn.logits]);
  });

  it('the schema rejects pixels outside [0, 1] and a missing change', async () => {
    const { report } = await attackReport(models, 'attention', digit, { method: 'fgsm', eps: 0.1 }, { source: 'x' });
    const broken = structuredClone(report);
    broken.adversarial.pixels[3][4] = 1.5;
    expect(() => attackReportSchema.parse(broken)).toThrow(SchemaError);
    const missing = structuredClone(report) as unknown as { traditional_cnn: { after: Record<string, unknown> } };
    delete missing.traditional_cnn.after.change_from_before;
    expect(() => attackReportSchema.parse(missing)).toThrow(/traditional_cnn.after.change_from_before is missing/);
  });

  it('leaves tf.memory().numTensors unchanged', async () => {
    const before = tf.memory().numTensors;
    await attackReport(models, 'attention', digit, { method: 'pgd', eps: 0.1, steps: 3 }, { source: 'x' });
    await attackReport(models, 'traditional', digit, { method: 'fgsm', eps: 0.1, target: 2 }, { source: 'x' });
    expect(tf.memory().numTensors).toBe(before);
  });
});
