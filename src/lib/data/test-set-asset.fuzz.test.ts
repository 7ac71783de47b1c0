// Fuzz tests for the test-set asset checks: seeded random edits of valid manifests (the shipped
// one and a small hand-made one: values, types, keys) and of small image/label buffers. Every
// case must either return a self-consistent result or be refused with a TestSetAssetError and a
// message: never a TypeError/RangeError from inside.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng, randomInt } from '../rng';
import { cloneJson, DEEP_ARRAY, mutateBytes, mutateJson, outcomeOf, outcomeOfAsync, pick, Tally, type Rng } from '../testing/mutate';
import { parseTestSetAsset, parseTestSetManifest, TEST_SET_FORMAT, TestSetAssetError, type TestSetManifest } from './test-set-asset';

const SEED = 20240603;
const TIMEOUT_MS = 20_000;
const CASES = 12_000;

/** A cheap stand-in for sha256 (FNV-1a, stretched to 64 hex digits): the asset check takes the hash function as an argument. */
function fakeSha256Sync(data: ArrayBuffer): string {
  let h = 0x811c9dc5;
  for (const byte of new Uint8Array(data)) h = Math.imul(h ^ byte, 0x01000193);
  let out = '';
  for (let i = 0; i < 8; i++) {
    h = Math.imul(h ^ (i + 1), 0x01000193);
    out += (h >>> 0).toString(16).padStart(8, '0');
  }
  return out;
}
const fakeSha256 = async (data: ArrayBuffer) => fakeSha256Sync(data);
/** Some hash functions answer in uppercase; the check lowercases. */
const fakeSha256Upper = async (data: ArrayBuffer) => fakeSha256Sync(data).toUpperCase();

const buffer = (values: number[]) => new Uint8Array(values).buffer as ArrayBuffer;

const SMALL_IMAGES = buffer([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 255]); // 3 images of 2×2
const SMALL_LABELS = buffer([7, 0, 9]);

function manifestFor(images: ArrayBuffer, labels: ArrayBuffer, count: number, rows: number, cols: number): TestSetManifest {
  return {
    format: TEST_SET_FORMAT,
    count,
    rows,
    cols,
    images: { file: 'images.u8', bytes: images.byteLength, sha256: fakeSha256Sync(images) },
    labels: { file: 'labels.u8', bytes: labels.byteLength, sha256: fakeSha256Sync(labels) },
    source: { package: 'fuzz', files: { 'images.idx': '0'.repeat(64) } },
  };
}

const SMALL_MANIFEST = manifestFor(SMALL_IMAGES, SMALL_LABELS, 3, 2, 2);
const REAL_MANIFEST: unknown = JSON.parse(readFileSync('public/data/mnist-test.json', 'utf8'));

// ---------------------------------------------------------------------------------------------
// The mutator

type Json = Record<string, unknown>;
const SIZES = [1, 2, 3, 28, 1000, 10_000, 2 ** 20, 2 ** 26, 3 ** 20, 2 ** 31, 2 ** 32, 2 ** 53 - 1, 2 ** 53, 1e21];

