// Where `npm run train` writes, and how. The committed pretrained/ folder is what the site
// publishes, so a training run (a 2-batch smoke run included) must never land there by accident:
// the default is a fresh runs/<UTC timestamp>/ folder, and pretrained/ takes an explicit
// --overwrite-pretrained. Every run writes its whole set (weights + model card) into a staging
// folder next to the target and only then renames the files in, so a crash or a failed
// evaluation never leaves a half-written set behind.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './cli-args';

export const PRETRAINED_DIR = 'pretrained';
export const RUNS_DIR = 'runs';

/** runs/2026-11-30T01-02-03Z: sortable, and valid as a file name everywhere. */
export function runDirName(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-');
}

export interface TrainOutputOptions {
  /** --out, as given */
  out?: string;
  /** --overwrite-pretrained */
  overwritePretrained: boolean;
  /** the project root (where pretrained/ and runs/ live) */
  root: string;
  now: Date;
}

/** The absolute folder a training run writes to, or a UsageError that says how to ask for pretrained/. */
export function trainOutputDir({ out, overwritePretrained, root, now }: TrainOutputOptions): string {
  const pretrained = path.resolve(root, PRETRAINED_DIR);
  if (overwritePretrained) {
    if (out !== undefined && path.resolve(root, out) !== pretrained) {
      throw new UsageError(`--overwrite-pretrained writes to ${PRETRAINED_DIR}/; it cannot be combined with --out ${out}`);
    }
    return pretrained;
  }
  if (out === undefined) return path.resolve(root, RUNS_DIR, runDirName(now));
  const dir = path.resolve(root, out);
  if (dir === pretrained) {
    throw new UsageError(`refusing to write into ${PRETRAINED_DIR}/ (the published weights); add --overwrite-pretrained to replace them`);
  }
  return dir;
}

/** Files the staging folder starts from, so a run that trains one model keeps the other's card entry. */
const CARRIED_OVER = ['model-card.json'];

/**
 * Runs `fill(staging)` against a fresh staging folder beside `target` (same file system, so the
 * renames are atomic), starting from a copy of target's model card, then renames every file it
 * wrote into `target`. If `fill` throws, `target` is left exactly as it was.
 */
export async function writeSetAtomically<T>(target: string, fill: (staging: string) => Promise<T>): Promise<T> {
  const parent = path.dirname(target);
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(path.join(parent, `.${path.basename(target)}.staging-`));
  try {
    for (const name of CARRIED_OVER) {
      if (existsSync(path.join(target, name))) copyFileSync(path.join(target, name), path.join(staging, name));
    }
    const result = await fill(staging);
    mkdirSync(target, { recursive: true });
    for (const name of readdirSync(staging)) renameSync(path.join(staging, name), path.join(target, name));
    return result;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
