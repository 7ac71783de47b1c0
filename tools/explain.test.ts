// The explain CLI end to end: JSON schema on real digits and a drawing, PNG output, and one
// clear line on stderr with a non-zero exit for each kind of bad input.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { expectOneLineFailures, runCli, writeDrawnOne } from './lib/cli-test';

const run = promisify(execFile);

const explain = (...args: string[]) => runCli('tools/explain.ts', ...args);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'explain-cli-'));

function grid(value: unknown, h: number, w: number): void {
  expect(Array.isArray(value)).toBe(true);
  const rows = value as number[][];
  expect(rows).toHaveLength(h);
  for (const r of rows) expect(r).toHaveLength(w);
}

describe('explain CLI', { timeout: 180_000 }, () => {
  it('prints one JSON object for an MNIST test digit, with raw 7×7 maps and the metrics', async () => {
    const { code, stdout } = await explain('mnist-test:0', '--json', '--classes', 'all');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.input).toMatchObject({ source: 'mnist-test:0', label: 7 });
    expect(report.preprocessing).toEqual({ mean: 0.1307, std: 0.3081 });
    expect(report.attention_cnn.predicted).toBe(7);
    expect(report.traditional_cnn.predicted).toBe(7);
    expect(report.attention_cnn.logits).toHaveLength(10);
    grid(report.attention_cnn.attention, 7, 7);
    expect(Object.keys(report.attention_cnn.cam)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    grid(report.attention_cnn.cam['3'], 7, 7);
    grid(report.traditional_cnn.gradcam['7'], 7, 7);
    for (const row of report.attention_cnn.logit_ledger) expect(Math.abs(row.mean_cam_plus_bias - row.logit)).toBeLessThan(1e-4);
    const cmp = report.comparison.by_class['7'];
    expect(cmp.attention_vs_cam.pearson).toBeGreaterThanOrEqual(-1);
    expect(cmp.peak_distance_pixels.cam_gradcam.pixels).toBeGreaterThanOrEqual(0);
    expect(report.comparison.attention_spread.effectiveArea).toBeGreaterThan(1);
  });

  it('computes the other methods on request, for both models', async () => {
    const { code, stdout } = await explain(
      'mnist-test:1',
      '--json',
      '--methods',
      'hirescam,gradcam++,xgradcam,layercam,occlusion,saliency,integrated-gradients,contrastive',
      '--contrast',
      '2,7',
    );
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    const c = String(r.attention_cnn.predicted);
    for (const model of [r.attention_cnn, r.traditional_cnn]) {
      grid(model.hirescam[c], 7, 7);
      grid(model.gradcam_pp[c], 7, 7);
      grid(model.layercam.conv1[c], 28, 28);
      grid(model.layercam.conv2[c], 14, 14);
      grid(model.occlusion[c], 7, 7);
      grid(model.saliency[c], 28, 28);
      expect(model.integrated_gradients[c].relative_completeness_error).toBeLessThan(0.05);
    }
    grid(r.attention_cnn.contrastive_cam['2-7'], 7, 7);
    grid(r.traditional_cnn.contrastive_gradcam['2-7'], 7, 7);
  });

  it('takes a drawing of any size through MNIST-style preprocessing and writes the PNG figure', async () => {
    const input = writeDrawnOne(tmp);
    const out = path.join(tmp, 'figure.png');
    const { code, stdout } = await explain(input, '--json', '--png', out);
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.input.preprocessing).toBe('mnist-style');
    expect(r.input.steps.inverted).toBe(true);
    grid(r.input.pixels, 28, 28);
    expect(r.attention_cnn.predicted).toBe(1);
    const figure = PNG.sync.read(readFileSync(out));
    expect(figure.width).toBeGreaterThan(4 * 224);
  });

  it('fails with one clear line for bad input', async () => {
    const notImage = path.join(tmp, 'notes.txt');
    writeFileSync(notImage, 'hello');
    const brokenWeights = path.join(tmp, 'weights');
    await run('mkdir', ['-p', brokenWeights]);
    writeFileSync(path.join(brokenWeights, 'attention-cnn.safetensors'), 'garbage');
    writeFileSync(path.join(brokenWeights, 'traditional-cnn.safetensors'), 'garbage');
    const cases: Array<[string[], RegExp]> = [
      [[path.join(tmp, 'missing.png')], /input file not found/],
      [[notImage], /not a PNG, JPEG or PGM image/],
      [['mnist-test:10000'], /index must be an integer 0–9999/],
      [['mnist-test:3', '--classes', '12'], /--classes must be/],
      [['mnist-test:3', '--methods', 'magic'], /unknown method "magic"/],
      [['mnist-test:3', '--weights', brokenWeights], /unreadable weights/],
      [[], /give exactly one input/],
    ];
    await expectOneLineFailures('tools/explain.ts', cases);
  });
});
