// For the CLI tests: run a tools/*.ts command as a user would (through tsx), and the table of bad
// arguments every CLI answers with one line on stderr, nothing on stdout and exit status 1.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { expect } from 'vitest';

const run = promisify(execFile);
const tsx = path.resolve('node_modules/.bin/tsx');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `tsx tools/<script> ...args`, with its exit status instead of a throw. */
export async function runCli(script: string, ...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(tsx, [script, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Each case: exit 1, empty stdout, exactly one stderr line matching its message. */
export async function expectOneLineFailures(script: string, cases: ReadonlyArray<readonly [string[], RegExp]>): Promise<void> {
  for (const [args, message] of cases) {
    const { code, stdout, stderr } = await runCli(script, ...args);
    expect({ args, code }).toEqual({ args, code: 1 });
    expect({ args, stdout }).toEqual({ args, stdout: '' });
    expect(stderr.trim().split('\n'), stderr).toHaveLength(1);
    expect(stderr).toMatch(message);
  }
}

/** A drawing as a user would upload it: a black "1" on white, 60×90, off-centre. Returns its path in `dir`. */
export function writeDrawnOne(dir: string): string {
  const png = new PNG({ width: 60, height: 90 });
  for (let y = 0; y < 90; y++)
    for (let x = 0; x < 60; x++) {
      const ink = x >= 12 && x < 20 && y >= 10 && y < 70;
      png.data.set(ink ? [0, 0, 0, 255] : [255, 255, 255, 255], (y * 60 + x) * 4);
    }
  const file = path.join(dir, 'one.png');
  writeFileSync(file, PNG.sync.write(png));
  return file;
}
