// `explain --model <lab 1 id>`: one model's report, schema-checked, whose CAMs add up to its
// logits (mean or sum over the cells), for MNIST and Fashion-MNIST test inputs; and clear
// one-line errors for a wrong id, options of the course comparison, and missing weights.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { variantReportSchema } from '../src/lib/artifacts/variant-report';
import { initParams } from '../src/lib/models/init';
import { getModel, LAB_MODEL_IDS } from '../src/lib/models/registry';
import { createRng } from '../src/lib/rng';
import { saveModelWeights } from '../src/lib/weights/model-weights';
import { expectOneLineFailures, runCli } from './lib/cli-test';

// Seeded random weights for every lab model (the committed ones come from `npm run train`).
const weights = mkdtempSync(path.join(os.tmpdir(), 'explain-variants-'));
for (const id of LAB_MODEL_IDS) {
  const params = initParams(id, createRng(11)) as Record<string, { shape: number[]; data: Float32Array }>;
  writeFileSync(path.join(weights, getModel(id).weightsFile), saveModelWeights(getModel(id), params));
}

describe('explain --model for lab 1’s models', { timeout: 240_000 }, () => {
  for (const id of LAB_MODEL_IDS) {
    it(`${id}: the report's CAMs reproduce its logits`, async () => {
      const input = getModel(id).dataset === 'fashion-mnist' ? 'fashion-test:7' : 'mnist-test:7';
      const { code, stdout, stderr } = await runCli(
        'tools/explain.ts',
        input,
        '--model',
        id,
        '--classes',
        'all',
        '--weights',
        weights,
        '--json',
      );
      expect(code, stderr).toBe(0);
      const report = variantReportSchema.parse(JSON.parse(stdout));
      expect(report.input.source).toBe(input);
      expect(report.preprocessing).toEqual(getModel(id).normalization);
      expect(report.model.id).toBe(id);
      expect(Object.keys(report.model.cam)).toHaveLength(10);
      // logit_c − logit_0 = reduce(CAM_c) − reduce(CAM_0) + (b_c − b_0): compare differences, the bias cancels for equal classes
      const reduce = (grid: number[][]) => grid.flat().reduce((a, b) => a + b, 0) / (report.model.cam_reduction === 'mean' ? 49 : 1);
      const b = Array.from(initParams(id, createRng(11))['classifier.bias'].data);
      for (let c = 0; c < 10; c++) expect(reduce(report.model.cam[String(c)]) + b[c]).toBeCloseTo(report.model.logits[c], 4);
      if (id === 'attention-se') expect(report.model.attention).toBeNull();
      if (id === 'attention-multihead') {
        expect(report.model.attention).toHaveLength(4);
        expect(Object.keys(report.model.head_cams ?? {})).toHaveLength(10);
      }
      if (id === 'attention-se' || id === 'attention-cbam') expect(report.model.channel_attention).toHaveLength(64);
      else expect(report.model.channel_attention).toBeNull();
    });
  }

  it('answers bad arguments with one line and exit 1', async () => {
    await expectOneLineFailures('tools/explain.ts', [
      [['mnist-test:0', '--model', 'attention-typo'], /--model must be one of attention, traditional, attention-softmax/],
      [['mnist-test:0', '--model', 'attention-se', '--methods', 'saliency'], /--methods works with the course's two networks/],
      [['mnist-test:0', '--model', 'attention-se', '--weights', os.tmpdir()], /weights not found: .*attention-se\.safetensors/],
      [['fashion-test:10000', '--model', 'fashion-attention', '--weights', weights], /fashion-test index/],
    ]);
  });
});