/** Edits that know the manifest's fields; the rest of the time a generic JSON edit. */
function mutateManifest(manifest: unknown, rng: Rng): { kind: string; value: unknown } {
  const m = cloneJson(manifest) as Json;
  const images = m.images as Json;
  const labels = m.labels as Json;
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  let kind = pick(rng, ['json', 'json', 'json', 'json', 'resize', 'resize', 'sha256', 'file', 'source', 'format', 'numbers-as-strings']);
  if (!isObject(images) || !isObject(labels)) kind = 'json'; // an earlier edit broke them: the field edits need them
  switch (kind) {
    case 'json': {
      const edit = mutateJson(m, rng);
      return { kind: `json-${edit.kind}`, value: edit.value };
    }
    case 'resize': {
      // Count, rows, cols and both byte counts rewritten consistently: valid as long as the numbers are.
      m.count = pick(rng, SIZES);
      m.rows = pick(rng, SIZES);
      m.cols = pick(rng, SIZES);
      images.bytes = (m.count as number) * (m.rows as number) * (m.cols as number);
      labels.bytes = m.count;
      return { kind, value: m };
    }
    case 'sha256': {
      const asset = pick(rng, [images, labels]);
      const sha = String(asset.sha256);
      asset.sha256 = pick(rng, [
        sha.toUpperCase(),
        sha.slice(1),
        `${sha}0`,
        sha.replace(/[0-9]/, 'g'),
        '',
        0,
        null,
        ` ${sha}`,
        sha.split('').reverse().join(''),
      ]);
      return { kind, value: m };
    }
    case 'file':
      pick(rng, [images, labels]).file = pick(rng, ['', 'x', '../etc/passwd', 0, null, ['a'], 'é.u8']);
      return { kind, value: m };
    case 'source':
      m.source = pick(rng, [
        undefined,
        null,
        'pkg',
        [],
        {},
        { package: 'p' },
        { package: 1, files: {} },
        { package: 'p', files: [] },
        { package: 'p', files: { a: 1 } },
        { package: 'p', files: { a: DEEP_ARRAY } },
        { package: 'p', files: {} },
      ]);
      return { kind, value: m };
    case 'format':
      m.format = pick(rng, [
        TEST_SET_FORMAT.toUpperCase(),
        'mnist-test-u8/2',
        `${TEST_SET_FORMAT} `,
        '',
        null,
        1,
        [TEST_SET_FORMAT],
        DEEP_ARRAY,
      ]);
      return { kind, value: m };
    default: {
      const field = pick(rng, ['count', 'rows', 'cols']);
      m[field] = String(m[field]);
      return { kind, value: m };
    }
  }
}

/** Mutates a manifest once, or twice one time in five. */
function mutate(manifest: unknown, rng: Rng): { kind: string; value: unknown } {
  const first = mutateManifest(manifest, rng);
  if (rng() >= 0.2 || typeof first.value !== 'object' || first.value === null || Array.isArray(first.value)) return first;
  const second = mutateManifest(first.value, rng);
  return { kind: `${first.kind}+${second.kind}`, value: second.value };
}

// ---------------------------------------------------------------------------------------------
// Properties of accepted results

function fail(label: string, problem: string): never {
  throw new Error(`${label}: accepted, but ${problem}`);
}

const isSize = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) > 0;

function checkManifest(label: string, input: unknown, m: TestSetManifest): void {
  if (m.format !== TEST_SET_FORMAT) fail(label, `format is ${String(m.format)}`);
  for (const [name, n] of Object.entries({ count: m.count, rows: m.rows, cols: m.cols, images: m.images.bytes, labels: m.labels.bytes })) {
    if (!isSize(n)) fail(label, `${name} is ${n}, not a positive safe integer`);
  }
  // Exact arithmetic: a float product can round to a byte count that is not count × rows × cols.
  if (BigInt(m.count) * BigInt(m.rows) * BigInt(m.cols) !== BigInt(m.images.bytes)) {
    fail(label, `images.bytes ${m.images.bytes} is not ${m.count} × ${m.rows} × ${m.cols}`);
  }
  if (m.labels.bytes !== m.count) fail(label, `labels.bytes ${m.labels.bytes} is not the count ${m.count}`);
  for (const asset of [m.images, m.labels]) {
    if (typeof asset.file !== 'string' || asset.file === '') fail(label, `file name ${String(asset.file)}`);
    if (!/^[0-9a-f]{64}$/.test(asset.sha256)) fail(label, `sha256 ${asset.sha256}`);
  }
  if (typeof m.source.package !== 'string') fail(label, 'source.package is not a string');
  if (!Object.values(m.source.files).every((s) => typeof s === 'string')) fail(label, 'a source file hash is not a string');
  if (m.source.files === ((input as Json).source as Json).files) fail(label, 'source.files is the input object, not a copy');
}

// ---------------------------------------------------------------------------------------------

function expectBothOutcomes(tally: Tally, minimum: number): void {
  expect(tally.total).toBeGreaterThanOrEqual(minimum);
  expect(tally.accepted).toBeGreaterThan(0);
  expect(tally.rejected).toBeGreaterThan(0);
}

