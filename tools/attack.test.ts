// The attack CLI end to end: JSON valid against its schema on a test digit and a drawing, the PNG
// figure, --help, and one clear line with exit 1 for each kind of bad argument.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { expectOneLineFailures, runCli, writeDrawnOne } from './lib/cli-test';
import { attackReportSchema } from '../src/lib/artifacts/attack';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'attack-cli-'));

const attack = (...args: string[]) => runCli('tools/attack.ts', ...args);

describe('attack CLI', { timeout: 180_000 }, () => {
  it('prints one JSON object for a test digit: the attack, the adversarial image and both networks before and after', async () => {
    const { code, stdout, stderr } = await attack('mnist-test:0', '--model', 'attention', '--method', 'pgd', '--eps', '0.2', '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const r = attackReportSchema.parse(JSON.parse(stdout));
    expect(r.input).toMatchObject({ source: 'mnist-test:0', label: 7 });
    expect(r.attack).toEqual({ model: 'attention', method: 'pgd', eps: 0.2, steps: 10, step_size: 0.05, target: null });
    expect(r.attention_cnn.before.predicted).toBe(7);
    expect(r.adversarial.succeeded).toBe(r.attention_cnn.after.predicted !== 7);
    expect(r.adversarial.linf).toBeLessThanOrEqual(0.2 + 2 ** -24);
  });

  it('takes a drawing through the preprocessing explain uses, runs a targeted FGSM and writes the figure', async () => {
    const input = writeDrawnOne(tmp);
    const out = path.join(tmp, 'figure.png');
    const { code, stdout } = await attack(
      input,
      '--model',
      'traditional',
      '--method',
      'fgsm',
      '--eps',
      '0.1',
      '--target',
      '7',
      '--json',
      '--png',
      out,
    );
    expect(code).toBe(0);
    const r = attackReportSchema.parse(JSON.parse(stdout));
    expect(r.input.preprocessing).toBe('mnist-style');
    expect(r.attack).toEqual({ model: 'traditional', method: 'fgsm', eps: 0.1, steps: 1, step_size: 0.1, target: 7 });
    expect(r.traditional_cnn.before.predicted).toBe(1);
    const figure = PNG.sync.read(readFileSync(out));
    expect(figure.width).toBeGreaterThan(3 * 224);
  });

  it('prints its usage for --help', async () => {
    const { code, stdout } = await attack('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: npm run --silent attack -- <input>/);
  });

  it('fails with one clear line for bad arguments', async () => {
    const base = ['mnist-test:3', '--model', 'attention', '--method', 'pgd'];
    const cases: Array<[string[], RegExp]> = [
      [[...base], /--eps is required/],
      [[...base, '--eps', '1e-1'], /--eps must be a decimal number in \[0, 1\], got "1e-1"/],
      [[...base, '--eps', '1.5'], /--eps must be a decimal number/],
      [['mnist-test:3', '--method', 'pgd', '--eps', '0.1'], /--model is required/],
      [['mnist-test:3', '--model', 'resnet', '--method', 'pgd', '--eps', '0.1'], /--model must be attention or traditional, got "resnet"/],
      [['mnist-test:3', '--model', 'attention', '--method', 'cw', '--eps', '0.1'], /--method must be fgsm or pgd/],
      [['mnist-test:3', '--model', 'attention', '--method', 'fgsm', '--eps', '0.1', '--steps', '3'], /FGSM is one step/],
      [[...base, '--eps', '0.1', '--steps', '0'], /--steps must be an integer/],
      [[...base, '--eps', '0.1', '--target', '10'], /--target must be an integer 0–9/],
      [[...base, '--eps', '0.1', '--eps', '0.2'], /--eps given twice/],
      [[...base, '--eps', '0.1', '--epsilon', '0.2'], /unknown option --epsilon/],
      [['mnist-test:10000', '--model', 'attention', '--method', 'pgd', '--eps', '0.1'], /index must be an integer 0–9999/],
      [['--model', 'attention', '--method', 'pgd', '--eps', '0.1'], /give exactly one input/],
    ];
    await expectOneLineFailures('tools/attack.ts', cases);
  });
});
