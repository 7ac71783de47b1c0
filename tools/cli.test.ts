// The CLIs' command lines: --help, one clear line and exit 1 for every malformed argument, the
// training output guard, --png's overwrite guard and a quiet exit when stdout closes early.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const tsx = path.resolve('node_modules/.bin/tsx');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cli-args-'));

async function cli(tool: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(tsx, [`tools/${tool}.ts`, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Runs the cases two at a time (each is a Node start-up with tfjs). */
async function all<T, R>(items: readonly T[], f: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await f(items[i]);
  };
  await Promise.all([worker(), worker()]);
  return results;
}

describe('CLI arguments', { timeout: 300_000 }, () => {
  it('train, evaluate, explain and study print their usage for --help and exit 0', async () => {
    const results = await all(['train', 'evaluate', 'explain', 'study'], (tool) => cli(tool, '--help'));
    for (const r of results) {
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^usage: npm run/);
      expect(r.stdout).toMatch(/--help/);
      expect(r.stderr).toBe('');
    }
  });

  // The examples end to end (every other malformed form: tools/lib/cli-args.test.ts).
  const bad: Array<[string, string[], RegExp]> = [
    ['explain', ['mnist-test:3', '--classes', ''], /explain: --classes needs a value/],
    ['explain', ['mnist-test:3', '--classes', '3,,5'], /explain: --classes must be predicted, all, or digits/],
    ['explain', ['mnist-test:'], /explain: mnist-test index must be an integer 0–9999, got ""/],
    ['explain', ['mnist-test:0x10'], /explain: mnist-test index must be an integer 0–9999, got "0x10"/],
    ['explain', ['mnist-test:1e0'], /explain: mnist-test index must be an integer 0–9999, got "1e0"/],
    ['explain', ['mnist-test:3', '--contrast', ',1'], /explain: --contrast needs two different digits/],
    ['train', ['--seed', '0x10'], /train: --seed must be an integer ≥ 0, got "0x10"/],
    ['train', ['--out', 'pretrained'], /train: refusing to write into pretrained\/.*--overwrite-pretrained/],
    ['study', ['--limit', ''], /study: --limit needs a value/],
    ['evaluate', ['--dir'], /evaluate: --dir needs a value/],
  ];
  it('rejects malformed arguments with one line on stderr and exit 1', async () => {
    const pretrainedCard = statSync('pretrained/model-card.json').mtimeMs;
    const results = await all(bad, ([tool, args]) => cli(tool, ...args));
    results.forEach((r, i) => {
      const [tool, args, message] = bad[i];
      const label = `${tool} ${args.join(' ')}`;
      expect(r.code, label).toBe(1);
      expect(r.stdout, label).toBe('');
      expect(r.stderr.trim().split('\n'), label).toHaveLength(1);
      expect(r.stderr, label).toMatch(message);
    });
    expect(statSync('pretrained/model-card.json').mtimeMs).toBe(pretrainedCard);
  });

  it('explain --png never overwrites its input, and another file only with --force', async () => {
    const input = path.join(tmp, 'digit.png');
    // Any existing PNG will do as the input: the refusal comes before decoding.
    writeFileSync(input, readFileSync('node_modules/pngjs/package.json'));
    const existing = path.join(tmp, 'figure.png');
    writeFileSync(existing, 'keep me');
    const [self, noForce] = await all(
      [
        [input, '--png', input],
        ['mnist-test:0', '--png', existing],
      ],
      (args) => cli('explain', ...args),
    );
    expect(self.code).toBe(1);
    expect(self.stderr).toMatch(/is the input image; refusing to overwrite it/);
    expect(noForce.code).toBe(1);
    expect(noForce.stderr).toMatch(/already exists; add --force/);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
    const forced = await cli('explain', 'mnist-test:0', '--png', existing, '--force');
    expect(forced.code).toBe(0);
    expect(readFileSync(existing).subarray(1, 4).toString()).toBe('PNG');
  });

  it('explain --json | head: a closed stdout ends the process quietly', async () => {
    // 350 KB of JSON: more than a pipe holds, so the write after the close really fails.
    const child = spawn(tsx, ['tools/explain.ts', 'mnist-test:0', '--json', '--classes', 'all', '--methods', 'saliency'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Like `head -c 1`: read the first bytes, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