describe('fuzz: parseTestSetManifest', () => {
  it(
    'returns a consistent manifest or refuses with a TestSetAssetError for every edited manifest',
    () => {
      const rng = createRng(SEED);
      const tally = new Tally();
      for (let i = 0; i < CASES; i++) {
        const { kind, value } = mutate(rng() < 0.5 ? REAL_MANIFEST : SMALL_MANIFEST, rng);
        const label = `parseTestSetManifest(seed ${SEED}, case ${i}, ${kind})`;
        tally.record(
          kind,
          outcomeOf(
            label,
            () => parseTestSetManifest(value),
            TestSetAssetError,
            (m) => checkManifest(label, value, m),
          ),
        );
      }
      expectBothOutcomes(tally, 10_000);
      for (const kind of ['resize', 'sha256', 'file', 'source', 'format', 'numbers-as-strings', 'json-replace', 'json-delete']) {
        expect(tally.byKind.get(kind)?.rejected, kind).toBeGreaterThan(0);
      }
      expect(tally.byKind.get('resize')?.accepted).toBeGreaterThan(0);
    },
    TIMEOUT_MS,
  );
});

describe('fuzz: parseTestSetAsset', () => {
  /** One case: the manifest, the data, or both (kept consistent with each other) edited. */
  function mutateAsset(rng: Rng): { kind: string; manifest: unknown; images: ArrayBuffer; labels: ArrayBuffer } {
    const which = pick(rng, ['manifest', 'images', 'labels', 'consistent-labels', 'consistent-images']);
    if (which === 'manifest') {
      const { kind, value } = mutate(SMALL_MANIFEST, rng);
      return { kind, manifest: value, images: SMALL_IMAGES, labels: SMALL_LABELS };
    }
    if (which === 'images' || which === 'labels') {
      // Bytes changed behind the manifest's back: wrong size or wrong hash.
      const original = which === 'images' ? SMALL_IMAGES : SMALL_LABELS;
      const { kind, bytes } = mutateBytes(new Uint8Array(original), rng);
      const data = bytes.buffer as ArrayBuffer;
      return {
        kind: `${which}-${kind}`,
        manifest: SMALL_MANIFEST,
        images: which === 'images' ? data : SMALL_IMAGES,
        labels: which === 'labels' ? data : SMALL_LABELS,
      };
    }
    // New data with a manifest that matches it: only the content checks (labels 0..9) can refuse it.
    const count = 1 + randomInt(rng, 4);
    const rows = 1 + randomInt(rng, 3);
    const cols = 1 + randomInt(rng, 3);
    const images = buffer(Array.from({ length: count * rows * cols }, () => randomInt(rng, 256)));
    const labels = buffer(Array.from({ length: count }, () => (rng() < 0.2 ? pick(rng, [10, 0x7f, 0x80, 0xff]) : randomInt(rng, 10))));
    return { kind: which, manifest: manifestFor(images, labels, count, rows, cols), images, labels };
  }

  it(
    'returns consistent views or refuses with a TestSetAssetError for every edited manifest or buffer',
    async () => {
      const rng = createRng(SEED + 1);
      const tally = new Tally();
      for (let i = 0; i < CASES; i++) {
        const { kind, manifest, images, labels } = mutateAsset(rng);
        const sha = rng() < 0.1 ? fakeSha256Upper : fakeSha256;
        const label = `parseTestSetAsset(seed ${SEED + 1}, case ${i}, ${kind})`;
        const outcome = await outcomeOfAsync(
          label,
          () => parseTestSetAsset(manifest, images, labels, sha),
          TestSetAssetError,
          (set) => {
            if (set.pixels.length !== set.count * set.rows * set.cols)
              fail(label, `${set.pixels.length} pixels for ${set.count}×${set.rows}×${set.cols}`);
            if (set.labels.length !== set.count) fail(label, `${set.labels.length} labels for ${set.count} images`);
            if (set.labels.some((l) => l > 9)) fail(label, 'a label is above 9');
            if (set.pixels.buffer !== images || set.labels.buffer !== labels) fail(label, 'the result does not view the given buffers');
          },
        );
        tally.record(kind, outcome);
      }
      expectBothOutcomes(tally, 10_000);
      for (const kind of ['consistent-labels', 'consistent-images']) {
        expect(tally.byKind.get(kind)?.accepted, kind).toBeGreaterThan(0);
        expect(tally.byKind.get(kind)?.rejected, kind).toBeGreaterThan(0);
      }
      expect(tally.byKind.get('images-flip')?.rejected).toBeGreaterThan(0);
    },
    TIMEOUT_MS,
  );
});
