// Training output: never pretrained/ by accident, and never a half-written set.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from './cli-args';
import { runDirName, trainOutputDir, writeSetAtomically } from './train-output';

const root = '/project';
const now = new Date('2026-11-30T01:02:03.456Z');

describe('trainOutputDir', () => {
  it('defaults to a new runs/<UTC timestamp>/ folder, not pretrained/', () => {
    expect(runDirName(now)).toBe('2026-11-30T01-02-03Z');
    expect(trainOutputDir({ overwritePretrained: false, root, now })).toBe('/project/runs/2026-11-30T01-02-03Z');
  });

  it('writes to pretrained/ only with --overwrite-pretrained', () => {
    for (const out of ['pretrained', './pretrained/', '/project/pretrained', 'runs/../pretrained']) {
      expect(() => trainOutputDir({ out, overwritePretrained: false, root, now })).toThrow(UsageError);
      expect(() => trainOutputDir({ out, overwritePretrained: false, root, now })).toThrow(/--overwrite-pretrained/);
      expect(trainOutputDir({ out, overwritePretrained: true, root, now })).toBe('/project/pretrained');
    }
    expect(trainOutputDir({ overwritePretrained: true, root, now })).toBe('/project/pretrained');
  });

  it('takes any other --out as given, and refuses --overwrite-pretrained with another folder', () => {
    expect(trainOutputDir({ out: 'my-run', overwritePretrained: false, root, now })).toBe('/project/my-run');
    expect(() => trainOutputDir({ out: 'my-run', overwritePretrained: true, root, now })).toThrow(/cannot be combined/);
  });
});

describe('writeSetAtomically', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'train-output-'));

  it('renames the whole set in and keeps the model card of models it did not train', async () => {
    const target = path.join(tmp, 'ok');
    mkdirSync(target);
    writeFileSync(path.join(target, 'model-card.json'), '{"models":{"traditional":1}}');
    writeFileSync(path.join(target, 'traditional-cnn.safetensors'), 'old traditional');
    await writeSetAtomically(target, async (staging) => {
      const card = JSON.parse(readFileSync(path.join(staging, 'model-card.json'), 'utf8'));
      card.models.attention = 2;
      writeFileSync(path.join(staging, 'model-card.json'), JSON.stringify(card));
      writeFileSync(path.join(staging, 'attention-cnn.safetensors'), 'new attention');
    });
    expect(readdirSync(target).sort()).toEqual(['attention-cnn.safetensors', 'model-card.json', 'traditional-cnn.safetensors']);
    expect(JSON.parse(readFileSync(path.join(target, 'model-card.json'), 'utf8'))).toEqual({ models: { traditional: 1, attention: 2 } });
    expect(readdirSync(tmp).filter((n) => n.includes('staging'))).toEqual([]);
  });

  it('leaves the target untouched when the run fails half-way, and cleans up', async () => {
    const target = path.join(tmp, 'failing');
    mkdirSync(target);
    writeFileSync(path.join(target, 'model-card.json'), 'old card');
    writeFileSync(path.join(target, 'attention-cnn.safetensors'), 'old weights');
    await expect(
      writeSetAtomically(target, async (staging) => {
        writeFileSync(path.join(staging, 'attention-cnn.safetensors'), 'new weights');
        throw new Error('evaluation crashed');
      }),
    ).rejects.toThrow('evaluation crashed');
    expect(readFileSync(path.join(target, 'attention-cnn.safetensors'), 'utf8')).toBe('old weights');
    expect(readFileSync(path.join(target, 'model-card.json'), 'utf8')).toBe('old card');
    expect(readdirSync(tmp).filter((n) => n.includes('staging'))).toEqual([]);
  });

  it('creates a new run folder only once the set is complete', async () => {
    const target = path.join(tmp, 'runs', 'new');
    await expect(writeSetAtomically(target, async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(existsSync(target)).toBe(false);
    await writeSetAtomically(target, async (staging) => writeFileSync(path.join(staging, 'a.json'), '{}'));
    expect(readdirSync(target)).toEqual(['a.json']);
  });
});
